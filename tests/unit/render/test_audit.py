"""An article page counts what the cleaner removed by family: every kind of rule declares its family's label
(rules/model.py, KINDS), so nothing the rules remove from the real articles is counted as "其他"."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import FIXTURES, REPO
from generator.pipeline import check
from generator.render.pages import Renderer, SiteInfo
from generator.rules.model import KINDS


def test_every_kind_of_rule_declares_a_family_label() -> None:
    assert all(kind.family and kind.family != "其他" for kind in KINDS.values())
    assert KINDS["furniture"].family == "网页杂项（导航、署名、浏览数等）"
    assert KINDS["phone"].family == "电话号码"


def audits(root: Path) -> dict[str, dict]:
    result = check(root, extra_checks=False)
    renderer = Renderer(result.kb, SiteInfo(site_url="https://example.invalid/", version="0", date="2026-01-01"),
                        result.rules)
    return {article_id: renderer.audit(article_id) for article_id in sorted(result.kb.articles_clean)}


def test_page_furniture_and_phone_numbers_are_counted_under_their_own_families(small_kb: Path) -> None:
    shutil.copy(FIXTURES / "articles" / "card-swallowed-qa.txt", small_kb / "content" / "articles" / "t002.txt")
    (small_kb / "content" / "articles" / "t002.yaml").write_text("id: t002\ntitle: 吞卡\nseed: t002.txt\n",
                                                                encoding="utf-8")
    (small_kb / "content" / "articles" / "t003.txt").write_text("刷卡多扣了怎么办\n有问题请拨打13812345678咨询。\n"
                                                               "核对交易记录。\n", encoding="utf-8")
    (small_kb / "content" / "articles" / "t003.yaml").write_text("id: t003\ntitle: 多扣\nseed: t003.txt\n",
                                                                encoding="utf-8")
    found = audits(small_kb)
    assert dict(found["t002"]["families"])["网页杂项（导航、署名、浏览数等）"] >= 5
    assert dict(found["t003"]["families"]) == {"电话号码": 1}
    assert all(family != "其他" for audit in found.values() for family, _count in audit["families"])


def test_the_real_articles_removals_are_all_counted_under_a_named_family() -> None:
    found = audits(REPO)
    for article_id, audit in found.items():
        assert sum(count for _family, count in audit["families"]) == audit["removed"], article_id
    assert "其他" not in {family for audit in found.values() for family, _count in audit["families"]}
