"""The content lint: the spam rules applied to one content string, with offsets into it.

Each string is normalised once (``normalize.py``); every rule matches the
normalised view, links are found and parsed from its ``plain`` view
(``links.py``), phone numbers are read and compared with the allowlist
(``phones.py``), and each finding is mapped back to an offset in the string as
written, so messages point at the original file:line:col.
"""

from __future__ import annotations

import re

from .links import find_links, may_have_links
from .model import Finding, Rule, RuleSet
from .normalize import normalize
from .prefilter import Prefilter
from .spans import clauses, link_spans, phone_spans, stripped

_SCREENS: dict[int, tuple[RuleSet, Prefilter]] = {}
NUMBER = re.compile(r"[0-9](?:[-\s.()]*[0-9]){4}|[零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖]{7}")
"""Five digits (separators allowed) or seven Chinese numerals: every phone pattern needs one of these."""


def _screen(rules: RuleSet) -> Prefilter:
    """A sound and exact screen for lint_text: can any repair or lint pattern match the normalised text?

    Most content strings are clean, so this lets lint_text skip the per-rule scans. It is
    sound because every rule searches the same normalised text (a text with no repair hit
    is its own repaired form), and clause patterns carry no anchors. Links and phone numbers
    are screened separately (``links.may_have_links``, ``NUMBER``).
    """
    cached = _SCREENS.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    patterns = [p for rule in rules.rules if rule.kind == "repair" or rule.lint and rule.kind != "phone"
                for p in rule.patterns]
    prefilter = Prefilter(patterns)
    _SCREENS[id(rules)] = (rules, prefilter)
    return prefilter


def lint_text(text: str, rules: RuleSet) -> list[Finding]:
    """Find links off the allowlist, promotional wording, contacts, garbled wording and misspellings in a text."""
    norm = normalize(text)
    linted = any(rule.lint for rule in rules.of_kind("link"))
    bad_link = linted and may_have_links(norm.plain) and any(
        not link.allowed for link in find_links(norm.plain, rules.allowlist))
    phones = rules.of_kind("phone") and NUMBER.search(norm.text) and phone_spans(norm.text, rules)
    if not bad_link and not phones and not _screen(rules).search(norm.text):
        return []
    order = {rule.id: i for i, rule in enumerate(rules.rules)}
    found: list[Finding] = []

    def add(rule: Rule, start: int, end: int, detail: str = "") -> None:
        found.append(Finding(rule.id, start, end - start, rule.message(text[start:end], detail)))

    rep = rules.repaired(text)
    for _ns, _ne, raw_start, raw_end, rule in rep.edits:
        if rule.lint:
            add(rule, raw_start, raw_end)
    fixed = normalize(rep.text)
    view = fixed.text

    def add_view(rule: Rule, start: int, end: int, detail: str = "") -> None:
        start, end = fixed.span(start, end)
        add(rule, rep.to_raw(start), rep.to_raw(end, end=True), detail)

    spans = link_spans(fixed, rules)
    link_rule = next(iter(rules.of_kind("link")), None)
    if link_rule is not None and link_rule.lint:
        for link in find_links(fixed.plain, rules.allowlist):
            if not link.allowed:  # mapped from the plain view, where nothing next to the link is collapsed
                start, end = fixed.span(link.start, link.end, "plain")
                add(link_rule, rep.to_raw(start), rep.to_raw(end, end=True), link.reason)
    for start, end, rule in phone_spans(view, rules):
        if rule.lint:
            add_view(rule, start, end)
    for rule in rules.rules:
        if not rule.lint or rule.kind in ("repair", "link", "clause", "phone"):
            continue
        last_end = -1
        for m in rule.finditer(view):
            if m.start() < last_end:
                continue
            last_end = m.end()
            add_view(rule, m.start(), m.end())
    clause_rules = [r for r in rules.of_kind("clause") if r.lint]
    if clause_rules:
        protected = [(s, e) for s, e, _r, _a in spans]
        for c_start, c_end, _sep in clauses(view, 0, len(view), protected):
            s, e = stripped(view, c_start, c_end)
            rule = next((r for r in clause_rules if r.fullmatch(view[s:e])), None)
            if rule is not None:
                add_view(rule, s, e)
    found.sort(key=lambda f: (f.offset, order.get(f.rule_id, 0), f.length))
    return found
