"""`kb check` on statuses, claims, reference urls and restated sentences: exact messages, file:line:col."""

from __future__ import annotations

from pathlib import Path

from support import edit, kb_check

SLIP = "content/evidence/slip.yaml"
CAUSE = "content/causes/repeat-press.yaml"
REF = "content/references/slip-spec.yaml"


def restated(root: Path) -> tuple[int, list[str]]:
    """`kb check`'s exit code and its said-once warnings (the small fixture's files also lack modelines)."""
    code, lines = kb_check(root)
    return code, [line for line in lines if ": warning: said twice: " in line]


def test_verified_item_without_an_outside_reference_is_an_error(small_kb: Path) -> None:
    edit(small_kb / CAUSE, "status: unverified", "status: verified")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/causes/repeat-press.yaml:3:9: key 'status': verified, but no source is an outside reference: "
        "expected at least one 'reference:' from content/references/ among the sources; hint: add the reference "
        "that shared/facts.md gives, or set 'status: unverified'",
        "1 error(s), 7 warning(s) in 7 file(s)",
    ]


def test_verified_claim_without_an_outside_reference_is_an_error(small_kb: Path) -> None:
    edit(small_kb / CAUSE, "sources:\n", "claims:\n  - text: 重复按键会扣两次。\n    status: verified\n"
                                         "    sources:\n      - article: t001\n        quote: 核对交易记录\n"
                                         "sources:\n")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/causes/repeat-press.yaml:10:13: key 'claims[0].status': verified, but no source is an outside "
        "reference: expected at least one 'reference:' from content/references/ among the sources; hint: add the "
        "reference that shared/facts.md gives, or set 'status: unverified'",
        "1 error(s), 7 warning(s) in 7 file(s)",
    ]


def test_a_claim_with_a_reference_passes_and_an_advice_item_needs_none(small_kb: Path) -> None:
    edit(small_kb / CAUSE, "status: unverified", "status: advice")
    edit(small_kb / CAUSE, "sources:\n", "claims:\n  - text: 签购单上有凭证号。\n    status: verified\n"
                                         "    sources:\n      - reference: slip-spec\n        pinpoint: 第三条\n"
                                         "sources:\n")
    code, out = kb_check(small_kb)
    assert code == 0, out
    assert out[-1].startswith("ok: 8 items checked in ")


def test_reference_url_off_the_allowlist_is_a_located_error(small_kb: Path) -> None:
    edit(small_kb / REF, "finding:", "url: https://www.mepos.cn/law\nurl_label: 全文\nfinding:")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out[0].startswith(
        "content/references/slip-spec.yaml:5:6: key 'url': 'https://www.mepos.cn/law' is not on the link "
        "allowlist: expected a domain from rules/links.yaml (")
    assert out[0].endswith("); hint: link the official text on a government or standards site, or add its domain "
                           "to the allowlist with a comment naming the authority")
    assert "gov.cn" in out[0] and out[1:] == ["1 error(s), 7 warning(s) in 7 file(s)"]


def test_reference_url_must_be_an_address_and_comes_with_a_label(small_kb: Path) -> None:
    edit(small_kb / REF, "finding:", "url: flk.npc.gov.cn\nfinding:")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/references/slip-spec.yaml:5:6: key 'url': expected an address starting with https:// or http://, "
        "got 'flk.npc.gov.cn'; hint: copy the address of the official text from shared/facts.md",
        "content/references/slip-spec.yaml:5:6: key 'url_label': missing beside 'url': expected both or neither; "
        "hint: add 'url_label:' or remove 'url:'",
        "2 error(s), 7 warning(s) in 7 file(s)",
    ]


def test_an_allowlisted_url_passes(small_kb: Path) -> None:
    edit(small_kb / REF, "finding:", "url: https://flk.npc.gov.cn/\nurl_label: 国家法律法规数据库\nfinding:")
    code, out = kb_check(small_kb)
    assert code == 0, out


