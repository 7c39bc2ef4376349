"""Field metadata helpers: declaring a documented field and reading a model class's fields.

``doc`` declares a field with its documentation and limits (see ``generator.model.kinds``).
``shape`` is the one place that unwraps a field type (``X | None``, ``tuple[X, ...]``); the
schema checks, the JSON Schemas, the field reference and the scaffold all ask it.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from typing import Any


def doc(
    text: str,
    *,
    ref: str | None = None,
    statement: bool = False,
    choices: tuple[str, ...] | None = None,
    default: Any = MISSING,
    min_items: int = 0,
    max_items: int | None = None,
    max_len: int | None = None,
) -> Any:
    """Declare a documented field; see ``generator.model.kinds`` for the keys (``statement``: a ``ref`` to
    references that may name one of the reference's statements after '#'). A list holds at most
    ``max_items`` entries (MAX_ITEMS unless given): pages and checklists cannot show more."""
    meta = {"doc": text, "ref": ref, "statement": statement, "choices": choices, "min_items": min_items,
            "max_items": max_items, "max_len": max_len}
    if default is MISSING:
        return field(metadata=meta)
    if isinstance(default, (list, dict, set)):
        raise TypeError("use a tuple for list defaults")
    return field(default=default, metadata=meta)


MAX_ITEMS = 30
"""Entries a list may hold unless its field says fewer: the pages and checklists that show a list
in full cannot hold more (the real content has at most 8)."""


def max_items(spec: Any) -> int:
    """The most entries a list field may hold."""
    return spec.metadata.get("max_items") or MAX_ITEMS


def choices_of(spec: Any) -> tuple[str, ...] | None:
    """The allowed values of a field, if it has a fixed set (its ``choices``)."""
    return spec.metadata.get("choices")


def is_required(f: Any) -> bool:
    """True when the key must appear in the YAML file."""
    return f.default is MISSING and f.default_factory is MISSING


@cache
def hints(cls: type) -> dict[str, Any]:
    """Resolved type hints of a model class."""
    return typing.get_type_hints(cls)


@cache
def specs_of(cls: type) -> dict[str, Any]:
    """A model class's fields by name, in declaration order."""
    return {f.name: f for f in fields(cls)}


@dataclass(frozen=True)
class Shape:
    """A field type taken apart."""

    optional: bool
    """True for ``X | None``."""
    type: Any
    """The type without ``None``."""
    item: Any
    """The item type of ``tuple[X, ...]``; None if the field is not a list."""


@cache
def shape(tp: Any) -> Shape:
    """A field type taken apart: optional or not, the type without None, the item type of a tuple."""
    optional = typing.get_origin(tp) in (types.UnionType, typing.Union)
    if optional:
        tp = [a for a in typing.get_args(tp) if a is not type(None)][0]
    return Shape(optional, tp, typing.get_args(tp)[0] if typing.get_origin(tp) is tuple else None)


def describe(tp: Any) -> str:
    """Human words for a field type, used in 'expected ...' messages."""
    found = shape(tp)
    if found.item is not None:
        return "a list of " + ("texts" if found.item is str else "mappings")
    if found.type is int:
        return "a whole number"
    return "a text" if found.type is str else "a mapping"


def entity(cls: type) -> str:
    """'EscalationStage' -> 'escalation stage'."""
    return re.sub(r"(?<!^)([A-Z])", r" \1", cls.__name__).lower()


@cache
def referable_kinds(cls: type) -> frozenset[str]:
    """Every kind an item of this model class can refer to, through nested mappings too."""
    found: set[str] = set()
    for name, spec in specs_of(cls).items():
        if spec.metadata.get("ref"):
            found.add(spec.metadata["ref"])
        inner = shape(hints(cls)[name])
        nested = inner.item if inner.item is not None else inner.type
        if dataclasses.is_dataclass(nested):
            found |= referable_kinds(nested)
    return frozenset(found)
