"""What the reader fills in on the device: letter blanks name known facts, deadlines count real days.

Errors, each at its key: a ``{name}`` in a letter text that is neither an evidence item's blank nor a
fact of generator/model/facts.py (the page would have no input for it), a brace that opens no blank,
and a deadline whose day count is outside 1..MAX_DAYS.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..diagnostics import Diagnostic, qt
from ..model.facts import FACT_BY_KEY
from .knowledge import KnowledgeBase

BLANK = re.compile(r"\{([^{}]*)\}")
"""A blank in a letter text: {key}."""
MAX_DAYS = 366
"""The longest time limit a deadline may count, in days."""


def letter_blanks(text: str) -> list[str]:
    """The fact keys a letter text names, in order."""
    return BLANK.findall(text)


def fact_kinds(kb: Any) -> dict[str, str]:
    """Every fact a reader can fill in, by key, with its kind: the evidence items' blanks (by label)
    and the facts of generator/model/facts.py."""
    kinds = {blank.label: blank.kind for item in kb.items["evidence"].values() for blank in item.blanks}
    return {**kinds, **{fact.key: fact.kind for fact in FACT_BY_KEY.values()}}


def _letter_errors(doc: Any, n: int, text: str, known: dict[str, str]) -> list[Diagnostic]:
    pos = doc.pos("parts", n, "text")
    where = f"key 'parts[{n}].text'"
    found = []
    for key in letter_blanks(text):
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean '{{{close[0]}}}'?" if close else "add the blank to an evidence item"
            found.append(Diagnostic(doc.path, pos.line, pos.column, f"{where}: unknown blank {qt('{' + key + '}')}: "
                                    f"expected the label of an evidence item's blank or a fact in "
                                    f"generator/model/facts.py; hint: {hint}", "letter-blank"))
    if "{" in BLANK.sub("", text) or "}" in BLANK.sub("", text):
        found.append(Diagnostic(doc.path, pos.line, pos.column, f"{where}: a brace outside a blank: expected "
                                "{key} with both braces and no braces elsewhere; hint: use 「」 or （） for "
                                "other brackets", "letter-blank"))
    return found


def check_fill(kb: KnowledgeBase, _rules: Any = None) -> list[Diagnostic]:
    """Errors for letter blanks without a fact and for deadlines outside 1..MAX_DAYS days."""
    found: list[Diagnostic] = []
    known = fact_kinds(kb)
    for letter_id in sorted(kb.items.get("letters", {})):
        doc = kb.documents[("letters", letter_id)]
        for n, part in enumerate(kb.get("letters", letter_id).parts):
            if part.text:
                found += _letter_errors(doc, n, part.text, known)
    for stage_id in sorted(kb.items["escalation"]):
        doc = kb.documents[("escalation", stage_id)]
        for n, rule in enumerate(kb.get("escalation", stage_id).deadlines):
            if not 1 <= rule.days <= MAX_DAYS:
                pos = doc.pos("deadlines", n, "days")
                found.append(Diagnostic(doc.path, pos.line, pos.column, f"key 'deadlines[{n}].days': {rule.days} "
                                        f"days: expected 1 to {MAX_DAYS}; hint: count calendar days from the day "
                                        "after the start day", "deadline"))
    return found
