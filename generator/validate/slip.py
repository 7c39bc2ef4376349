"""The sales slip drawing's data (Evidence.on_slip): lines the drawing has, each label once.

An error for a line outside 1..SLIP_LINES, for a line with more than SLIP_COLUMNS fields (across all
evidence items) and for a label given twice: the drawing (render/slip.py) could not show them.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostic
from ..model.slip import SLIP_COLUMNS, SLIP_LINES
from .knowledge import KnowledgeBase


def check_slip_fields(kb: KnowledgeBase, _rules: Any = None) -> list[Diagnostic]:
    """Errors for slip fields the drawing cannot place, each at its entry in the evidence file."""
    found: list[Diagnostic] = []
    owner: dict[str, str] = {}
    per_line: dict[int, list[str]] = {}

    def error(doc: Any, keys: tuple, message: str) -> None:
        pos = doc.pos(*keys)
        found.append(Diagnostic(doc.path, pos.line, pos.column, f"key 'on_slip[{keys[1]}].{keys[2]}': {message}",
                                "slip"))

    for item_id in sorted(kb.items["evidence"]):
        doc = kb.documents[("evidence", item_id)]
        for n, field in enumerate(kb.get("evidence", item_id).on_slip):
            if not 1 <= field.line <= SLIP_LINES:
                error(doc, ("on_slip", n, "line"), f"line {field.line} is not on the slip: expected 1 to "
                                                   f"{SLIP_LINES}; hint: count the slip's lines from 1 at the top")
            per_line.setdefault(field.line, []).append(field.label)
            if len(per_line[field.line]) > SLIP_COLUMNS:
                error(doc, ("on_slip", n, "line"), f"line {field.line} already holds "
                                                   f"{'、'.join(per_line[field.line][:SLIP_COLUMNS])}: expected at "
                                                   f"most {SLIP_COLUMNS} fields on one line; hint: give it a line "
                                                   "of its own")
            if field.label in owner:
                error(doc, ("on_slip", n, "label"), f"{field.label} is already on the slip, in evidence "
                                                    f"'{owner[field.label]}': expected each slip field once; hint: "
                                                    "keep it in the evidence item it belongs to")
            owner.setdefault(field.label, item_id)
    return found
