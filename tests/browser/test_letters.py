"""Letters filled from the checklist's facts (issue 30): typed once on the checklist, carried into the
书面投诉 and the 书面申请核查, printed on one A4 page, copied with the button (clipboard when served,
select-all from file://); the 复制给客服 summary; where the pages are offered; axe and the keyboard."""

from __future__ import annotations

import pytest

from browser_support import PHONE, read_pdf, watched_page
from support import REPO

FOLDER = "checklists/amount-mismatch/cardholder/"
FACTS = {"卡号后四位": "4321", "实扣金额": "1280.00", "商户编号": "102310058123456", "受理编号": "TS20261201",
         "投诉日期": "2026-12-01", "收到处理决定日期": "2026-12-20"}
EMPTY = "＿＿＿＿＿＿"


def fill_checklist(page, base: str) -> None:
    page.goto(base + FOLDER + "index.html", wait_until="networkidle")
    for label, value in FACTS.items():
        page.get_by_label(label, exact=True).fill(value)


@pytest.mark.parametrize(("link", "expected"), [
    ("写书面投诉", ["卡号后四位4321", "实际扣款1280.00元", "商户编号102310058123456", "受理编号TS20261201"]),
    ("写书面申请核查", ["我于2026-12-01向", "受理编号TS20261201", "卡号后四位4321", "实际扣款1280.00元",
                  "我于2026-12-20收到处理决定"]),
])
def test_a_letter_carries_what_was_filled_on_the_checklist_and_prints_on_one_page(browser, site_url, link,
                                                                                  expected) -> None:
    from test_print import squash

    context, watch, page = watched_page(browser, PHONE)
    try:
        fill_checklist(page, site_url)
        page.get_by_role("link", name=link, exact=True).click()
        page.wait_for_load_state("networkidle")
        page.get_by_label("你的姓名或商户名称", exact=True).fill("张三")
        text = page.locator("[data-kb-letter]").inner_text()
        page.reload(wait_until="networkidle")
        after_reload = page.locator("[data-kb-letter]").inner_text()
        pdf = page.pdf(format="A4")
        assert watch.problems() == []
    finally:
        context.close()
    pages, printed = read_pdf(pdf, f"letter-{link}")
    printed = squash(printed)
    assert [t for t in expected + ["张三"] if squash(t) not in squash(text)] == []
    assert after_reload == text
    assert pages == 1
    assert [t for t in expected + ["张三"] if squash(t) not in printed] == []
    assert "复制全文" not in printed and "清除我填的内容" not in printed


def test_empty_blanks_show_as_lines_and_the_verified_grounds_are_listed(phone_page, site_url) -> None:
    from generator.pipeline import check
    from generator.render.letters import grounds
    from generator.render.checklist import checklist_items

    kb = check(REPO).kb
    problem = kb.get("problems", "amount-mismatch")
    steps = checklist_items(kb, problem, "cardholder")["steps"]  # the main situation's, as on its checklist
    expected = [f"{text}（依据：{cite}）" for text, cite in grounds(kb, problem, steps)]
    with phone_page() as page:
        page.goto(site_url + FOLDER + "complaint.html", wait_until="networkidle")
        shown = page.locator("[data-kb-letter] h2:has-text('相关依据') + ul li").all_inner_texts()
        lines = page.locator("[data-kb-letter] .kb-blank").evaluate_all(
            "bs => bs.every(b => b.getBoundingClientRect().width > 20 && getComputedStyle(b).borderBottomStyle === 'solid')")
    assert expected and shown == expected
    assert lines


def test_copy_button_puts_the_whole_letter_on_the_clipboard(browser, site_url) -> None:
    context, watch, page = watched_page(browser, PHONE)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
        fill_checklist(page, site_url)
        page.goto(site_url + FOLDER + "complaint.html", wait_until="networkidle")
        page.get_by_role("button", name="复制全文").click()
        page.wait_for_function("() => document.querySelector('.kb-fill__status').textContent !== ''")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        status = page.locator(".kb-fill__status").inner_text()
        assert watch.problems() == []
    finally:
        context.close()
    assert status == "已复制，可以粘贴到短信、聊天窗口或 App 的投诉表里。"
    assert copied.startswith("书面投诉\n致：" + EMPTY + EMPTY + "\n投诉人\n")
    assert "卡号后四位4321" in copied and "商户编号102310058123456" in copied and copied.endswith("日期：" + EMPTY)


def test_from_disk_the_copy_button_selects_the_whole_letter(browser, real_site) -> None:
    context, watch, page = watched_page(browser, PHONE)
    try:
        page.goto((real_site / FOLDER / "index.html").as_uri(), wait_until="networkidle")
        page.get_by_label("卡号后四位", exact=True).fill("4321")
        page.goto((real_site / FOLDER / "review.html").as_uri(), wait_until="networkidle")
        page.get_by_role("button", name="复制全文").click()
        box = page.get_by_label("要复制的文字")
        selected = box.evaluate("b => [b.selectionStart, b.selectionEnd, b.value.length, b.value]")
        focused = box.evaluate("b => b === document.activeElement")
        assert watch.problems() == []
    finally:
        context.close()
    start, end, length, text = selected
    assert (start, end) == (0, length) and focused
    assert text.startswith("书面申请核查\n") and "卡号后四位4321" in text


