"""Which items already say a passage: a BM25 ranking of the items, and a score for each, built once per run.

Every item's prose (each sentence of each text field, claims included) and every provenance quote of
its sources is one *unit*, tokenised as character bigrams of the normalised text (``rules.normalize``:
NFKC, Simplified characters, no separators) — the same view the lint checks. Only items that can take
an article quote are candidates (``_NO_ARTICLE_KINDS``: outcomes and questions have no sources, and a
reference rests on its official text), since a covered passage becomes a provenance source of its item.

*Ranking.* BM25 (``bm25s``, sparse scores, no model) over items, one document per item: its prose, and
for each provenance quote the whole sentence of the source article the quote was taken from (the
article as cleaned, ``KnowledgeBase.articles_clean``): an article says one piece of advice in many
words, and the sentence around a quote carries them. It picks the MAX_CANDIDATES candidate items.

*Score.* Each candidate's score is how much its closest unit and the passage share — the geometric mean
of the IDF-weighted share of the unit's bigrams found in the passage and of the passage's bigrams found
in the unit (1 for the same wording, whatever the spelling; low for a short label inside a long passage
or a long item sentence that mentions the passage's words in passing) — times its BM25 score relative to
the best candidate's (so the best candidate keeps its share). Candidates are listed by score, best
first. A score is between 0 and 1 and does not depend on the size of the knowledge base, so one
threshold (``THRESHOLD``, and ``HEADING_THRESHOLD`` for a heading; calibrated by leave-one-article-out in
tests/unit/ingest/test_ingest_calibration.py) separates ``covered`` from ``new``.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, fields
from typing import Any, Iterable

import bm25s
import numpy as np

from ..rules.normalize import normalized_text
from ..validate.knowledge import KnowledgeBase

THRESHOLD = 0.16
"""Score from which a passage counts as covered by an item (calibrated, see the module doc)."""
HEADING_THRESHOLD = 0.78
"""The same for a heading (``passages.Piece.heading``: a line that ends without a sentence mark), calibrated
alongside: a few words of a title or a list label are easily all found in some item's sentence."""
MAX_CANDIDATES = 3
"""Items taken from the item-level BM25 for each passage, and listed at most, best first."""
_NO_ARTICLE_KINDS = ("articles", "outcomes", "questions", "references")
"""Kinds whose items cannot take an article quote as a source, so never a match: articles themselves,
outcomes and questions (no sources; their text is made of other items') and references (which rest on
their official text; the check refuses an article source there). ``kb ingest --add`` writes each covered
passage as a provenance source of its first item, which these kinds could not hold."""
_SKIP_FIELDS = {"search_terms", "search_note", "blanks", "on_slip", "id"}
"""Not statements: ids, the readers' search words of an item, and the labels of checklist blanks and slip
fields (short everyday words shared by many items)."""
_SPLIT = re.compile(r"(?<=[。！？；!?;])|\n")
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’\"」』)）]*|\n|$)")
_WORD = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TRIM = "0123456789.、,:;!?。 "


@dataclass(frozen=True)
class Match:
    """An item that says (part of) a passage."""

    id: str
    """The item as ``kind/id``."""
    score: float
    """How much the passage and the item's closest sentence or quote share, times the item's BM25 score
    relative to the best candidate's: from 0 to 1 (rounded to 3 places)."""


@dataclass(frozen=True)
class Unit:
    """One sentence of an item's prose, or one of its provenance quotes."""

    key: str
    """The item as ``kind/id``."""
    text: str
    context: str | None = None
    """For a quote: the sentence of its article it was taken from (ranked on instead of the bare quote);
    None for prose, or when the article is not at hand."""


def bigrams(text: str) -> list[str]:
    """Character bigrams of the normalised text, within runs of Chinese characters, letters and digits
    (a run of one character is its own token)."""
    return _bigrams_of(normalized_text(text).lower())


