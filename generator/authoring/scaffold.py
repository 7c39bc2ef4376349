"""``kb new KIND ID``: start a content file from the model.

The file starts with the schema modeline, then every field with its
documentation as a comment. Required fields are left empty (or as an empty
list), so ``kb check`` points at each one until it is filled in; optional
fields are written as comments.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

from ..diagnostics import KbError
from ..model.fields import choices_of, entity, hints, is_required, shape
from ..model.kinds import ID_PATTERN, NESTED
from ..model.kindspec import BY_KIND, KIND_SPECS

NEW_KINDS = tuple(spec.kind for spec in KIND_SPECS if spec.new)
"""The kinds `kb new` starts a file of (KindSpec.new)."""


class ScaffoldError(KbError):
    """Why no file was written."""


def constraint_words(spec: Any) -> str:
    """The limits of a field in words, for the comment above it."""
    meta = spec.metadata
    words = []
    if meta.get("ref"):
        words.append(f"ids of files in content/{meta['ref']}/" + (", or <id>#<statement id>" if meta.get("statement") else ""))
    if meta.get("choices"):
        words.append("one of: " + ", ".join(choices_of(spec)))
    if meta.get("min_items"):
        words.append(f"at least {meta['min_items']}")
    if meta.get("max_items"):
        words.append(f"at most {meta['max_items']}")
    if meta.get("max_len"):
        words.append(f"at most {meta['max_len']} characters")
    return f" ({'; '.join(words)})" if words else ""


def _field_lines(cls: type, indent: str) -> list[str]:
    """YAML lines for the fields of cls: documented, required ones empty, optional ones commented out."""
    lines: list[str] = []
    for spec in fields(cls):
        if spec.name == "id":
            continue
        is_list = shape(hints(cls)[spec.name]).item is not None
        required = is_required(spec)
        comment = f"{indent}# {'' if required else '(optional) '}{spec.metadata['doc']}{constraint_words(spec)}"
        lines.append(comment)
        nested = NESTED.get(spec.name)
        if not required:
            lines.append(f"{indent}# {spec.name}:")
        elif nested is not None:
            lines.append(f"{indent}{spec.name}:")
            lines += _nested_entry(nested, indent + "  ", listed=is_list)
        else:
            lines.append(f"{indent}{spec.name}: []" if is_list else f"{indent}{spec.name}:")
    return lines


def _nested_entry(cls: type, indent: str, listed: bool = True) -> list[str]:
    """One nested record, every field empty; in a list, the first key carries the dash."""
    lines = []
    for i, spec in enumerate(fields(cls)):
        lead = (f"{indent}- " if i == 0 else f"{indent}  ") if listed else indent
        lines.append(f"{lead}{spec.name}:  # {spec.metadata['doc']}{constraint_words(spec)}")
    return lines


def template(kind: str, item_id: str) -> str:
    """The text of a new content file of this kind."""
    cls = BY_KIND[kind].model
    lines = [
        BY_KIND[kind].modeline,
        f"# New {entity(cls)}: fill in every empty value, delete the comment lines you do not need,",
        "# link the item from another one, then run 'kb check'. Field reference: CONTRIBUTING.md.",
        f"id: {item_id}",
    ]
    lines += _field_lines(cls, "")
    return "\n".join(lines) + "\n"


def new_item(root: Path, kind: str, item_id: str) -> Path:
    """Write content/<kind>/<id>.yaml from the template; never overwrites."""
    if kind not in NEW_KINDS:
        raise ScaffoldError(f"unknown kind {kind!r}: expected one of {', '.join(NEW_KINDS)}; "
                            "hint: articles are added with their text, not from a template")
    if not ID_PATTERN.match(item_id):
        raise ScaffoldError(f"bad id {item_id!r}: expected lowercase ASCII letters and digits joined by '-'; "
                            "hint: e.g. 'network-delay'")
    target = Path(root) / "content" / kind / f"{item_id}.yaml"
    if target.exists():
        raise ScaffoldError(f"content/{kind}/{item_id}.yaml already exists: expected a new id; "
                            "hint: edit the existing file or choose another id")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as fh:
        fh.write(template(kind, item_id))
    return target
