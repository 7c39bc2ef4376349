"""Text spans shared by the cleaner and the lint: sentences, clauses and links.

Offsets are into one line (cleaner) or one content value (lint); a span is ``(start, end)``.
"""

from __future__ import annotations

import re

from .links import find_links
from .model import Rule, RuleSet
from .normalize import Normalized
from .phones import allowlisted

# Spans are taken on normalised text (normalize.py), where full-width punctuation is ASCII
# (，-> ,  ；-> ;  ！-> !  ？-> ?  ）-> )), so each mark is one character here.
TERMINATORS = "。!?"
SEPARATORS = ",;"
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


def link_spans(norm: Normalized, rules: RuleSet) -> list[tuple[int, int, Rule, bool]]:
    """Links in ``norm.text`` offsets: (start, end, link rule, refused)."""
    link_rules = rules.of_kind("link")
    if not link_rules:
        return []
    return [(*norm.plain_to_text(link.start, link.end), link_rules[0], not link.allowed)
            for link in find_links(norm.plain, rules.allowlist)]


_BLOB = re.compile(r"(?<![A-Za-z0-9+/=%])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
"""A base64-looking run (alphabet of RFC 4648), not part of a longer token."""


def may_have_blobs(text: str) -> bool:
    return _BLOB.search(text) is not None


def encoded_spans(text: str, rules: RuleSet, protected: list[Span] = ()) -> list[tuple[int, int, Rule]]:
    """Base64-looking runs in a normalised text outside ``protected`` spans (links): (start, end, rule)."""
    kinds = rules.of_kind("encoded")
    if not kinds:
        return []
    found = []
    for m in _BLOB.finditer(text):
        blob = m.group().rstrip("=")
        mixed = any(c.isupper() for c in blob) and any(c.islower() for c in blob) and any(
            c.isdigit() or c in "+/" for c in blob)
        if mixed and not any(s < m.end() and m.start() < e for s, e in protected):
            found.append((m.start(), m.end(), kinds[0]))
    return found


def phone_spans(text: str, rules: RuleSet) -> list[tuple[int, int, Rule]]:
    """Phone numbers off the allowlist in a normalised text: (start, end, phone rule), by position."""
    found = []
    for rule in rules.of_kind("phone"):
        for m in rule.finditer(text):
            span = m.span()
            if allowlisted(text[span[0]:span[1]], rules.phones) is None:
                found.append((span[0], span[1], rule))
    found.sort(key=lambda hit: (hit[0], -hit[1]))
    merged: list[tuple[int, int, Rule]] = []
    for hit in found:
        if not merged or hit[0] >= merged[-1][1]:
            merged.append(hit)
    return merged
