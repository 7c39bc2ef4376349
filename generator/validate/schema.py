"""Per-file checks: turn one Document into a model instance, or report why not.

Everything here looks at one file at a time. Checks that need the whole
knowledge base (references, orphans, loops, quotes) live in validator.py.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..diagnostics import Diagnostic, qt
from ..load.corpus import Document
from ..model.fields import choices_of, describe, entity, hints, is_required, max_items, shape, specs_of
from ..model.kinds import NESTED
from ..model.kindspec import KINDS

_UNSAFE = [
    ("html", re.compile(r"<\s*[A-Za-z!/?]"), "raw HTML", "write the text without tags"),
    ("template", re.compile(r"\{[{%#]"), "template syntax", "remove the braces; content is never a template"),
    ("script-link", re.compile(r"(?i)(?<![a-z])(?:javascript|vbscript|data)\s*:"), "a script or data link",
     "remove the link"),
    ("markdown-link", re.compile(r"\]\s*\("), "a Markdown link",
     "write plain text; links are generated from references"),
    ("event-handler", re.compile(r"(?i)(?<![a-z])on[a-z]+\s*="), "an event-handler attribute",
     "remove the 'on...=' text"),
    ("control-character",
     re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"),
     "a control character", "delete the invisible character"),
]
"""(code, pattern, what, hint) of each construct content text may not hold; code identifies it, what and hint
are for the message."""


def received(value: Any) -> str:
    """Human words for a received YAML value."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a text {qt(value)}"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return "a mapping"


_UNSAFE_ANY = re.compile("|".join(
    f"(?i:{p.pattern.removeprefix('(?i)')})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})"
    for _code, p, _what, _hint in _UNSAFE))
"""All unsafe patterns at once: one search for the common, clean text."""


def text_findings(text: str) -> list[tuple[int, str, str, str]]:
    """Unsafe constructs in a text: (offset, code, what, hint)."""
    if not _UNSAFE_ANY.search(text):
        return []
    found = []
    for code, pattern, what, hint in _UNSAFE:
        match = pattern.search(text)
        if match:
            found.append((match.start(), code, what, hint))
    return found


def strings_of(value: Any, exempt: frozenset[str] | set[str] = frozenset(), keys: tuple = ()):
    """Every text in a YAML value with its key path, except under the ``exempt`` keys."""
    if isinstance(value, str):
        yield keys, value
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            yield from strings_of(entry, exempt, keys + (i,))
    elif isinstance(value, dict):
        for key, entry in value.items():
            if key not in exempt:
                yield from strings_of(entry, exempt, keys + (key,))


_MOVED = {
    ("Reference", "finding"): "write what the reference says as 'statements', one entry (id, pinpoint, text) per "
                              "statement",
    ("Source", "note"): "a statement has one home: cite the reference's statement as 'reference: <id>#<statement>' "
                        "(the page shows its text), or add the statement to the reference",
    ("Source", "pinpoint"): "the pinpoint belongs to the reference's statement: cite it as "
                            "'reference: <id>#<statement>'",
}
"""Keys the model no longer has, by record: where what they held lives now (the hint of the unknown-key error)."""


