"""Said once (issue 25): a clause typed in two files, through the library's ``check``; exact, located messages.

The `--strict` exit code is tested in tests/cli/test_said_once_strict.py.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import generator
from generator.pipeline import clean_articles, load_content, load_rules, validate_content
from generator.validate.said_once import THRESHOLD, clauses_of, said_twice_pairs, trigrams
from generator.validate.neardup import jaccard
from support import REPO, edit

HINT_LIST = "or list the pair under 'said_twice:' in rules/said-once.yaml with a reason"


def said(root: Path) -> list[str]:
    return [str(d) for d in generator.check(root).diagnostics if d.code in ("said-once", "reference", "rules")]


def copy_instruction_into_cause(root: Path) -> None:
    """A contributor retypes the remedy's first clause, in other punctuation, in the cause's explanation."""
    edit(root / "content/causes/repeat-press.yaml", "explanation: 收银员多按了一次收款键。",
         "explanation: 收银员多按了一次收款键；在银行APP里找到这笔交易。")


def test_a_clause_typed_in_two_files_names_both_places_and_the_item_to_cite(small_kb: Path) -> None:
    copy_instruction_into_cause(small_kb)
    assert said(small_kb) == [
        "content/remedies/check-records.yaml:13:14: said twice: '在银行 App 里找到这笔交易' is 100% alike to "
        "'在银行APP里找到这笔交易' in causes/repeat-press (content/causes/repeat-press.yaml:4:14): expected each "
        "statement typed in one file; hint: keep it in causes/repeat-press and link to it here with "
        f"[[causes/repeat-press]], {HINT_LIST}",
    ]


def test_a_reference_is_the_home_of_what_it_says(small_kb: Path) -> None:
    edit(small_kb / "content/remedies/check-records.yaml", "  - 对照签购单\n",
         "  - 对照签购单\n  - 签购单上有商户编号、终端编号、凭证号和参考号\n")
    assert said(small_kb) == [
        "content/remedies/check-records.yaml:9:5: said twice: '签购单上有商户编号、终端编号、凭证号和参考号' is 71% "
        "alike to '签购单载有商户编号、终端编号、凭证号和参考号' in references/slip-spec "
        "(content/references/slip-spec.yaml:7:11): expected each statement typed in one file; hint: cite the "
        f"reference's statement (reference: slip-spec#slip-fields), {HINT_LIST}",
    ]


def test_short_clauses_and_clauses_of_one_file_are_not_compared(small_kb: Path) -> None:
    edit(small_kb / "content/causes/repeat-press.yaml", "explanation: 收银员多按了一次收款键。",
         "explanation: 对照签购单。收银员多按了一次收款键，收银员多按了一次收款键。")
    assert said(small_kb) == []


def test_two_pointers_to_one_page_restate_nothing(small_kb: Path) -> None:
    for path, old in (("content/causes/repeat-press.yaml", "explanation: 收银员多按了一次收款键。"),
                      ("content/remedies/check-records.yaml", "instruction: 在银行 App 里找到这笔交易，对照签购单")):
        edit(small_kb / path, old, old + "。具体做法见[[evidence/slip]]")
    assert said(small_kb) == []


def test_a_copied_item_gets_the_whole_item_warning_not_one_per_clause(small_kb: Path) -> None:
    text = (small_kb / "content/remedies/check-records.yaml").read_text(encoding="utf-8")
    (small_kb / "content/remedies/check-again.yaml").write_text(
        text.replace("id: check-records", "id: check-again"), encoding="utf-8")
    codes = [d.code for d in generator.check(small_kb).diagnostics if d.code in ("said-once", "near-duplicate")]
    assert codes == ["near-duplicate", "near-duplicate"]


def test_a_listed_exception_passes_and_a_stale_or_unknown_one_is_reported(small_kb: Path) -> None:
    copy_instruction_into_cause(small_kb)
    (small_kb / "rules/said-once.yaml").write_text(
        "said_twice:\n"
        "  - clause: 在银行App里找到这笔交易\n"
        "    between: [causes/repeat-press, remedies/check-records]\n"
        "    reason: 测试用：两处都要说。\n"
        "  - clause: 收银员多按了一次收款键\n"
        "    between: [causes/repeat-press, remedies/check-records]\n"
        "    reason: 已经不重复了。\n"
        "  - clause: 收银员多按了一次收款键\n"
        "    between: [causes/repeat-pres, remedies/check-records]\n"
        "    reason: 拼错的id。\n", encoding="utf-8")
    assert said(small_kb) == [
        "rules/said-once.yaml:5:5: said_twice[1]: '收银员多按了一次收款键' is no longer typed in both "
        "causes/repeat-press and remedies/check-records: expected an exception to match a clause typed in two "
        "files; hint: remove the entry",
        "rules/said-once.yaml:8:5: said_twice[2].between: unknown item 'causes/repeat-pres': expected kind/id of a "
        "file in content/; hint: fix the id or remove the entry",
    ]


def test_a_malformed_exception_is_a_located_rules_error(small_kb: Path) -> None:
    (small_kb / "rules/said-once.yaml").write_text(
        "said_twice:\n  - clause: 在银行App里找到这笔交易\n    between: [causes/repeat-press]\n", encoding="utf-8")
    assert said(small_kb) == [
        "rules/said-once.yaml:2:5: a said_twice entry needs 'clause' (text), 'between' (two items written kind/id) "
        "and 'reason' (text): expected e.g. 'between: [letters/complaint, letters/review]'; hint: see the other "
        "entries in the file",
    ]


def test_the_index_finds_every_pair_all_pairs_would_on_the_real_guide() -> None:
    corpus = load_content(REPO)
    rules, _ = load_rules(REPO)
    kb, _ = validate_content(corpus, rules, clean_articles(corpus, rules))
    clauses = clauses_of(kb)
    sets = [trigrams(c.compared) for c in clauses]
    every = {(i, j) for i, j in itertools.combinations(range(len(clauses)), 2)
             if (clauses[i].kind, clauses[i].item_id) != (clauses[j].kind, clauses[j].item_id)
             and jaccard(sets[i], sets[j]) >= THRESHOLD}
    assert len(clauses) > 500
    assert {(i, j) for i, j, _ in said_twice_pairs(clauses)} == every
