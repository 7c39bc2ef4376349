"""The lint pre-filter is sound: it never hides a match of any rule pattern."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from support import REPO
from generator.rules.prefilter import Prefilter, required_sets
from generator.rules.loader import load_rules

RULES, _ = load_rules(REPO)
PATTERNS = [p for rule in RULES.rules for p in rule.patterns]
EXAMPLES = [ex.text for rule in RULES.rules for ex in rule.positive + rule.negative]
ALPHABET = sorted({c for text in EXAMPLES for c in text} | set("POSposKA卡机 .,:/0123456789"))


def test_every_match_in_the_rule_examples_contains_each_required_set() -> None:
    checked = 0
    for pattern in PATTERNS:
        sets = required_sets(pattern) or []
        for text in EXAMPLES:
            for match in pattern.finditer(text):
                for chars in sets:
                    assert not chars.isdisjoint(match.group()), (pattern.pattern, match.group(), sorted(chars))
                checked += 1
    assert checked > 50


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(EXAMPLES + ALPHABET), max_size=8).map("".join))
def test_prefilter_never_rejects_a_text_that_some_pattern_matches(text: str) -> None:
    prefilter = Prefilter(PATTERNS)
    matched = any(p.search(text) for p in PATTERNS)
    if matched:
        assert prefilter.may_match(text)
    assert prefilter.search(text) is matched


def test_required_sets_of_simple_patterns() -> None:
    assert set(required_sets(re.compile("公众号"))) == {frozenset("公"), frozenset("众"), frozenset("号")}
    assert set(required_sets(re.compile("(?:0|零)元"))) == {frozenset("0零"), frozenset("元")}
    assert required_sets(re.compile("(?i)ka卡")) is not None
    assert frozenset("kK") in required_sets(re.compile("(?i)ka卡"))
    assert required_sets(re.compile(r"\d+")) is None
    assert required_sets(re.compile("a?b*")) is None


def test_clean_text_is_rejected_cheaply() -> None:
    assert not Prefilter(PATTERNS).may_match("先核对交易记录和对账单，再联系发卡银行。")


def test_search_is_exact_on_every_rule_example() -> None:
    prefilter = Prefilter(PATTERNS)
    hits = 0
    for text in EXAMPLES:
        expected = any(p.search(text) for p in PATTERNS)
        assert prefilter.search(text) is expected, text
        hits += expected
    assert 0 < hits < len(EXAMPLES)
