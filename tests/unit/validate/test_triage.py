"""The triage graph checks, through the library's ``check``: every error located, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator
from support import add_triage, edit


@pytest.fixture
def triage_kb(small_kb: Path) -> Path:
    return add_triage(small_kb)


def errors(root: Path) -> list[str]:
    return [str(d) for d in generator.check(root).diagnostics if d.is_error]


def test_small_triage_is_valid(triage_kb: Path) -> None:
    assert errors(triage_kb) == []


def test_an_answer_to_two_places_and_to_none(triage_kb: Path) -> None:
    edit(triage_kb / "content/questions/when.yaml", "    outcome: today\n", "    outcome: today\n    question: start\n")
    edit(triage_kb / "content/questions/start.yaml", "  - label: 两次以上\n    outcome: many\n", "  - label: 两次以上\n")
    assert errors(triage_kb) == [
        "content/outcomes/many.yaml:2:5: outcome 'many' is not reachable from the start question: expected an "
        "answer of a question on the way from content/questions/start.yaml to lead to it; hint: name it in an "
        "answer's 'outcome:', or delete the file",
        "content/questions/start.yaml:7:5: key 'answers[1]': expected exactly one of 'question' or 'outcome', got "
        "neither; hint: say where this answer leads, a next question or an outcome",
        "content/questions/when.yaml:5:5: key 'answers[0]': expected exactly one of 'question' or 'outcome', got "
        "both; hint: say where this answer leads, a next question or an outcome",
        "content/questions/when.yaml:7:15: key 'answers[0].question': triage loop start -> when -> start: expected "
        "the questions to move forward only; hint: point this answer at an outcome or a new question",
    ]


def test_a_node_after_two_answers(triage_kb: Path) -> None:
    edit(triage_kb / "content/questions/when.yaml", "outcome: earlier", "outcome: many")
    assert errors(triage_kb) == [
        "content/outcomes/earlier.yaml:2:5: outcome 'earlier' is not reachable from the start question: expected "
        "an answer of a question on the way from content/questions/start.yaml to lead to it; hint: name it in an "
        "answer's 'outcome:', or delete the file",
        "content/questions/when.yaml:8:14: key 'answers[1].outcome': outcome 'many' already follows answer "
        "'answers[1]' of question 'start' (content/questions/start.yaml:8:14): expected every question and outcome "
        "to follow exactly one answer, so each page knows the answers given on the way; hint: copy many into a new "
        "file for this answer",
    ]


def test_outcome_cause_and_coverage(triage_kb: Path) -> None:
    """A situation brings its own steps, so any role may have one; its cause must be the problem's."""
    (triage_kb / "content/causes/other.yaml").write_text(
        (triage_kb / "content/causes/repeat-press.yaml").read_text(encoding="utf-8").replace(
            "id: repeat-press", "id: other"), encoding="utf-8")
    for name in ("many", "today", "earlier", "unsure-day", "unsure-count"):
        edit(triage_kb / f"content/outcomes/{name}.yaml", "role: cardholder", "role: merchant")
    edit(triage_kb / "content/outcomes/today.yaml", "cause: repeat-press", "cause: other")
    assert errors(triage_kb) == [
        "content/causes/other.yaml:1:5: cause 'other' is not referenced by anything: expected at least one item to "
        "link to it; hint: link it from another item, or delete the file",
        "content/outcomes/today.yaml:6:8: key 'cause': cause 'other' is not one of problem 'charged-twice''s "
        "causes: expected one of repeat-press; hint: add it to the problem's causes or choose one of them",
    ]


def chain(root: Path, depth: int) -> None:
    """Put ``depth`` extra questions between 'when' and its outcome 'today'."""
    previous = root / "content/questions/when.yaml"
    for n in range(depth):
        edit(previous, "outcome: today", f"question: q{n}")
        previous = root / f"content/questions/q{n}.yaml"
        previous.write_text(f"id: q{n}\ntitle: 还有一个问题？\nanswers:\n  - label: 是\n    outcome: today\n"
                            f"  - label: 否\n    outcome: no{n}\nunsure:\n  help: 再看看。\n  outcome: maybe{n}\n",
                            encoding="utf-8")
        for name in (f"no{n}", f"maybe{n}"):
            (root / f"content/outcomes/{name}.yaml").write_text(
                f"id: {name}\ntitle: 结果\nproblem: charged-twice\nrole: cardholder\nsteps: [check-records]\nevidence: [slip, complaints]\n",
                encoding="utf-8")


def test_more_than_three_answers(triage_kb: Path) -> None:
    chain(triage_kb, 2)
    assert errors(triage_kb) == [
        "content/outcomes/maybe1.yaml:1:5: outcome 'maybe1' takes 4 answers to reach (start -> when -> q0 -> q1 -> "
        "maybe1): expected at most 3; hint: ask fewer questions on this path",
        "content/outcomes/no1.yaml:1:5: outcome 'no1' takes 4 answers to reach (start -> when -> q0 -> q1 -> no1): "
        "expected at most 3; hint: ask fewer questions on this path",
        "content/outcomes/today.yaml:2:5: outcome 'today' takes 4 answers to reach (start -> when -> q0 -> q1 -> "
        "today): expected at most 3; hint: ask fewer questions on this path",
    ]


