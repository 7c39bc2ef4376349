"""`kb check` on who does what: role sections of problems, glossary terms, deadlines and priorities (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import edit, kb_check


def check(root: Path) -> tuple[int, list[str]]:
    """Exit code and the error lines (warnings, reported alongside, and the summary are left out)."""
    code, lines = kb_check(root)
    return code, [line for line in lines if ": warning: " not in line and " error(s), " not in line]


WRONG_SECTION = [
    ("merchant step under 如果你是持卡人", "merchant", "cardholder_steps: [check-records, other-step]",
     "content/problems/charged-twice.yaml:12:35: key 'cardholder_steps[1]': remedy 'other-step' is done by a "
     "merchant (role merchant): expected a remedy with role cardholder or both under 如果你是持卡人; hint: move "
     "it to merchant_steps, or set its role to both if a cardholder does it too"),
    ("cardholder step under 如果你是商户", "cardholder", "cardholder_steps: [check-records]\nmerchant_steps:\n  - other-step",
     "content/problems/charged-twice.yaml:14:5: key 'merchant_steps[0]': remedy 'other-step' is done by a "
     "cardholder (role cardholder): expected a remedy with role merchant or both under 如果你是商户; hint: move "
     "it to cardholder_steps, or set its role to both if a merchant does it too"),
]


@pytest.mark.parametrize(("role", "steps", "message"), [c[1:] for c in WRONG_SECTION], ids=[c[0] for c in WRONG_SECTION])
def test_step_under_the_wrong_reader_is_an_error_at_its_entry(small_kb: Path, role: str, steps: str,
                                                              message: str) -> None:
    source = small_kb / "content/remedies/check-records.yaml"
    (small_kb / "content/remedies/other-step.yaml").write_text(source.read_text(encoding="utf-8").replace(
        "id: check-records", "id: other-step").replace("role: both", f"role: {role}"), encoding="utf-8")
    edit(small_kb / "content/problems/charged-twice.yaml", "cardholder_steps: [check-records]", steps)
    code, lines = check(small_kb)
    assert code == 1
    assert lines == [message]


def test_problem_without_steps_for_any_reader_is_an_error(small_kb: Path) -> None:
    edit(small_kb / "content/problems/charged-twice.yaml", "cardholder_steps: [check-records]\n", "")
    code, lines = check(small_kb)
    assert code == 1
    assert lines == [
        "content/problems/charged-twice.yaml:2:5: problem 'charged-twice' has no steps: expected at least one "
        "remedy in cardholder_steps or merchant_steps; hint: list what each reader does, in order",
    ]


def test_bad_role_value_is_named_with_the_choices(small_kb: Path) -> None:
    edit(small_kb / "content/remedies/check-records.yaml", "role: both", "role: bank")
    code, lines = check(small_kb)
    assert code == 1
    assert lines[0] == ("content/remedies/check-records.yaml:5:7: key 'role': expected one of cardholder, merchant, "
                        "both, got 'bank'; hint: Who does it: cardholder, merchant or both.")


def test_priority_must_be_a_whole_number(small_kb: Path) -> None:
    edit(small_kb / "content/problems/charged-twice.yaml", "priority: 1", "priority: 首先")
    code, lines = check(small_kb)
    assert code == 1
    # The invalid problem links nothing, so what it links to is reported as unreferenced too.
    assert ("content/problems/charged-twice.yaml:6:11: key 'priority': expected a whole number, got a text '首先'; "
            "hint: Place on the home page: the most common or most urgent problem gets the smallest number.") in lines


def test_urgency_is_one_of_the_choices(small_kb: Path) -> None:
    edit(small_kb / "content/problems/charged-twice.yaml", "priority: 1\n", "priority: 1\nurgency: urgent\n")
    code, lines = check(small_kb)
    assert code == 1
    assert ("content/problems/charged-twice.yaml:7:10: key 'urgency': expected one of routine, immediate, got "
            "'urgent'; hint: How soon the reader must act: immediate when waiting can make the loss bigger (a card "
            "that can still be misused), so the page shows its first step at the top, above the symptoms, under "
            "先做这一步 (the cardholder's first step when the problem has cardholder steps); routine otherwise.") in lines


def write_term(root: Path, term_id: str, title: str, aliases: str = "") -> None:
    (root / "content/glossary").mkdir(exist_ok=True)
    (root / f"content/glossary/{term_id}.yaml").write_text(
        f"id: {term_id}\ntitle: {title}\nstatus: verified\n{aliases}definition: 刷卡后终端打印的凭条。\n"
        "sources:\n  - reference: slip-spec#slip-fields\n", encoding="utf-8")


def test_a_term_explained_in_two_files_is_an_error_at_the_second(small_kb: Path) -> None:
    write_term(small_kb, "sales-slip", "签购单", "aliases:\n  - 凭条\n")
    write_term(small_kb, "slip-copy", "小票", "aliases:\n  - 签购单\n")
    code, lines = check(small_kb)
    assert code == 1
    assert lines == [
        "content/glossary/slip-copy.yaml:5:5: key 'aliases[0]': term '签购单' is already explained in "
        "content/glossary/sales-slip.yaml: expected each term in one place only; hint: remove it here, or merge "
        "the two entries",
    ]


def test_terms_are_roots_and_need_no_link(small_kb: Path) -> None:
    write_term(small_kb, "sales-slip", "签购单")
    code, lines = check(small_kb)
    assert (code, lines[-1].startswith("ok: 9 items checked in ")) == (0, True)
