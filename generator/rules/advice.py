"""The advice rules of rules/advice.yaml: how steps' preconditions relate to what a situation knows.

``facts`` are the names a situation (content/outcomes/) may list under ``known`` and a remedy under
``only_when``; each fact names the facts it ``excludes`` (settled excludes unsettled). ``first_step``
names the facts that make a situation start with an immediate step (a charge that may not be the
reader's own: freeze or report the card first). ``role_words`` are words that name one reader's
tools, which a remedy shared by both readers must not use in its common text. ``checklist_blanks``
are the blanks every situation's checklist must print, from the evidence items it lists. The checker that
applies them is ``generator.validate.advice``; no remedy id is special-cased in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model.kinds import ID_PATTERN
from ..model.roles import READER_ROLES as READERS

ADVICE_KEYS = {"facts", "first_step", "role_words", "checklist_blanks"}
"""The keys of a rule file that hold advice rules."""


@dataclass(frozen=True)
class Fact:
    """One thing a situation can know, e.g. settled."""

    id: str
    """The fact's name, used in 'known' and 'only_when'."""
    means: str
    """What it means, in Chinese, for contributors."""
    excludes: tuple[str, ...]
    """Facts that cannot hold together with this one."""


@dataclass(frozen=True)
class FirstStep:
    """A fact that makes a situation start with a step of a given urgency."""

    when: str
    """The fact."""
    urgency: str
    """The urgency the first step must have (immediate)."""
    hint: str
    """What to do about it, shown in the error."""


@dataclass(frozen=True)
class RoleWord:
    """A word that names one reader's tools (商户后台 is the merchant's)."""

    word: str
    """The word, as written in the text."""
    role: str
    """The reader it belongs to: cardholder or merchant."""
    hint: str
    """How to write the step for both readers instead."""


@dataclass(frozen=True)
class AdviceRules:
    """Everything rules/*.yaml says about advice; empty when no file has advice keys."""

    facts: dict[str, Fact] = field(default_factory=dict)
    """Fact name -> fact."""
    first_step: tuple[FirstStep, ...] = ()
    """Facts that decide a situation's first step."""
    role_words: tuple[RoleWord, ...] = ()
    """Words of one reader's tools."""
    checklist_blanks: tuple[str, ...] = ()
    """Blank labels every situation's checklist must print (from the evidence items it lists)."""
    path: str = "rules/advice.yaml"
    """The file the rules came from, for hints."""

    def excluded_by(self, known: tuple[str, ...]) -> dict[str, str]:
        """Fact -> the known fact that excludes it."""
        out: dict[str, str] = {}
        for name in known:
            fact = self.facts.get(name)
            for other in fact.excludes if fact else ():
                out.setdefault(other, name)
        return out


def load_advice(data: dict, rel: str, error: Any) -> AdviceRules:
    """The advice rules of one file's data; ``error(keys, message)`` reports a located mistake."""
    facts: dict[str, Fact] = {}
    for i, entry in enumerate(_list(data, "facts", error)):
        keys = ("facts", i)
        if not isinstance(entry, dict) or not _name(entry.get("id")) or not isinstance(entry.get("means"), str):
            error(keys, "a fact must have 'id' (lowercase words joined by '-') and 'means' (text): expected "
                        "'- id: settled' and 'means: ...'; hint: see the other facts in the file")
            continue
        excludes = entry.get("excludes", [])
        if not isinstance(excludes, list) or not all(_name(x) for x in excludes):
            error(keys + ("excludes",), "'excludes' must be a list of fact names: expected e.g. [unsettled]; "
                                        "hint: write the names in square brackets")
            excludes = []
        facts[entry["id"]] = Fact(entry["id"], entry["means"], tuple(excludes))
    for name, fact in facts.items():
        for i, other in enumerate(fact.excludes):
            if other not in facts:
                index = list(facts).index(name)
                error(("facts", index, "excludes", i), f"unknown fact '{other}': expected one of "
                      f"{', '.join(facts)}; hint: define it under 'facts:' or fix the spelling")
    first = []
    for i, entry in enumerate(_list(data, "first_step", error)):
        if not isinstance(entry, dict) or entry.get("when") not in facts or \
                entry.get("urgency") not in ("immediate", "routine") or not isinstance(entry.get("hint"), str):
            error(("first_step", i), "a first_step rule needs 'when' (a fact), 'urgency' (immediate or routine) "
                                     "and 'hint' (text); hint: see the example in the file's comments")
            continue
        first.append(FirstStep(entry["when"], entry["urgency"], entry["hint"]))
    words = []
    for i, entry in enumerate(_list(data, "role_words", error)):
        if not isinstance(entry, dict) or not isinstance(entry.get("word"), str) or \
                entry.get("role") not in READERS or not isinstance(entry.get("hint"), str):
            error(("role_words", i), "a role word needs 'word' (text), 'role' (cardholder or merchant) and "
                                     "'hint' (text); hint: see the other role words in the file")
            continue
        words.append(RoleWord(entry["word"], entry["role"], entry["hint"]))
    blanks = _list(data, "checklist_blanks", error)
    if not all(isinstance(b, str) and b.strip() for b in blanks):
        error(("checklist_blanks",), "'checklist_blanks' must be a list of blank labels: expected e.g. [投诉日期]; "
                                     "hint: write each label as text")
        blanks = []
    return AdviceRules(facts, tuple(first), tuple(words), tuple(blanks), rel)


def merge(rules: list[AdviceRules]) -> AdviceRules:
    """The advice rules of several files as one (the project keeps them in one file)."""
    given = [r for r in rules if r.facts or r.first_step or r.role_words or r.checklist_blanks]
    if not given:
        return AdviceRules()
    facts: dict[str, Fact] = {}
    for r in given:
        facts.update(r.facts)
    return AdviceRules(facts, sum((r.first_step for r in given), ()), sum((r.role_words for r in given), ()),
                       sum((r.checklist_blanks for r in given), ()), given[0].path)


def _list(data: dict, key: str, error: Any) -> list:
    value = data.get(key, [])
    if isinstance(value, list):
        return value
    error((key,), f"'{key}' must be a list: expected one '- ' entry per line; hint: indent each entry with '- '")
    return []


def _name(value: Any) -> bool:
    return isinstance(value, str) and bool(ID_PATTERN.match(value))