def _bigrams_of(norm: str) -> list[str]:
    out: list[str] = []
    for run in _WORD.findall(norm):
        out += [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
    return out


def _texts(value: Any) -> Iterable[str]:
    """The prose of an item (or a claim, contact, script): text fields, lists of texts, nested records."""
    for spec in fields(value):
        if spec.name in _SKIP_FIELDS or spec.metadata.get("ref") or spec.metadata.get("choices"):
            continue
        field_value = getattr(value, spec.name)
        entries = field_value if isinstance(field_value, tuple) else (field_value,)
        for entry in entries:
            if isinstance(entry, str):
                yield from (part for part in _SPLIT.split(entry) if part.strip())
            elif entry is not None and spec.name not in ("sources", "not_duplicate_of") and hasattr(entry, "__dataclass_fields__"):
                yield from _texts(entry)


def _quotes(value: Any, held_out: str | None) -> Iterable[tuple[str, str]]:
    """(article, quote) of every provenance quote of an item and its claims, except the held-out article's."""
    for source in getattr(value, "sources", ()):
        if source.quote and source.article and source.article != held_out:
            yield source.article, source.quote
    for claim in getattr(value, "claims", ()):
        yield from _quotes(claim, held_out)


class _Sentences:
    """The sentences of the knowledge base's articles (as cleaned, normalised), split on first use."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.split: dict[str, list[str]] = {}

    def around(self, article: str, quote: str) -> str | None:
        """The sentence of ``article`` that holds ``quote`` (normalised), or None."""
        if article not in self.split:
            cleaned = self.kb.articles_clean.get(article)
            text = normalized_text(cleaned.text).lower() if cleaned is not None else ""
            self.split[article] = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
        wanted = normalized_text(quote).lower().strip(_TRIM)
        return next((s for s in self.split[article] if wanted and wanted in s), None)


def units_of(kb: KnowledgeBase, held_out: str | None = None) -> list[Unit]:
    """Every unit of the items that can be matched; with ``held_out``, as if that article had never been
    read: its quotes are left out, and so is every item that no other article is quoted for."""
    units = []
    sentences = _Sentences(kb)
    for kind, items in kb.items.items():
        if kind in _NO_ARTICLE_KINDS:
            continue
        for item_id, item in items.items():
            kept = list(_quotes(item, held_out))
            if held_out is not None and not kept and any(_quotes(item, None)):
                continue
            key = f"{kind}/{item_id}"
            units += [Unit(key, text) for text in _texts(item)]
            units += [Unit(key, quote, sentences.around(article, quote)) for article, quote in kept]
    return units


class MatchIndex:
    """The units of a knowledge base and a BM25 index of its items; ``match`` ranks and scores one passage."""

    def __init__(self, units: list[Unit]):
        owners: dict[str, list[str]] = defaultdict(list)
        ranked_on: dict[str, list[str]] = defaultdict(list)  # kind/id -> the texts its BM25 document is made of
        for unit in units:  # one entry per distinct text: a quote cited by many items is kept once
            norm = normalized_text(unit.text).lower()
            if unit.key not in owners[norm][-1:]:
                owners[norm].append(unit.key)
            ranked_on[unit.key].append(unit.context if unit.context is not None else norm)
        self.norm = list(owners)
        """The distinct normalised unit texts, as indexed."""
        self.vocab: dict[str, int] = {"": 0}
        """Bigram -> token id; id 0 stands for a unit without bigrams."""
        ids = {norm: [self.vocab.setdefault(t, len(self.vocab)) for t in _bigrams_of(norm)] or [0]
               for norm in self.norm}
        docs = [[self.vocab.setdefault(t, len(self.vocab)) for text in ranked_on[key] for t in _bigrams_of(text)]
                for key in sorted(ranked_on)]
        self.sets = [frozenset(ids[norm]) for norm in self.norm]
        self.items: dict[str, list[int]] = defaultdict(list)
        """``kind/id`` -> indexes of its units."""
        for i, keys in enumerate(owners.values()):
            for key in keys:
                self.items[key].append(i)
        self.keys = sorted(self.items)
        """The items, in the order of the item-level BM25 index."""
        distinct = np.fromiter((t for doc in self.sets for t in doc), dtype=np.int64)
        n = max(1, len(self.norm))
        df = np.bincount(distinct, minlength=len(self.vocab))
        self.unseen = math.log(n + 1)
        self.idf = np.where(df > 0, np.log((n + 1) / (df + 0.5)), self.unseen)
        """IDF of each token id among units; a token that no unit has (one of a quote's sentence only, or
        of the passage alone) weighs log(n + 1)."""
        starts = np.cumsum([0] + [len(doc) for doc in self.sets[:-1]])
        self.weight = np.add.reduceat(self.idf[distinct], starts) if len(distinct) else np.zeros(0)
        self.bm25 = bm25s.BM25()
        if self.keys:
            self.bm25.index((docs, dict(self.vocab)), show_progress=False)

    @classmethod
    def of(cls, kb: KnowledgeBase, held_out: str | None = None) -> MatchIndex:
        return cls(units_of(kb, held_out))

    def candidates(self, ids: list[int]) -> list[tuple[str, float]]:
        """The best MAX_CANDIDATES items (``kind/id``) by BM25 for the token ids of a passage, best first,
        each with its BM25 score."""
        if not ids or not self.keys:
            return []
        scores = self.bm25.get_scores(ids)
        k = min(MAX_CANDIDATES, len(scores))
        top = sorted(np.argpartition(-scores, k - 1)[:k], key=lambda i: (-scores[i], i))
        return [(self.keys[i], float(scores[i])) for i in top if scores[i] > 0]

    def match(self, text: str) -> list[Match]:
        """Candidate items for ``text``, best first, each scored by its closest unit and its BM25 score; []
        if none shares a bigram."""
        distinct = set(bigrams(text))
        wanted = {self.vocab[t] for t in distinct if t in self.vocab}
        total = sum(self.idf[t] for t in wanted) + self.unseen * (len(distinct) - len(wanted))
        ranked = []
        found = self.candidates(sorted(wanted))
        for key, relevance in found:
            best = 0.0
            for i in self.items[key]:
                shared = sum(self.idf[t] for t in wanted & self.sets[i])
                best = max(best, math.sqrt(shared / self.weight[i] * shared / total) if shared else 0.0)
            ranked.append(Match(key, round(best * relevance / found[0][1], 3)))
        return sorted(ranked, key=lambda m: -m.score)  # stable: an equal score keeps the BM25 order
