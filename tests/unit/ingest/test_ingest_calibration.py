"""Leave-one-article-out calibration of ``kb ingest``'s threshold between covered and new.

The five source articles' provenance quotes say which item each quoted passage belongs to. For each
article A in turn, the index is built as if A had never been read (``units_of(kb, held_out=A)``: A's
quotes left out, and every item that no other article is quoted for), and every kept passage of A is
matched. Ground truth for a passage: the items (still in that index) that quote it; none means the
guide without A does not say it, so it should be ``new``. The threshold is chosen on the other four
articles (the one with the best lower of the two F1 scores) and applied to A; precision and recall are
pooled over the five held-out articles. Run ``python tests/unit/ingest/test_ingest_calibration.py``
to print the table the README quotes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))  # also run as a script

from generator.ingest.index import THRESHOLD, MatchIndex  # noqa: E402
from generator.ingest.passages import split_article  # noqa: E402
from generator.pipeline import check  # noqa: E402
from generator.rules.normalize import normalized_text  # noqa: E402

ARTICLES = ["a000", "a001", "a002", "a003", "a004"]
GRID = [round(0.05 + 0.01 * i, 2) for i in range(91)]
_TRIM = "0123456789.、,:;!?。 "


@dataclass(frozen=True)
class Case:
    """One kept passage of a held-out article: what should match it and what did."""

    article: str
    text: str
    expected: frozenset[str]
    """Items (``kind/id``) in the held-out index that quote the passage; empty: it should be new."""
    ranked: tuple[tuple[str, float], ...]


def _quoted_by(kb) -> dict[str, list[tuple[str, str]]]:
    """article -> (kind/id, normalised quote) of every provenance quote."""
    found: dict[str, list[tuple[str, str]]] = {}

    def walk(key, value):
        for source in getattr(value, "sources", ()):
            if source.article and source.quote:
                found.setdefault(source.article, []).append((key, normalized_text(source.quote).strip(_TRIM)))
        for claim in getattr(value, "claims", ()):
            walk(key, claim)

    for kind, items in kb.items.items():
        for item_id, item in items.items():
            walk(f"{kind}/{item_id}", item)
    return found


def cases(root: Path = ROOT, held_out: bool = True) -> list[Case]:
    result = check(root, extra_checks=False)
    quotes = _quoted_by(result.kb)
    out = []
    for article in ARTICLES:
        index = MatchIndex.of(result.kb, held_out=article if held_out else None)
        present = set(index.items)
        text = (root / "content" / "articles" / f"{article}.txt").read_text(encoding="utf-8")
        for piece in split_article(text, result.rules):
            if piece.family is not None:
                continue
            norm = normalized_text(piece.cleaned).strip(_TRIM)
            expected = frozenset(key for key, quote in quotes.get(article, ())
                                 if key in present and quote and (quote in norm or norm in quote))
            ranked = tuple((m.id, m.score) for m in index.match(piece.cleaned))
            out.append(Case(article, piece.text, expected, ranked))
    return out


@dataclass
class Scores:
    covered_precision: float
    covered_recall: float
    new_precision: float
    new_recall: float

    @property
    def worst(self) -> float:
        return min(self.covered_precision, self.covered_recall, self.new_precision, self.new_recall)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def score(items: list[tuple[Case, float]]) -> Scores:
    """Precision and recall of 'covered, right item' (the best item is one that quotes the passage) and of
    'new', each case judged at its own threshold."""
    right = said_covered = should_cover = new_right = said_new = should_new = 0
    for case, threshold in items:
        covered = bool(case.ranked) and case.ranked[0][1] >= threshold
        said_covered += covered
        said_new += not covered
        should_cover += bool(case.expected)
        should_new += not case.expected
        right += covered and case.ranked[0][0] in case.expected
        new_right += not covered and not case.expected
    return Scores(_ratio(right, said_covered), _ratio(right, should_cover),
                  _ratio(new_right, said_new), _ratio(new_right, should_new))


def best_threshold(train: list[Case]) -> float:
    return max(GRID, key=lambda t: (score([(c, t) for c in train]).worst, -abs(t - THRESHOLD)))


def leave_one_out(all_cases: list[Case]) -> tuple[Scores, dict[str, float]]:
    chosen = {a: best_threshold([c for c in all_cases if c.article != a]) for a in ARTICLES}
    return score([(c, chosen[c.article]) for c in all_cases]), chosen


@pytest.fixture(scope="module")
def all_cases() -> list[Case]:
    return cases()


def test_held_out_scores_do_not_fall_below_the_figures_in_the_readme(all_cases):
    """The README reports these held-out figures; they are below the 0.9 target (see CONTRIBUTING.md,
    "kb ingest"), and this keeps a change to the matching from making them worse unnoticed."""
    scores, _chosen = leave_one_out(all_cases)
    assert scores.covered_precision >= 0.46 and scores.covered_recall >= 0.47, scores
    assert scores.new_precision >= 0.72 and scores.new_recall >= 0.72, scores


def test_an_article_already_quoted_is_found_again_with_its_items():
    """Without holding out (the article's own quotes indexed), as for a copy of an article already read."""
    found = cases(held_out=False)
    quoted = [c for c in found if c.expected]
    right = sum(1 for c in quoted if c.ranked and c.ranked[0][1] >= THRESHOLD and
                any(key in c.expected for key, _s in c.ranked))
    assert right / len(quoted) >= 0.9


def test_shipped_threshold_is_the_one_calibrated_on_all_five(all_cases):
    assert best_threshold(all_cases) == THRESHOLD


def test_ground_truth_is_not_trivial(all_cases):
    assert sum(bool(c.expected) for c in all_cases) > 50
    assert sum(not c.expected for c in all_cases) > 20


if __name__ == "__main__":
    found = cases()
    loo, chosen = leave_one_out(found)
    print(f"{len(found)} kept passages; {sum(bool(c.expected) for c in found)} quoted by an item still in the index")
    print("threshold per held-out article:", chosen, "| on all five:", best_threshold(found))
    print(f"covered, right item: precision {loo.covered_precision:.3f} recall {loo.covered_recall:.3f}")
    print(f"new:                 precision {loo.new_precision:.3f} recall {loo.new_recall:.3f}")
    if "-v" in sys.argv:
        t = best_threshold(found)
        for c in found:
            covered = bool(c.ranked) and c.ranked[0][1] >= t
            ok = (covered and c.ranked[0][0] in c.expected) or (not covered and not c.expected)
            if not ok:
                print(c.article, sorted(c.expected), c.ranked[:2], c.text[:50])
