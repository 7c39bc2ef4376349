"""Exact-text tests of loader and validator errors, through `kb check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import edit, kb_check


def test_clean_fixture_passes(small_kb: Path) -> None:
    code, lines = kb_check(small_kb)
    assert code == 0
    assert lines[-1].startswith("ok: 8 items checked in ")


def test_several_errors_in_two_files_are_reported_at_once(small_kb: Path) -> None:
    cause = small_kb / "content/causes/repeat-press.yaml"
    edit(cause, "status: unverified", "status: verifed")
    edit(cause, "remedies: [check-records]", "remedies: [check-record]")
    edit(small_kb / "content/remedies/check-records.yaml", "checklist_label: 核对交易记录\n",
         "checklist_label: 核对交易记录\nroles: [merchant]\n")
    code, lines = kb_check(small_kb)
    assert code == 1
    assert lines == [
        "content/causes/repeat-press.yaml:3:9: key 'status': expected one of verified, unverified, corrected, advice, "
        "got 'verifed'; hint: did you mean 'verified'?",
        "content/causes/repeat-press.yaml:7:12: key 'remedies[0]': unknown remedy 'check-record': expected the id "
        "of a file in content/remedies/; hint: did you mean 'check-records'?",
        "content/remedies/check-records.yaml:5:1: unknown key 'roles' in a remedy: expected one of id, title, "
        "status, sources, claims, correction, not_duplicate_of, checklist_label, role, instruction, how, evidence, "
        "only_when, urgency, caution, script, per_role; hint: did you mean 'role'?",
        "3 error(s), 5 warning(s) in 7 file(s)",
    ]


def test_missing_required_key(small_kb: Path) -> None:
    edit(small_kb / "content/evidence/slip.yaml", "where: 刷卡后由 POS 机打印。\n", "")
    code, lines = kb_check(small_kb)
    assert code == 1
    assert lines[0] == (
        "content/evidence/slip.yaml:1:1: missing required key 'where': expected a text in every evidence "
        "(Where to find or how to obtain it); hint: add 'where:'")


def test_id_must_equal_file_name(small_kb: Path) -> None:
    edit(small_kb / "content/evidence/slip.yaml", "id: slip", "id: receipt")
    code, lines = kb_check(small_kb)
    assert code == 1
    assert lines[0] == ("content/evidence/slip.yaml:1:5: key 'id': expected 'slip' (the file name), got 'receipt'; "
                        "hint: the id must equal the file name without .yaml")


def test_orphan_is_an_error(small_kb: Path) -> None:
    edit(small_kb / "content/problems/charged-twice.yaml", "prevention: [keep-slips]\n", "")
    code, lines = kb_check(small_kb)
    assert code == 1
    assert lines[0] == ("content/prevention/keep-slips.yaml:1:5: prevention tip 'keep-slips' is not referenced by "
                        "anything: expected at least one item to link to it; hint: link it from another item, or "
                        "delete the file")


def test_fake_provenance_quote_is_rejected(small_kb: Path) -> None:
    edit(small_kb / "content/causes/repeat-press.yaml", "quote: 核对交易记录", "quote: 银行必须三天内退款")
    code, lines = kb_check(small_kb)
    assert code == 1
    assert lines[0] == (
        "content/causes/repeat-press.yaml:10:12: key 'sources[0].quote': not found in article 't001': expected a "
        "verbatim excerpt of the cleaned article, got '银行必须三天内退款'; hint: copy it exactly from "
        "'kb clean content/articles/t001.txt'")


def test_quote_matches_after_misspelling_repair(small_kb: Path) -> None:
    # The article says "刷ka卡多扣钱"; contributors quote the repaired form.
    edit(small_kb / "content/causes/repeat-press.yaml", "quote: 核对交易记录", "quote: 刷卡多扣钱怎么办")
    code, lines = kb_check(small_kb)
    assert (code, lines[:-1]) == (0, ["0 error(s), 7 warning(s) in 7 file(s)"]), lines
    assert lines[-1].startswith("ok: 8 items checked in ")


def test_escalation_loop(small_kb: Path) -> None:
    stage = small_kb / "content/escalation/call-bank.yaml"
    second = small_kb / "content/escalation/regulator.yaml"
    second.write_text(stage.read_text(encoding="utf-8").replace("id: call-bank", "id: regulator")
                      + "next: [call-bank]\n", encoding="utf-8")
    stage.write_text(stage.read_text(encoding="utf-8") + "next: [regulator]\n", encoding="utf-8")
    code, lines = kb_check(small_kb)
    assert code == 1
    errors = [line for line in lines if ": warning: " not in line]  # the copy is a near-duplicate, too
    assert errors[0] == ("content/escalation/regulator.yaml:16:8: key 'next': escalation loop call-bank -> regulator "
                         "-> call-bank: expected the ladder to move forward only; hint: remove one of these 'next' "
                         "links")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: x\n\ttitle: y\n", "content/causes/bad.yaml:2:1: YAML syntax error: found a tab character that violates "
                                "indentation; hint: indent with spaces, never tabs"),
        ("# nothing here\n", "content/causes/bad.yaml:1:1: file is empty: expected a mapping of fields; hint: run "
                             "'kb new KIND ID' to start from a template"),
        ("id: bad\nid: bad\n", "content/causes/bad.yaml:2:1: duplicate key 'id': expected each key once; hint: it is "
                               "already set at line 1"),
        ("id: bad\ntitle: !!python/object/apply:os.system [echo hi]\n",
         "content/causes/bad.yaml:2:8: tag '!!python/object/apply:os.system' is not allowed: expected a plain list; "
         "hint: remove the tag"),
        ("- just\n- a list\n", "content/causes/bad.yaml:1:1: expected a mapping of fields (key: value) for a cause, "
                               "got a list of 2; hint: start from 'kb new'"),
    ],
)
def test_yaml_level_errors(small_kb: Path, text: str, expected: str) -> None:
    (small_kb / "content/causes/bad.yaml").write_text(text, encoding="utf-8")
    code, lines = kb_check(small_kb)
    assert code == 1
    assert expected in lines
