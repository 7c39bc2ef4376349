"""The content lint: the spam rules applied to one content string, with offsets into it.

Each string is normalised once (``normalize.py``); every rule matches the
normalised view, links are found and parsed from its ``plain`` view
(``links.py``), phone numbers are read and compared with the allowlist
(``phones.py``), and each finding is mapped back to an offset in the string as
written, so messages point at the original file:line:col.
"""

from __future__ import annotations

import re

from .links import find_links
from .model import Finding, Rule, RuleSet
from .normalize import normalize
from .pinyin import may_have_pinyin
from .regex import Screen
from .spans import clauses, encoded_spans, may_have_blobs, phone_spans, stripped

_SCREENS: dict[int, tuple[RuleSet, Screen]] = {}
NUMBER = re.compile(r"[0-9](?:[-\s.()]*[0-9]){4}|[零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖]{7}")
"""Five digits (separators allowed) or seven Chinese numerals: every phone pattern needs one of these."""


def _screen(rules: RuleSet) -> Screen:
    """A sound screen for lint_text: can any repair or lint pattern match the normalised text?

    Most content strings are clean, so this lets lint_text skip the per-rule scans. It is
    sound because every rule searches the same normalised text (a text with no repair hit
    and no word written in pinyin is its own repaired form), and clause patterns carry no
    anchors. Links, phone numbers, encoded blobs and pinyin are screened separately.
    """
    cached = _SCREENS.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    patterns = [p for rule in rules.rules if rule.kind == "repair" or rule.lint and rule.kind != "phone"
                for p in rule.patterns]
    screen = Screen(patterns)
    _SCREENS[id(rules)] = (rules, screen)
    return screen


def lint_text(text: str, rules: RuleSet) -> list[Finding]:
    """Find links off the allowlist, promotional wording, contacts, garbled wording and misspellings in a text."""
    norm = normalize(text)
    links = find_links(norm.plain, rules.allowlist) if rules.of_kind("link") else []
    bad_link = any(rule.lint for rule in rules.of_kind("link")) and any(not link.allowed for link in links)
    phones = phone_spans(norm.text, rules) if rules.of_kind("phone") and NUMBER.search(norm.text) else []
    blobs = rules.of_kind("encoded") and may_have_blobs(norm.text)
    spoken = may_have_pinyin(norm.text) and rules.pinyin_words().find(norm.text)
    if not bad_link and not phones and not blobs and not spoken and not _screen(rules).search(norm.text):
        return []
    order = {rule.id: i for i, rule in enumerate(rules.rules)}
    found: list[Finding] = []

    def add(rule: Rule, start: int, end: int, detail: str = "") -> None:
        found.append(Finding(rule.id, start, end - start, rule.message(text[start:end], detail)))

    rep = rules.repaired(text)
    for _ns, _ne, raw_start, raw_end, rule in rep.edits:
        if rule.lint:
            add(rule, raw_start, raw_end)
    fixed = norm
    if rep.text != text:  # a repair changed the text: its links and numbers are read again
        fixed = normalize(rep.text)
        links = find_links(fixed.plain, rules.allowlist) if rules.of_kind("link") else []
        phones = phone_spans(fixed.text, rules)
    view = fixed.text

    def add_view(rule: Rule, start: int, end: int, detail: str = "") -> None:
        start, end = fixed.span(start, end)
        add(rule, rep.to_raw(start), rep.to_raw(end, end=True), detail)

    protected = [fixed.plain_to_text(link.start, link.end) for link in links]
    link_rule = next(iter(rules.of_kind("link")), None)
    if link_rule is not None and link_rule.lint:
        for link in links:
            if not link.allowed:  # mapped from the plain view, where nothing next to the link is collapsed
                start, end = fixed.span(link.start, link.end, "plain")
                add(link_rule, rep.to_raw(start), rep.to_raw(end, end=True), link.reason)
    for start, end, rule in phones + encoded_spans(view, rules, protected):
        if rule.lint:
            add_view(rule, start, end)
    for rule in rules.rules:
        if not rule.lint or rule.kind in ("repair", "link", "clause", "phone", "encoded"):
            continue
        last_end = -1
        for m in rule.finditer(view):
            if m.start() < last_end:
                continue
            last_end = m.end()
            add_view(rule, m.start(), m.end())
    clause_rules = [r for r in rules.of_kind("clause") if r.lint]
    if clause_rules:
        for c_start, c_end, _sep in clauses(view, 0, len(view), protected):
            s, e = stripped(view, c_start, c_end)
            rule = next((r for r in clause_rules if r.fullmatch(view[s:e])), None)
            if rule is not None:
                add_view(rule, s, e)
    found.sort(key=lambda f: (f.offset, order.get(f.rule_id, 0), f.length))
    return found


_EDGE = re.compile(r"[\d零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖OoIl]")
"""A character that may be part of a number (any Unicode digit, circled ones included)."""


def lint_split(first: str, second: str, rules: RuleSet) -> list[Finding]:
    """Phone numbers split across two adjacent list entries: found in ``first + second`` and reaching into
    both; offsets into ``first``, the length up to its end."""
    if not (_EDGE.search(first[-3:]) and _EDGE.search(second[:3])):
        return []
    joined = first.rstrip() + second.lstrip()
    cut = len(first.rstrip())
    found = []
    for finding in lint_text(joined, rules):
        if rules.get(finding.rule_id).kind == "phone" and finding.offset < cut < finding.offset + finding.length:
            rule = rules.get(finding.rule_id)
            written = joined[finding.offset:finding.offset + finding.length]
            found.append(Finding(rule.id, finding.offset, cut - finding.offset,
                                 rule.message(written, "split across two list entries")))
    return found
