"""Near-duplicate warnings: items of one kind whose texts are too similar.

Similarity is the Jaccard index of the sets of Chinese character bigrams
(punctuation and spaces removed, Latin letters lowercased). There is no
all-pairs comparison: an inverted index maps each item's rarest shared
bigrams (its signature) to the items that have them, and only items whose
signatures meet are compared exactly (see ``similar_pairs``). 10,000 items
take about two seconds on the project's 2-core machine.

A pair that is similar on purpose is silenced in either item's YAML with
``not_duplicate_of: [{id: other-id, reason: ...}]``.
"""

from __future__ import annotations

import operator
import re
from collections import Counter, defaultdict
from dataclasses import fields
from typing import Any, Iterable

from ..diagnostics import Diagnostic
from ..model.fields import specs_of
from ..model.kindspec import BY_KIND, KINDS
from .knowledge import KnowledgeBase

THRESHOLD = 0.4
"""Bigram Jaccard index from which two items are reported. The most similar
pair of the real content scores about 0.22 (two court interpretations)."""
MIN_SHINGLES = 10
"""Items with fewer distinct bigrams are too short to compare meaningfully."""
SIGNATURE_SIZE = 12
MIN_CAP = 50
CAP_SHARE = 0.01

NOT_TEXT = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
"""What is not compared: anything but lowercase Latin letters, digits and Chinese characters."""


def item_text(item: Any) -> str:
    """The prose of an item: its text fields, without ids, choices and sources."""
    parts: list[str] = []
    for spec in fields(item):
        if spec.name == "id" or spec.metadata.get("ref") or spec.metadata.get("choices"):
            continue
        value = getattr(item, spec.name)
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, tuple):  # a list of texts, or a reference's statements (its text)
            parts += [v if isinstance(v, str) else v.text for v in value
                      if isinstance(v, str) or spec.name == "statements"]
    return " ".join(parts)


def shingles(text: str) -> frozenset[str]:
    """Distinct character bigrams of the normalised text."""
    norm = NOT_TEXT.sub("", text.lower())
    return frozenset(map(operator.add, norm[:-1], norm[1:]))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    common = len(a & b)
    return common / (len(a) + len(b) - common) if common else 0.0


def _bitmasks(sets: list[frozenset[str]], freq: Counter) -> list[int]:
    """Each set as an integer with one bit per bigram shared by two or more sets.

    Intersecting two such integers and counting bits is several times faster than
    intersecting the frozensets; bigrams found in one set only never intersect, so
    they get no bit (sizes still come from the sets themselves).
    """
    bit = {tok: i for i, tok in enumerate(sorted(tok for tok, n in freq.items() if n > 1))}
    width = (len(bit) + 8) // 8
    masks = []
    for items in sets:
        buffer = bytearray(width)
        for tok in items:
            i = bit.get(tok)
            if i is not None:
                buffer[i >> 3] |= 1 << (i & 7)
        masks.append(int.from_bytes(buffer, "little"))
    return masks


def similar_pairs(sets: list[frozenset[str]], threshold: float = THRESHOLD,
                  bitmasks: bool = True, cap: int | None = None,
                  min_size: int = MIN_SHINGLES) -> list[tuple[int, int, float]]:
    """Every pair (i, j, similarity) with i < j and Jaccard >= threshold found through the signature index.

    An item's signature is its SIGNATURE_SIZE rarest bigrams among those that
    occur in 2 to ``max(MIN_CAP, n * CAP_SHARE)`` items (a bigram found once
    cannot be shared; a very common one matches everything). Two items become
    candidates when their signatures share a bigram, and only candidates are
    compared exactly. Signatures are bottom-k sketches under one global
    order, so a pair with similarity J is missed with probability about
    (1 - J) ** SIGNATURE_SIZE: under 0.3 % at the threshold.

    ``bitmasks`` intersects item-sized sets as integers (see ``_bitmasks``); many small sets
    (sentences) are intersected as sets instead, since their bitmasks would be as wide as the
    whole vocabulary each. ``cap`` overrides the most items a signature bigram may occur in; sets
    smaller than ``min_size`` are not compared.
    """
    freq = Counter(tok for s in sets for tok in s)
    masks = _bitmasks(sets, freq) if bitmasks else None
    cap = cap or max(MIN_CAP, int(len(sets) * CAP_SHARE))
    order = sorted((i for i, s in enumerate(sets) if len(s) >= min_size), key=lambda i: (len(sets[i]), i))
    index: dict[str, list[int]] = defaultdict(list)
    found: list[tuple[int, int, float]] = []
    for x in order:
        items = sets[x]
        # sorted()[:k] is heapq.nsmallest(k, ...) for these small sets, at a third of its cost
        signature = sorted([(f, tok) for tok in items if 2 <= (f := freq[tok]) <= cap])[:SIGNATURE_SIZE]
        candidates: set[int] = set()
        for _count, tok in signature:
            postings = index[tok]
            candidates.update(postings)
            postings.append(x)
        min_size = threshold * len(items)  # earlier items are not larger; Jaccard <= |y| / |x|
        mask, size = masks[x] if masks else 0, len(items)
        for y in candidates:
            if len(sets[y]) >= min_size:
                # |x & y|: on bitmasks for items (the hot loop), on the sets themselves for sentences
                common = (mask & masks[y]).bit_count() if masks else len(items & sets[y])
                sim = common / (size + len(sets[y]) - common) if common else 0.0
                if sim >= threshold:
                    found.append((min(x, y), max(x, y), sim))
    return sorted(found)


