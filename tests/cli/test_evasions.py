"""Evasions of the spam rules, each caught by `kb check --strict` with its rule id and file:line:col (issue 17).

Every case is one list item of a remedy's ``how`` in a copy of the small fixture knowledge
base, written in double quotes on its own line, so its column is known: the item's text
starts at column 6. Each case names the rule and the exact text (as written) it must be
reported for; the expected column is that text's offset in the case plus 6.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import visible
from support import edit, run_kb

PROMO = "promotional wording '{found}' (rule {rule}): expected plain advice; hint: remove the sales pitch"
CONTACT = ("contact pitch '{found}' (rule {rule}): expected plain advice; hint: remove it; readers contact "
           "institutions only through the channels printed on the card, slip or terminal")
PHONE = ("phone number '{found}' (rule contact-phone): expected only the numbers allowlisted in rules/ with their "
         "facts.md reference; hint: remove the number and tell readers where to find the right one (card, slip, "
         "terminal, official app)")
FURNITURE = ("page furniture '{found}' (rule {rule}): expected plain advice; hint: remove the leftover of the "
             "scraped page")
LINK = ("link '{found}' (rule links): {why}: expected links only to allowlisted authorities; hint: remove the link "
        "or cite an allowlisted authority")
MISSPELLING = "misspelling '{found}' (rule {rule}): expected '卡'; hint: write '卡' instead"

# (family, text as written, [(template, rule, reported text, extra fields)])
CASES = [
    # separators between the characters of a phrase
    ("spacing", "先核对，免 费 申 请", [(PROMO, "promo-apply", "免 费 申 请", {})]),
    ("spacing", "免　费　申　请在这里", [(PROMO, "promo-apply", "免　费　申　请", {})]),
    ("spacing", "免-费-申-请", [(PROMO, "promo-apply", "免-费-申-请", {})]),
    ("spacing", "免·费·申·请", [(PROMO, "promo-apply", "免·费·申·请", {})]),
    ("spacing", "免_费_申_请", [(PROMO, "promo-apply", "免_费_申_请", {})]),
    ("spacing", "免/费/办/理", [(PROMO, "promo-apply", "免/费/办/理", {})]),
    # Traditional characters
    ("traditional", "免費申請", [(PROMO, "promo-apply", "免費申請", {})]),
    ("traditional", "辦理入口見下方", [(PROMO, "promo-entry", "辦理入口", {})]),
    ("traditional", "掃碼領取禮品", [(PROMO, "promo-scan-code", "掃碼領取", {})]),
    ("traditional", "關注公眾號", [(CONTACT, "contact-wechat", "公眾號", {})]),
    ("traditional", "激活返現", [(PROMO, "promo-cashback", "激活返現", {})]),
    # full-width forms
    ("full-width", "费率０．３８％", [(PROMO, "promo-fee-rate", "费率０．３８％", {})]),
    ("full-width", "刷ＫＡ卡", [(MISSPELLING, "misspell-ka-card", "ＫＡ卡", {})]),
    ("full-width", "正规一清ＰＯＳ", [(PROMO, "promo-settlement", "一清ＰＯＳ", {})]),
    # invisible characters (also a warning that names them)
    ("invisible", "免\u00ad费申请", [(PROMO, "promo-apply", "免\u00ad费申请", {})]),
    ("invisible", "免\u034f费申请", [(PROMO, "promo-apply", "免\u034f费申请", {})]),
    ("invisible", "免\ufe0f费申请", [(PROMO, "promo-apply", "免\ufe0f费申请", {})]),
    ("invisible", "免\u3164费申请", [(PROMO, "promo-apply", "免\u3164费申请", {})]),
    ("invisible", "免\u061c费申请", [(PROMO, "promo-apply", "免\u061c费申请", {})]),
    ("invisible", "免\U000e0041费申请", [(PROMO, "promo-apply", "免\U000e0041费申请", {})]),
    # links
    ("link", "见 https://pbc.gov.cn@evil.com/ 说明",
     [(LINK, "links", "https://pbc.gov.cn@evil.com/", {"why": "it hides its real host 'evil.com' behind 'pbc.gov.cn@'"})]),
    ("link", "登录pbc.gov.cn.evil.ru/apply填写",
     [(LINK, "links", "pbc.gov.cn.evil.ru/apply",
       {"why": "host 'pbc.gov.cn.evil.ru' (registrable domain 'evil.ru') is not on the allowlist"})]),
    ("link", "下载 10.0.0.8:8080/pos 即可",
     [(LINK, "links", "10.0.0.8:8080/pos", {"why": "its host is the IP address 10.0.0.8"})]),
    ("link", "短链接bit.ly/3xYz打开", [(LINK, "links", "bit.ly/3xYz", {"why": "host 'bit.ly' is not on the allowlist"})]),
    ("link", "见 pos-help.hk 说明", [(LINK, "links", "pos-help.hk", {"why": "host 'pos-help.hk' is not on the allowlist"})]),
    ("link", "详见ｍｅｐｏｓ．ｃｎ", [(LINK, "links", "ｍｅｐｏｓ．ｃｎ", {"why": "host 'mepos.cn' is not on the allowlist"})]),
    ("link", "详见mepos。cn", [(LINK, "links", "mepos。cn", {"why": "host 'mepos。cn' ('mepos.cn') is not on the allowlist"})]),
    ("link", "官网pbc.gov.сn查询", [(LINK, "links", "pbc.gov.сn",
                                     {"why": "its host uses look-alike letters (U+0441 CYRILLIC SMALL LETTER ES)"})]),
    ("link", "网址例子.中国", [(LINK, "links", "网址例子.中国",
                              {"why": "host '网址例子.中国' ('xn--fsqs1qgrdky3c.xn--fiqs8s') is not on the allowlist"})]),
    ("link", "邮箱kefu@evil.com", [(LINK, "links", "kefu@evil.com", {"why": "host 'evil.com' is not on the allowlist"})]),
    # contacts
    ("contact", "客服电话：138 0013 8000", [(PHONE, "contact-phone", "138 0013 8000", {})]),
    ("contact", "手机１３８００１３８０００", [(PHONE, "contact-phone", "１３８００１３８０００", {})]),
    ("contact", "热线400-123-4567", [(PHONE, "contact-phone", "400-123-4567", {})]),
    ("contact", "致电0755-12345678", [(PHONE, "contact-phone", "0755-12345678", {})]),
    ("contact", "+86 138-0013-8000", [(PHONE, "contact-phone", "+86 138-0013-8000", {})]),
    ("contact", "或拨打95516", [(PHONE, "contact-phone", "95516", {})]),
    ("contact", "电话一三八零零一三八零零零", [(PHONE, "contact-phone", "一三八零零一三八零零零", {})]),
    ("contact", "有问题加V咨询", [(CONTACT, "contact-wechat", "加V", {})]),
    ("contact", "vx：posvip888", [(CONTACT, "contact-wechat", "vx：posvip888", {})]),
    ("contact", "加威信了解", [(CONTACT, "contact-wechat", "加威信", {})]),
    ("contact", "微信号：abc12345", [(CONTACT, "contact-wechat", "微信号：abc12345", {})]),
    ("contact", "关注订阅号", [(CONTACT, "contact-wechat", "订阅号", {})]),
    ("contact", "ＱＱ群：123456", [(CONTACT, "contact-qq", "ＱＱ群", {})]),
    # page furniture
    ("furniture", "上一篇：POS机刷卡不到账怎么办", [(FURNITURE, "furniture-pager", "上一篇：", {})]),
    ("furniture", "本文来源于网络，如有侵权请联系删除",
     [(FURNITURE, "furniture-disclaimer", "本文来源于网络", {}), (FURNITURE, "furniture-disclaimer", "如有侵权", {}),
      (FURNITURE, "furniture-disclaimer", "联系删除", {})]),
    ("furniture", "京ICP备12345678号",
     [(FURNITURE, "furniture-copyright", "ICP备", {}), (PHONE, "contact-phone", "12345678", {})]),
    ("furniture", "标签：pos机 刷卡", [(FURNITURE, "furniture-tags", "标签：", {})]),
    ("furniture", "发布时间：2023-05-01 阅读：1024",
     [(FURNITURE, "furniture-byline", "发布时间：2023-", {}), (FURNITURE, "furniture-byline", "阅读：1024", {})]),
]
FIRST_LINE = 9
"""The line of the first case in content/remedies/check-records.yaml."""
COLUMN = 6
"""Column of a case's first character: '  - "' comes before it."""
PATH = "content/remedies/check-records.yaml"


