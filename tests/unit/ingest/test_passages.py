"""An article as passages: offsets into the text as written, spam as the cleaner removed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.ingest.passages import split_article
from generator.rules.loader import load_rules

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def rules():
    loaded, diagnostics = load_rules(ROOT)
    assert diagnostics == []
    return loaded


def test_offsets_point_into_the_text_as_written_and_inline_spam_is_its_own_passage(rules):
    text = ("ＰＯＳ機刷卡多扣錢怎麼辦\r\n"
            "\r\n"
            "如何办理pos机,盗刷是指不法分子使用持卡人的银行ka卡消费。发现后立即冻结卡片!\n"
            "网友小王:我也遇到过。\n")
    pieces = split_article(text, rules)
    assert [(p.text, p.family) for p in pieces] == [
        ("ＰＯＳ機刷卡多扣錢怎麼辦", None),
        ("如何办理pos机,", "inline-how-to-apply"),
        ("盗刷是指不法分子使用持卡人的银行ka卡消费。", None),
        ("发现后立即冻结卡片!", None),
        ("网友小王:我也遇到过。", "furniture-testimonial"),
    ]
    assert all(text[p.start:p.end] == p.text for p in pieces)
    assert pieces[2].cleaned == "盗刷是指不法分子使用持卡人的银行卡消费。"  # misspelling repaired for matching


def test_a_call_to_action_beside_advice_is_cut_alone(rules):
    text = "1、核对签购单。有需要的朋友点击下方按钮。再联系发卡银行。\n"
    pieces = split_article(text, rules)
    assert [(p.text, p.family) for p in pieces] == [("1、核对签购单。", None),
                                                     ("有需要的朋友点击下方按钮。", "promo-call-to-action"),
                                                     ("再联系发卡银行。", None)]


def test_a_whole_line_without_a_sentence_mark_is_a_heading(rules):
    text = ("退款操作流程\n"
            "1、确认交易错误:先与顾客沟通。\n"
            "2、联系支付机构或银行\n"
            "标题后面有一句话。还有一句\n"
            "“保存小票。”\n")
    pieces = split_article(text, rules)
    assert [(p.text, p.heading) for p in pieces] == [
        ("退款操作流程", True),
        ("1、确认交易错误:先与顾客沟通。", False),
        ("2、联系支付机构或银行", True),
        ("标题后面有一句话。", False),
        ("还有一句", False),  # the rest of a line, not a line of its own
        ("“保存小票。”", False),
    ]
