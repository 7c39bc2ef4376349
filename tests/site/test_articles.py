"""The five source articles are kept unchanged, and each has its metadata."""

from __future__ import annotations

import pytest

from support import REPO
from generator.pipeline import check

SEEDS = REPO.parent / "shared" / "seeds"


def test_every_article_is_a_byte_identical_copy_of_its_seed() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    kb = check(REPO).kb
    articles = kb.items["articles"]
    assert sorted(articles) == ["a000", "a001", "a002", "a003", "a004"]
    for article_id, article in articles.items():
        copy = (REPO / "content" / "articles" / f"{article_id}.txt").read_bytes()
        assert copy == (SEEDS / article.seed).read_bytes(), article_id
    assert len({a.seed for a in articles.values()}) == len(list(SEEDS.glob("*.txt")))
