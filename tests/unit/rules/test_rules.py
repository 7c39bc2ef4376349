"""Rules: loading rules/*.yaml, every rule's examples, repairs and lint findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from support import REPO as ROOT
from generator.diagnostics import Diagnostic
from generator.rules.cleaner import clean_article
from generator.rules.lint import lint_text
from generator.rules.loader import load_rules
from generator.rules.model import KINDS, Finding

RULES, DIAGNOSTICS = load_rules(ROOT)
REQUIRED_IDS = {
    "links", "promo-apply", "promo-entry", "promo-official-site", "promo-click-url", "promo-scan-code",
    "contact-wechat", "contact-phone", "contact-qq", "promo-fee-rate", "promo-cashback", "related-block", "toc-residue", "template-placeholder",
    "copy-notice", "pitch-list", "misspell-ka-card", "misspell-fraud", "misspell-deceit", "misspell-points",
    "misspell-certificate", "misspell-information", "garbled-pos-s", "garbled-pos-word",
}


def test_repository_rules_load_cleanly():
    assert DIAGNOSTICS == []
    assert REQUIRED_IDS <= set(RULES.ids())
    assert len(set(RULES.ids())) == len(RULES.rules)
    for rule in RULES.rules:
        assert rule.description and rule.kind in KINDS
        assert rule.positive and rule.negative
    assert {"pbc.gov.cn", "nfra.gov.cn", "gov.cn", "court.gov.cn", "unionpay.com", "qinghai.gov.cn",
            "people.com.cn"} <= set(RULES.allowlist)


def _examples(which: str):
    return [pytest.param(rule, ex, id=f"{rule.id}-{i}") for rule in RULES.rules
            for i, ex in enumerate(getattr(rule, which))]


@pytest.mark.parametrize("rule, example", _examples("positive"))
def test_positive_example_is_caught(rule, example):
    alone = clean_article(example.text, RULES.subset([rule.id]))
    hits = [r for r in alone.removals if r.rule_id == rule.id]
    assert hits, f"{rule.path}:{example.line}: rule {rule.id} does not catch its example"
    assert all(r.action == rule.action for r in hits)
    if example.cleaned is not None:
        assert clean_article(example.text, RULES).text == example.cleaned


@pytest.mark.parametrize("rule, example", _examples("negative"))
def test_negative_example_is_left_alone(rule, example):
    result = clean_article(example.text, RULES)
    assert [r for r in result.removals if r.rule_id == rule.id] == []
    if example.cleaned is not None:
        assert result.text == example.cleaned


# ---------------------------------------------------------------- repair


@pytest.mark.parametrize("raw, repaired", [
    ("储蓄ka卡、信用KA卡、借记Ka卡", "储蓄卡、信用卡、借记卡"),
    ("警惕炸骗行为", "警惕诈骗行为"),
    ("防范七咋行为", "防范欺诈行为"),
    ("刷卡有积芬", "刷卡有积分"),
    ("非金融行业从业POSS书,具备该正书才能开展业务", "非金融行业从业证书,具备该证书才能开展业务"),
    ("不要公开个人信xi息", "不要公开个人信息"),
    ("他写了一本正书", "他写了一本正书"),
    ("POS机刷卡", "POS机刷卡"),
])
def test_repair(raw, repaired):
    assert RULES.repair(raw) == repaired


def test_repaired_maps_offsets_back_to_raw():
    rep = RULES.repaired("刷ka卡,信xi息。")
    assert rep.text == "刷卡,信息。"
    assert [rep.to_raw(i) for i in range(len(rep.text) + 1)] == [0, 1, 4, 5, 5, 9, 10]
    assert rep.to_raw(2, end=True) == 4


# ---------------------------------------------------------------- lint


def test_lint_promotional_wording_message():
    assert lint_text("欢迎免费申请。", RULES) == [Finding(
        "promo-apply", 2, 4,
        "promotional wording '免费申请' (rule promo-apply): expected plain advice; hint: remove the sales pitch")]


def test_lint_link_message_and_allowlist():
    text = "投诉见 www.pbc.gov.cn 或 https://www.nfra.gov.cn/x ,不要去 mepos.cn 或 www.x.net/apply 。"
    findings = lint_text(text, RULES)
    expected = ("link '{}' (rule links): host {} is not on the allowlist: expected links only to allowlisted "
                "authorities; hint: remove the link or cite an allowlisted authority")
    assert findings == [
        Finding("links", text.index("mepos.cn"), 8, expected.format("mepos.cn", "'mepos.cn'")),
        Finding("links", text.index("www.x.net"), 15,
                expected.format("www.x.net/apply", "'www.x.net' (registrable domain 'x.net')")),
    ]


def test_lint_misspelling_and_garbled_messages():
    text = "刷KA卡后POSS处理进度。"
    assert lint_text(text, RULES) == [
        Finding("misspell-ka-card", 1, 3,
                "misspelling 'KA卡' (rule misspell-ka-card): expected '卡'; hint: write '卡' instead"),
        Finding("garbled-pos-s", 5, 4,
                "garbled wording 'POSS' (rule garbled-pos-s): expected a readable sentence; hint: the original word "
                "cannot be recovered; rewrite the sentence from a reliable source"),
    ]


def test_lint_offsets_are_raw_after_a_repair():
    text = "刷ka卡费率0.38%"
    [misspelling, fee] = lint_text(text, RULES)
    assert (misspelling.rule_id, misspelling.offset, misspelling.length) == ("misspell-ka-card", 1, 3)
    assert (fee.rule_id, text[fee.offset:fee.offset + fee.length]) == ("promo-fee-rate", "费率0.38%")


def test_lint_inline_clause_only_as_a_whole_clause():
    assert [f.rule_id for f in lint_text("POS机如何办理,先核对账单。", RULES)] == ["inline-how-to-apply"]
    assert lint_text("POS机如何办理退款?先核对账单。", RULES) == []


def test_lint_plain_advice_is_clean():
    text = "发现多扣款后,先保留签购单,再联系发卡银行;必要时拨打12363。跳码会改变手续费类别,但不改变扣款金额。"
    assert lint_text(text, RULES) == []


# ---------------------------------------------------------------- loading errors


def write_rules(tmp_path: Path, text: str, name: str = "bad.yaml") -> list[Diagnostic]:
    (tmp_path / "rules").mkdir(exist_ok=True)
    (tmp_path / "rules" / name).write_text(text, encoding="utf-8")
    return load_rules(tmp_path)[1]


GOOD = """\
rules:
  - id: promo-x
    description: x
    kind: paragraph
    patterns: ['免费']
    examples: {positive: ['免费'], negative: ['收费']}
