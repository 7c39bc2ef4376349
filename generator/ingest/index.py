"""Which items already say a passage: two BM25 views of the knowledge base, built once per run.

Every item's prose (each sentence of each text field, claims included) and every provenance quote
of its sources is one *unit*, tokenised as character bigrams of the normalised text
(``rules.normalize``: NFKC, Simplified characters, no separators) — the same view the lint checks.
BM25 (``bm25s``, sparse scores, no model) over *items* (one document per item: all its units) picks
the MAX_CANDIDATES candidate items of a passage; each candidate's score is then how much its best unit and
the passage share: the geometric mean of the IDF-weighted share of the unit's bigrams found in the
passage and of the passage's bigrams found in the unit (1 for the same wording, whatever the spelling;
low for a short label inside a long passage or a long item sentence that mentions the passage's words
in passing). Candidates are listed by that score. A score is between 0 and 1 and does not depend on the
size of the knowledge base, so one threshold (``THRESHOLD``, calibrated by leave-one-article-out in
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

THRESHOLD = 0.2
"""Score from which a passage counts as covered by an item (calibrated, see the module doc)."""
MAX_CANDIDATES = 3
"""Candidate items taken from the item-level BM25 for each passage, and listed at most, best first."""
_SKIP_KINDS = ("articles",)
_SKIP_FIELDS = {"search_terms", "search_note", "blanks", "on_slip", "id"}
"""Not statements: ids, the readers' search words of an item, and the labels of checklist blanks and slip
fields (held out, search words cost 0.035 of covered precision and blank labels 0.016: short everyday
words shared by many items)."""
_SPLIT = re.compile(r"(?<=[。！？；!?;])|\n")
_WORD = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class Match:
    """An item that says (part of) a passage."""

    id: str
    """The item as ``kind/id``."""
    score: float
    """How much the passage and the item's closest sentence or quote share, from 0 to 1 (rounded to 3 places)."""


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


def _quotes(value: Any, held_out: str | None) -> Iterable[str]:
    """Every provenance quote of an item and its claims, except those of the held-out article."""
    for source in getattr(value, "sources", ()):
        if source.quote and source.article != held_out:
            yield source.quote
    for claim in getattr(value, "claims", ()):
        yield from _quotes(claim, held_out)


def units_of(kb: KnowledgeBase, held_out: str | None = None) -> list[tuple[str, str]]:
    """(``kind/id``, text) of every unit; with ``held_out``, as if that article had never been read:
    its quotes are left out, and so is every item that no other article is quoted for."""
    units = []
    for kind, items in kb.items.items():
        if kind in _SKIP_KINDS:
            continue
        for item_id, item in items.items():
            quotes = list(_quotes(item, None))
            kept = list(_quotes(item, held_out))
            if held_out is not None and quotes and not kept:
                continue
            key = f"{kind}/{item_id}"
            units += [(key, text) for text in _texts(item)]
            units += [(key, quote) for quote in kept]
    return units


class MatchIndex:
    """The units of a knowledge base, a BM25 index of its items; ``match`` scores one passage."""

    def __init__(self, units: list[tuple[str, str]]):
        owners: dict[str, list[str]] = defaultdict(list)
        said: dict[str, list[str]] = defaultdict(list)  # kind/id -> its units' texts (a repeated one twice)
        for key, text in units:  # one entry per distinct text: a quote cited by many items is kept once
            norm = normalized_text(text).lower()
            said[key].append(norm)
            if key not in owners[norm][-1:]:
                owners[norm].append(key)
        self.norm = list(owners)
        """The distinct normalised unit texts, as indexed."""
        self.vocab: dict[str, int] = {"": 0}
        """Bigram -> token id; id 0 stands for a unit without bigrams."""
        ids = {norm: [self.vocab.setdefault(t, len(self.vocab)) for t in _bigrams_of(norm)] or [0]
               for norm in self.norm}
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
        self.idf = np.log((n + 1) / (df + 0.5))
        """IDF of each token id among units (a token of a passage that no unit has weighs log(n + 1))."""
        self.unseen = math.log(n + 1)
        starts = np.cumsum([0] + [len(doc) for doc in self.sets[:-1]])
        self.weight = np.add.reduceat(self.idf[distinct], starts) if len(distinct) else np.zeros(0)
        self.bm25 = bm25s.BM25()
        if self.keys:
            docs = [[t for norm in said[key] for t in ids[norm]] for key in self.keys]
            self.bm25.index((docs, dict(self.vocab)), show_progress=False)

    @classmethod
    def of(cls, kb: KnowledgeBase, held_out: str | None = None) -> MatchIndex:
        return cls(units_of(kb, held_out))

    def candidates(self, ids: list[int]) -> list[str]:
        """The best MAX_CANDIDATES items (``kind/id``) by BM25 for the token ids of a passage, best first."""
        if not ids or not self.keys:
            return []
        scores = self.bm25.get_scores(ids)
        k = min(MAX_CANDIDATES, len(scores))
        top = sorted(np.argpartition(-scores, k - 1)[:k], key=lambda i: (-scores[i], i))
        return [self.keys[i] for i in top if scores[i] > 0]

    def match(self, text: str) -> list[Match]:
        """Candidate items for ``text``, best first, each scored by its closest unit; [] if none shares a bigram."""
        distinct = set(bigrams(text))
        wanted = {self.vocab[t] for t in distinct if t in self.vocab}
        total = sum(self.idf[t] for t in wanted) + self.unseen * (len(distinct) - len(wanted))
        ranked = []
        for key in self.candidates(sorted(wanted)):
            best = 0.0
            for i in self.items[key]:
                shared = sum(self.idf[t] for t in wanted & self.sets[i])
                best = max(best, math.sqrt(shared / self.weight[i] * shared / total) if shared else 0.0)
            ranked.append(Match(key, round(best, 3)))
        return sorted(ranked, key=lambda m: -m.score)  # stable: an equal score keeps the BM25 order
