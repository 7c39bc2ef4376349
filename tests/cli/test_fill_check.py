"""`kb check` on what readers fill in (issue 30): letter blanks name known facts, deadlines count real days."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import edit, run_kb

LETTER = """# yaml-language-server: $schema=../../schemas/letters.schema.json
id: complaint
title: 书面投诉
status: advice
stage: call-bank
intro: 打电话说不清楚时，把这封信交给发卡银行。
parts:
  - heading: 主要事实
    text: 我叫{你的姓名或商户名称}，于{投诉日期}投诉，对方答复：{对方怎么说（第1次）}。
  - heading: 相关依据
    list: grounds
sources:
  - article: t001
    quote: 保留交易凭证
"""

DEADLINE = """expect: 银行登记并调查
deadlines:
  - label: 银行作出处理决定的最后一天
    start: complaint
    days: {days}
    reference: slip-spec
    pinpoint: 第一条"""


def check(root: Path) -> tuple[int, list[str]]:
    """Exit code and the error lines (warnings and the summary left out)."""
    result = run_kb("--root", str(root), "check")
    return result.returncode, [line for line in result.stderr.splitlines()
                               if ": warning: " not in line and " error(s), " not in line]


def ok_line(line: str) -> str:
    """'ok: 9 items checked in 0.17 s' without its timing."""
    return line.split(" in ")[0]


def test_a_letter_and_a_deadline_that_are_right_pass(small_kb: Path) -> None:
    (small_kb / "content/letters").mkdir()
    (small_kb / "content/letters/complaint.yaml").write_text(LETTER, encoding="utf-8")
    edit(small_kb / "content/escalation/call-bank.yaml", "expect: 银行登记并调查", DEADLINE.format(days=15))
    code, lines = check(small_kb)
    assert (code, [ok_line(line) for line in lines]) == (0, ["ok: 9 items checked"])


def test_unknown_blanks_stray_braces_and_impossible_day_counts_are_errors_at_their_keys(small_kb: Path) -> None:
    (small_kb / "content/letters").mkdir()
    (small_kb / "content/letters/complaint.yaml").write_text(
        LETTER.replace("{你的姓名或商户名称}", "{你的姓名或商户名}").replace("{投诉日期}投诉", "{投诉日期投诉"),
        encoding="utf-8")
    edit(small_kb / "content/escalation/call-bank.yaml", "expect: 银行登记并调查", DEADLINE.format(days=0))
    code, lines = check(small_kb)
    assert code == 1
    assert lines == [
        "content/escalation/call-bank.yaml:15:11: key 'deadlines[0].days': 0 days: expected 1 to 366; hint: count "
        "calendar days from the day after the start day",
        "content/letters/complaint.yaml:9:11: key 'parts[0].text': a brace outside a blank: expected {key} with "
        "both braces and no braces elsewhere; hint: use 「」 or （） for other brackets",
        "content/letters/complaint.yaml:9:11: key 'parts[0].text': unknown blank '{你的姓名或商户名}': expected the "
        "label of an evidence item's blank or a fact in generator/model/facts.py; hint: did you mean "
        "'{你的姓名或商户名称}'?",
    ]


def test_a_letter_stage_and_a_deadline_reference_that_name_no_file_are_errors(small_kb: Path) -> None:
    """Single ids, and ids in nested records, are references like any other: a missing file is an error
    (the build would fail on it)."""
    (small_kb / "content/letters").mkdir()
    (small_kb / "content/letters/complaint.yaml").write_text(LETTER.replace("stage: call-bank", "stage: call-bnak"),
                                                             encoding="utf-8")
    edit(small_kb / "content/escalation/call-bank.yaml", "expect: 银行登记并调查",
         DEADLINE.format(days=15).replace("reference: slip-spec", "reference: slip-spc"))
    code, lines = check(small_kb)
    assert code == 1
    assert lines == [
        "content/escalation/call-bank.yaml:16:16: key 'deadlines[0].reference': unknown reference 'slip-spc': "
        "expected the id of a file in content/references/; hint: did you mean 'slip-spec'?",
        "content/letters/complaint.yaml:5:8: key 'stage': unknown escalation stage 'call-bnak': expected the id of a "
        "file in content/escalation/; hint: did you mean 'call-bank'?",
    ]


REVIEW = """# yaml-language-server: $schema=../../schemas/letters.schema.json
id: review
title: 书面申请核查
status: advice
stage: call-bank
intro: 不接受银行的处理决定时，把这封信交给它的上级机构。
parts:
  - heading: 申请人
    include: complaint#facts
  - heading: 申请事项
    text: 请核查我于{投诉日期}的投诉。
