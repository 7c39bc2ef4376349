"""`kb check` on the triage: a loop, an unknown target and an unreachable question, each located, exit 1.

The small fixture's files have no schema modeline; those warnings are counted in the summary line."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import add_triage, edit, kb_check


@pytest.fixture
def triage_kb(small_kb: Path) -> Path:
    return add_triage(small_kb)


def test_the_small_triage_passes(triage_kb: Path) -> None:
    code, lines = kb_check(triage_kb)
    assert code == 0
    assert lines[-1].startswith("ok: 16 items checked in ")


def add_lost_question(root: Path) -> None:
    """A question and its three outcomes that no answer leads to."""
    (root / "content/questions/lost.yaml").write_text(
        "id: lost\ntitle: 没人问到的问题？\nanswers:\n  - label: 是\n    outcome: lost-yes\n  - label: 否\n"
        "    outcome: lost-no\nunsure:\n  help: 再看看。\n  outcome: lost-maybe\n", encoding="utf-8")
    for name in ("lost-yes", "lost-no", "lost-maybe"):
        (root / f"content/outcomes/{name}.yaml").write_text(
            f"id: {name}\ntitle: 结果\nproblem: charged-twice\nrole: cardholder\nsteps: [check-records]\nevidence: [slip, complaints]\n",
            encoding="utf-8")


def unreachable(kind: str, item_id: str, line: int) -> str:
    return (f"content/{kind}s/{item_id}.yaml:{line}:5: {kind} '{item_id}' is not reachable from the start question: "
            "expected an answer of a question on the way from content/questions/start.yaml to lead to it; hint: "
            f"name it in an answer's '{kind}:', or delete the file")


CASES = {
    "loop": (lambda root: edit(root / "content/questions/when.yaml", "outcome: earlier", "question: start"), [
        unreachable("outcome", "earlier", 2),
        "content/questions/when.yaml:8:15: key 'answers[1].question': triage loop start -> when -> start: expected "
        "the questions to move forward only; hint: point this answer at an outcome or a new question",
        "2 error(s), 7 warning(s) in 9 file(s)"]),
    "unknown-target": (lambda root: edit(root / "content/questions/when.yaml", "outcome: today", "outcome: todya"), [
        unreachable("outcome", "today", 2),
        "content/questions/when.yaml:6:14: key 'answers[0].outcome': unknown outcome 'todya': expected the id of a "
        "file in content/outcomes/; hint: did you mean 'today'?",
        "2 error(s), 7 warning(s) in 9 file(s)"]),
    "unreachable-question": (add_lost_question, [
        unreachable("outcome", "lost-maybe", 1), unreachable("outcome", "lost-no", 1),
        unreachable("outcome", "lost-yes", 1), unreachable("question", "lost", 1),
        "4 error(s), 11 warning(s) in 11 file(s)"]),
}


@pytest.mark.parametrize("case", CASES)
def test_a_broken_triage_is_rejected_with_located_messages(triage_kb: Path, case: str) -> None:
    change, expected = CASES[case]
    change(triage_kb)
    code, lines = kb_check(triage_kb)
    assert code == 1
    assert lines == expected
