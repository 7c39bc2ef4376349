"""Property (issue 28): separators, look-alike digits and letters, emoji and HTML character references
inserted into a banned phrase or a phone number never get it past the lint or the cleaner."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import pytest

from support import REPO
from generator.rules.cleaner import clean_article
from generator.rules.lint import lint_text
from generator.rules.loader import load_rules

RULES, _ = load_rules(REPO)

SEPARATORS = [" ", "\u3000", "\u00a0", "\u2009", "-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015",
              "\u2212", "\ufe63", "\uff0d", "\u00b7"]
"""Spaces and dashes of every kind, and the middle dot."""
EMOJI = ["🔥", "⭐", "✅", "❤", "🎁", "👉", "☎"]
DIGITS = {  # each digit and ways to write it that read the same
    "0": ["0", "〇", "零", "O", "o", "⓪", "０"], "1": ["1", "一", "幺", "壹", "l", "I", "①", "１"],
    "3": ["3", "三", "叁", "③", "３"], "8": ["8", "八", "捌", "⑧", "８"],
}
LETTERS = {"P": ["P", "p", "Р", "Ρ", "Ｐ"], "O": ["O", "o", "0", "О", "Ο", "Ｏ"], "S": ["S", "s", "Ѕ", "Ｓ"]}
PINYIN = {"免": "mian", "费": "fei", "申": "shen", "请": "qing"}


def entity(way: str, hexadecimal: bool) -> str:
    """A spelling written as HTML character references, one per character."""
    return "".join(f"&#x{ord(char):x};" if hexadecimal else f"&#{ord(char)};" for char in way)


@st.composite
def written(draw, base: str, spellings: dict[str, list[str]], noise: list[str]) -> str:
    """``base`` with each character spelt one of its ways (or as a character reference), and noise between."""
    out = []
    for i, char in enumerate(base):
        if i:
            out.append("".join(draw(st.lists(st.sampled_from(noise), max_size=2))))
        way = draw(st.sampled_from(spellings.get(char, [char])))
        out.append(entity(way, draw(st.booleans())) if draw(st.integers(0, 5)) == 0 else way)
    return "".join(out)


def rule_ids(text: str) -> tuple[set[str], set[str]]:
    """(rules the lint reports, rules the cleaner applies) for a text in a sentence."""
    linted = {finding.rule_id for finding in lint_text(text, RULES)}
    cleaned = clean_article(f"请先核对。{text}。\n", RULES)
    return linted, {removal.rule_id for removal in cleaned.removals}


@settings(max_examples=150, deadline=None, derandomize=True)
@given(written("13800138000", DIGITS, SEPARATORS + EMOJI))
@pytest.mark.slow  # property test over many generated spellings
def test_a_phone_number_written_any_way_is_rejected(text: str) -> None:
    linted, cleaned = rule_ids(f"拨{text}咨询")
    assert "contact-phone" in linted and "contact-phone" in cleaned, text


@settings(max_examples=150, deadline=None, derandomize=True)
@given(written("免费申请", {c: [c, p, c + p, p + c] for c, p in PINYIN.items()}, SEPARATORS + EMOJI + ["_"]))
@pytest.mark.slow  # property test over many generated spellings
def test_a_banned_phrase_written_any_way_is_rejected(text: str) -> None:
    linted, cleaned = rule_ids(f"想要{text}的朋友")
    assert "promo-apply" in linted and "promo-apply" in cleaned, text


@settings(max_examples=150, deadline=None, derandomize=True)
@given(written("申请POS", LETTERS, [""]))
@pytest.mark.slow  # property test over many generated spellings
def test_a_banned_product_name_in_look_alike_letters_is_rejected(text: str) -> None:
    linted, cleaned = rule_ids(f"个人{text}机")
    assert "promo-pos-application" in linted and "promo-pos-application" in cleaned, text
