"""The advice checker (rules/advice.yaml), through the library's ``check``: exact, located messages."""

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


def remedy(root: Path, remedy_id: str, role: str = "both", extra: str = "") -> None:
    """A copy of check-records under another id, role and extra keys."""
    text = (root / "content/remedies/check-records.yaml").read_text(encoding="utf-8")
    text = text.replace("id: check-records", f"id: {remedy_id}").replace("role: both", f"role: {role}\n{extra}")
    (root / f"content/remedies/{remedy_id}.yaml").write_text(text, encoding="utf-8")


def steps(root: Path, outcome: str, ids: str) -> None:
    edit(root / f"content/outcomes/{outcome}.yaml", "steps: [check-records]", f"steps: [{ids}]")


def test_a_void_in_a_settled_situation(triage_kb: Path) -> None:
    remedy(triage_kb, "void-it", extra="only_when: [today, unsettled]")
    edit(triage_kb / "content/outcomes/earlier.yaml", "known: [earlier]", "known: [earlier, settled]")
    steps(triage_kb, "earlier", "check-records, void-it")
    steps(triage_kb, "today", "void-it, check-records")
    assert errors(triage_kb) == [
        "content/outcomes/earlier.yaml:7:24: key 'steps[1]': remedy 'void-it' only works when today, but this "
        "situation knows earlier: expected no step whose only_when a known fact excludes; hint: remove it here, or "
        "drop 'earlier' from 'known' if it is not certain on this path",
        "content/outcomes/earlier.yaml:7:24: key 'steps[1]': remedy 'void-it' only works when unsettled, but this "
        "situation knows earlier: expected no step whose only_when a known fact excludes; hint: remove it here, or "
        "drop 'earlier' from 'known' if it is not certain on this path",
    ]


def test_an_immediate_step_comes_first(triage_kb: Path) -> None:
    remedy(triage_kb, "freeze-it", role="cardholder", extra="urgency: immediate")
    steps(triage_kb, "today", "check-records, freeze-it")
    assert errors(triage_kb) == [
        "content/outcomes/today.yaml:9:24: key 'steps[1]': remedy 'freeze-it' is immediate (urgency immediate) but "
        "is step 2: expected it first wherever it is listed; hint: move it to the top of 'steps'",
    ]


def test_a_charge_that_may_not_be_the_readers_starts_with_an_immediate_step(triage_kb: Path) -> None:
    edit(triage_kb / "content/outcomes/earlier.yaml", "known: [earlier]", "known: [earlier, charge-maybe-not-own]")
    assert errors(triage_kb) == [
        "content/outcomes/earlier.yaml:7:9: key 'steps[0]': situation 'earlier' knows charge-maybe-not-own, so its "
        "first step must be immediate: got 'check-records' (urgency routine); hint: the charge may not be the "
        "reader's own, so the card must be frozen or reported first: put a step with urgency immediate "
        "(freeze-or-report-card) first in steps, then the bank and the police",
    ]


def test_two_situations_with_the_same_facts_and_other_steps(triage_kb: Path) -> None:
    remedy(triage_kb, "call-bank-now")
    steps(triage_kb, "unsure-day", "call-bank-now, check-records")
    assert errors(triage_kb) == [
        "content/outcomes/unsure-day.yaml:6:8: key 'steps': situation 'unsure-day' knows the same (no facts) as "
        "'many' (content/outcomes/many.yaml:7:8) for problem 'charged-twice' and the cardholder, but lists other "
        "steps: expected check-records; hint: give both the same steps, or add the fact that tells them apart to "
        "'known'",
    ]


def test_a_step_for_the_other_reader(triage_kb: Path) -> None:
    remedy(triage_kb, "void-it", role="merchant")
    steps(triage_kb, "today", "check-records, void-it")
    assert errors(triage_kb) == [
        "content/outcomes/today.yaml:9:24: key 'steps[1]': remedy 'void-it' is done by the merchant (role "
        "merchant): expected a remedy with role cardholder or both in a situation for the cardholder; hint: "
        "remove it, or set the remedy's role to both if the cardholder does it too",
    ]