class FileChecker:
    """Checks one document against its model class and builds the instance."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.diagnostics: list[Diagnostic] = []
        self.strings: list[tuple[tuple, str]] = []
        """Every prose value (not ids, not choices) with its key path, for later text checks."""
        self.raw_refs: list[tuple[tuple, str, str]] = []
        """References written in the file, found even when the item is invalid: (keys, kind, id)."""

    def collect_refs(self, cls: type, data: dict) -> None:
        for spec in specs_of(cls).values():
            raw = data.get(spec.name)
            if spec.metadata.get("ref") and isinstance(raw, list):
                self.raw_refs += [((spec.name, i), spec.metadata["ref"], v) for i, v in enumerate(raw)
                                  if isinstance(v, str)]

    def error(self, keys: tuple, message: str, code: str = "schema", at_key: bool = False) -> None:
        pos = self.doc.key_pos(*keys) if at_key else self.doc.pos(*keys)
        self.diagnostics.append(Diagnostic(self.doc.path, pos.line, pos.column, message, code))

    def check(self) -> Any | None:
        cls = KINDS[self.doc.kind]
        data = self.doc.data
        if data is None and not self.doc.positions:
            return None  # unreadable: the loader has reported it
        if not isinstance(data, dict):
            self.error((), f"expected a mapping of fields (key: value) for {article(entity(cls))}, got {received(data)}; "
                           "hint: start from 'kb new'", "schema")
            return None
        self.collect_refs(cls, data)
        values = self.record(cls, data, ())
        if values is None:
            return None
        if values.get("id") != self.doc.stem:
            self.error(("id",), f"key 'id': expected '{self.doc.stem}' (the file name), got {qt(values.get('id'))}; "
                                "hint: the id must equal the file name without .yaml", "id")
            return None
        return cls(**values)

    def record(self, cls: type, data: dict, keys: tuple) -> dict | None:
        """Check one mapping against a dataclass; return constructor values."""
        ok = True
        specs = specs_of(cls)
        for key in data:
            if key not in specs:
                close = difflib.get_close_matches(str(key), specs, n=1)
                hint = _MOVED.get((cls.__name__, key)) or (
                    f"did you mean '{close[0]}'?" if close else "remove it or check the field reference")
                self.error(keys + (key,), f"unknown key '{path_name(keys + (key,))}' in {article(entity(cls))}: "
                                          f"expected one of {', '.join(specs)}; hint: {hint}", at_key=True)
                ok = False
        values = {}
        for name, spec in specs.items():
            if name not in data:
                if is_required(spec):
                    self.error(keys, f"missing required key '{path_name(keys + (name,))}': expected "
                                     f"{describe(hints(cls)[name])} in every {entity(cls)} "
                                     f"({spec.metadata['doc'].rstrip('.')}); hint: add '{name}:'", "required")
                    ok = False
                continue
            value = self.value(hints(cls)[name], spec, data[name], keys + (name,))
            if value is _BAD:
                ok = False
            else:
                values[name] = value
        return values if ok else None

    def value(self, tp: Any, spec: Any, raw: Any, keys: tuple) -> Any:
        found = shape(tp)
        tp, item_tp = found.type, found.item
        if found.optional and raw is None:
            return None
        if item_tp is not None:
            if not isinstance(raw, list):
                self.error(keys, f"key '{path_name(keys)}': expected {describe(tp)}, got {received(raw)}; "
                                 "hint: write each entry on its own line starting with '- '")
                return _BAD
            if len(raw) < spec.metadata["min_items"]:
                self.error(keys, f"key '{path_name(keys)}': expected at least {spec.metadata['min_items']} entries, got "
                                 f"{len(raw)}; hint: {spec.metadata['doc']}")
                return _BAD
            too_many = len(raw) > max_items(spec)
            if too_many:
                hint = spec.metadata["doc"] if spec.metadata.get("max_items") else (
                    "the pages show every entry: keep the most important ones, or split the item")
                self.error(keys, f"key '{path_name(keys)}': expected at most {max_items(spec)} entries, "
                                 f"got {len(raw)}; hint: {hint}")
            # The entries are still checked (and linted), so one run reports every mistake.
            items = [self.value(item_tp, spec, entry, keys + (i,)) for i, entry in enumerate(raw)]
            return _BAD if too_many or any(i is _BAD for i in items) else tuple(items)
        if tp is str:
            return self.text(spec, raw, keys)
        if tp is int:
            if isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            self.error(keys, f"key '{path_name(keys)}': expected {describe(tp)}, got {received(raw)}; "
                             f"hint: {spec.metadata['doc']}")
            return _BAD
        nested = NESTED.get(keys[-1] if isinstance(keys[-1], str) else keys[-2])
        if not isinstance(raw, dict) or nested is None:
            self.error(keys, f"key '{path_name(keys)}': expected {describe(tp)}, got {received(raw)}; "
                             f"hint: {spec.metadata['doc']}")
            return _BAD
        values = self.record(nested, raw, keys)
        return _BAD if values is None else nested(**values)

    def text(self, spec: Any, raw: Any, keys: tuple) -> Any:
        # Prose is linted later. Ids and choices are not: a reference must name an existing
        # file, whose own id is linted, and a choice must be one of a fixed list.
        meta = spec.metadata
        choices = meta["choices"] and choices_of(spec)
        if isinstance(raw, str) and raw.strip() and len(raw) <= (meta["max_len"] or len(raw)) and \
                (not choices or raw in choices):
            if not choices and not meta["ref"]:
                self.strings.append((keys, raw))  # the common case, without building messages
            return raw.strip()
        name = path_name(keys)
        if not isinstance(raw, str) or not raw.strip():
            got = "an empty text" if isinstance(raw, str) else received(raw)
            self.error(keys, f"key '{name}': expected a non-empty text, got {got}; hint: {spec.metadata['doc']}")
            return _BAD
        if choices and raw not in choices:
            close = difflib.get_close_matches(raw, choices, n=1)
            hint = f"did you mean '{close[0]}'?" if close else spec.metadata["doc"]
            self.error(keys, f"key '{name}': expected one of {', '.join(choices)}, got {qt(raw)}; hint: {hint}")
            return _BAD
        # What is left is a text longer than the limit.
        self.error(keys, f"key '{name}': expected at most {meta['max_len']} characters, got {len(raw)}; "
                         "hint: shorten it or split the item")
        return _BAD


_BAD = object()


def article(noun: str) -> str:
    """'a cause', 'an article', 'an evidence'."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def path_name(keys: tuple) -> str:
    """('sources', 0, 'quote') -> 'sources[0].quote'."""
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (("." if out else "") + str(key))
    return out
