"""The lint's screen is sound: it never hides a match of any rule pattern (one RE2 search of their union)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from support import REPO
from generator.rules.loader import load_rules
from generator.rules.regex import Screen

RULES, _ = load_rules(REPO)
PATTERNS = [p for rule in RULES.rules for p in rule.patterns]
EXAMPLES = [ex.text for rule in RULES.rules for ex in rule.positive + rule.negative]
ALPHABET = sorted({c for text in EXAMPLES for c in text} | set("POSposKA卡机 .,:/0123456789"))
SCREEN = Screen(PATTERNS)


def test_every_positive_example_passes_the_screen() -> None:
    matched = [text for text in EXAMPLES if any(p.search(text) for p in PATTERNS)]
    assert len(matched) > 100
    assert all(SCREEN.search(text) for text in matched)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(EXAMPLES + ALPHABET), max_size=8).map("".join))
def test_screen_never_rejects_a_text_that_some_pattern_matches(text: str) -> None:
    if any(p.search(text) for p in PATTERNS):
        assert SCREEN.search(text)


def test_clean_text_is_rejected() -> None:
    assert not SCREEN.search("先核对交易记录和对账单，再联系发卡银行。")
    assert SCREEN.search("免费申请")
