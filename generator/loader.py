"""Read every content file into plain Python values with positions.

The loader never constructs Python objects from YAML tags. It composes the
YAML into nodes with ruamel's C composer (fast, keeps line and column) and
converts the nodes itself, so ``!!python/...`` tags can never run and an alias
bomb cannot expand: anchors and aliases are refused outright.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Diagnostic, Pos
from .model import KINDS

MAX_FILE_BYTES = 64 * 1024
MAX_DEPTH = 12
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
}


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
    positions: dict[tuple, Pos] = field(default_factory=dict)
    """Key path -> position of the value; ``(key, '<key>')`` -> position of the key itself."""
    text: str = ""
    """The file's text, for locating characters inside values."""

    def pos(self, *keys: Any) -> Pos:
        """Position of the deepest known prefix of ``keys``; the file start if none."""
        for end in range(len(keys), -1, -1):
            found = self.positions.get(tuple(keys[:end]))
            if found:
                return found
        return Pos(1, 1)

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


class _Converter:
    """Turns a composed node tree into plain values, recording positions."""

    def __init__(self, path: str):
        self.path = path
        self.positions: dict[tuple, Pos] = {}
        self.diagnostics: list[Diagnostic] = []
        self._seen: set[int] = set()

    @staticmethod
    def tag_name(tag: str) -> str:
        return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag

    def error(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.diagnostics.append(Diagnostic(self.path, mark.line + 1, mark.column + 1, message, "yaml"))

    def convert(self, node: Node, keys: tuple, depth: int = 0) -> Any:
        self.positions[keys] = Pos(node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self._seen:
            self.error(node, "aliases (*name) are not allowed: expected plain values; hint: write the value out")
            return None
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self.error(node, f"nesting is too deep: expected at most {MAX_DEPTH} levels; hint: flatten the structure")
            return None
        if getattr(node, "anchor", None):
            self.error(node, f"anchor '&{node.anchor}' is not allowed: expected plain values; hint: remove the anchor")
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.error(node, f"tag '{self.tag_name(node.tag)}' is not allowed: expected a plain list; hint: remove the tag")
                return None
            return [self.convert(child, keys + (i,), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, keys, depth)
        self.error(node, "unsupported YAML node")
        return None

    def _scalar(self, node: ScalarNode) -> Any:
        kind = _PLAIN_TAGS.get(node.tag)
        if kind is None:
            self.error(node, f"tag '{self.tag_name(node.tag)}' is not allowed: expected plain text, numbers or true/false; "
                             "hint: remove the tag")
            return None
        value = node.value
        if kind == "str":
            return value
        if kind == "null":
            return None
        if kind == "bool":
            return value.lower() in ("true", "yes", "on")
        try:
            return int(value.replace("_", ""), 0) if kind == "int" else float(value.replace("_", ""))
        except ValueError:
            return value

    def _mapping(self, node: MappingNode, keys: tuple, depth: int) -> dict:
        if node.tag != "tag:yaml.org,2002:map":
            self.error(node, f"tag '{self.tag_name(node.tag)}' is not allowed: expected a plain mapping; hint: remove the tag")
            return {}
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, "keys must be plain words: expected a name such as 'title'; "
                                     "hint: merge keys (<<) and complex keys are not supported")
                continue
            key = key_node.value
            key_pos = Pos(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first = self.positions[keys + (key, "<key>")]
                self.error(key_node, f"duplicate key '{key}': expected each key once; "
                                     f"hint: it is already set at line {first.line}")
                continue
            self.positions[keys + (key, "<key>")] = key_pos
            result[key] = self.convert(value_node, keys + (key,), depth + 1)
        return result


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
    if "\r" in text:
        idx = text.index("\r")
        line = text.count("\n", 0, idx) + 1
        col = idx - (text.rfind("\n", 0, idx) + 1) + 1
        return None, [Diagnostic(rel, line, col, "carriage return found: expected Unix line endings (LF); "
                                                 "hint: set your editor to LF line endings", "encoding")]
    return text, []


def parse_yaml(text: str, rel: str) -> tuple[Any, dict[tuple, Pos], list[Diagnostic]]:
    """Parse one YAML text into plain values, positions and diagnostics."""
    yaml = YAML(typ="safe", pure=False)
    try:
        node = yaml.compose(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        lines = text.splitlines()
        this_line = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = ("hint: indent with spaces, never tabs" if "\t" in this_line
                else "hint: check quoting and indentation on this line")
        return None, {}, [Diagnostic(rel, line, col, f"YAML syntax error: {problem}; {hint}", "yaml")]
    except YAMLError as exc:  # pragma: no cover - defensive, unmarked errors
        return None, {}, [Diagnostic(rel, 1, 1, f"YAML error: {exc}; hint: check the file's syntax", "yaml")]
    if node is None:
        return None, {}, [Diagnostic(rel, 1, 1, "file is empty: expected a mapping of fields; "
                                                "hint: run 'kb new KIND ID' to start from a template", "yaml")]
    conv = _Converter(rel)
    data = conv.convert(node, ())
    return data, conv.positions, conv.diagnostics


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


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
    for path in sorted(content.rglob("*")):
        rel = _rel(path, root)
        if path.is_symlink() and not path.resolve().is_relative_to(real_content):
            corpus.diagnostics.append(Diagnostic(rel, 1, 1, "symbolic link points outside content/: expected a "
                                                            "regular file; hint: copy the file instead", "layout"))
            continue
        if path.is_dir():
            continue
        _load_file(path, rel, content, corpus)
    return corpus


def _load_file(path: Path, rel: str, content: Path, corpus: Corpus) -> None:
    parts = path.relative_to(content).parts
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
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        corpus.diagnostics.append(Diagnostic(rel, 1, 1, f"file is too large: expected at most {MAX_FILE_BYTES} "
                                             f"bytes, got {size}; hint: split the item", "layout"))
        return
    text, diags = _decode(path.read_bytes(), rel)
    corpus.diagnostics.extend(diags)
    if text is None:
        return
    if suffix == ".txt":
        corpus.articles[stem] = text
        return
    data, positions, diags = parse_yaml(text, rel)
    corpus.diagnostics.extend(diags)
    corpus.documents.append(Document(rel, kind, stem, data, positions, text))
