"""`kb check` applies the spam rules to every text field of content/ (issue 3)."""

from __future__ import annotations

from pathlib import Path

from support import edit, kb_check, run_kb


def test_affiliate_link_promotion_and_misspelling_are_errors_with_rule_and_location(small_kb: Path) -> None:
    edit(small_kb / "content/causes/repeat-press.yaml", "explanation: 收银员多按了一次收款键。",
            "explanation: 收银员多按了一次收款键，详见 www.mepos.cn")
    edit(small_kb / "content/remedies/check-records.yaml", "  - 对照签购单", "  - 对照签购单，免费申请POS机")
    edit(small_kb / "content/prevention/keep-slips.yaml", "tip: 每次刷卡后保留签购单。", "tip: 每次刷ka卡后保留签购单。")
    result = run_kb("--root", str(small_kb), "check")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "(rule " in line]
    assert lines == [
        "content/causes/repeat-press.yaml:4:29: key 'explanation': link 'www.mepos.cn' (rule links): host "
        "'www.mepos.cn' (registrable domain 'mepos.cn') is not on the allowlist: expected links only to allowlisted "
        "authorities; hint: remove the link or cite an allowlisted authority",
        "content/prevention/keep-slips.yaml:5:9: key 'tip': misspelling 'ka卡' (rule misspell-ka-card): expected "
        "'卡'; hint: write '卡' instead",
        "content/remedies/check-records.yaml:8:11: key 'how[1]': promotional wording '免费申请' (rule promo-apply): "
        "expected plain advice; hint: remove the sales pitch",
        "content/remedies/check-records.yaml:8:13: key 'how[1]': promotional wording '申请POS' (rule "
        "promo-pos-application): expected plain advice; hint: remove the sales pitch",
    ]


def test_quotes_are_checked_against_the_article_not_linted(small_kb: Path) -> None:
    # The article itself is spam-laden; quotes come from its cleaned text, so a clean quote passes.
    code, lines = kb_check(small_kb)
    assert (code, lines[:-1]) == (0, ["0 error(s), 7 warning(s) in 7 file(s)"]), lines
    assert lines[-1].startswith("ok: 8 items checked in ")


def test_ascii_punctuation_in_chinese_prose_is_a_warning(small_kb: Path) -> None:
    edit(small_kb / "content/causes/repeat-press.yaml", "explanation: 收银员多按了一次收款键。",
            "explanation: 收银员多按了一次收款键,所以扣了两次。")
    result = run_kb("--root", str(small_kb), "check")
    assert result.returncode == 0  # style is a warning
    lines = [line for line in result.stderr.splitlines() if "style" in line or "ASCII" in line]
    assert lines == [
        "content/causes/repeat-press.yaml:4:25: warning: key 'explanation': ASCII ',' in Chinese text: expected "
        "'，'; hint: use full-width punctuation in Chinese prose"]
    code, strict = kb_check(small_kb, "--strict")
    assert code == 1
    assert strict == [*lines, "0 error(s), 8 warning(s) in 7 file(s)", "failed: 8 warning(s) and --strict"]


def test_quotes_may_keep_the_articles_ascii_commas(small_kb: Path) -> None:
    # The fixture's quote "仔细检查交易记录和对账单,确保确实被多扣" keeps the article's ASCII comma.
    result = run_kb("--root", str(small_kb), "check")
    assert "ASCII" not in result.stderr


LONG_TERM = "收银员一不小心把收款键按了两次结果同一笔消费扣了两笔钱还没退回"  # 31 characters


def test_search_terms_are_linted_and_checked_like_other_text(small_kb: Path) -> None:
    """search_terms never show on a page, but they reach the search index: the same rules apply."""
    edit(small_kb / "content/causes/repeat-press.yaml", "remedies: [check-records]\n",
         "remedies: [check-records]\nsearch_terms:\n  - 按了两次\n  - 详见 www.mepos.cn\n  - <b>扣两次</b>\n"
         f"  - {LONG_TERM}\n")
    result = run_kb("--root", str(small_kb), "check")
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "search_terms" in line] == [
        "content/causes/repeat-press.yaml:10:8: key 'search_terms[1]': link 'www.mepos.cn' (rule links): host "
        "'www.mepos.cn' (registrable domain 'mepos.cn') is not on the allowlist: expected links only to allowlisted "
        "authorities; hint: remove the link or cite an allowlisted authority",
        "content/causes/repeat-press.yaml:11:5: key 'search_terms[2]': raw HTML is not allowed: expected plain text, "
        "got '<b>扣两次</b>'; hint: write the text without tags",
        "content/causes/repeat-press.yaml:12:5: key 'search_terms[3]': expected at most 30 characters, got 31; "
        "hint: shorten it or split the item",
    ]
