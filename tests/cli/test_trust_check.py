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
                                         "    sources:\n      - reference: slip-spec#slip-fields\n"
                                         "sources:\n")
    code, out = kb_check(small_kb)
    assert code == 0, out
    assert out[-1].startswith("ok: 8 items checked in ")


def test_reference_url_off_the_allowlist_is_a_located_error(small_kb: Path) -> None:
    edit(small_kb / REF, "statements:", "url: https://www.mepos.cn/law\nurl_label: 全文\nstatements:")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out[0].startswith(
        "content/references/slip-spec.yaml:5:6: key 'url': 'https://www.mepos.cn/law' is not on the link "
        "allowlist: expected a domain from rules/links.yaml (")
    assert out[0].endswith("); hint: link the official text on a government or standards site, or add its domain "
                           "to the allowlist with a comment naming the authority")
    assert "gov.cn" in out[0] and out[1:] == ["1 error(s), 7 warning(s) in 7 file(s)"]


def test_reference_url_must_be_an_address_and_comes_with_a_label(small_kb: Path) -> None:
    edit(small_kb / REF, "statements:", "url: flk.npc.gov.cn\nstatements:")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/references/slip-spec.yaml:5:6: key 'url': expected an address starting with https:// or http://, "
        "got 'flk.npc.gov.cn'; hint: copy the address of the official text from shared/facts.md",
        "content/references/slip-spec.yaml:5:6: key 'url_label': missing beside 'url': expected both, or another "
        "reference with the same url that labels it; hint: add 'url_label:' or remove 'url:'",
        "2 error(s), 7 warning(s) in 7 file(s)",
    ]


def test_an_allowlisted_url_passes(small_kb: Path) -> None:
    edit(small_kb / REF, "statements:", "url: https://flk.npc.gov.cn/\nurl_label: 国家法律法规数据库\nstatements:")
    code, out = kb_check(small_kb)
    assert code == 0, out


def test_a_reference_cannot_rest_on_an_article_quote(small_kb: Path) -> None:
    (small_kb / REF).write_text((small_kb / REF).read_text(encoding="utf-8")
                                + "sources:\n  - article: t001\n    quote: 核对交易记录\n", encoding="utf-8")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/references/slip-spec.yaml:9:14: key 'sources[0].article': a reference cannot rest on an article "
        "quote, got article 't001'; hint: quote the article in the item that makes the claim, and give the "
        "reference's 'url'",
        "1 error(s), 7 warning(s) in 7 file(s)",
    ]


def test_a_source_keeps_no_pinpoint_or_note_of_its_own(small_kb: Path) -> None:
    edit(small_kb / CAUSE, "    quote: 核对交易记录\n", "    quote: 核对交易记录\n    pinpoint: 第一条\n    note: 说明\n")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/causes/repeat-press.yaml:11:5: unknown key 'sources[0].pinpoint' in a source: expected one of "
        "article, quote, reference; hint: the pinpoint belongs to the reference's statement: cite it as "
        "'reference: <id>#<statement>'",
        "content/causes/repeat-press.yaml:12:5: unknown key 'sources[0].note' in a source: expected one of "
        "article, quote, reference; hint: a statement has one home: cite the reference's statement as "
        "'reference: <id>#<statement>' (the page shows its text), or add the statement to the reference",
        "2 error(s), 6 warning(s) in 7 file(s)",
    ]


def test_an_unknown_statement_is_a_located_error_with_the_closest_id(small_kb: Path) -> None:
    edit(small_kb / SLIP, "  - reference: slip-spec#slip-fields\n", "  - reference: slip-spec#slip-field\n")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/evidence/slip.yaml:8:26: key 'sources[0].reference': unknown statement 'slip-field' of reference "
        "'slip-spec': expected the id of one of its statements in content/references/slip-spec.yaml; hint: did "
        "you mean 'slip-fields'?",
        "1 error(s), 7 warning(s) in 7 file(s)",
    ]


def test_an_unknown_statement_without_a_close_one_lists_the_statements(small_kb: Path) -> None:
    edit(small_kb / CAUSE, "    quote: 核对交易记录\n", "    quote: 核对交易记录\n  - reference: slip-spec#deadline\n")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/causes/repeat-press.yaml:11:26: key 'sources[1].reference': unknown statement 'deadline' of "
        "reference 'slip-spec': expected the id of one of its statements in content/references/slip-spec.yaml; "
        "hint: its statements are slip-fields",
        "1 error(s), 7 warning(s) in 7 file(s)",
    ]