def test_a_reference_cannot_rest_on_an_article_quote(small_kb: Path) -> None:
    (small_kb / REF).write_text((small_kb / REF).read_text(encoding="utf-8")
                                + "sources:\n  - article: t001\n    quote: 核对交易记录\n", encoding="utf-8")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/references/slip-spec.yaml:7:14: key 'sources[0].article': a reference cannot rest on an article "
        "quote, got article 't001'; hint: quote the article in the item that makes the claim, and give the "
        "reference's 'url'",
        "1 error(s), 7 warning(s) in 7 file(s)",
    ]


def test_pinpoint_belongs_to_a_reference(small_kb: Path) -> None:
    edit(small_kb / CAUSE, "    quote: 核对交易记录\n", "    quote: 核对交易记录\n    pinpoint: 第一条\n")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/causes/repeat-press.yaml:11:15: key 'sources[0].pinpoint': only for a reference: expected it "
        "beside 'reference:'; hint: remove it or cite the reference instead",
        "1 error(s), 7 warning(s) in 7 file(s)",
    ]


RESTATED = "刷卡后终端会打印签购单，持卡人和商户各留一联，上面印着凭证号。"


def test_a_sentence_restated_in_another_item_is_a_warning_at_the_copy(small_kb: Path) -> None:
    """One warning per pair, at the copy, naming the item to cite (the said-once check, issue 25)."""
    edit(small_kb / SLIP, "description: 刷卡后打印的小票。", f"description: {RESTATED}")
    edit(small_kb / CAUSE, "explanation: 收银员多按了一次收款键。",
         "explanation: 收银员多按了一次收款键。刷卡后终端会打印签购单，持卡人和商户各留一联。")
    assert restated(small_kb) == (0, [
        "content/evidence/slip.yaml:5:14: warning: said twice: '刷卡后终端会打印签购单' is 100% alike to "
        "'刷卡后终端会打印签购单' in causes/repeat-press (content/causes/repeat-press.yaml:4:14): expected each "
        "statement typed in one file; hint: keep it in causes/repeat-press and link to it here with "
        "[[causes/repeat-press]], or list the pair under 'said_twice:' in rules/said-once.yaml with a reason",
        "content/evidence/slip.yaml:5:14: warning: said twice: '持卡人和商户各留一联' is 100% alike to "
        "'持卡人和商户各留一联' in causes/repeat-press (content/causes/repeat-press.yaml:4:14): expected each "
        "statement typed in one file; hint: keep it in causes/repeat-press and link to it here with "
        "[[causes/repeat-press]], or list the pair under 'said_twice:' in rules/said-once.yaml with a reason",
    ])


def test_restating_the_reference_an_item_cites_is_still_a_copy(small_kb: Path) -> None:
    """The reference is the statement's home: an item cites it instead of retyping it."""
    edit(small_kb / SLIP, "description: 刷卡后打印的小票。", "description: 签购单载有商户编号、终端编号、凭证号和参考号。")
    assert [line.split("; hint: ")[1] for line in restated(small_kb)[1]] == [
        "cite the reference's statement (reference: slip-spec#<statement>), or list the pair under 'said_twice:' "
        "in rules/said-once.yaml with a reason"]


def test_two_items_that_point_to_the_same_page_do_not_restate_it(small_kb: Path) -> None:
    """A cross-reference is how a statement is said once: the pointer is not compared, only the words
    around it (here too few to compare)."""
    edit(small_kb / CAUSE, "explanation: 收银员多按了一次收款键。",
         "explanation: 收银员多按了一次收款键，签购单上的凭证号见“[[evidence/slip]]”。")
    edit(small_kb / "content/remedies/check-records.yaml", "instruction:",
         "caution: 签购单上的凭证号见“[[evidence/slip]]”。\ninstruction:")
    assert restated(small_kb) == (0, [])
