"""Fillable checklists kept on the device (issue 30): a reader on a 360 px phone fills the blanks,
finds them after a reload, clears them, and never stores a full card number; the deadline dates are
computed from the rule table in content/escalation/; the filled checklist prints on one A4 page."""

from __future__ import annotations

import json

import pytest

from browser_support import PHONE, read_pdf, watched_page
from support import REPO

CHECKLIST = "checklists/amount-mismatch/cardholder/index.html"
MERCHANT = "checklists/overcharged/merchant/index.html"
STORE_KEY = "kb-fill:amount-mismatch/cardholder"
CARD_MESSAGE = "只填卡号后四位，不要填完整卡号"


def with_check_digit(body: str) -> str:
    """``body`` followed by the digit that makes it pass the Luhn check."""
    for digit in "0123456789":
        number = body + digit
        total = sum(int(d) if i % 2 == 0 else (2 * int(d) - 9 if int(d) > 4 else 2 * int(d))
                    for i, d in enumerate(reversed(number)))
        if total % 10 == 0:
            return number
    raise AssertionError("unreachable")


CARD = with_check_digit("621700123456789")  # 16 digits, passes Luhn like every real card number
MERCHANT_NUMBER = with_check_digit("10231005812345")  # 15 digits that happen to pass Luhn too


def stored(page) -> str:
    """Everything this origin keeps in localStorage, as one text."""
    return page.evaluate("() => JSON.stringify(Object.assign({}, localStorage))")


def test_filled_values_survive_a_reload_and_the_clear_button_empties_them(phone_page, site_url) -> None:
    with phone_page() as page:
        page.goto(site_url + CHECKLIST, wait_until="networkidle")
        page.get_by_label("卡号后四位", exact=True).fill("1234")
        page.get_by_label("实扣金额", exact=True).fill("128.50")
        page.get_by_label("对方怎么说（第1次）", exact=True).fill("已冻结，三天内回电")
        page.get_by_role("checkbox").first.check()
        page.reload(wait_until="networkidle")
        restored = [page.get_by_label(name, exact=True).input_value()
                    for name in ("卡号后四位", "实扣金额", "对方怎么说（第1次）")]
        ticked = page.get_by_role("checkbox").first.is_checked()
        page.get_by_role("button", name="清除我填的内容").click()
        cleared = [page.get_by_label(name, exact=True).input_value() for name in ("卡号后四位", "实扣金额")]
        unticked = page.get_by_role("checkbox").first.is_checked()
        page.reload(wait_until="networkidle")
        after_reload = page.get_by_label("实扣金额", exact=True).input_value()
        note = page.locator(".kb-fill__note").inner_text()
    assert restored == ["1234", "128.50", "已冻结，三天内回电"] and ticked
    assert cleared == ["", ""] and not unticked and after_reload == ""
    assert note.startswith("你在本页填的内容只保存在这台设备的浏览器里，不会发送到任何地方。")


def test_every_blank_has_a_visible_label_above_an_input_of_its_kind(phone_page, site_url) -> None:
    with phone_page() as page:
        page.goto(site_url + CHECKLIST, wait_until="networkidle")
        modes = {name: page.get_by_label(name, exact=True).get_attribute("inputmode")
                 for name in ("卡号后四位", "实扣金额", "商户编号", "商户名称")}
        date_type = page.get_by_label("投诉日期", exact=True).get_attribute("type")
        fields = page.locator(".kb-field")
        above = page.evaluate("""() => [...document.querySelectorAll('.kb-field')].every(f => {
            const l = f.querySelector('label').getBoundingClientRect(), i = f.querySelector('input').getBoundingClientRect();
            return l.height > 0 && l.bottom <= i.top + 1; })""")
        extras = page.evaluate("""() => [...document.querySelectorAll('.kb-field input')]
            .filter(i => i.required || i.placeholder).map(i => i.name)""")
        count = fields.count()
        keys = page.evaluate("() => new Set([...document.querySelectorAll('[data-kb-field]')].map(b => b.dataset.kbField)).size")
    assert modes == {"卡号后四位": "numeric", "实扣金额": "decimal", "商户编号": "numeric", "商户名称": "text"}
    assert date_type == "date"
    assert count == keys and count > 20 and above and extras == []


@pytest.mark.parametrize("field", ["卡号后四位", "对方怎么说（第2次）"])
def test_a_typed_full_card_number_is_refused_and_not_stored(phone_page, site_url, field) -> None:
    with phone_page() as page:
        page.goto(site_url + CHECKLIST, wait_until="networkidle")
        box = page.get_by_label(field, exact=True)
        box.press_sequentially(CARD)
        message = page.locator(".kb-field", has=box).locator(".kb-field__error").inner_text()
        value = box.input_value()
        kept = stored(page)
    assert message == CARD_MESSAGE
    assert CARD[:13] not in value and CARD[:13] not in kept