def test_unknown_and_contradictory_facts(triage_kb: Path) -> None:
    remedy(triage_kb, "void-it", extra="only_when: [setled]")
    steps(triage_kb, "today", "check-records, void-it")
    edit(triage_kb / "content/outcomes/today.yaml", "known: [today]", "known: [today, earlier, tody]")
    facts = "settled, unsettled, today, earlier, charge-maybe-not-own, unclear"
    assert errors(triage_kb) == [
        "content/outcomes/today.yaml:8:9: key 'known[0]': fact 'today' contradicts 'earlier', also known here: "
        "expected facts that can hold together; hint: keep the one that is true on this path",
        "content/outcomes/today.yaml:8:16: key 'known[1]': fact 'earlier' contradicts 'today', also known here: "
        "expected facts that can hold together; hint: keep the one that is true on this path",
        f"content/outcomes/today.yaml:8:25: key 'known[2]': unknown fact 'tody': expected one of {facts}; hint: "
        "use a fact defined under 'facts:' in rules/advice.yaml, or define it there",
        f"content/remedies/void-it.yaml:6:13: key 'only_when[0]': unknown fact 'setled': expected one of {facts}; "
        "hint: use a fact defined under 'facts:' in rules/advice.yaml, or define it there",
    ]


def test_one_main_situation_per_problem_and_role(triage_kb: Path) -> None:
    edit(triage_kb / "content/outcomes/earlier.yaml", "role: cardholder\n", "role: cardholder\nshown_as: main\n")
    assert errors(triage_kb) == [
        "content/outcomes/many.yaml:6:11: key 'shown_as': situation 'earlier' is already the main one of problem "
        "'charged-twice' for the cardholder: expected exactly one; hint: set this one to variant",
    ]
    edit(triage_kb / "content/outcomes/earlier.yaml", "shown_as: main\n", "")
    edit(triage_kb / "content/outcomes/many.yaml", "shown_as: main\n", "")
    assert errors(triage_kb) == [
        "content/outcomes/earlier.yaml:2:5: no situation of problem 'charged-twice' for the cardholder is shown as "
        "main: expected exactly one with 'shown_as: main' among earlier, many, today, unsure-count, unsure-day; "
        "hint: mark the most general one, whose steps the problem page shows",
    ]


def test_a_problem_with_situations_lists_no_steps(triage_kb: Path) -> None:
    edit(triage_kb / "content/problems/charged-twice.yaml", "causes:", "cardholder_steps: [check-records]\ncauses:")
    assert errors(triage_kb) == [
        "content/problems/charged-twice.yaml:11:19: key 'cardholder_steps': problem 'charged-twice' has situations "
        "for a cardholder (content/outcomes/many.yaml): expected the steps only in the situations, which the page "
        "shows; hint: remove 'cardholder_steps' and edit the steps of the situations in content/outcomes/",
    ]


def test_a_shared_remedy_names_one_readers_tools(triage_kb: Path) -> None:
    """check-records is done by both readers: a merchant-only word in its common instruction is an error
    until the cardholder gets their own instruction; a reader's own wording must not use the other's."""
    path = triage_kb / "content/remedies/check-records.yaml"
    edit(path, "instruction: 在银行 App 里找到这笔交易", "instruction: 在商户后台找到这笔交易")
    hint = ("a cardholder has no merchant back office: move the line under per_role (role merchant), and give the "
            "cardholder their own (手机银行或网银里的交易明细)")
    assert errors(triage_kb) == [
        "content/remedies/check-records.yaml:13:14: key 'instruction': remedy 'check-records' is shown to the "
        "cardholder, but this text names '商户后台', a word of the merchant's: expected words the cardholder can "
        f"act on; hint: {hint}",
    ]
    path.write_text(path.read_text(encoding="utf-8") + "per_role:\n  - role: cardholder\n    instruction: 在手机银行里找到"
                    "这笔交易\n    how: [问问顾客]\n", encoding="utf-8")
    assert errors(triage_kb) == [
        "content/remedies/check-records.yaml:17:11: key 'per_role[0].how[0]': remedy 'check-records' is shown to "
        "the cardholder, but this text names '顾客', a word of the merchant's: expected words the cardholder can "
        "act on; hint: only the merchant has customers: move the line under per_role (role merchant), and say "
        "收银员或店长 for the cardholder",
    ]