def expected_lines(cases: list = CASES) -> list[str]:
    """The located error of every hit of ``cases`` (written one per line from FIRST_LINE, at COLUMN)."""
    lines = []
    for index, (_family, text, hits) in enumerate(cases):
        for template, rule, found, extra in hits:
            message = template.format(found=found, rule=rule, **extra)
            where = f"{PATH}:{FIRST_LINE + index}:{COLUMN + text.index(found)}"
            lines.append(visible(f"{where}: key 'how[{index + 2}]': {message}"))
    return lines


def test_cases_cover_every_family_forty_times_over() -> None:
    families = {family for family, _text, _hits in CASES}
    assert families == {"spacing", "traditional", "full-width", "invisible", "link", "contact", "furniture"}
    assert len(CASES) >= 40


@pytest.mark.slow  # hundreds of evasions
def test_every_evasion_is_an_error_with_rule_and_location(small_kb: Path) -> None:
    items = "".join(f'  - "{text}"\n' for _family, text, _hits in CASES)
    edit(small_kb / PATH, "  - 对照签购单\n", "  - 对照签购单\n" + items)
    edit(small_kb / "content/causes/repeat-press.yaml", "explanation: 收银员多按了一次收款键。",
         "explanation: >-\n  收银员多按了一次收款键，免费\n  申请POS机")
    edit(small_kb / "content/escalation/call-bank.yaml", "    how_to_find: 银行卡背面印的电话",
         "    phone: \"13800138000\"\n    phone_status: verified\n    how_to_find: 银行卡背面印的电话")
    result = run_kb("--root", str(small_kb), "check", "--strict")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if PATH in line and "(rule " in line]
    assert errors == sorted(expected_lines(), key=_order)
    lines = result.stderr.splitlines()
    # a phrase folded across lines is what the page shows joined: caught where it starts
    assert ("content/causes/repeat-press.yaml:5:15: key 'explanation': "
            + PROMO.format(found="免费 申请", rule="promo-apply")) in lines
    assert ("content/escalation/call-bank.yaml:7:12: key 'contacts[0].phone': phone number '13800138000' is not on "
            "the phone allowlist: expected one of 12363, 12378 (rules/contacts.yaml, each with its facts.md "
            "reference); hint: remove 'phone' and say in 'how_to_find' where readers find the right number, or add "
            "it to rules/contacts.yaml with the reference that verifies it") in lines
    assert ("content/escalation/call-bank.yaml:8:19: key 'contacts[0].phone_status': 'verified' for phone number "
            "'13800138000', which no allowlisted reference verifies: expected 'unverified' or an allowlisted number; "
            "hint: only numbers in rules/contacts.yaml are verified") in lines
    invisible = [line for line in lines if "invisible-text" in line or "invisible characters" in line]
    assert invisible[0] == (f"{PATH}:{FIRST_LINE + 14}:7: warning: key 'how[16]': invisible characters U+00AD SOFT "
                            "HYPHEN: the spam rules read the text without them: expected visible text only; hint: "
                            "delete them (most editors do not show them)")
    assert len(invisible) == 6


