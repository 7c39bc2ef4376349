"""The near-duplicate search: the signature index finds what comparing all pairs finds, also at 10,000 texts."""

from __future__ import annotations

import random

import pytest

from generator.validate.neardup import jaccard, shingles, similar_pairs


def synthetic_texts(n: int, seed: int) -> list[str]:
    """n texts of Chinese 'words' drawn with a Zipf-like law, so that common bigrams are very common."""
    rng = random.Random(seed)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 1500)]
    words = ["".join(rng.choice(chars) for _ in range(rng.choice((2, 2, 3, 4)))) for _ in range(3000)]
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return ["，".join(rng.choices(words, weights, k=rng.randint(20, 80))) for _ in range(n)]


def plant(texts: list[str], count: int, seed: int) -> list[tuple[int, int]]:
    """Append edited copies of random texts (5 % to 30 % of characters replaced); return (original, copy)."""
    rng = random.Random(seed)
    pairs = []
    for k in range(count):
        src = rng.randrange(len(texts))
        chars = list(texts[src])
        for _ in range(int(len(chars) * (0.05 + 0.25 * k / count))):
            chars[rng.randrange(len(chars))] = chr(0x4E00 + rng.randrange(1500))
        texts.append("".join(chars))
        pairs.append((src, len(texts) - 1))
    return pairs


@pytest.mark.slow  # all pairs of a large base
def test_index_finds_what_all_pairs_finds() -> None:
    texts = synthetic_texts(1000, seed=1)
    plant(texts, 25, seed=2)
    sets = [shingles(t) for t in texts]
    brute = {(i, j) for i in range(len(sets)) for j in range(i + 1, len(sets))
             if min(len(sets[i]), len(sets[j])) >= 10 and jaccard(sets[i], sets[j]) >= 0.4}
    assert len(brute) >= 15
    assert {(i, j) for i, j, _ in similar_pairs(sets)} == brute


@pytest.mark.slow  # 10,000 items
def test_ten_thousand_items_find_the_planted_pairs() -> None:
    texts = synthetic_texts(10_000, seed=3)
    planted = plant(texts, 40, seed=4)
    sets = [shingles(t) for t in texts]
    found = {(i, j) for i, j, _ in similar_pairs(sets)}
    expected = {pair for pair in planted if jaccard(sets[pair[0]], sets[pair[1]]) >= 0.4}
    assert len(expected) >= 20
    assert expected <= found
