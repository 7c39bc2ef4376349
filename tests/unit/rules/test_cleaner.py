"""The cleaner on the five seed articles and three fixture articles of our own.

Ground truth is tests/fixtures/annotations/<article>.yaml: every sentence of
every article labelled advice, spam or garbled (inline spam fragments listed
on advice sentences). ``evaluate`` turns the labels into precision and recall
of spam removal; run ``python tests/unit/rules/test_cleaner.py`` to print them. ``kb clean`` itself is tested in
tests/cli/test_clean.py.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))  # also run as a script: python tests/unit/rules/test_cleaner.py

from generator.load.parse import parse_yaml  # noqa: E402
from generator.rules.cleaner import clean_article  # noqa: E402
from generator.rules.lint import lint_text  # noqa: E402
from generator.rules.loader import load_rules  # noqa: E402
from generator.rules.model import Removal, RuleSet  # noqa: E402

ANNOTATIONS = ROOT / "tests" / "fixtures" / "annotations"
SEEDS = ["a000", "a001", "a002", "a003", "a004"]
FIXTURES = ["refund-delay", "strange-merchant-name", "card-skimming",
            "wrong-amount", "duplicate-charge", "refund-not-received",
            "card-swallowed-qa", "refund-steps-cta", "forum-overcharge"]
"""Three (issue 17) carry page furniture, contact spam and evasions: full-width digits, spaced and
Traditional phrases, a link hiding its host behind userinfo. The last three (issue 27) carry forum
furniture (testimonial lines, vote counts, share bars) and calls to action as a heading, a list item
and a sentence beside advice."""
UNSEEN = "card-skimming"  # written before the rules were tuned; no rule was changed for it
DROP = ("spam", "garbled")


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    loaded, diagnostics = load_rules(ROOT)
    assert diagnostics == []
    return loaded


def load_annotation(name: str) -> tuple[str, list[dict]]:
    path = ANNOTATIONS / f"{name}.yaml"
    data, _positions, diagnostics = parse_yaml(path.read_text(encoding="utf-8"), path.name)
    assert diagnostics == []
    return data["article"], data["sentences"]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    lost_advice: tuple[str, ...] = ()
    kept_spam: tuple[str, ...] = ()

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn,
                     self.lost_advice + other.lost_advice, self.kept_spam + other.kept_spam)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def evaluate(name: str, rules: RuleSet) -> Score:
    """Score the cleaner on one annotated article.

    A spam or garbled sentence (or an inline spam fragment) that is gone from the
    cleaned text is a true positive, one that survives a false negative; an advice
    sentence (minus its fragments, misspellings repaired) that is missing is a
    false positive. Occurrences are counted, so a title repeated as spam is only
    a false negative if it shows up more often than the advice copies allow.
    """
    article, sentences = load_annotation(name)
    cleaned = clean_article((ROOT / article).read_text(encoding="utf-8"), rules).text
    advice: Counter[str] = Counter()
    drop: Counter[str] = Counter()
    for s in sentences:
        assert s["label"] in ("advice", *DROP), s
        if s["label"] == "advice":
            kept = s["text"]
            for fragment in s.get("spam", []):
                kept = kept.replace(fragment, "")
                drop[rules.repair(s["text"]).strip()] += 1
            advice[rules.repair(kept).strip()] += 1
        else:
            drop[rules.repair(s["text"]).strip()] += 1
    score = Score()
    for key in advice.keys() | drop.keys():
        found = cleaned.count(key)
        kept = min(found, advice[key])
        surplus = min(max(0, found - advice[key]), drop[key])
        score.tn += kept
        score.fp += advice[key] - kept
        score.fn += surplus
        score.tp += drop[key] - surplus
        if advice[key] > kept:
            score.lost_advice += (key,)
        if surplus:
            score.kept_spam += (key,)
    return score


def report(rules: RuleSet) -> Score:
    total = Score()
    print(f"{'article':24} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'precision':>9} {'recall':>7}")
    for name in SEEDS + FIXTURES:
        s = evaluate(name, rules)
        total += s
        print(f"{name:24} {s.tp:4} {s.fp:4} {s.fn:4} {s.tn:4} {s.precision:9.3f} {s.recall:7.3f}")
    print(f"{'all articles':24} {total.tp:4} {total.fp:4} {total.fn:4} {total.tn:4} "
          f"{total.precision:9.3f} {total.recall:7.3f}")
    return total


# ---------------------------------------------------------------- annotations


@pytest.mark.parametrize("name", SEEDS + FIXTURES)
def test_every_advice_sentence_is_kept(rules, name):
    score = evaluate(name, rules)
    assert score.lost_advice == ()
    assert score.tn > 5  # the annotation is not trivially small


@pytest.mark.parametrize("name", SEEDS + FIXTURES)
def test_no_spam_sentence_survives(rules, name):
    score = evaluate(name, rules)
    assert score.kept_spam == ()
    assert score.tp > 3


def test_unseen_fixture_is_clean_and_keeps_advice(rules):
    score = evaluate(UNSEEN, rules)
    assert (score.fp, score.fn) == (0, 0)
    cleaned = clean_article((ROOT / "tests/fixtures/articles/card-skimming.txt").read_text(), rules).text
    assert lint_text(cleaned, rules) == []
    assert "可以登录" not in cleaned  # sanity: the fixture is the card-skimming one
    assert "3、向公安机关报案:带上身份证、银行卡和交易短信到派出所报案,并索取报案回执。" in cleaned


def test_precision_and_recall_on_all_articles(rules, capsys):
    with capsys.disabled():
        print()
        total = report(rules)
    assert total.tp + total.fn > 200
    assert total.precision == 1.0
    assert total.recall == 1.0


def test_annotations_cover_every_non_blank_line():
    for name in SEEDS + FIXTURES:
        article, sentences = load_annotation(name)
        lines = (ROOT / article).read_text(encoding="utf-8").split("\n")
        annotated = {s["line"] for s in sentences}
        assert annotated == {i for i, line in enumerate(lines, 1) if line.strip()}, name
        for s in sentences:
            assert s["text"] in lines[s["line"] - 1]


# ---------------------------------------------------------------- seed articles


URL_OR_DOMAIN = re.compile(r"(?i)https?://|www\.|[a-z0-9-]+\.(?:cn|com|net|top|vip|org)\b")
MISSPELLINGS = ("ka卡", "KA卡", "炸骗", "七咋", "积芬", "POSS", "信xi息", "正书", "生病银行")
SPAM_WORDS = ("免费申请", "免费办理", "办理入口", "官网申请", "点击网址", "扫码领取", "公众号", "激活返现", "倒贴钱",
              "一清机", "跳码", "正规吗", "pos机申请", "申请pos机", "办理流程:", "有哪些", "相关文章", "相关POS机产品",
              "本文目录", "(在此处", "微信复制成功", "费率")


@pytest.mark.parametrize("name", SEEDS)
def test_seed_article_has_no_link_promotion_or_misspelling_left(rules, name):
    cleaned = clean_article((ROOT / "content/articles" / f"{name}.txt").read_text(), rules).text
    assert lint_text(cleaned, rules) == []
    assert URL_OR_DOMAIN.findall(cleaned) == []
    assert [w for w in MISSPELLINGS if w.lower() in cleaned.lower()] == []
    assert [w for w in SPAM_WORDS if w.lower() in cleaned.lower()] == []


def test_inline_spam_is_cut_and_the_sentence_kept(rules):
    cleaned = clean_article((ROOT / "content/articles/a002.txt").read_text(), rules).text
    assert "\nPOS机已成为商户日常经营中不可或缺的支付工具,拉卡拉POS机作为" in cleaned
    assert "\n越来越多的消费者开始使用信用卡、借记卡等电子支付方式进行交易," in cleaned
    cleaned = clean_article((ROOT / "content/articles/a003.txt").read_text(), rules).text
    assert "POS机已成为商家进行交易不可或缺的工具,POS机的使用频率越来越高,但随之而来的" in cleaned


def test_removals_name_rule_line_and_raw_text(rules):
    result = clean_article((ROOT / "content/articles/a002.txt").read_text(), rules)
    assert Removal("inline-how-to-apply", 4, "POS机如何办理,", "removed", 1) in result.removals
    assert Removal("inline-seo-attribution", 34, "根据POS机网mepos.cn分析,", "removed", 1) in result.removals
    assert Removal("misspell-ka-card", 1, "ka卡", "repaired", 9, "卡") in result.removals
    assert Removal("promo-pos-application", 24, "pos机怎么申请及pos机申请流程,刷ka卡机多少钱一台?,",
                   "removed", 1) in result.removals
    flagged = {(r.line, r.rule_id) for r in result.removals if r.action == "flagged"}
    assert flagged == {(43, "garbled-pos-word"), (44, "garbled-pos-word")}


def test_garbled_sentences_are_flagged_not_guessed(rules):
    result = clean_article((ROOT / "content/articles/a004.txt").read_text(), rules)
    flagged = {(r.line, r.rule_id) for r in result.removals if r.action == "flagged"}
    assert flagged == {(31, "garbled-privacy"), (48, "garbled-pos-s"), (52, "garbled-pos-word")}
    assert "不公开的" not in result.text and "攻击" not in result.text
    a000 = clean_article((ROOT / "content/articles/a000.txt").read_text(), rules)
    assert [(r.line, r.rule_id) for r in a000.removals if r.action == "flagged"] == [(7, "garbled-bank-name")]


def test_legitimate_pos_wording_is_never_flagged(rules):
    text = ("网络问题可能导致pos与服务器之间的通信延迟。拉卡拉pos系统可能存在bug。商家在使用pos进行交易时要核对金额。"
            "POS(Point of Sale)机器已成为桥梁。相关部门应该加强对pos市场的监管力度。避免使用假的pos产品。")
    result = clean_article(text, rules)
    assert result.removals == ()
    assert result.text == text + "\n"


def test_promotional_paragraph_is_dropped_whole(rules):
    text = ("保留签购单。\n"
            "盛付通pos,口碑很好,刷卡有积分。盛付通pos办理入口:见官网,工作人员审核后,会邮寄pos给申请人。\n"
            "核对账单。")
    result = clean_article(text, rules)
    assert result.text == "保留签购单。\n核对账单。\n"
    assert [(r.rule_id, r.line, r.action) for r in result.removals] == [("promo-entry", 2, "removed")]


def test_allowlisted_link_is_kept_and_others_cut(rules):
    text = "可以登录www.pbc.gov.cn查询投诉渠道,也可以看 https://www.example.top/reg?from=1 ,然后打电话。"
    result = clean_article(text, rules)
    assert result.text == "可以登录www.pbc.gov.cn查询投诉渠道,然后打电话。\n"
    assert result.removals == (Removal("links", 1, "也可以看 https://www.example.top/reg?from=1 ,", "removed", 26),)


def test_cleaning_is_deterministic(rules):
    texts = [(ROOT / "content/articles" / f"{n}.txt").read_text() for n in SEEDS]
    first = [clean_article(t, rules) for t in texts]
    assert [clean_article(t, rules) for t in texts] == first


if __name__ == "__main__":
    loaded, problems = load_rules(ROOT)
    for problem in problems:
        print(problem, file=sys.stderr)
    report(loaded)
