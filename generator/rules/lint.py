"""The content linter: rule hits in a piece of content text, located by offset.

A sound and exact prefilter (``prefilter.Prefilter``) lets the common, clean text
skip the per-rule scans.
"""

from __future__ import annotations

from .model import Finding, Rule, RuleSet
from .prefilter import Prefilter
from .spans import clauses, link_spans, stripped


_SCREENS: dict[int, tuple[RuleSet, Prefilter]] = {}


def _screen(rules: RuleSet) -> Prefilter:
    """A sound and exact screen for lint_text: does any repair, link or lint pattern match?

    Most content strings are clean, so this lets lint_text skip the per-rule scans. It is
    sound because repairs, links and lint rules all search the same raw text (a text with no
    repair hit is its own repaired form), and clause patterns carry no anchors.
    """
    cached = _SCREENS.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    patterns = [p for rule in rules.rules if rule.kind in ("repair", "link") or rule.lint for p in rule.patterns]
    prefilter = Prefilter(patterns)
    _SCREENS[id(rules)] = (rules, prefilter)
    return prefilter


def lint_text(text: str, rules: RuleSet) -> list[Finding]:
    """Find links off the allowlist, promotional wording, garbled wording and misspellings in content text."""
    if not _screen(rules).search(text):
        return []
    rep = rules.repaired(text)
    order = {rule.id: i for i, rule in enumerate(rules.rules)}
    found: list[Finding] = []

    def add(rule: Rule, start: int, end: int) -> None:
        found.append(Finding(rule.id, start, end - start, rule.message(text[start:end])))

    for _ns, _ne, raw_start, raw_end, rule in rep.edits:
        if rule.lint:
            add(rule, raw_start, raw_end)
    links = link_spans(text, rules)
    for start, end, rule, allowed in links:
        if rule.lint and not allowed:
            add(rule, start, end)
    for rule in rules.rules:
        if not rule.lint or rule.kind in ("repair", "link", "clause"):
            continue
        last_end = -1
        for m in rule.finditer(rep.text):
            if m.start() < last_end:
                continue
            last_end = m.end()
            add(rule, rep.to_raw(m.start()), rep.to_raw(m.end(), end=True))
    clause_rules = [r for r in rules.of_kind("clause") if r.lint]
    if clause_rules:
        protected = [(s, e) for s, e, _r, _a in link_spans(rep.text, rules)]
        for c_start, c_end, _sep in clauses(rep.text, 0, len(rep.text), protected):
            s, e = stripped(rep.text, c_start, c_end)
            rule = next((r for r in clause_rules if r.fullmatch(rep.text[s:e])), None)
            if rule is not None:
                add(rule, rep.to_raw(s), rep.to_raw(e, end=True))
    found.sort(key=lambda f: (f.offset, order.get(f.rule_id, 0), f.length))
    return found
