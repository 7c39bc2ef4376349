"""An article as passages: what the cleaner removed (spam, with its rule) and what a reader would quote.

The article is cleaned with the rules (``rules.cleaner``); every removal the cleaner reports (its
line, column and raw text) becomes one ``spam`` passage, and what is left of each line is split into
sentences at 。！？!? (a list item or a heading is a line of its own, so it is one passage). A kept
passage that is a whole line and ends without a sentence mark is a *heading* (a title, a section
heading, a bare list label): matching holds it to a higher threshold. Offsets are character offsets into
the article's text as written, so a tool can highlight a passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..rules.cleaner import clean_article
from ..rules.model import RuleSet

_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’\"」』)）]*|$)")
_HAS_CONTENT = re.compile(r"\w")
_SENTENCE_END = re.compile(r"[。！？!?；;：:…][”’\"」』)）]*$")


@dataclass(frozen=True)
class Piece:
    """One passage of an article before matching."""

    start: int
    """Character offset of the passage's first character in the article as written."""
    end: int
    """Character offset just after its last character."""
    text: str
    """The passage as written (``article[start:end]``)."""
    family: str | None
    """The id of the rule that removed it (as ``kb clean --report`` names it), or None when it is kept."""
    cleaned: str = ""
    """For a kept passage: its text with the rules' misspellings repaired, what is matched."""
    heading: bool = False
    """For a kept passage: it is a whole line (nothing else kept or removed on it) that ends without a
    sentence mark (。！？；：…): a title, a section heading or a bare list label rather than a statement."""


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, surrounding whitespace left out, empty ones skipped."""
    spans = []
    for m in _SENTENCE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and _HAS_CONTENT.search(text, s, e):
            spans.append((s, e))
    return spans


def split_article(text: str, rules: RuleSet) -> list[Piece]:
    """Every passage of an article, in order: spam as the cleaner removed it, the rest as sentences."""
    starts = _line_starts(text)
    removed: dict[int, list[tuple[int, int, str]]] = {}
    for r in clean_article(text, rules).removals:
        if r.action == "repaired":
            continue
        begin = starts[r.line - 1] + r.column - 1
        removed.setdefault(r.line - 1, []).append((begin, begin + len(r.text), r.rule_id))
    pieces: list[Piece] = []
    for index, line_start in enumerate(starts):
        line_end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
        cursor = line_start
        line: list[Piece] = []
        for begin, stop, rule_id in sorted(removed.get(index, [])):
            if begin < cursor:
                continue  # a cut inside one already taken (a link inside a dropped sentence)
            line += _kept(text, cursor, begin, rules)
            if stop > begin:
                line.append(Piece(begin, stop, text[begin:stop], rule_id))
            cursor = stop
        line += _kept(text, cursor, line_end, rules)
        if len(line) == 1 and line[0].family is None and not _SENTENCE_END.search(line[0].text):
            line = [replace(line[0], heading=True)]
        pieces += line
    return pieces


def _kept(text: str, start: int, end: int, rules: RuleSet) -> list[Piece]:
    return [Piece(s, e, text[s:e], None, rules.repair(text[s:e])) for s, e in _sentences(text, start, end)]