def test_every_situation_checklist_has_the_complaint_blanks(triage_kb: Path) -> None:
    """rules/advice.yaml's checklist_blanks (投诉日期, 受理编号) come from the evidence a situation lists."""
    edit(triage_kb / "content/outcomes/earlier.yaml", "evidence: [slip, complaints]", "evidence: [slip]")
    assert errors(triage_kb) == [
        "content/outcomes/earlier.yaml:8:11: key 'evidence': the checklist of situation 'earlier' has no blank for "
        "投诉日期, 受理编号: expected the evidence it lists to give every blank under 'checklist_blanks' in "
        "rules/advice.yaml; hint: list an evidence item with such a blank (the communication records), or add the "
        "blank to one of its items",
    ]


def test_a_shared_stage_prints_each_reader_their_own_checklist_line(triage_kb: Path) -> None:
    """A stage both readers go to prints its checklist line on both readers' checklists: naming the card-issuing
    bank there sends the merchant to the wrong bank, until each reader has their own line; a stage's own
    wording for a reader is that line only."""
    path = triage_kb / "content/escalation/call-bank.yaml"
    edit(path, "role: cardholder", "role: both")
    hint = ("the card-issuing bank is the cardholder's bank, never the merchant's contact: move the line under "
            "per_role (role cardholder), and send the merchant to the acquirer (收单机构)")
    assert errors(triage_kb) == [
        "content/escalation/call-bank.yaml:4:18: key 'checklist_label': escalation stage 'call-bank' is shown to "
        f"the merchant, but this text names '发卡银行', a word of the cardholder's: expected words the merchant "
        f"can act on; hint: {hint}",
    ]
    edit(path, "checklist_label: 联系发卡银行", "checklist_label: 联系银行或支付公司")
    path.write_text(path.read_text(encoding="utf-8") + "per_role:\n  - role: cardholder\n    checklist_label: 联系发卡"
                    "银行\n  - role: merchant\n    checklist_label: 联系收单机构\n    how: [打终端上的电话]\n",
                    encoding="utf-8")
    assert errors(triage_kb) == [
        "content/escalation/call-bank.yaml:21:10: key 'per_role[1].how': escalation stage 'call-bank' has no how "
        "to word per reader: expected only checklist_label here; hint: remove it, or write it in the stage's own "
        "fields",
    ]
    edit(path, "    how: [打终端上的电话]\n", "")
    assert errors(triage_kb) == []
    kb = generator.check(triage_kb).kb
    stage = kb.items["escalation"]["call-bank"]
    assert [stage.label_for(role) for role in ("cardholder", "merchant")] == ["联系发卡银行", "联系收单机构"]


def test_a_situation_names_only_escalation_stages_its_reader_goes_to(triage_kb: Path) -> None:
    edit(triage_kb / "content/escalation/call-bank.yaml", "role: cardholder", "role: merchant")
    edit(triage_kb / "content/outcomes/today.yaml", "evidence: [slip, complaints]\n",
         "evidence: [slip, complaints]\nescalation: [call-bank]\n")
    assert errors(triage_kb) == [
        "content/outcomes/today.yaml:11:14: key 'escalation[0]': escalation stage 'call-bank' is for the merchant "
        "(role merchant): expected a stage with role cardholder or both in a situation for the cardholder; hint: "
        "remove it here",
    ]
