"""Every advice sentence of the five articles is in the guide.

Ground truth: the sentence labels in tests/fixtures/annotations/<article>.yaml. An advice sentence
is covered when an item (its sources or one of its claims' sources) quotes part of it from that
article, so the link from advice to item is the provenance quote the validator already checks
against the cleaned article. The few advice-labelled sentences that hold no advice (titles,
introductions, summaries, appeals to regulators) are listed with a reason in
tests/fixtures/advice-exceptions.yaml; that list is checked too: every entry names one real
uncovered sentence, and a heading must look like one.
"""

from __future__ import annotations

import pytest

from support import FIXTURES, REPO
from generator.load.parse import parse_yaml
from generator.pipeline import check

SEEDS = ["a000", "a001", "a002", "a003", "a004"]
LABELS = {"heading", "intro", "summary", "not-for-reader", "no-advice"}
MIN_QUOTE = 6
"""A quote shorter than this could match by chance."""


def load(path):
    data, _positions, diagnostics = parse_yaml(path.read_text(encoding="utf-8"), path.name)
    assert diagnostics == []
    return data


@pytest.fixture(scope="module")
def checked():
    result = check(REPO)
    assert not result.errors, "\n".join(map(str, result.errors))
    return result


def quotes_by_article(kb) -> dict[str, list[tuple[str, str]]]:
    """article -> (quote, 'kind/id') for every item source and claim source."""
    out: dict[str, list[tuple[str, str]]] = {}
    for kind, items in kb.items.items():
        if kind == "articles":
            continue
        for item_id, item in items.items():
            if not hasattr(item, "sources"):
                continue  # triage questions and outcomes quote no article
            sources = list(item.sources) + [s for c in item.claims for s in c.sources]
            for src in sources:
                if src.article and src.quote and len(src.quote) >= MIN_QUOTE:
                    out.setdefault(src.article, []).append((src.quote, f"{kind}/{item_id}"))
    return out


def advice_sentences(article: str, rules) -> list[tuple[int, str, str]]:
    """(line, raw text, cleaned text) of every advice sentence, inline spam cut and misspellings repaired."""
    out = []
    for s in load(FIXTURES / "annotations" / f"{article}.yaml")["sentences"]:
        if s["label"] != "advice":
            continue
        kept = s["text"]
        for fragment in s.get("spam", []):
            kept = kept.replace(fragment, "")
        out.append((s["line"], s["text"], rules.repair(kept).strip()))
    return out


@pytest.mark.parametrize("article", SEEDS)
def test_every_advice_sentence_is_quoted_by_an_item_or_explained(checked, article: str) -> None:
    quotes = quotes_by_article(checked.kb).get(article, [])
    exceptions = load(FIXTURES / "advice-exceptions.yaml")[article]
    sentences = advice_sentences(article, checked.rules)
    assert len(sentences) >= 25
    uncovered = [(line, raw, text) for line, raw, text in sentences
                 if not any(quote in text for quote, _item in quotes)]
    matched, problems = set(), []
    for entry in exceptions:
        hits = [(line, raw) for line, raw, text in uncovered
                if line == entry["line"] and (raw.startswith(entry["starts"]) or text.startswith(entry["starts"]))]
        if len(hits) != 1:
            problems.append(f"{article}:{entry['line']} {entry['starts']!r}: matches {len(hits)} uncovered sentences")
            continue
        if entry["label"] not in LABELS or not entry.get("reason", "").strip():
            problems.append(f"{article}:{entry['line']}: label {entry['label']!r} needs one of {sorted(LABELS)} "
                            "and a reason")
        if entry["label"] == "heading" and ("。" in hits[0][1] or len(hits[0][1]) > 30):
            problems.append(f"{article}:{entry['line']}: not a heading: {hits[0][1][:30]!r}")
        matched.add(hits[0])
    missing = [f"{article}:{line}: {raw[:40]}" for line, raw, _t in uncovered if (line, raw) not in matched]
    assert problems == [] and missing == []
    assert len(uncovered) < len(sentences) / 2  # most advice is in the guide, not explained away


def test_advice_that_sat_beside_a_promotional_block_is_kept(checked) -> None:
    """a002 line 32 follows a pitch for POS applications and a004 lines 41-43 a product list."""
    quotes = quotes_by_article(checked.kb)
    assert ("提高商户对诈骗行为的警惕性", "prevention/beware-scams") in quotes["a002"]
    assert ("确认自己的账户余额是否充足", "prevention/keep-enough-balance") in quotes["a004"]
    assert ("银行账户余额不足、跨行转账失败等", "causes/bank-side-problem") in quotes["a002"]