def test_the_letter_lists_the_evidence_ticked_on_any_checklist_of_its_problem(phone_page, site_url) -> None:
    """Ticks are kept by item, not by place in a list: the evidence ticked on a situation's own checklist
    (checklists/<situation>/) is the evidence the problem's letter lists, whatever order each shows it in."""
    with phone_page() as page:
        page.goto(site_url + "checklists/cardholder-unsure-amount/index.html", wait_until="networkidle")
        boxes = page.locator(".kb-ticks input[name^='evidence-']")
        boxes.nth(1).check()
        ticked = boxes.nth(1).locator("xpath=following-sibling::span").inner_text()
        page.goto(site_url + FOLDER + "complaint.html", wait_until="networkidle")
        listed = [item.inner_text() for item in page.locator("[data-kb-tick]").all() if item.is_visible()]
    assert listed == [ticked]


def test_summary_for_customer_service_is_the_filled_facts_as_plain_text(browser, site_url) -> None:
    context, watch, page = watched_page(browser, PHONE)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
        page.goto(site_url + FOLDER + "index.html", wait_until="networkidle")
        page.get_by_label("卡号后四位", exact=True).fill("4321")
        page.get_by_label("实扣金额", exact=True).fill("1280.00")
        page.get_by_label("对方怎么说（第1次）", exact=True).fill("三日内回电")
        page.get_by_role("button", name="复制给客服").click()
        page.wait_for_function("() => document.querySelector('.kb-fill__status').textContent !== ''")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert watch.problems() == []
    finally:
        context.close()
    assert copied == "卡号后四位：4321\n实扣金额：1280.00\n对方怎么说（第1次）：三日内回电"


def test_letters_are_offered_where_they_are_needed(phone_page, site_url) -> None:
    with phone_page() as page:
        page.goto(site_url + "problems/amount-mismatch.html", wait_until="networkidle")
        page.get_by_role("link", name="填写并打印清单（持卡人）").click()
        page.wait_for_load_state("networkidle")
        on_checklist = page.url.endswith(FOLDER + "index.html")
        page.get_by_role("link", name="写书面投诉").click()
        page.wait_for_load_state("networkidle")
        on_letter = page.url.endswith(FOLDER + "complaint.html")
        page.goto(site_url + "escalation/index.html", wait_until="networkidle")
        rung = page.locator("#institution").locator("xpath=ancestor::div[contains(@class, 'kb-rung')]")
        hrefs = rung.get_by_role("link", name="写书面投诉").get_attribute("href"), \
            rung.get_by_role("link", name="写书面申请核查").get_attribute("href")
        page.goto(site_url + "letters/complaint.html", wait_until="networkidle")
        general = page.locator("h1").inner_text()
    assert on_checklist and on_letter
    assert hrefs == ("../letters/complaint.html", "../letters/review.html")
    assert general == "书面投诉"


def test_the_letter_works_from_the_keyboard(phone_page, site_url) -> None:
    with phone_page() as page:
        page.goto(site_url + FOLDER + "complaint.html", wait_until="networkidle")
        reached = []
        for _ in range(80):
            page.keyboard.press("Tab")
            label = page.evaluate("() => document.activeElement.labels && document.activeElement.labels[0] ?"
                                  " document.activeElement.labels[0].textContent : document.activeElement.textContent")
            reached.append(label)
            if label == "你的姓名或商户名称":
                page.keyboard.type("李四")
            if label == "复制全文":
                page.keyboard.press("Enter")
                break
        status = page.locator(".kb-fill__status").inner_text()
        letter = page.locator("[data-kb-letter]").inner_text()
    assert "清除我填的内容" in reached and "你的姓名或商户名称" in reached and reached[-1] == "复制全文"
    assert status != "" and "李四" in letter


@pytest.mark.parametrize("rel", [FOLDER + "index.html", FOLDER + "complaint.html", FOLDER + "review.html",
                                 "letters/review.html"])
def test_filled_pages_have_no_serious_axe_violations(browser, site_url, rel) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context, watch, page = watched_page(browser, PHONE)
    try:
        fill_checklist(page, site_url)
        page.goto(site_url + rel, wait_until="networkidle")
        page.locator(".kb-field input[inputmode=text]").first.fill("4111 1111 1111 1111")  # an error message shown
        assert page.locator(".kb-field__error:visible").count() == 1
        violations = [f"{v['id']} ({v['impact']})" for v in Axe().run(page).response["violations"]
                      if v["impact"] in ("serious", "critical")]
        assert watch.problems() == []
    finally:
        context.close()
    assert violations == []
