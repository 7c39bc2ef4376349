"""The corpus: every content file read into plain Python values with positions.

The loader never constructs Python objects from YAML tags. It reads the
parser events of ruamel's C parser (fast, keeps line and column) and builds
plain values itself, so ``!!python/...`` tags can never run and an alias bomb
cannot expand: anchors and aliases are refused where they are written. It
stops at the first level deeper than MAX_DEPTH, so deep nesting costs little.

Positions (line and column of every value) are only needed for messages, so a
clean file is loaded without them and parsed again the first time they are
asked for. Many files (forking.PARALLEL_FROM) are read in forked workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Pos
from ..forking import map_parts
from ..model.kinds import ID_PATTERN
from ..model.kindspec import KINDS
from .files import read_text, walk
from .parse import deepest_pos, parse_yaml


@dataclass
class Document:
    """One YAML content file, converted to plain values."""

    path: str
    """Path relative to the root, forward slashes."""
    kind: str
    """Folder name under content/, e.g. ``causes``."""
    stem: str
    """File name without ``.yaml``: the item's id."""
    data: Any
    """The converted mapping (dict/list/str/int/bool/None), or None if unreadable."""
    known_positions: dict[tuple, Pos] | None = None
    """Positions if already known; None to find them from ``text`` when first asked (see positions)."""
    text: str = ""
    """The file's text, for locating characters inside values."""

    @property
    def positions(self) -> dict[tuple, Pos]:
        """Key path -> position of the value; ``(key, '<key>')`` -> position of the key itself.

        Only messages need positions, so a clean file is loaded without them and parsed
        again, once, the first time they are asked for.
        """
        if self.known_positions is None:
            self.known_positions = parse_yaml(self.text, self.path)[1] if self.text else {}
        return self.known_positions

    def pos(self, *keys: Any) -> Pos:
        """Position of the deepest known prefix of ``keys``; the file start if none."""
        return deepest_pos(self.positions, keys)

    def quoted(self, *keys: Any) -> bool:
        """True if the scalar at ``keys`` is written in quotes."""
        pos = self.positions.get(tuple(keys))
        if not pos:
            return False
        lines = self.text.split("\n")
        line = lines[pos.line - 1] if pos.line <= len(lines) else ""
        return line[pos.column - 1 : pos.column] in ("'", '"')

    def char_pos(self, keys: tuple, text: str, offset: int) -> Pos:
        """Position of the character at ``offset`` of the text at ``keys``: inside a single-line scalar or a
        block scalar (``|`` or ``>``) whose lines are joined by one character each; the scalar's start otherwise."""
        start = self.pos(*keys)
        lines = self.text.split("\n")
        line = lines[start.line - 1] if 0 < start.line <= len(lines) else ""
        if line[start.column - 1:start.column] in ("|", ">"):
            return self._block_char_pos(start, lines, offset) or start
        if "\n" in text[:offset]:
            return start
        return Pos(start.line, start.column + offset + (1 if self.quoted(*keys) else 0))

    @staticmethod
    def _block_char_pos(start: Pos, lines: list[str], offset: int) -> Pos | None:
        """Walk the content lines of a block scalar (each joined to the next by one character)."""
        seen = 0
        indent = None
        for number in range(start.line + 1, len(lines) + 1):
            source = lines[number - 1]
            if not source.strip():
                return None  # blank lines fold differently: the scalar's start is good enough
            here = len(source) - len(source.lstrip(" "))
            indent = here if indent is None else indent
            if here < indent:
                return None
            content = source[indent:]
            if offset < seen + len(content):
                return Pos(number, indent + 1 + offset - seen)
            seen += len(content) + 1
        return None

    def key_pos(self, *keys: Any) -> Pos:
        """Position of a mapping key (for 'unknown key' messages)."""
        return self.positions.get(tuple(keys) + ("<key>",)) or self.pos(*keys)