sources:
  - article: t001
    quote: 保留交易凭证
"""


def two_letters(root: Path, review: str = REVIEW) -> None:
    """The complaint letter with its facts part named 'facts', and a review letter that includes it."""
    (root / "content/letters").mkdir()
    (root / "content/letters/complaint.yaml").write_text(
        LETTER.replace("  - heading: 主要事实\n", "  - heading: 主要事实\n    name: facts\n"), encoding="utf-8")
    (root / "content/letters/review.yaml").write_text(review, encoding="utf-8")


def test_a_letter_part_shows_the_named_part_of_another_letter(small_kb: Path) -> None:
    """The shared lines are written once (in complaint.yaml) and shown in both letters, each under its own
    heading."""
    from generator.pipeline import check as check_kb
    from generator.render.letters import letter_jobs

    two_letters(small_kb)
    code, lines = check(small_kb)
    assert (code, [ok_line(line) for line in lines]) == (0, ["ok: 10 items checked"])
    kb = check_kb(small_kb).kb
    pages = {path: context for _template, path, context in letter_jobs(kb, [])}
    review = [(p.heading, p.text) for p in pages["letters/review.md"]["parts"]]
    assert review == [("申请人", "我叫{你的姓名或商户名称}，于{投诉日期}投诉，对方答复：{对方怎么说（第1次）}。"),
                      ("申请事项", "请核查我于{投诉日期}的投诉。")]
    assert kb.get("letters", "review").parts[0].text is None  # the content keeps the include, not a copy


@pytest.mark.parametrize(("include", "message"), [
    ("complaint-facts", "key 'parts[0].include': bad include 'complaint-facts': expected '<letter id>#<part "
                        "name>'; hint: e.g. complaint#sender"),
    ("complain#facts", "key 'parts[0].include': unknown letter 'complain': expected a file in content/letters/; "
                       "hint: did you mean 'complaint#facts'?"),
    ("complaint#fact", "key 'parts[0].include': letter 'complaint' has no part named 'fact': expected one of facts; "
                       "hint: give the part 'name: fact'"),
])
def test_an_include_that_names_no_text_is_an_error_at_its_key(small_kb: Path, include: str, message: str) -> None:
    two_letters(small_kb, REVIEW.replace("include: complaint#facts", f"include: {include}"))
    code, lines = check(small_kb)
    assert (code, lines) == (1, [f"content/letters/review.yaml:9:14: {message}"])


def test_an_included_part_includes_nothing_itself(small_kb: Path) -> None:
    two_letters(small_kb, REVIEW.replace("include: complaint#facts", "include: complaint#facts\n    name: shared")
                .replace("sources:", "  - include: review#shared\nsources:"))
    code, lines = check(small_kb)
    assert (code, lines) == (1, [
        "content/letters/review.yaml:13:14: key 'parts[2].include': part 'review#shared' includes another part "
        "itself: expected a part with its own text; hint: include the part it takes its text from, "
        "'complaint#facts'"])


def test_a_part_that_includes_has_nothing_of_its_own_and_names_are_unique(small_kb: Path) -> None:
    two_letters(small_kb, REVIEW.replace("include: complaint#facts", "include: complaint#facts\n    list: evidence")
                .replace("  - heading: 申请事项\n", "  - heading: 申请事项\n    name: ask\n")
                .replace("sources:", "  - name: ask\n    text: 谢谢。\nsources:"))
    code, lines = check(small_kb)
    assert (code, lines) == (1, [
        "content/letters/review.yaml:9:14: key 'parts[0].include': a part that includes another has its own text "
        "or list too: expected one of them; hint: put the extra text or list in a part of its own",
        "content/letters/review.yaml:14:11: key 'parts[2].name': name 'ask' is given to an earlier part too: "
        "expected one part per name; hint: rename one of them",
    ])