@pytest.mark.parametrize("field", ["卡号后四位", "商户名称"])
def test_a_pasted_full_card_number_is_refused_and_not_stored(browser, site_url, field) -> None:
    context, watch, page = watched_page(browser, PHONE)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
        page.goto(site_url + CHECKLIST, wait_until="networkidle")
        page.evaluate("text => navigator.clipboard.writeText(text)", f"卡号 {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}")
        box = page.get_by_label(field, exact=True)
        box.focus()
        page.keyboard.press("Control+V")
        message = page.locator(".kb-field", has=box).locator(".kb-field__error").inner_text()
        value = box.input_value()
        kept = stored(page)
        assert watch.problems() == []
    finally:
        context.close()
    assert message == CARD_MESSAGE
    assert CARD[12:] not in value and CARD[12:] not in kept.replace(" ", "")


def test_a_fifteen_digit_merchant_number_is_accepted_whatever_its_check_digit(phone_page, site_url) -> None:
    assert with_check_digit(MERCHANT_NUMBER[:-1]) == MERCHANT_NUMBER  # it does pass Luhn
    with phone_page() as page:
        page.goto(site_url + CHECKLIST, wait_until="networkidle")
        box = page.get_by_label("商户编号", exact=True)
        box.press_sequentially(MERCHANT_NUMBER)
        error = page.locator(".kb-field", has=box).locator(".kb-field__error")
        accepted = (box.input_value(), error.is_visible())
        box.fill("")
        box.press_sequentially(MERCHANT_NUMBER[:-1] + str((int(MERCHANT_NUMBER[-1]) + 1) % 10))
        other = (box.input_value(), error.is_visible())
        box.fill(MERCHANT_NUMBER)
        kept = json.loads(json.loads(stored(page))[STORE_KEY])["values"]["商户编号"]  # a blank is kept under its printed label
    assert accepted == (MERCHANT_NUMBER, False)
    assert other[0] == MERCHANT_NUMBER[:-1] + str((int(MERCHANT_NUMBER[-1]) + 1) % 10) and other[1] is False
    assert kept == MERCHANT_NUMBER


def test_a_number_field_says_what_it_takes(phone_page, site_url) -> None:
    with phone_page() as page:
        page.goto(site_url + CHECKLIST, wait_until="networkidle")
        box = page.get_by_label("实扣金额", exact=True)
        box.fill("一百")
        message = page.locator(".kb-field", has=box).locator(".kb-field__error").inner_text()
        invalid = box.get_attribute("aria-invalid")
    assert (message, invalid) == ("只填数字，例如 128.50", "true")


def deadline_dates(page, complaint: str = "", decision: str = "") -> list[str]:
    if complaint:
        page.get_by_label("投诉日期", exact=True).fill(complaint)
    if decision:
        page.get_by_label("收到处理决定日期", exact=True).fill(decision)
    return page.locator(".kb-deadlines time").evaluate_all("ts => ts.map(t => t.dateTime)")


@pytest.mark.parametrize(("complaint", "decision", "expected"), [
    ("2026-12-01", "2026-12-20", ["2026-12-16", "2026-12-31", "2027-01-30", "2027-01-19"]),  # across a year end
    ("2026-01-31", "2026-02-10", ["2026-02-15", "2026-03-02", "2026-04-01", "2026-03-12"]),  # across month ends
    ("2028-02-14", "2028-02-01", ["2028-02-29", "2028-03-15", "2028-04-14", "2028-03-02"]),  # a leap day
])
def test_deadline_dates_count_calendar_days_from_the_next_day(phone_page, site_url, complaint, decision,
                                                               expected) -> None:
    with phone_page() as page:
        page.goto(site_url + CHECKLIST, wait_until="networkidle")
        dates = deadline_dates(page, complaint, decision)
        shown = page.locator(".kb-deadlines__list li").first.inner_text()
    assert dates == expected
    if complaint == "2026-12-01":
        assert shown == ("银行作出处理决定的最后一天：2026年12月16日（星期三）"
                         "（《银行业保险业消费投诉处理管理办法（2020年）》第十八条）")


def test_deadline_section_says_how_counting_works(phone_page, site_url) -> None:
    with phone_page() as page:
        page.goto(site_url + CHECKLIST, wait_until="networkidle")
        text = page.locator(".kb-deadlines__bank").inner_text()
        waiting = deadline_dates(page)
    assert "最后一天是法定节假日的，顺延到节假日结束后的第一天" in text
    assert "以银行书面确认收到投诉的日期为准" in text
    assert waiting == []  # no date entered yet: no dates shown


