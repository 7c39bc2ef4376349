"""JSON Schemas for editors, generated from the model (``kb docs`` writes them).

One schema per kind, ``schemas/<kind>.schema.json``. Each content file names
its schema in its first line (a yaml-language-server modeline), so VS Code's
YAML extension completes fields, shows their documentation and marks
mistakes while typing. The schema mirrors what ``kb check`` enforces per file:

- field types; ``required`` for fields without a default; no other keys;
- ``choices`` -> ``enum``; ``max_len`` -> ``maxLength``; ``min_items`` / ``max_items`` -> ``minItems`` / ``maxItems``;
- ``ref`` fields -> the id pattern (whether the id exists is checked by ``kb check``);
- the field docs -> ``description``;
- three cross-field rules of the validator: status ``corrected`` needs ``correction``,
  a source has exactly one of ``article`` and ``reference``, and a triage answer exactly one
  of ``question`` and ``outcome``.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from ..model.fields import choices_of, hints, is_required, max_items, shape
from ..model.kinds import ID_PATTERN, NESTED
from ..model.kindspec import KIND_SPECS, KindSpec
from ..model.records import STATEMENT_MARK

DRAFT = "https://json-schema.org/draft/2020-12/schema"
NON_BLANK = r"\S"
"""Texts must contain a visible character, as in kb check."""


def _text(spec: Any, name: str) -> dict:
    meta = spec.metadata
    if meta.get("statement"):  # '<reference id>' or '<reference id>#<statement id>'
        word = ID_PATTERN.pattern.strip("^$")
        return {"type": "string", "pattern": f"^{word}(?:{STATEMENT_MARK}{word})?$"}
    if meta.get("ref") or name == "id":
        return {"type": "string", "pattern": ID_PATTERN.pattern}
    out: dict[str, Any] = {"type": "string", "pattern": NON_BLANK}
    if meta.get("choices"):
        out = {"type": "string", "enum": list(choices_of(spec))}
    if meta.get("max_len"):
        out["maxLength"] = meta["max_len"]
    return out


def _property(cls: type, spec: Any) -> dict:
    found = shape(hints(cls)[spec.name])
    item_tp = found.item
    if item_tp is not None:
        items = {"$ref": f"#/$defs/{item_tp.__name__}"} if item_tp is not str else _text(spec, spec.name)
        prop: dict[str, Any] = {"type": "array", "items": items}
        if spec.metadata.get("min_items"):
            prop["minItems"] = spec.metadata["min_items"]
        prop["maxItems"] = max_items(spec)
    elif found.type is int:
        prop = {"type": "integer"}
    elif found.type in NESTED.values():
        prop = {"$ref": f"#/$defs/{found.type.__name__}"}
    else:
        prop = _text(spec, spec.name)
    if found.optional:
        prop = {"anyOf": [prop, {"type": "null"}]}
    prop["description"] = spec.metadata["doc"]
    return prop


def _object(cls: type) -> dict:
    out: dict[str, Any] = {
        "type": "object",
        "description": (cls.__doc__ or "").strip(),
        "properties": {spec.name: _property(cls, spec) for spec in fields(cls)},
        "required": [spec.name for spec in fields(cls) if is_required(spec)],
        "additionalProperties": False,
    }
    if not out["required"]:
        del out["required"]
    names = {spec.name for spec in fields(cls)}
    if {"status", "correction"} <= names:
        out["if"] = {"properties": {"status": {"const": "corrected"}}, "required": ["status"]}
        out["then"] = {"required": ["correction"]}
    for one, other in (("article", "reference"), ("question", "outcome")):
        if {one, other} <= names:
            out["oneOf"] = [{"required": [one]}, {"required": [other]}]
    return out


def records_in(cls: type) -> set[type]:
    """Every nested record type a class uses, directly or inside another record."""
    found: set[type] = set()
    todo = [cls]
    while todo:
        current = todo.pop()
        for spec in fields(current):
            found_shape = shape(hints(current)[spec.name])
            tp = found_shape.item or found_shape.type
            if tp in NESTED.values() and tp not in found:
                found.add(tp)
                todo.append(tp)
    return found


def schema_for(spec: KindSpec) -> dict:
    """The JSON Schema of one kind."""
    cls = spec.model
    top = {"$schema": DRAFT, "$id": spec.schema.removeprefix("schemas/"), "title": f"content/{spec.kind}/<id>.yaml"}
    top.update(_object(cls))
    nested = records_in(cls)
    defs = {c.__name__: _object(c) for c in NESTED.values() if c in nested}
    if defs:
        top["$defs"] = dict(sorted(defs.items()))
    return top


def render_all() -> dict[str, str]:
    """Relative path -> file text, for every kind."""
    return {spec.schema: json.dumps(schema_for(spec), ensure_ascii=False, indent=2) + "\n" for spec in KIND_SPECS}
