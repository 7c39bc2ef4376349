"""Text spans shared by the cleaner and the lint: sentences, clauses and links.

Offsets are into one line (cleaner) or one content value (lint); a span is ``(start, end)``.
"""

from __future__ import annotations

from .model import Rule, RuleSet

TERMINATORS = "。!?!?"
SEPARATORS = ",,;;"
CLOSERS = "”’\"」』)"

Span = tuple[int, int]


def heading_like(text: str) -> bool:
    """A line that reads as a heading: short, no full stop."""
    stripped = text.strip()
    return bool(stripped) and "。" not in stripped and len(stripped) <= 60


def inside(pos: int, spans: list[Span]) -> bool:
    """True if pos lies inside one of the spans."""
    return any(start <= pos < end for start, end in spans)


def sentences(text: str, protected: list[Span] = ()) -> list[Span]:
    """Sentence spans, each ending after its terminators (。!? and closing quotes)."""
    spans: list[Span] = []
    start = i = 0
    n = len(text)
    while i < n:
        if text[i] in TERMINATORS and not inside(i, protected):
            j = i + 1
            while j < n and (text[j] in TERMINATORS or text[j] in CLOSERS):
                j += 1
            spans.append((start, j))
            start = i = j
        else:
            i += 1
    if start < n and text[start:].strip():
        spans.append((start, n))
    return spans


def clauses(text: str, start: int, end: int, protected: list[Span] = ()) -> list[tuple[int, int, str]]:
    """Clauses of ``text[start:end]``: (start, end, separator) with the separator after the clause ('' if none)."""
    found = []
    begin = start
    for i in range(start, end):
        ch = text[i]
        if (ch in SEPARATORS or ch in TERMINATORS) and not inside(i, protected):
            if i > begin or ch in SEPARATORS:
                found.append((begin, i, ch))
            begin = i + 1
    if begin < end:
        found.append((begin, end, ""))
    return found


def stripped(text: str, start: int, end: int) -> Span:
    """text[start:end] without its surrounding whitespace, as a span."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def link_spans(text: str, rules: RuleSet) -> list[tuple[int, int, Rule, bool]]:
    """Links found by the link rules: (start, end, rule, allowed), overlaps merged."""
    hits = sorted(((m.start(), m.end(), rule) for rule in rules.of_kind("link") for m in rule.finditer(text)),
                  key=lambda h: (h[0], -h[1]))
    merged: list[tuple[int, int, Rule, bool]] = []
    for start, end, rule in hits:
        if merged and start < merged[-1][1]:
            continue
        merged.append((start, end, rule, rules.is_allowed(text[start:end])))
    return merged
