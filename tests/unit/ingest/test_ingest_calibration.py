"""Leave-one-article-out calibration of ``kb ingest``'s threshold between covered and new.

The five source articles' provenance quotes say which item each quoted passage belongs to. For each
article A in turn, the index is built as if A had never been read (``units_of(kb, held_out=A)``: A's
quotes left out, and every item that no other article is quoted for), and every kept passage of A is
matched. Ground truth for a passage: the items (still in that index) that quote it; none means the
guide without A does not say it, so it should be ``new``. The two thresholds (one for statements, one
for headings, see ``passages.Piece.heading``) are chosen together on the other four articles (the pair
with the best lowest of the four figures) and applied to A; precision and recall are pooled over the
five held-out articles. Run ``python tests/unit/ingest/test_ingest_calibration.py`` to print the
table the README quotes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))  # also run as a script

from generator.ingest.index import HEADING_THRESHOLD, THRESHOLD, MatchIndex  # noqa: E402
from generator.ingest.passages import split_article  # noqa: E402
from generator.pipeline import check  # noqa: E402
from generator.rules.normalize import normalized_text  # noqa: E402

ARTICLES = ["a000", "a001", "a002", "a003", "a004"]
GRID = [round(0.05 + 0.01 * i, 2) for i in range(91)]
HEADING_GRID = [round(0.05 + 0.01 * i, 2) for i in range(97)]
"""Thresholds tried for headings: up to 1.01, above every score (a heading is then never covered)."""
_TRIM = "0123456789.、,:;!?。 "


@dataclass(frozen=True)
class Case:
    """One kept passage of a held-out article: what should match it and what did."""

    article: str
    text: str
    expected: frozenset[str]
    """Items (``kind/id``) in the held-out index that quote the passage; empty: it should be new."""
    ranked: tuple[tuple[str, float], ...]
    heading: bool = False
    """The passage is a heading (held to ``HEADING_THRESHOLD``)."""


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
            out.append(Case(article, piece.text, expected, ranked, piece.heading))
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


def _counts(cases: list[Case], grid: list[float]) -> np.ndarray:
    """For each threshold of ``grid`` (rows): right, said covered, should cover, new right, said new,
    should be new, over ``cases``."""
    top = np.array([c.ranked[0][1] if c.ranked else -1.0 for c in cases])
    right = np.array([bool(c.ranked) and c.ranked[0][0] in c.expected for c in cases])
    quoted = np.array([bool(c.expected) for c in cases])
    covered = top[None, :] >= np.array(grid)[:, None]
    return np.stack([(covered & right).sum(1), covered.sum(1), np.full(len(grid), quoted.sum()),
                     (~covered & ~quoted).sum(1), (~covered).sum(1), np.full(len(grid), (~quoted).sum())], axis=1)


def best_threshold(train: list[Case]) -> tuple[float, float]:
    """The (statement, heading) thresholds with the best lowest of the four figures on ``train``; among tied
    pairs, the middle statement threshold, then the middle heading threshold with it (a rule that does not
    look at the held-out article). The counts add up over the two kinds of passage, so every pair of the
    two grids is scored at once."""
    counts = (_counts([c for c in train if not c.heading], GRID)[:, None, :] +
              _counts([c for c in train if c.heading], HEADING_GRID)[None, :, :]).astype(float)
    ratio = lambda a, b: np.where(counts[..., b] > 0, counts[..., a] / np.maximum(counts[..., b], 1), 1.0)
    worst = np.minimum.reduce([ratio(0, 1), ratio(0, 2), ratio(3, 4), ratio(3, 5)])
    tied = np.argwhere(worst == worst.max())
    i = sorted(tied[:, 0])[(len(tied) - 1) // 2]
    js = sorted(tied[tied[:, 0] == i, 1])
    return GRID[i], HEADING_GRID[js[(len(js) - 1) // 2]]


def leave_one_out(all_cases: list[Case]) -> tuple[Scores, dict[str, tuple[float, float]]]:
    chosen = {a: best_threshold([c for c in all_cases if c.article != a]) for a in ARTICLES}
    return score([(c, chosen[c.article][c.heading]) for c in all_cases]), chosen


@pytest.fixture(scope="module")
def all_cases() -> list[Case]:
    return cases()


def test_held_out_scores_do_not_fall_below_the_figures_in_the_readme(all_cases):
    """The README reports these held-out figures; they are below the 0.9 target (see CONTRIBUTING.md,
    "kb ingest"), and this keeps a change to the matching from making them worse unnoticed."""
    scores, _chosen = leave_one_out(all_cases)
    assert scores.covered_precision >= 0.52 and scores.covered_recall >= 0.54, scores
    assert scores.new_precision >= 0.81 and scores.new_recall >= 0.79, scores


def test_an_article_already_quoted_is_found_again_with_its_items():
    """Without holding out (the article's own quotes indexed), as for a copy of an article already read."""
    found = cases(held_out=False)
    quoted = [c for c in found if c.expected]
    right = sum(1 for c in quoted if c.ranked and c.ranked[0][1] >= (HEADING_THRESHOLD if c.heading else THRESHOLD)
                and any(key in c.expected for key, _s in c.ranked))
    assert right / len(quoted) >= 0.9


def test_shipped_threshold_is_the_one_calibrated_on_all_five(all_cases):
    assert best_threshold(all_cases) == (THRESHOLD, HEADING_THRESHOLD)


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
    quoted = [c for c in found if c.expected]
    print(f"right item first (any score): {sum(bool(c.ranked) and c.ranked[0][0] in c.expected for c in quoted)} "
          f"of {len(quoted)}; among those listed: {sum(any(k in c.expected for k, _s in c.ranked) for c in quoted)}")
    if "-v" in sys.argv:
        pair = best_threshold(found)
        for c in found:
            covered = bool(c.ranked) and c.ranked[0][1] >= pair[c.heading]
            ok = (covered and c.ranked[0][0] in c.expected) or (not covered and not c.expected)
            if not ok:
                print(c.article, sorted(c.expected), c.ranked[:2], c.text[:50])