def _order(line: str) -> tuple:
    path, line_no, column, _rest = line.split(":", 3)
    return path, int(line_no), int(column), line


@pytest.mark.slow  # hundreds of evasions
def test_every_evasion_is_removed_from_an_article_by_kb_clean(tmp_path: Path) -> None:
    article = tmp_path / "evasions.txt"
    article.write_text("如何核对签购单\n" + "".join(f"{text}\n" for _family, text, _hits in CASES), encoding="utf-8")
    result = run_kb("clean", "--report", str(article))
    assert result.returncode == 0, result.stderr
    reported: dict[int, set[str]] = {}
    for line in result.stdout.splitlines():
        _path, line_no, _column, rule, _rest = line.split(":", 4)
        reported.setdefault(int(line_no), set()).add(rule.strip())
    for index, (_family, text, hits) in enumerate(CASES):
        # a line dropped whole (page furniture) is reported by the rule that drops it, before any other
        expected = {hits[0][1]} if hits[0][1].startswith("furniture") else {rule for _t, rule, _f, _e in hits}
        assert expected <= reported.get(index + 2, set()), (index + 2, text)
    cleaned = run_kb("clean", str(article)).stdout
    assert cleaned == "如何核对签购单\n刷卡\n"  # everything else was spam; the misspelling ＫＡ卡 is repaired


