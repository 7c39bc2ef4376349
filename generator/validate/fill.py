"""What the reader fills in on the device: letter blanks name known facts, deadlines count real days.

Errors, each at its key: a ``{name}`` in a letter text that is neither an evidence item's blank nor a
fact of generator/model/facts.py (the page would have no input for it), a brace that opens no blank,
a letter part's ``name`` or ``include`` that does not name one text written once, and a deadline whose
day count is outside 1..MAX_DAYS. ``letter_parts`` gives a letter's parts with each include resolved,
as the pages show them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostic, qt
from ..model.facts import FACT_BY_KEY, INCLUDE, PART_NAME
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


def named_part(letters: dict[str, Any], include: str) -> Any:
    """The part an ``include`` ('<letter id>#<part name>') names, or None."""
    target = INCLUDE.fullmatch(include)
    letter = letters.get(target[1]) if target else None
    return next((part for part in letter.parts if part.name == target[2]), None) if letter else None


def letter_parts(letters: dict[str, Any], letter: Any) -> list[Any]:
    """A letter's parts as the page shows them: a part that includes another shows that part's text
    (``letters``: every letter by id; ``kb check`` has made sure each include names a part with text)."""
    out = []
    for part in letter.parts:
        shown = named_part(letters, part.include) if part.include else None
        out.append(replace(part, text=shown.text) if shown is not None else part)
    return out


def _part_errors(doc: Any, n: int, part: Any, letters: dict[str, Any], names: set[str]) -> list[Diagnostic]:
    """A part's name is unique in its letter; its include names a part with text that includes nothing."""
    found = []

    def error(key: str, message: str) -> None:
        pos = doc.pos("parts", n, key)
        found.append(Diagnostic(doc.path, pos.line, pos.column, f"key 'parts[{n}].{key}': {message}", "letter-part"))

    if part.name is not None:
        if not PART_NAME.fullmatch(part.name):
            error("name", f"bad name {qt(part.name)}: expected lowercase ASCII letters, digits and '-'; "
                  "hint: e.g. sender")
        elif part.name in names:
            error("name", f"name {qt(part.name)} is given to an earlier part too: expected one part per name; "
                  "hint: rename one of them")
        names.add(part.name)
    if part.include is None:
        return found
    target = INCLUDE.fullmatch(part.include)
    shown = named_part(letters, part.include)
    if target is None:
        error("include", f"bad include {qt(part.include)}: expected '<letter id>#<part name>'; "
              "hint: e.g. complaint#sender")
    elif target[1] not in letters:
        close = difflib.get_close_matches(target[1], letters, n=1)
        error("include", f"unknown letter {qt(target[1])}: expected a file in content/letters/; hint: "
              + (f"did you mean {qt(close[0] + '#' + target[2])}?" if close else "check the id"))
    elif shown is None:
        named = [p.name for p in letters[target[1]].parts if p.name]
        error("include", f"letter {qt(target[1])} has no part named {qt(target[2])}: expected one of "
              f"{', '.join(named) or 'its named parts (it has none)'}; hint: give the part 'name: {target[2]}'")
    elif shown.include is not None:
        error("include", f"part {qt(part.include)} includes another part itself: expected a part with its "
              f"own text; hint: include the part it takes its text from, {qt(shown.include)}")
    elif not shown.text:
        error("include", f"part {qt(part.include)} has no text: expected a part with text; hint: include a "
              "part that has one")
    if part.text is not None or part.list is not None:
        error("include", "a part that includes another has its own text or list too: expected one of them; "
              "hint: put the extra text or list in a part of its own")
    return found


def check_fill(kb: KnowledgeBase, _rules: Any = None) -> list[Diagnostic]:
    """Errors for letter blanks without a fact, letter parts that name no text, and deadlines outside
    1..MAX_DAYS days."""
    found: list[Diagnostic] = []
    known = fact_kinds(kb)
    letters = kb.items.get("letters", {})
    for letter_id in sorted(letters):
        doc = kb.documents[("letters", letter_id)]
        names: set[str] = set()
        for n, part in enumerate(kb.get("letters", letter_id).parts):
            if part.text:
                found += _letter_errors(doc, n, part.text, known)
            found += _part_errors(doc, n, part, letters, names)
    for stage_id in sorted(kb.items["escalation"]):
        doc = kb.documents[("escalation", stage_id)]
        for n, rule in enumerate(kb.get("escalation", stage_id).deadlines):
            if not 1 <= rule.days <= MAX_DAYS:
                pos = doc.pos("deadlines", n, "days")
                found.append(Diagnostic(doc.path, pos.line, pos.column, f"key 'deadlines[{n}].days': {rule.days} "
                                        f"days: expected 1 to {MAX_DAYS}; hint: count calendar days from the day "
                                        "after the start day", "deadline"))
    return found
