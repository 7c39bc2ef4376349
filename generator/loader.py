"""Read every content file into plain Python values with positions.

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

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.cyaml import CParser
from ruamel.yaml.events import StreamEndEvent
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import Diagnostic, Pos
from .forking import in_forks, part, workers_for
from .model import KINDS
from .yaml_events import MAX_DEPTH, Abort, EventBuilder

MAX_FILE_BYTES = 64 * 1024
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_RESOLVER = VersionedResolver()
"""YAML 1.2 implicit types for plain scalars; shared, it holds no per-file state."""


def deepest_pos(positions: dict[tuple, Pos], keys: tuple) -> Pos:
    """Position of the deepest prefix of ``keys`` found in ``positions``; the file start if none."""
    for end in range(len(keys), -1, -1):
        found = positions.get(tuple(keys[:end]))
        if found:
            return found
    return Pos(1, 1)


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


def _decode(raw: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 strictly; refuse BOMs and CR line endings with a located message."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Diagnostic(rel, 1, 1, "file starts with a byte-order mark: expected UTF-8 without BOM; "
                                            "hint: save the file as 'UTF-8' (not 'UTF-8 with BOM')", "encoding")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [Diagnostic(rel, line, col, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8: expected a "
                                                 "UTF-8 text file; hint: re-save the file as UTF-8", "encoding")]
    problems = _text_problems(text, rel)
    return (None, problems) if problems else (text, [])


_BAD_CHAR = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _text_problems(text: str, rel: str) -> list[Diagnostic]:
    """Refuse a BOM, CR line endings, other line breaks and control characters, located."""
    if text.startswith("\ufeff"):
        return [Diagnostic(rel, 1, 1, "file starts with a byte-order mark: expected UTF-8 without BOM; "
                                      "hint: save the file as 'UTF-8' (not 'UTF-8 with BOM')", "encoding")]
    match = _BAD_CHAR.search(text)
    if not match:
        return []
    idx = match.start()
    line = text.count("\n", 0, idx) + 1
    col = idx - (text.rfind("\n", 0, idx) + 1) + 1
    char = match.group()
    if char == "\r":
        message = "carriage return found: expected Unix line endings (LF); hint: set your editor to LF line endings"
    elif char in "\x85\u2028\u2029":
        message = (f"line separator U+{ord(char):04X} found: expected Unix line endings (LF); "
                   "hint: replace it with a normal line break")
    else:
        message = (f"control character U+{ord(char):04X} found: expected printable text; "
                   "hint: delete the invisible character")
    return [Diagnostic(rel, line, col, message, "encoding")]


def parse_yaml(text: str, rel: str, positions: bool = True) -> tuple[Any, dict[tuple, Pos], list[Diagnostic]]:
    """Parse one YAML text into plain values, positions and diagnostics; never raises for bad text.

    With ``positions=False`` the positions are left out (an empty dict) unless something is
    wrong, in which case the text is parsed again with them so every message is complete.
    """
    if not positions:
        data, _none, diagnostics = _parse(text, rel, record=False)
        return (data, {}, diagnostics) if not diagnostics else _parse(text, rel, record=True)
    return _parse(text, rel, record=True)


def _parse(text: str, rel: str, record: bool) -> tuple[Any, dict[tuple, Pos], list[Diagnostic]]:
    problem = _text_problems(text, rel)
    if problem:
        return None, {}, problem
    if len(text) > MAX_FILE_BYTES:  # characters <= bytes: the same limit as for files, for direct callers
        return None, {}, [Diagnostic(rel, 1, 1, f"file is too large: expected at most {MAX_FILE_BYTES} bytes, got "
                                                f"{len(text.encode('utf-8'))}; hint: split the item", "layout")]
    parser = CParser(io.StringIO(text))
    builder = EventBuilder(rel, _RESOLVER, record)
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, StreamEndEvent):
                break
            builder.feed(event)
    except Abort:
        return None, {}, builder.diagnostics
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem_text = " ".join((exc.problem or exc.context or "invalid YAML").split())
        start = exc.context_mark
        if (exc.problem and exc.context and start and "plain scalar" not in exc.context
                and (start.line, start.column) != (mark.line, mark.column)):
            problem_text += f" ({' '.join(exc.context.split())} at line {start.line + 1}, column {start.column + 1})"
        lines = text.splitlines()
        this_line = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = ("hint: indent with spaces, never tabs" if "\t" in this_line
                else "hint: check quoting and indentation on this line")
        return None, {}, [Diagnostic(rel, line, col, f"YAML syntax error: {problem_text}; {hint}", "yaml")]
    except YAMLError as exc:  # unmarked errors: keep the message on one line
        return None, {}, [Diagnostic(rel, 1, 1, f"YAML error: {' '.join(str(exc).split())}; "
                                                "hint: check the file's syntax", "yaml")]
    if builder.documents == 0 or (not builder.has_root and not builder.diagnostics):
        return None, {}, [Diagnostic(rel, 1, 1, "file is empty: expected a mapping of fields; "
                                                "hint: run 'kb new KIND ID' to start from a template", "yaml")]
    return builder.root, builder.positions, builder.diagnostics


def _walk(folder: str, prefix: str = ""):
    """(entry, path relative to the walk's start) for everything below folder, sorted; links are not followed."""
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        rel = prefix + entry.name
        yield entry, rel
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, rel + "/")


def load(root: Path) -> Corpus:
    """Read every file under ``root/content``; never raises for bad content."""
    root = Path(root)
    corpus = Corpus(root=root)
    content = root / "content"
    if not content.is_dir():
        corpus.diagnostics.append(Diagnostic("content", 1, 1, "folder not found: expected content/ under the root; "
                                                             "hint: pass --root DIR", "layout"))
        return corpus
    real_content = content.resolve()
    files: list[tuple[str, str, tuple[str, ...]]] = []
    for entry, sub in _walk(str(content)):
        rel = "content/" + sub
        if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(real_content):
            corpus.diagnostics.append(Diagnostic(rel, 1, 1, "symbolic link points outside content/: expected a "
                                                            "regular file; hint: copy the file instead", "layout"))
            continue
        if not entry.is_dir():
            files.append((entry.path, rel, tuple(sub.split("/"))))
    workers = workers_for(len(files))
    if workers == 1:
        parts = [_load_files(files)]
    else:  # files are independent: each worker reads and parses a contiguous slice, in order
        parts = in_forks(lambda index, count: _load_files(part(files, index, count)), workers)
    for documents, articles, diagnostics in parts:
        corpus.documents += documents
        corpus.articles.update(articles)
        corpus.diagnostics += diagnostics
    return corpus


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
    text = _read(path, rel, corpus)
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


def _read(path: Path, rel: str, corpus: Corpus) -> str | None:
    """The text of a regular file of at most MAX_FILE_BYTES, or None with a located diagnostic."""
    try:
        if not path.is_file():  # follows links: a link to a missing file is not a regular file
            corpus.diagnostics.append(Diagnostic(rel, 1, 1, "not a regular file: expected a text file; hint: replace "
                                                            "it with a plain file (no links to missing files)",
                                                 "layout"))
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            corpus.diagnostics.append(Diagnostic(rel, 1, 1, f"file is too large: expected at most {MAX_FILE_BYTES} "
                                                 f"bytes, got {size}; hint: split the item", "layout"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        corpus.diagnostics.append(Diagnostic(rel, 1, 1, f"cannot read the file: {exc.strerror or exc}; "
                                                        "hint: check its permissions", "layout"))
        return None
    text, diags = _decode(raw, rel)
    corpus.diagnostics.extend(diags)
    return text