REPORTS = {
    "wrong-amount": [
        "1:1: furniture-breadcrumb: removed '当前位置：首页 > POS机知识 > 刷卡问题'",
        "3:1: furniture-byline: removed '发布时间：2024-03-18 09:20 作者：小编 阅读：2381'",
        "10:1: contact-wechat: removed '如有疑问,客服电话：１３８ ００１３ ８０００,加V了解更多。'",
        "12:1: promo-apply: removed '免 费 申 请 电签POS机,费率０．３８％,扫碼領取。'",
        "13:1: furniture-pager: removed '上一篇：POS机刷卡显示交易失败但扣钱了'",
        "14:1: furniture-pager: removed '下一篇：信用卡刷卡手续费怎么算'",
        "15:1: furniture-disclaimer: removed '免责声明：本文内容来源于网络,如有侵权请联系删除。'",
        "16:1: furniture-copyright: removed 'Copyright © 2024 POS之家 版权所有 京ICP备12345678号'",
    ],
    "duplicate-charge": [
        "1:1: furniture-breadcrumb: removed '您的位置：首页 » 行业资讯 » 正文'",
        "3:1: furniture-byline: removed '来源：网络 2023-11-02 1024人阅读'",
        "9:1: contact-wechat: removed '需要办理的朋友可以加威信:posvip888,或者关注公眾號“POS服务站”。'",
        "10:6: links: removed ',可以访问 https://www.pbc.gov.cn@pos-help.top/apply 填写资料'",
        "12:1: furniture-tags: removed '标签：POS机 重复扣款 退款'",
        "13:1: furniture-share: removed '分享到：微信 微博 QQ空间'",
        "14:1: furniture-comment: removed '网友评论(3)'",
        "15:1: furniture-comment: removed '暂无评论,快来抢沙发'",
    ],
    "refund-not-received": [
        "1:1: furniture-breadcrumb: removed '首页 > 资讯 > 退款'",
        "3:1: furniture-byline: removed '更新时间：2024-01-09 浏览量(5620)'",
        "9:1: contact-wechat: removed '专业代办退款,业务员微信:tuikuan_kefu,QQ：3345678901。'",
        "10:1: contact-phone: removed '退款加急请致电0２１－6655 4433,专人一对一处理。'",
        "12:1: furniture-qa-widget: removed '相关问答'",
        "13:1: furniture-qa-widget: removed '已有12人回答'",
        "14:1: furniture-qa-widget: removed '我要提问'",
        "15:1: furniture-disclaimer: removed '本站不承担任何法律责任,转载请注明出处。'",
    ],
}


@pytest.mark.slow  # every fixture article
def test_kb_clean_reports_the_furniture_and_contacts_of_the_unseen_style_fixtures() -> None:
    for name, expected in REPORTS.items():
        path = f"tests/fixtures/articles/{name}.txt"
        result = run_kb("clean", "--report", path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [f"{path}:{line}" for line in expected]