def test_the_problem_is_reached_too_late(triage_kb: Path) -> None:
    """Only outcomes within three answers count for a problem's role: here the cardholder's are all deeper."""
    chain(triage_kb, 2)
    for name in ("many", "unsure-count", "earlier", "unsure-day", "no0", "maybe0"):
        edit(triage_kb / f"content/outcomes/{name}.yaml", "role: cardholder", "role: merchant")
    assert [e for e in errors(triage_kb) if "charged-twice.yaml" in e] == [
        "content/problems/charged-twice.yaml:2:5: problem 'charged-twice' is not reached by the triage for the "
        "cardholder: expected an outcome with 'problem: charged-twice' and 'role: cardholder' within 3 answers of "
        "the start question; hint: add one in content/outcomes/ and an answer that leads to it",
    ]


def test_no_triage_no_triage_errors(small_kb: Path) -> None:
    """A knowledge base without questions and outcomes (the benchmark's) has no triage to check."""
    assert errors(small_kb) == []


def test_the_start_question_is_required(triage_kb: Path) -> None:
    (triage_kb / "content/questions/start.yaml").unlink()
    assert errors(triage_kb) == [
        "content/questions/start.yaml:1:1: the first triage question is missing: expected "
        "content/questions/start.yaml, the question shown at triage/ and on the home page; hint: create it with "
        "'kb new questions start'",
    ]


def test_an_outcome_and_a_question_with_one_page(triage_kb: Path) -> None:
    (triage_kb / "content/outcomes/when.yaml").write_text(
        "id: when\ntitle: 重名\nproblem: charged-twice\nrole: cardholder\nsteps: [check-records]\nevidence: [slip, complaints]\n", encoding="utf-8")
    assert errors(triage_kb) == [
        "content/outcomes/when.yaml:1:5: outcome 'when' has the same page as question 'when' "
        "(content/questions/when.yaml): expected ids unique across content/questions/ and content/outcomes/, since "
        "both become pages under triage/; hint: rename one of the files",
        "content/outcomes/when.yaml:1:5: outcome 'when' is not reachable from the start question: expected an "
        "answer of a question on the way from content/questions/start.yaml to lead to it; hint: name it in an "
        "answer's 'outcome:', or delete the file",
    ]


def test_answer_counts(triage_kb: Path) -> None:
    edit(triage_kb / "content/questions/when.yaml", "  - label: 不是\n    outcome: earlier\n", "")
    many = "".join(f"  - label: 第{n}次\n    outcome: many\n" for n in range(6))
    edit(triage_kb / "content/questions/start.yaml", "unsure:", many + "unsure:")
    assert errors(triage_kb) == [  # neither question is valid, so nothing is reported as unreachable
        "content/questions/start.yaml:5:3: key 'answers': expected at most 6 entries, got 8; hint: The answers to "
        "choose from, 2 to 6, each leading to a question or an outcome.",
        "content/questions/when.yaml:5:3: key 'answers': expected at least 2 entries, got 1; hint: The answers to "
        "choose from, 2 to 6, each leading to a question or an outcome.",
    ]


def warnings(root: Path) -> list[str]:
    """The triage's warnings (the fixture's files have others, e.g. no schema modeline)."""
    return [str(d) for d in generator.check(root).diagnostics if not d.is_error and d.path.startswith("content/q")]


def test_an_answer_to_an_outcome_may_leave_out_its_label_and_shows_the_title(triage_kb: Path) -> None:
    """The answer's text is the outcome's title, written once, without the reader it names first."""
    from generator.render.triage import TriagePages

    edit(triage_kb / "content/outcomes/many.yaml", "title: 被扣了好几次", "title: 持卡人：被扣了好几次")
    edit(triage_kb / "content/questions/start.yaml", "  - label: 两次以上\n    outcome: many\n", "  - outcome: many\n")
    edit(triage_kb / "content/questions/when.yaml", "  - label: 不是\n    outcome: earlier\n", "  - outcome: earlier\n")
    result = generator.check(triage_kb)
    assert errors(triage_kb) == [] and warnings(triage_kb) == []
    pages = TriagePages(result.kb)
    assert [c.label for c in pages.choices("start")[0]] == ["一次", "被扣了好几次"]
    assert [c.label for c in pages.choices("when")[0]] == ["是", "几天前被多扣了一次"]
    assert [s.answer for s in pages.trail(("outcomes", "earlier"))] == ["一次", "几天前被多扣了一次"]


def test_a_label_is_needed_on_the_way_to_a_question_and_for_a_long_title(triage_kb: Path) -> None:
    edit(triage_kb / "content/questions/start.yaml", "  - label: 一次\n    question: when\n", "  - question: when\n")
    edit(triage_kb / "content/outcomes/earlier.yaml", "title: 几天前被多扣了一次", "title: 持卡人：" + "多" * 31)
    edit(triage_kb / "content/questions/when.yaml", "  - label: 不是\n    outcome: earlier\n", "  - outcome: earlier\n")
    assert errors(triage_kb) == [
        "content/questions/start.yaml:5:5: key 'answers[0]': missing 'label': expected the answer in the reader's "
        "words where it leads to a question; hint: only an answer that leads to an outcome may leave out its label",
        f"content/questions/when.yaml:7:5: key 'answers[1]': no 'label', and outcome 'earlier''s title '{'多' * 31}' "
        "is 31 characters: expected at most 30 for an answer; hint: write a shorter label, or shorten the title",
    ]


def test_a_label_that_repeats_its_outcome_title_is_a_warning(triage_kb: Path) -> None:
    edit(triage_kb / "content/outcomes/many.yaml", "title: 被扣了好几次", "title: 持卡人：两次以上")
    assert warnings(triage_kb) == [
        "content/questions/start.yaml:7:12: key 'answers[1].label': '两次以上' repeats the title of outcome 'many' "
        "(content/outcomes/many.yaml:3:8): expected the text written once; hint: delete the label, the answer "
        "shows the outcome's title",
    ]