@dataclass
class Corpus:
    """Everything read from one root: YAML documents and article texts."""

    root: Path
    documents: list[Document] = field(default_factory=list)
    articles: dict[str, str] = field(default_factory=dict)
    """Article id -> raw text of ``content/articles/<id>.txt``."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def load(root: Path) -> Corpus:
    """Read every file under ``root/content``; never raises for bad content."""
    root = Path(root)
    corpus = Corpus(root=root)
    content = root / "content"
    missing = root_problem(root)
    if missing:
        corpus.diagnostics.append(missing)
        return corpus
    real_content = content.resolve()
    files: list[tuple[str, str, tuple[str, ...]]] = []
    for entry, sub in walk(str(content), problems=corpus.diagnostics, shown="content/"):
        rel = "content/" + sub
        problem = entry.is_symlink() and link_problem(Path(entry.path), real_content)
        if problem:
            corpus.diagnostics.append(Diagnostic(rel, 1, 1, problem, "layout"))
            continue
        if not entry.is_dir():
            files.append((entry.path, rel, tuple(sub.split("/"))))
    # files are independent: a large base is read and parsed in forked workers, a contiguous slice each
    for documents, articles, diagnostics in map_parts(_load_files, files):
        corpus.documents += documents
        corpus.articles.update(articles)
        corpus.diagnostics += diagnostics
    return corpus


def root_problem(root: Path) -> Diagnostic | None:
    """The diagnostic for a root without content/ (a command run from the wrong folder), or None."""
    if (Path(root) / "content").is_dir():
        return None
    return Diagnostic("content", 1, 1, "folder not found: expected content/ under the root; hint: pass --root DIR",
                      "layout")


def link_problem(link: Path, real_content: Path) -> str | None:
    """Why a symbolic link under content/ cannot be read (a loop, or a target outside content/), or None."""
    try:
        target = link.resolve(strict=False)
    except (RuntimeError, OSError):  # RuntimeError before Python 3.13, OSError (ELOOP) after
        return ("symbolic link loop: expected a regular file; hint: replace the link with the file it should "
                "point to")
    if not target.is_relative_to(real_content):
        return "symbolic link points outside content/: expected a regular file; hint: copy the file instead"
    return None


def _load_files(files: list[tuple[str, str, tuple[str, ...]]]) -> tuple[list[Document], dict[str, str],
                                                                       list[Diagnostic]]:
    """Read and parse some files: their documents, article texts and diagnostics, in order."""
    corpus = Corpus(root=Path("."))
    for path, rel, parts in files:
        _load_file(Path(path), rel, parts, corpus)
    return corpus.documents, corpus.articles, corpus.diagnostics


def _load_file(path: Path, rel: str, parts: tuple[str, ...], corpus: Corpus) -> None:
    if len(parts) != 2 or parts[0] not in KINDS:
        corpus.diagnostics.append(Diagnostic(rel, 1, 1, "file is not in a known folder: expected content/<kind>/"
                                             f"<id>.yaml with kind one of {', '.join(KINDS)}; hint: move the file",
                                             "layout"))
        return
    kind, name = parts
    suffix = ".txt" if kind == "articles" and name.endswith(".txt") else ".yaml"
    stem = name[: -len(suffix)] if name.endswith(suffix) else None
    if stem is None or not ID_PATTERN.match(stem):
        corpus.diagnostics.append(Diagnostic(rel, 1, 1, f"bad file name {name!r}: expected <id>{suffix} where the "
                                             "id is lowercase ASCII letters and digits joined by '-'; "
                                             "hint: rename e.g. 'network-delay.yaml'", "layout"))
        return
    text, diags = read_text(path, rel)
    corpus.diagnostics.extend(diags)
    if text is None:
        if suffix == ".yaml":  # the item exists, unreadable: references to it are not reported as unknown
            corpus.documents.append(Document(rel, kind, stem, None))
        return
    if suffix == ".txt":
        corpus.articles[stem] = text
        return
    data, positions, diags = parse_yaml(text, rel, positions=False)  # found again if a message needs them
    corpus.diagnostics.extend(diags)
    corpus.documents.append(Document(rel, kind, stem, data, positions if diags else None, text))


