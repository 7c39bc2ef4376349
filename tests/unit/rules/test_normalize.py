"""The normalised view (issue 17): one spelling for the rules, offsets back to the text as written."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.rules.cleaner import clean_article
from generator.rules.links import public_suffix_list, find_links, public_suffix
from generator.rules.lint import lint_text
from generator.rules.loader import load_rules
from generator.rules.normalize import INVISIBLE, display_text, normalize
from support import REPO

RULES, _ = load_rules(REPO)
TRADITIONAL = {"费": "費", "请": "請", "办": "辦", "扫": "掃", "码": "碼", "领": "領", "众": "眾", "号": "號",
               "页": "頁", "篇": "篇", "标": "標", "签": "簽", "网": "網"}
SEPARATORS = [" ", "\u3000", "-", "\u2014", "\u00b7", "\u30fb", ".", "_", "*", "/", "\n  ", "\uff0d", "\u3000 "]
INVISIBLES = ["\u00ad", "\u034f", "\ufe0f", "\ufe00", "\u3164", "\u115f", "\u061c", "\U000e0020", "\u180e",
              "\u2800", "\U000e0101"]
PHRASES = [("免费申请", "promo-apply"), ("办理入口", "promo-entry"), ("扫码领取", "promo-scan-code"),
           ("公众号", "contact-wechat"), ("POS机申请", "promo-pos-application"), ("一清机", "promo-settlement")]


def _full_width(char: str) -> str:
    return chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char


@st.composite
def disguised(draw) -> tuple[str, str, str]:
    """A promotional phrase spelt another way: (disguised phrase, the phrase, its rule id)."""
    phrase, rule_id = draw(st.sampled_from(PHRASES))
    out = []
    for index, char in enumerate(phrase):
        forms = [char, TRADITIONAL.get(char, char), _full_width(char)]
        out.append(draw(st.sampled_from(forms)))
        if index < len(phrase) - 1 and not (char + phrase[index + 1]).isascii():  # between CJK characters
            gap = draw(st.lists(st.sampled_from(SEPARATORS + INVISIBLES), max_size=3))
            out.append("".join(gap))
    return "".join(out), phrase, rule_id


@settings(max_examples=300, deadline=None, derandomize=True)
@given(disguised(), st.sampled_from(["", "先核对签购单，", "收银员说：", "1. "]))
def test_a_disguised_phrase_is_still_caught_where_it_is_written(case, prefix) -> None:
    text, phrase, rule_id = case
    value = prefix + text + "。"
    hits = [f for f in lint_text(value, RULES) if f.rule_id == rule_id]
    assert hits, (value, phrase)
    start = len(prefix) + len(text) - len(text.lstrip("".join(SEPARATORS + INVISIBLES)))
    assert hits[0].offset == start
    if "\n" in text:
        return  # an article line is a paragraph: a line break ends the phrase there
    cleaned = clean_article(value, RULES)
    assert rule_id in {r.rule_id for r in cleaned.removals}
    assert phrase not in normalize(cleaned.text).text


def test_views_and_offsets() -> None:
    norm = normalize("先核对，免 費\u00ad申-請ＰＯＳ机")
    assert norm.plain == "先核对,免費申-請POS机"
    assert norm.text == "先核对,免费申请POS机"
    assert norm.invisible == ((7, "\u00ad"),)
    start = norm.text.index("免费申请")
    assert norm.span(start, start + 4) == (4, 11)
    assert norm.span(norm.text.index("POS"), len(norm.text)) == (11, 15)
    assert normalize("收银员多按了一次").text == "收银员多按了一次"


def test_display_text_is_what_the_renderer_prints() -> None:
    assert display_text("  收银员多按\n  了一次 收款键 ok \u00ad") == "收银员多按了一次收款键 ok"
    assert display_text("POS 机") == "POS 机"


def test_every_format_character_of_this_python_is_invisible() -> None:
    missing = [f"U+{cp:04X}" for cp in range(0x110000)
               if unicodedata.category(chr(cp)) == "Cf" and not INVISIBLE.match(chr(cp)) and cp < 0x13439]
    assert missing == []


def test_public_suffix_list_comes_from_the_bundled_snapshot_only() -> None:
    extractor = public_suffix_list()
    assert extractor.suffix_list_urls == ()
    assert extractor.fallback_to_snapshot is True
    assert [link.host for link in find_links("见 evil.xn--fiqs8s 与 a.b.hk", ("gov.cn",))] == ["evil.xn--fiqs8s",
                                                                                              "a.b.hk"]


def test_every_allowlisted_domain_ends_in_a_public_suffix() -> None:
    assert RULES.allowlist
    assert [domain for domain in RULES.allowlist if not public_suffix(domain)[1]] == []


def test_letters_spelt_out_one_by_one_read_as_the_word() -> None:
    """One separator between single letters, three or more of them: P O S, P.O.S, P-O-S read as POS; two
    letters, a word and its letters, or ASCII alone are left as written."""
    assert normalize("个人申请P O S机").text == "个人申请POS机"
    assert normalize("正规P.O.S机").text == "正规POS机"
    assert normalize("p-o-s 机官网").text == "pos机官网"
    assert normalize("A B两笔交易").text == "A B两笔交易"
    assert normalize("USB 接口，A、B、C 三项").text == "USB接口,A、B、C三项"
    finding = next(f for f in lint_text("先核对，个人申请P O S机", RULES) if f.rule_id == "promo-pos-application")
    assert "先核对，个人申请P O S机"[finding.offset:finding.offset + finding.length] == "申请P O S"


def test_spelt_out_letters_in_ascii_text_keep_the_offset_map() -> None:
    """ASCII alone is left as written by the fast and the traced normal form alike: a finding in a trimmed ASCII
    value with single letters in it maps back to its offset (the traced form used to collapse 'a b c')."""
    assert normalize(" a b c").span(0, 1) == (1, 2)
    finding = next(f for f in lint_text("see evil.com for a b c\n", RULES) if f.rule_id == "links")
    assert (finding.offset, finding.length) == (4, 8)
