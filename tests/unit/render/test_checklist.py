"""What a printed checklist shows is decided in render/checklist.py, and `kb check` (generator.check) still
warns, at the list of steps, when a checklist would not fit on one A4 page: the render stage's audit runs with
the validator's checks. The browser proves the figures (tests/browser/test_print.py)."""

from __future__ import annotations

from pathlib import Path

from support import REPO, long_checklist_kb
from generator import check
from generator.render.checklist import MAX_CHECKLIST_ITEMS, MAX_LINES


def budget_warnings(root: Path) -> list[str]:
    result = check(root)
    assert result.errors == []  # a warning, not an error
    return [str(d) for d in result.diagnostics if d.code == "checklist-budget"]


def test_check_warns_when_a_checklist_exceeds_the_budget(tmp_path: Path) -> None:
    assert budget_warnings(long_checklist_kb(tmp_path / "kb", steps=30)) == [
        "content/problems/charged-twice.yaml:12:19: cardholder checklist of problem 'charged-twice' will not "
        f"fit on one A4 page: expected at most {MAX_CHECKLIST_ITEMS} items and {MAX_LINES} printed lines, got 32 items (30 "
        "steps, 1 evidence, 1 stages, 3 blanks), 26 lines, 885 characters; hint: merge steps or shorten their "
        "checklist_label texts"]


def test_a_checklist_at_the_budget_is_not_reported(tmp_path: Path) -> None:
    steps = MAX_CHECKLIST_ITEMS - 2  # with the problem's one evidence item and one stage
    assert budget_warnings(long_checklist_kb(tmp_path / "kb", steps=steps)) == []


def test_real_checklists_are_within_budget() -> None:
    assert budget_warnings(REPO) == []