"""


def test_missing_rules_folder(tmp_path):
    rules, diagnostics = load_rules(tmp_path)
    assert rules.rules == ()
    assert diagnostics == [Diagnostic("rules", 1, 1, "folder not found: expected rules/ under the root; "
                                                     "hint: pass --root DIR", "rules")]


def test_good_file_loads(tmp_path):
    assert write_rules(tmp_path, GOOD) == []
    assert load_rules(tmp_path)[0].ids() == ("promo-x",)


def test_bad_regex_is_located(tmp_path):
    diagnostics = write_rules(tmp_path, GOOD.replace("['免费']", "['免费(']"))
    assert [str(d) for d in diagnostics] == [
        "rules/bad.yaml:5:16: bad regular expression '免费(': missing ): 免费(; expected an RE2 regular expression; "
        "hint: escape special characters with a backslash and quote the pattern with single quotes"]
    assert load_rules(tmp_path)[0].rules == ()


def test_unknown_kind_and_missing_description(tmp_path):
    text = GOOD.replace("kind: paragraph", "kind: paragrap").replace("    description: x\n", "")
    assert [str(d) for d in write_rules(tmp_path, text)] == [
        "rules/bad.yaml:2:5: rule is missing 'description': expected one sentence saying what the rule removes; "
        "hint: add 'description:' to the rule",
        "rules/bad.yaml:3:11: unknown kind 'paragrap': expected one of " + ", ".join(KINDS) +
        "; hint: see KINDS in generator/rules/model.py",
    ]


def test_examples_must_have_both_lists(tmp_path):
    text = GOOD.replace("examples: {positive: ['免费'], negative: ['收费']}", "examples: {positive: ['免费']}")
    assert [str(d) for d in write_rules(tmp_path, text)] == [
        "rules/bad.yaml:6:15: examples need a non-empty 'negative' list: expected at least one text; "
        "hint: add 'negative:' with one or more examples"]


def test_duplicate_rule_id_across_files(tmp_path):
    write_rules(tmp_path, GOOD, "a.yaml")
    diagnostics = write_rules(tmp_path, GOOD, "b.yaml")
    assert [str(d) for d in diagnostics] == [
        "rules/b.yaml:2:9: duplicate rule id 'promo-x': expected each id once; hint: it is already defined at "
        "rules/a.yaml:2"]


def test_unknown_key_bad_id_and_repair_without_replacement(tmp_path):
    text = """\
rules:
  - id: Bad_Id
    description: x
    kind: repair
    patterns: ['x']
    colour: red
    examples: {positive: ['x'], negative: ['y']}