def test_a_payment_company_gets_no_day_count(phone_page, site_url) -> None:
    with phone_page() as page:
        page.goto(site_url + MERCHANT, wait_until="networkidle")
        page.get_by_label("投诉日期", exact=True).fill("2026-12-01")
        before = deadline_dates(page)  # the merchant has not said whom they complain to
        page.get_by_role("radio", name="支付公司（非银行支付机构）").check()
        dates = deadline_dates(page)
        visible = page.locator(".kb-deadlines__payment").is_visible()
        bank_visible = page.locator(".kb-deadlines__bank").is_visible()
        page.get_by_role("radio", name="银行", exact=True).check()
        bank_dates = deadline_dates(page)
    assert before == [] and dates == [] and visible and not bank_visible
    assert bank_dates[0] == "2026-12-16"


def test_the_pages_rule_table_is_the_one_in_content(real_site) -> None:
    import html
    import re

    from generator.pipeline import check
    from generator.render.pages import deadline_rules

    kb = check(REPO).kb
    stages = [s for s in kb.items["escalation"].values() if s.deadlines]
    page = (real_site / CHECKLIST).read_text(encoding="utf-8")
    table = re.search(r'<script type="application/json" class="kb-deadlines__rules">(.*?)</script>', page, re.S)
    assert json.loads(html.unescape(table.group(1))) == deadline_rules(kb, stages)
    assert [(r["start"], r["days"]) for r in deadline_rules(kb, stages)] == [
        ("complaint", 15), ("complaint", 30), ("complaint", 60), ("decision", 30)]


def test_without_javascript_the_checklist_is_the_paper_one(phone_page, site_url) -> None:
    with phone_page(java_script_enabled=False) as page:
        page.goto(site_url + CHECKLIST, wait_until="networkidle")
        inputs = page.locator("article input:not([type=checkbox]):visible").count()
        blanks = page.locator("table.kb-blanks").is_visible()
        panel = page.locator(".kb-fill").is_visible() or page.locator(".kb-deadlines").is_visible()
    assert inputs == 0 and blanks and not panel


def test_the_filled_checklist_prints_on_one_a4_page_with_its_values(browser, site_url) -> None:
    from test_print import squash

    context, watch, page = watched_page(browser, PHONE)
    try:
        page.goto(site_url + CHECKLIST, wait_until="networkidle")
        values = {"卡号后四位": "4321", "实扣金额": "1280.00", "应付金额": "128.00", "商户编号": MERCHANT_NUMBER,
                  "对方怎么说（第1次）": "已受理，十五日内答复"}
        for label, value in values.items():
            page.get_by_label(label, exact=True).fill(value)
        page.reload(wait_until="networkidle")
        pdf = page.pdf(format="A4")
        screen_only = page.locator(".kb-fill__note").is_visible()
        assert watch.problems() == []
    finally:
        context.close()
    pages, text = read_pdf(pdf, "checklist-filled")
    text = squash(text)
    assert screen_only and pages == 1
    assert [v for v in values.values() if squash(v) not in text] == []
    assert "清除我填的内容" not in text and "算一算期限" not in text


def test_the_form_works_from_disk(browser, real_site) -> None:
    context, watch, page = watched_page(browser, PHONE)
    try:
        page.goto((real_site / CHECKLIST).as_uri(), wait_until="networkidle")
        page.get_by_label("卡号后四位", exact=True).fill("5678")
        page.reload(wait_until="networkidle")
        value = page.get_by_label("卡号后四位", exact=True).input_value()
        assert watch.problems() == []
    finally:
        context.close()
    assert value == "5678"


THEFT = "checklists/unauthorized-charge/cardholder/index.html"


def test_the_card_theft_checklist_keeps_its_blanks_and_refuses_a_full_card_number(phone_page, site_url) -> None:
    """The checklist a reader takes to the bank after a charge they never made: the card tail and the loss
    report are filled and survive a reload; a full card number is refused in the card field and in a
    free-text blank alike, and never stored."""
    with phone_page() as page:
        page.goto(site_url + THEFT, wait_until="networkidle")
        page.get_by_label("卡号后四位", exact=True).fill("4321")
        page.get_by_label("挂失受理号", exact=True).fill("GS20261201")
        page.reload(wait_until="networkidle")
        restored = [page.get_by_label(name, exact=True).input_value() for name in ("卡号后四位", "挂失受理号")]
        messages = []
        for name in ("卡号后四位", "报案回执号"):
            box = page.get_by_label(name, exact=True)
            box.fill("")
            box.press_sequentially(CARD)
            messages.append(page.locator(".kb-field", has=box).locator(".kb-field__error").inner_text())
        kept = stored(page)
    assert restored == ["4321", "GS20261201"]
    assert messages == [CARD_MESSAGE, CARD_MESSAGE]
    assert CARD[:13] not in kept
