"""``kb ingest`` as a library: read articles, split them into passages and give each a verdict.

``ingest_files`` loads the knowledge base and the rules once, builds one ``MatchIndex`` and reads each
article the way ``kb clean`` reads it (same messages for a missing, unreadable or non-UTF-8 file).
``as_json`` and ``report_lines`` are the two outputs; the CLI prints them.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..pipeline import check
from ..rules.articles import read_article
from ..rules.model import RuleSet
from ..validate.knowledge import KnowledgeBase
from .index import HEADING_THRESHOLD, THRESHOLD, Match, MatchIndex
from .passages import split_article

@dataclass(frozen=True)
class Passage:
    """One passage of an article with its verdict."""

    start: int
    """Character offset of the passage in the article file's text as written."""
    end: int
    """Character offset just after it."""
    text: str
    """The passage as written."""
    verdict: str
    """``covered`` (an item already says it), ``new`` (none does) or ``spam`` (the rules removed it)."""
    items: tuple[Match, ...] = ()
    """For ``covered``: the matching items at or above the threshold, best first; empty otherwise."""
    nearest: tuple[Match, ...] = ()
    """For ``new``: the closest items below the threshold (for the review file); empty otherwise."""
    family: str | None = None
    """For ``spam``: the rule that removed it, as ``kb clean --report`` names it."""


@dataclass(frozen=True)
class ArticleReport:
    """An article's passages, in order."""

    path: str
    text: str
    """The article as read."""
    passages: tuple[Passage, ...]

    def count(self, verdict: str) -> int:
        return sum(1 for p in self.passages if p.verdict == verdict)


@dataclass
class IngestRun:
    """What ``ingest_files`` did: one report per readable article and every problem found."""

    reports: list[ArticleReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    kb: KnowledgeBase | None = None
    rules: RuleSet | None = None
    """The rules the articles were cleaned with."""
    failed: bool = False
    """True when rules/ or content/ has errors or an article could not be read."""


def judge(text: str, index: MatchIndex, rules: RuleSet) -> tuple[Passage, ...]:
    """Every passage of ``text`` with its verdict."""
    out = []
    for piece in split_article(text, rules):
        if piece.family is not None:
            out.append(Passage(piece.start, piece.end, piece.text, "spam", family=piece.family))
            continue
        matches = index.match(piece.cleaned)
        threshold = HEADING_THRESHOLD if piece.heading else THRESHOLD
        covered = tuple(m for m in matches if m.score >= threshold)
        verdict = "covered" if covered else "new"
        out.append(Passage(piece.start, piece.end, piece.text, verdict, covered, () if covered else tuple(matches)))
    return tuple(out)


def ingest_files(root: Path, paths: list[str]) -> IngestRun:
    """Check ``root`` once, index its items once, and judge every readable article in ``paths``."""
    result = check(Path(root), extra_checks=False)
    run = IngestRun(diagnostics=list(result.errors), kb=result.kb, rules=result.rules)
    if result.errors:
        run.failed = True
        return run
    index = MatchIndex.of(result.kb)
    for path in paths:
        text, problems = read_article(path)
        run.diagnostics += problems
        if text is None:
            run.failed = True
            continue
        run.reports.append(ArticleReport(path, text, judge(text, index, result.rules)))
    return run


def as_json(reports: list[ArticleReport], ascii_only: bool = False) -> str:
    """The shape ``kb ingest --json`` prints (with a final newline); with ``ascii_only`` every other
    character is written as a JSON escape."""
    payload = {"articles": [{"article": r.path, "passages": [
        {"start": p.start, "end": p.end, "text": p.text, "verdict": p.verdict,
         "items": [{"id": m.id, "score": m.score} for m in p.items], "family": p.family}
        for p in r.passages]} for r in reports]}
    return json.dumps(payload, ensure_ascii=ascii_only, indent=2) + "\n"


def _title(kb: KnowledgeBase, key: str) -> str:
    kind, item_id = key.split("/", 1)
    item = kb.items.get(kind, {}).get(item_id)
    return getattr(item, "title", "") or item_id


def report_lines(report: ArticleReport, kb: KnowledgeBase) -> list[str]:
    """The human report of one article: counts, then one line per passage (with the items' titles)."""
    lines = [f"{report.path}: {len(report.passages)} passages: {report.count('covered')} covered, "
             f"{report.count('new')} new, {report.count('spam')} spam"]
    position = _positions(report.text)
    for p in report.passages:
        where = "  {}:{}".format(*position(p.start))
        short = p.text if len(p.text) <= 40 else p.text[:39] + "…"
        if p.verdict == "spam":
            lines.append(f"{where} spam ({p.family}): {short}")
        elif p.verdict == "new":
            lines.append(f"{where} new: {short}")
        else:
            lines.append(f"{where} covered: {short}")
            lines += [f"      {m.id} {m.score:.2f} {_title(kb, m.id)}" for m in p.items]
    return lines


@dataclass(frozen=True)
class Annotation:
    """One passage as a note on the article's lines (what ``kb ingest --format github`` prints)."""

    level: str
    """``notice`` for covered and new passages, ``warning`` for spam (the guide will not keep it)."""
    line: int
    column: int
    end_line: int
    end_column: int
    """1-based, inclusive: the passage's last character."""
    title: str
    message: str


def annotations(report: ArticleReport, kb: KnowledgeBase) -> list[Annotation]:
    """Every passage of an article as an annotation on its lines."""
    position = _positions(report.text)
    out = []
    for p in report.passages:
        line, col = position(p.start)
        end_line, end_col = position(max(p.start, p.end - 1))
        if p.verdict == "spam":
            level, title, message = "warning", f"spam ({p.family})", f"removed by the rule {p.family}: {p.text}"
        elif p.verdict == "new":
            level, title, message = "notice", "new", f"no item says this yet: {p.text}"
        else:
            level, title = "notice", "covered"
            message = "already said by " + "; ".join(f"{m.id} ({m.score:.2f}) {_title(kb, m.id)}" for m in p.items)
        out.append(Annotation(level, line, col, end_line, end_col, f"kb ingest: {title}", message))
    return out


def _positions(text: str):
    """A function giving the 1-based (line, column) of an offset into ``text``."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def at(offset: int) -> tuple[int, int]:
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1
    return at