"""
    assert [str(d) for d in write_rules(tmp_path, text)] == [
        "rules/bad.yaml:6:5: unknown key 'colour': expected one of context, description, examples, expected, hint, "
        "id, kind, label, lint, patterns, replacement; hint: check the spelling",
        "rules/bad.yaml:2:9: bad rule id 'Bad_Id': expected lowercase ASCII words joined by '-'; "
        "hint: e.g. 'promo-apply'",
        "rules/bad.yaml:2:5: repair rule needs 'replacement': expected the correct spelling as text; "
        "hint: add 'replacement: 卡'",
    ]


def test_bad_allowlist_entry_and_yaml_errors(tmp_path):
    diagnostics = write_rules(tmp_path, "allowlist: ['http://pbc.gov.cn/x', 'gov.cn']\nrules: []\n")
    assert [str(d) for d in diagnostics] == [
        "rules/bad.yaml:1:13: bad allowlist entry 'http://pbc.gov.cn/x': expected a lowercase domain such as "
        "'pbc.gov.cn' without scheme or path; hint: remove 'http://' and anything after the domain"]
    assert load_rules(tmp_path)[0].allowlist == ("gov.cn",)
    diagnostics = write_rules(tmp_path, "rules:\n  - id: [\n")
    assert len(diagnostics) == 1 and diagnostics[0].message.startswith("YAML syntax error: ")
    assert diagnostics[0].code == "yaml"
    assert [str(d) for d in write_rules(tmp_path, "- just a list\n")] == [
        "rules/bad.yaml:1:1: rule file must be a mapping: expected 'rules:' and optionally 'allowlist:' or "
        "'phones:', got ['just a list']; hint: start the file with 'rules:'"]


def test_bad_file_does_not_stop_the_others(tmp_path):
    write_rules(tmp_path, GOOD, "a.yaml")
    write_rules(tmp_path, "rules: 5\n", "b.yaml")
    rules, diagnostics = load_rules(tmp_path)
    assert rules.ids() == ("promo-x",)
    assert [str(d) for d in diagnostics] == [
        "rules/b.yaml:1:8: 'rules' must be a list: expected one '- id: ...' entry per rule; "
        "hint: indent each rule under 'rules:' with '- '"]


def test_is_allowed():
    assert RULES.is_allowed("http://www.pbc.gov.cn/a")
    assert RULES.is_allowed("xining.pbc.gov.cn")
    assert not RULES.is_allowed("pbc.gov.cn.evil.top")
    assert not RULES.is_allowed("notunionpay.com")


# ---------------------------------------------------------------- properties

TOKENS = list("刷卡银行商户交易退款核对签购单。,;?:、\n 12.%") + [
    "ka卡", "POS机", "pos", "POSS", "mepos.cn", "www.pbc.gov.cn", "免费申请", "相关文章", "本文目录:", "1、", "2. ",
    "(在此处写)", "一清机", "炸骗", "POS机如何办理,", "有哪些:"]
TEXT = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


@pytest.mark.parametrize(("text", "cleaned", "rules"), [
    # a sentence-ending 。 is not a dot of the host: the link before it is still cut
    ("mepos.cn。POSS", "", ["garbled-pos-s", "links"]),
    ("见www.pbc.gov.cn。POSS", "见www.pbc.gov.cn。\n", ["garbled-pos-s"]),
    # what is left around a cut placeholder is judged as the linter reads it
    ("刷刷刷刷刷刷 (在此处写)POS机如何办理,核对交易。", "核对交易。\n", ["inline-how-to-apply", "template-placeholder"]),
])
def test_cleaner_cases_found_by_the_property_test(text, cleaned, rules):
    result = clean_article(text, RULES)
    assert result.text == cleaned
    assert sorted({r.rule_id for r in result.removals}) == rules
    assert lint_text(result.text, RULES) == []


@settings(max_examples=200, deadline=None)
@given(TEXT)
@example("www.pbc.gov.cn\n1")  # two paragraphs; linted as one value, its lines join into the host www.pbc.gov.cn1
@example("www.pbc.gov.cn.(在此处写)1、")  # the cut placeholder must not join the host and the digit: www.pbc.gov.cn.1
def test_cleaner_never_fails_and_leaves_no_lintable_spam(text):
    """No line of a cleaned article has lintable spam: each line is a paragraph of its own (provenance quotes
    are taken from one), so lines are linted one by one, not joined as the lint joins a folded YAML value."""
    result = clean_article(text, RULES)
    assert [finding for line in result.text.split("\n") for finding in lint_text(line, RULES)] == []
    lines = text.split("\n")
    for removal in result.removals:
        assert 1 <= removal.line <= len(lines)
        assert removal.text in lines[removal.line - 1]
        assert lines[removal.line - 1].find(removal.text, removal.column - 1) == removal.column - 1
    assert clean_article(text, RULES) == result


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_lint_findings_point_into_the_text(text):
    for finding in lint_text(text, RULES):
        assert finding.length > 0
        assert 0 <= finding.offset and finding.offset + finding.length <= len(text)
        assert f"'{text[finding.offset:finding.offset + finding.length]}'" in finding.message


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["核对交易记录。", "保留签购单。", "联系发卡银行,说明情况。", "拨打12363反映问题。"]),
                min_size=1, max_size=8))
def test_clean_advice_passes_through_unchanged(sentences):
    text = "\n".join(sentences) + "\n"
    result = clean_article(text, RULES)
    assert result.text == text
    assert result.removals == ()
