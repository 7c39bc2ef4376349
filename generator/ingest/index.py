"""Which items already say a passage: one BM25 index over the knowledge base, built once per run.

Every item's prose (each sentence of each text field, claims included) and every provenance quote
of its sources is one *unit*, tokenised as character bigrams of the normalised text
(``rules.normalize``: NFKC, Simplified characters, no separators) — the same view the lint checks.
BM25 (``bm25s``, sparse scores, no model) picks the candidate units of a passage; an item's score is
then how much its best candidate unit and the passage share: the geometric mean of the IDF-weighted
share of the unit's bigrams found in the passage and of the passage's bigrams found in the unit (1 for
the same wording, whatever the spelling; low for a short label inside a long passage or a long item
sentence that mentions the passage's words in passing). A score is between 0 and 1 and does not depend
on the size of the knowledge base, so one threshold (``THRESHOLD``, calibrated by leave-one-article-out
in tests/unit/ingest/test_ingest_calibration.py) separates ``covered`` from ``new``.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, fields
from itertools import islice
from typing import Any, Iterable

import bm25s
import numpy as np

from ..rules.normalize import normalized_text
from ..validate.knowledge import KnowledgeBase

THRESHOLD = 0.2
"""Score from which a passage counts as covered by an item (calibrated, see the module doc)."""
CANDIDATES = 24
"""Units taken from BM25 for each passage before scoring items."""
MAX_ITEMS = 3
"""Items listed for a covered passage, best first."""
_SKIP_KINDS = ("articles",)
_SKIP_FIELDS = {"id"}
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
    """The units of a knowledge base and their BM25 index; ``match`` scores one passage."""

    def __init__(self, units: list[tuple[str, str]]):
        owners: dict[str, list[str]] = defaultdict(list)
        for key, text in units:  # one entry per distinct text: a quote cited by many items is indexed once
            norm = normalized_text(text).lower()
            if key not in owners[norm][-1:]:
                owners[norm].append(key)
        self.norm = list(owners)
        """The distinct normalised unit texts, as indexed."""
        self.owners = [tuple(sorted(keys)) for keys in owners.values()]
        """For each of them, the items (``kind/id``) that say it, sorted."""
        self.vocab: dict[str, int] = {"": 0}
        """Bigram -> token id; id 0 stands for a unit without bigrams."""
        ids = [[self.vocab.setdefault(t, len(self.vocab)) for t in _bigrams_of(norm)] or [0] for norm in self.norm]
        self.sets = [frozenset(doc) for doc in ids]
        distinct = np.fromiter((t for doc in self.sets for t in doc), dtype=np.int64)
        n = max(1, len(self.norm))
        df = np.bincount(distinct, minlength=len(self.vocab))
        self.idf = np.log((n + 1) / (df + 0.5))
        """IDF of each token id (a token of a passage that no unit has weighs log(n + 1))."""
        self.unseen = math.log(n + 1)
        starts = np.cumsum([0] + [len(doc) for doc in self.sets[:-1]])
        self.weight = np.add.reduceat(self.idf[distinct], starts) if len(distinct) else np.zeros(0)
        self.bm25 = bm25s.BM25()
        if ids:
            self.bm25.index((ids, dict(self.vocab)), show_progress=False)

    @classmethod
    def of(cls, kb: KnowledgeBase, held_out: str | None = None) -> MatchIndex:
        return cls(units_of(kb, held_out))

    def candidates(self, ids: list[int]) -> list[int]:
        """Indexes of the best BM25 units for the token ids of a passage."""
        if not ids or not self.norm:
            return []
        scores = self.bm25.get_scores(ids)
        k = min(CANDIDATES, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        return [int(i) for i in top if scores[i] > 0]

    def match(self, text: str) -> list[Match]:
        """Items that say ``text``, best first (at most MAX_ITEMS), each with its score; [] if none has any."""
        tokens = bigrams(text)
        if not tokens:
            return []
        distinct = set(tokens)
        wanted = {self.vocab[t] for t in distinct if t in self.vocab}
        total = sum(self.idf[t] for t in wanted) + self.unseen * (len(distinct) - len(wanted))
        units = []
        for i in self.candidates(sorted(wanted)):
            shared = sum(self.idf[t] for t in wanted & self.sets[i])
            units.append((round(math.sqrt(shared / self.weight[i] * shared / total), 3), i))
        units.sort(key=lambda unit: -unit[0])
        ranked: list[tuple[str, float]] = []  # an item's score is that of its best unit, met first
        seen: set[str] = set()
        for score, i in units:
            if len(ranked) >= MAX_ITEMS and score < ranked[MAX_ITEMS - 1][1]:
                break
            fresh = list(islice((key for key in self.owners[i] if key not in seen), MAX_ITEMS))
            seen.update(fresh)  # owners are sorted, so a quote cited by many items costs only the first few
            ranked = sorted(ranked + [(key, score) for key in fresh], key=lambda kv: (-kv[1], kv[0]))
        return [Match(key, score) for key, score in ranked[:MAX_ITEMS]]
