"""The article cleaner, driven by a RuleSet.

The cleaner works line by line (a line is a paragraph in these articles) and
runs the rule kinds in the order of ``rules.KINDS``: whole-line passes first
(blocks, tables of contents, placeholders, page furniture, repeated titles, promotional
paragraphs, pitch lists), then sentence passes (spam sentences, garbled
sentences), then clause cuts (inline spam phrases, links). Misspellings are
repaired before anything is matched, so patterns are written against the
repaired text. Every rule matches the normalised view of a line
(``normalize.py``: NFKC, no invisible characters, Simplified characters, no
separators between CJK characters), so a pattern written once, with ASCII
punctuation and Simplified characters, catches every spelling. Reports give the
raw text and its raw position. Whatever is kept is kept verbatim (apart from
repairs), so quotes from the cleaned article stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import CleanResult, Removal, Repaired, Rule, RuleSet
from .normalize import Normalized, normalize
from .spans import (CLOSERS, SEPARATORS, TERMINATORS, Span, clauses, encoded_spans, heading_like, inside, link_spans,
                    phone_spans, sentences, stripped)

# Matched on the normalised line: full-width digits and punctuation are ASCII there.
_NUMBERED = re.compile(r"^\s*(\d{1,2})\s*([.、])\s*(\S.*)$")
_TITLE_ONLY = re.compile(r"[^,。;!?]{1,30}:?")
_SHORT_HEADING = re.compile(r"[^\s,。;:!?()]{1,12}")
_HAS_CONTENT = re.compile(r"\w")
MAX_BODY_LINES = 3
"""In a pitch list whose items are titles only, at most this many body lines follow an item."""


def _clause_cut(text: str, items: list[tuple[int, int, str]], index: int) -> Span:
    """The span to delete so that clause ``index`` disappears and the punctuation stays right."""
    start, end, sep = items[index]
    if sep in SEPARATORS and sep:
        return start, end + 1
    if index > 0 and items[index - 1][2] in SEPARATORS and items[index - 1][2]:
        return items[index - 1][1], end  # drop the comma before a sentence's last clause
    if sep:  # the clause is the whole sentence: take its terminators too
        stop = end
        while stop < len(text) and (text[stop] in TERMINATORS or text[stop] in CLOSERS):
            stop += 1
        return start, stop
    return start, end


@dataclass
class _Line:
    no: int
    raw: str
    rep: Repaired
    norm: Normalized
    """The normalised view of the repaired line: every rule matches ``norm.text``; cuts are in its offsets."""
    dropped: Rule | None = None
    cuts: list[tuple[int, int, Rule]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.norm.text

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


class _Cleaner:
    def __init__(self, text: str, rules: RuleSet):
        self.rules = rules
        self.lines = []
        for i, raw in enumerate(text.split("\n")):
            rep = rules.repaired(raw)
            self.lines.append(_Line(i + 1, raw, rep, normalize(rep.text)))
        self.removals: list[Removal] = []

    # -- helpers

    def drop(self, line: _Line, rule: Rule) -> None:
        if line.dropped is not None:
            return
        line.dropped = rule
        if not line.blank:
            start, end = stripped(line.raw, 0, len(line.raw))
            self.removals.append(Removal(rule.id, line.no, line.raw[start:end], rule.action, start + 1))

    def live(self, start: int = 0):
        """Indexes of lines from ``start`` that are neither blank nor dropped."""
        return (i for i in range(start, len(self.lines)) if not self.lines[i].blank and self.lines[i].dropped is None)

    # -- passes, in KINDS order

    def blocks(self) -> None:
        for rule in self.rules.of_kind("block"):
            for i in list(self.live()):
                if rule.fullmatch(self.lines[i].text.strip()):
                    for line in self.lines[i:]:
                        self.drop(line, rule)
                    break

    def tocs(self) -> None:
        for rule in self.rules.of_kind("toc"):
            for i in list(self.live()):
                if self.lines[i].dropped is None and rule.fullmatch(self.lines[i].text.strip()):
                    self.drop(self.lines[i], rule)
                    for j in range(i + 1, len(self.lines)):
                        line = self.lines[j]
                        if line.blank:
                            continue
                        if line.dropped is None and _NUMBERED.match(line.text) and heading_like(line.text) \
                                and len(line.text.strip()) <= 40:
                            self.drop(line, rule)
                            continue
                        break

    def placeholders(self) -> None:
        for rule in self.rules.of_kind("placeholder"):
            for i in list(self.live()):
                if not rule.fullmatch(self.lines[i].text.strip()):
                    continue
                self.drop(self.lines[i], rule)
                k = i - 1
                while k >= 0 and self.lines[k].blank:
                    k -= 1
                if k > 0 and self.lines[k].dropped is None and _SHORT_HEADING.fullmatch(self.lines[k].text.strip()):
                    self.drop(self.lines[k], rule)

    def furniture(self) -> None:
        for i in list(self.live()):
            rule = next((r for r in self.rules.of_kind("furniture") if r.search(self.lines[i].text)), None)
            if rule is not None:
                self.drop(self.lines[i], rule)

    def repeated_titles(self) -> None:
        rules = self.rules.of_kind("repeated-title")
        first = next(self.live(), None)
        if not rules or first is None:
            return
        title = self.lines[first].text.strip()
        if not heading_like(title):
            return
        for i in list(self.live(first + 1)):
            if self.lines[i].text.strip() == title:
                self.drop(self.lines[i], rules[0])

    def paragraphs(self) -> None:
        for i in list(self.live()):
            for rule in self.rules.of_kind("paragraph"):
                if rule.search(self.lines[i].text):
                    self.drop(self.lines[i], rule)
                    break

    def lists(self) -> None:
        rules = self.rules.of_kind("list")
        if not rules:
            return
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            i += 1
            if line.blank or (line.dropped is not None and line.dropped.kind != "paragraph"):
                continue
            if not heading_like(line.text):
                continue
            rule = next((r for r in rules if r.search(line.text)), None)
            if rule is None:
                continue
            self.drop(line, rule)
            i = self._pitch_items(i, rule)

    def _pitch_items(self, start: int, rule: Rule) -> int:
        """Drop the numbered items after a pitch heading while they keep one shape and rising numbers.

        Returns the index of the first line after the list."""
        shape = None
        last = 0
        body = 0
        for j in range(start, len(self.lines)):
            line = self.lines[j]
            if line.blank or line.dropped is not None:
                continue
            m = _NUMBERED.match(line.text)
            if m:
                number = int(m.group(1))
                this = ("、" if m.group(2) == "、" else ".", bool(_TITLE_ONLY.fullmatch(m.group(3).strip())))
                if shape is not None and (this != shape or number <= last):
                    return j
                shape, last, body = this, number, 0
                self.drop(line, rule)
            elif shape is not None and shape[1] and body < MAX_BODY_LINES:
                body += 1
                self.drop(line, rule)
            else:
                return j
        return len(self.lines)

    def inline(self) -> None:
        sentence_rules = self.rules.of_kind("sentence") + self.rules.of_kind("flag")
        clause_rules = self.rules.of_kind("clause")
        for i in self.live():
            line = self.lines[i]
            text = line.text
            links = link_spans(line.norm, self.rules)
            protected = [(s, e) for s, e, _r, _a in links]
            phones = phone_spans(text, self.rules) + encoded_spans(text, self.rules, protected)
            kept_sentences = []
            for start, end in sentences(text, protected):
                rule = next((r for r in sentence_rules if r.search(text[start:end])), None)
                rule = rule or next((r for s, e, r in phones if s < end and e > start), None)
                if rule is not None:
                    line.cuts.append((start, end, rule))
                else:
                    kept_sentences.append((start, end))
            placeholders: list[Span] = []
            for rule in self.rules.of_kind("placeholder"):  # a placeholder inside a line: cut just it
                for m in rule.finditer(text):
                    line.cuts.append((m.start(), m.end(), rule))
                    placeholders.append((m.start(), m.end()))
            bad_links = [(s, e, r) for s, e, r, refused in links if refused]
            for start, end in kept_sentences:
                items = clauses(text, start, end, protected)
                for index, (c_start, c_end, _sep) in enumerate(items):
                    s, e = stripped(text, c_start, c_end)
                    clause = "".join(ch for k, ch in enumerate(text[s:e], s) if not inside(k, placeholders)).strip()
                    if placeholders:  # what is left around a cut placeholder reads as the linter will see it
                        clause = normalize(clause).text.strip()
                    rule = next((r for r in clause_rules if r.fullmatch(clause)), None)
                    if rule is None:
                        rule = next((r for ls, le, r in bad_links if ls < c_end and le > c_start), None)
                    if rule is not None:
                        cut = _clause_cut(text, items, index)
                        line.cuts.append((cut[0], cut[1], rule))

    # -- output

    def result(self) -> CleanResult:
        out: list[str] = []
        for line in self.lines:
            if line.dropped is not None:
                continue
            text = line.rep.text
            cuts = sorted((*line.norm.span(start, end), rule) for start, end, rule in line.cuts)
            pieces = []
            last = 0
            for start, end, rule in cuts:
                raw_start, raw_end = line.rep.to_raw(start), line.rep.to_raw(end, end=True)
                s, e = stripped(line.raw, raw_start, raw_end)
                self.removals.append(Removal(rule.id, line.no, line.raw[s:e], rule.action, s + 1))
                if start > last:
                    pieces.append(text[last:start])
                last = max(last, end)
            pieces.append(text[last:])
            kept = _join(pieces)
            spans = [(s, e) for s, e, _r in cuts]
            for new_start, new_end, raw_start, raw_end, rule in line.rep.edits:
                if not inside(new_start, spans):
                    self.removals.append(Removal(rule.id, line.no, line.raw[raw_start:raw_end], "repaired",
                                                 raw_start + 1, rule.replacement or ""))
            if cuts and not _HAS_CONTENT.search(kept):
                continue
            out.append(kept.rstrip() if cuts else kept)
        text = "\n".join(out)
        text = re.sub(r"\n(?:[ \t]*\n)+", "\n\n", text).strip("\n")
        removals = tuple(sorted(self.removals, key=lambda r: (r.line, r.column, r.rule_id)))
        return CleanResult(text + "\n" if text else "", removals)


def _join(pieces: list[str]) -> str:
    """Join the kept pieces of a line; a space keeps two ASCII runs from fusing into a new token (a host
    ending in '.' and a digit after a cut would read as another host: www.pbc.gov.cn.1)."""
    out = ""
    for piece in pieces:
        if out and piece and _ascii_token(out[-1]) and _ascii_token(piece[0]) and \
                (out[-1].isalnum() or piece[0].isalnum()):
            out += " "
        out += piece
    return out


def _ascii_token(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "._-/:@%")


def clean_article(text: str, rules: RuleSet) -> CleanResult:
    """Clean one article: drop spam, cut inline spam, flag garbled sentences, repair misspellings."""
    cleaner = _Cleaner(text, rules)
    cleaner.blocks()
    cleaner.tocs()
    cleaner.placeholders()
    cleaner.furniture()
    cleaner.repeated_titles()
    cleaner.paragraphs()
    cleaner.lists()
    cleaner.inline()
    return cleaner.result()
