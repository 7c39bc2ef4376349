"""Near-duplicate sentences across items: one fact retyped in other words on another page.

The whole-item index (``neardup.similar_pairs``) is reused on the parts of sentences: every clause
of every item's prose (split at 。！？；，： and line ends, so that a restated clause inside a longer
sentence is found too) becomes one bigram set, and pairs from two different items at or above
``SENTENCE_THRESHOLD`` are reported once in each file. Clauses with fewer than
``neardup.MIN_SHINGLES`` bigrams (a few words) are not compared. Quotes, ids, choices and
sources are not prose and are left out; a sentence that restates a reference the item itself cites
is that statement's basis, not a duplicate. A pair that must stay is silenced with the same
``not_duplicate_of`` entry as whole items (with ``kind:`` when the other item is of another kind).
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any, Iterator

from ..diagnostics import Diagnostic
from ..model.kinds import SENTENCE_KINDS, SINGULAR
from .knowledge import KnowledgeBase
from .neardup import THRESHOLD, item_text, jaccard, shingles, similar_pairs

SENTENCE_THRESHOLD = 0.5
"""Bigram Jaccard index from which two sentences count as the same statement."""
SIGNATURE_CAP = 50
"""A bigram found in more clauses than this is too common to bring two clauses together (the whole-item
check scales its cap with the knowledge base; clauses are many and short, so theirs stays fixed)."""
_SPLIT = re.compile(r"(?<=[。！？；，：!?;,:])|\n")
_SKIP = {"id", "title", "checklist_label", "symptoms", "citation", "url", "url_label", "name", "reason", "instruction"}
"""Fields that are labels or identifiers rather than statements; a remedy's one-line instruction sums up
its own steps, so it restates them on purpose."""


def sentences_of(value: Any, keys: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(key path, sentence) for every prose sentence of an item, claims included."""
    for spec in fields(value):
        if spec.name in _SKIP or spec.metadata.get("ref") or spec.metadata.get("choices"):
            continue
        field_value = getattr(value, spec.name)
        # Texts and lists; a number (priority) or a single record (a call script) holds no statement of its own.
        texts = [field_value] if isinstance(field_value, str) else list(field_value) if isinstance(field_value, tuple) else []
        for i, entry in enumerate(texts):
            here = keys + ((spec.name,) if isinstance(field_value, str) else (spec.name, i))
            if isinstance(entry, str):
                for part in _SPLIT.split(entry):
                    if part.strip():
                        yield here, part.strip()
            elif spec.name in ("claims", "contacts", "statements"):
                yield from sentences_of(entry, here)


def _allowed(kb: KnowledgeBase) -> set[frozenset[tuple[str, str]]]:
    pairs = set()
    for kind, items in kb.items.items():
        for item_id, item in items.items():
            for entry in getattr(item, "not_duplicate_of", ()):
                pairs.add(frozenset(((kind, item_id), (entry.kind or kind, entry.id))))
    return pairs


def _cited(item: Any) -> set[str]:
    """The references an item cites, in its sources or its claims."""
    sources = list(getattr(item, "sources", ())) + [src for claim in getattr(item, "claims", ()) for src in claim.sources]
    return {src.reference_id for src in sources if src.reference}


def _restates_own_reference(kb: KnowledgeBase, a: tuple, b: tuple) -> bool:
    """A statement that says what the reference it cites establishes is its basis, not a duplicate."""
    for here, other in ((a, b), (b, a)):
        if other[0] == "references" and other[1] in _cited(kb.items[here[0]][here[1]]):
            return True
    return False


class _WholeItems:
    """Whether two items of one kind are near-duplicates as a whole: such a pair gets the item-level
    warning (or its suppression) instead of one warning per shared sentence. Each item's bigrams and
    each pair's verdict are computed once, however many sentence pairs the two items share."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.sets: dict[tuple[str, str], frozenset[str]] = {}
        self.verdicts: dict[frozenset[tuple[str, str]], bool] = {}

    def _set(self, key: tuple[str, str]) -> frozenset[str]:
        if key not in self.sets:
            self.sets[key] = shingles(item_text(self.kb.items[key[0]][key[1]]))
        return self.sets[key]

    def duplicate(self, a: tuple, b: tuple) -> bool:
        if a[0] != b[0]:
            return False
        pair = frozenset(((a[0], a[1]), (b[0], b[1])))
        if pair not in self.verdicts:
            self.verdicts[pair] = jaccard(self._set((a[0], a[1])), self._set((b[0], b[1]))) >= THRESHOLD
        return self.verdicts[pair]


def check_near_duplicate_sentences(kb: KnowledgeBase, _rules: Any = None) -> list[Diagnostic]:
    """A warning in each of two items that state the same sentence in other words."""
    where: list[tuple[str, str, tuple, str]] = []
    sets = []
    for kind, items in kb.items.items():
        if kind not in SENTENCE_KINDS:
            continue
        for item_id in sorted(items):
            for keys, sentence in sentences_of(items[item_id]):
                where.append((kind, item_id, keys, sentence))
                sets.append(shingles(sentence))
    allowed = _allowed(kb)
    whole = _WholeItems(kb)
    diags = []
    for i, j, sim in similar_pairs(sets, SENTENCE_THRESHOLD, bitmasks=False, cap=SIGNATURE_CAP):
        a, b = where[i], where[j]
        if (a[0], a[1]) == (b[0], b[1]):
            continue  # repetition inside one item is the item-level check's business
        if frozenset(((a[0], a[1]), (b[0], b[1]))) in allowed or _restates_own_reference(kb, a, b) \
                or whole.duplicate(a, b):
            continue
        for here, other in ((a, b), (b, a)):
            doc = kb.documents[(here[0], here[1])]
            pos = doc.pos(*here[2])
            there = kb.documents[(other[0], other[1])].pos(*other[2])
            diags.append(Diagnostic(
                doc.path, pos.line, pos.column,
                f"near-duplicate sentence: '{_short(here[3])}' is {sim:.0%} similar to {SINGULAR[other[0]]} "
                f"'{other[1]}' ({kb.source_path(other[0], other[1])}:{there.line}:{there.column}: "
                f"'{_short(other[3])}'): expected each fact once; hint: keep the sentence in one item and link "
                f"to it, or add 'not_duplicate_of: [{{id: {other[1]}, kind: {other[0]}, reason: ...}}]'",
                "near-duplicate-sentence", "warning"))
    return diags


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"