def _allowed(kb: KnowledgeBase, kind: str) -> tuple[set[frozenset[str]], list[Diagnostic]]:
    """Pairs silenced by not_duplicate_of, and errors for entries that point nowhere."""
    allowed: set[frozenset[str]] = set()
    diags: list[Diagnostic] = []
    for item_id, item in kb.items[kind].items():
        for i, entry in enumerate(getattr(item, "not_duplicate_of", ())):
            keys = ("not_duplicate_of", i, "id")
            doc = kb.documents[(kind, item_id)]
            pos = doc.pos(*keys)
            if entry.id == item_id or entry.id not in kb.items[kind]:
                what = "refers to itself" if entry.id == item_id else f"unknown {BY_KIND[kind].singular} '{entry.id}'"
                diags.append(Diagnostic(doc.path, pos.line, pos.column,
                                        f"key 'not_duplicate_of[{i}].id': {what}: expected the id of another file "
                                        f"in content/{kind}/; hint: fix the id or remove the entry", "reference"))
                continue
            allowed.add(frozenset((item_id, entry.id)))
    return allowed, diags


def _stale(kb: KnowledgeBase, kind: str, sets: dict[str, frozenset[str]]) -> list[Diagnostic]:
    """Warn about not_duplicate_of entries whose pair is no longer similar."""
    diags = []
    for item_id, item in kb.items[kind].items():
        for i, entry in enumerate(getattr(item, "not_duplicate_of", ())):
            if entry.id not in sets or entry.id == item_id:
                continue
            sim = jaccard(sets[item_id], sets[entry.id])
            if sim < THRESHOLD:
                pos = kb.documents[(kind, item_id)].pos("not_duplicate_of", i, "id")
                diags.append(Diagnostic(kb.source_path(kind, item_id), pos.line, pos.column,
                                        f"key 'not_duplicate_of[{i}]': {BY_KIND[kind].singular} '{entry.id}' is only "
                                        f"{sim:.0%} similar: expected {THRESHOLD:.0%} or more for a suppression; "
                                        "hint: remove the entry", "near-duplicate", "warning"))
    return diags


def _message(kb: KnowledgeBase, kind: str, here: str, other: str, sim: float) -> str:
    pos = kb.documents[(kind, other)].pos("id")
    return (f"near-duplicate: {BY_KIND[kind].singular} '{here}' is {sim:.0%} similar to {BY_KIND[kind].singular} '{other}' "
            f"({kb.source_path(kind, other)}:{pos.line}:{pos.column}): expected each item once; "
            f"hint: merge the two items, or add 'not_duplicate_of: [{{id: {other}, reason: ...}}]' if both must stay")


def check_near_duplicates(kb: KnowledgeBase, _rules: Any = None, kinds: Iterable[str] | None = None) -> list[Diagnostic]:
    """Warnings for similar items of the same kind: one in each file of a pair, naming the other item.

    Both files get the warning so that the item just added is always flagged,
    whichever of the two ids sorts first."""
    diags: list[Diagnostic] = []
    for kind in kinds or kb.items:
        if "not_duplicate_of" not in specs_of(KINDS[kind]):
            continue  # articles, and the triage's short labels: only items with prose are compared
        ids = sorted(kb.items[kind])
        sets = {item_id: shingles(item_text(kb.items[kind][item_id])) for item_id in ids}
        allowed, errors = _allowed(kb, kind)
        diags += errors + _stale(kb, kind, sets)
        for i, j, sim in similar_pairs([sets[item_id] for item_id in ids]):
            if frozenset((ids[i], ids[j])) in allowed:
                continue
            for here, other in ((ids[i], ids[j]), (ids[j], ids[i])):
                pos = kb.documents[(kind, here)].pos("id")
                diags.append(Diagnostic(kb.source_path(kind, here), pos.line, pos.column,
                                        _message(kb, kind, here, other, sim), "near-duplicate", "warning"))
    return diags