def test_the_reference_of_an_unknown_statement_is_checked_first(small_kb: Path) -> None:
    edit(small_kb / SLIP, "  - reference: slip-spec#slip-fields\n", "  - reference: slip-spek#slip-fields\n")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/evidence/slip.yaml:8:16: key 'sources[0].reference': unknown reference 'slip-spek': expected the "
        "id of a file in content/references/; hint: did you mean 'slip-spec'?",
        "content/references/slip-spec.yaml:1:5: reference 'slip-spec' is not referenced by anything: expected at "
        "least one item to link to it; hint: link it from another item, or delete the file",
        "2 error(s), 7 warning(s) in 7 file(s)",
    ]


def test_statement_ids_are_words_and_unique(small_kb: Path) -> None:
    edit(small_kb / REF, "statements:\n", "statements:\n  - id: Slip_Fields\n    text: 签购单载有凭证号。\n"
                                         "  - id: slip-fields\n    text: 签购单载有参考号。\n")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/references/slip-spec.yaml:6:9: key 'statements[0].id': expected lowercase ASCII words joined by "
        "'-', got 'Slip_Fields'; hint: e.g. 'burden-of-proof'",
        "content/references/slip-spec.yaml:10:9: key 'statements[2].id': statement 'slip-fields' is already an id "
        "of this reference: expected each id once; hint: rename one of them",
        "2 error(s), 7 warning(s) in 7 file(s)",
    ]


def test_a_claim_without_text_shows_the_statements_it_cites(small_kb: Path) -> None:
    edit(small_kb / CAUSE, "sources:\n", "claims:\n  - status: verified\n    sources:\n"
                                         "      - reference: slip-spec#slip-fields\n  - status: verified\n"
                                         "    sources:\n      - reference: slip-spec\n  - status: unverified\n"
                                         "    sources:\n      - article: t001\n        quote: 核对交易记录\n"
                                         "sources:\n")
    code, out = kb_check(small_kb)
    assert code == 1
    assert out == [
        "content/causes/repeat-press.yaml:12:13: key 'claims[1].text': missing, and no source names a statement "
        "to show instead: expected 'text:' or a source 'reference: <id>#<statement>'; hint: cite the statement "
        "that says it",
        "content/causes/repeat-press.yaml:15:13: key 'claims[2].text': missing for status 'unverified': only a "
        "verified claim can show the statements it cites instead; hint: add 'text:'",
        "2 error(s), 7 warning(s) in 7 file(s)",
    ]


def test_a_shared_url_is_labelled_once(small_kb: Path) -> None:
    edit(small_kb / REF, "statements:", "url: https://flk.npc.gov.cn/\nurl_label: 国家法律法规数据库\nstatements:")
    other = small_kb / "content/references/slip-law.yaml"
    other.write_text((small_kb / REF).read_text(encoding="utf-8").replace("id: slip-spec", "id: slip-law")
                     .replace("title: 签购单字段", "title: 签购单法规"), encoding="utf-8")
    edit(small_kb / "content/causes/repeat-press.yaml", "    quote: 核对交易记录\n",
         "    quote: 核对交易记录\n  - reference: slip-law\n")
    code, out = kb_check(small_kb)
    assert code == 1
    assert [line for line in out if "url" in line] == [
        "content/references/slip-spec.yaml:6:12: key 'url_label': 'https://flk.npc.gov.cn/' is labelled in "
        "content/references/slip-law.yaml already: expected each address labelled once; hint: remove "
        "'url_label:' here (the page shows that label)"]
    edit(small_kb / REF, "url_label: 国家法律法规数据库\n", "")
    code, out = kb_check(small_kb)
    assert [line for line in out if "error" in line and "url" in line] == []


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
        "cite the reference's statement (reference: slip-spec#slip-fields), or list the pair under 'said_twice:' "
        "in rules/said-once.yaml with a reason"]


def test_two_items_that_point_to_the_same_page_do_not_restate_it(small_kb: Path) -> None:
    """A cross-reference is how a statement is said once: the pointer is not compared, only the words
    around it (here too few to compare)."""
    edit(small_kb / CAUSE, "explanation: 收银员多按了一次收款键。",
         "explanation: 收银员多按了一次收款键，凭证号见“[[evidence/slip]]”。")
    edit(small_kb / "content/remedies/check-records.yaml", "instruction:",
         "caution: 凭证号见“[[evidence/slip]]”。\ninstruction:")
    assert restated(small_kb) == (0, [])
