"""The escalation page on a 360×740 phone: an overview on the first screen, each rung within one
screen, the whole page within six screens; plain-word explanations open on tap (issue 13)."""

from __future__ import annotations

from browser_support import PHONE, save_screenshot, watched_page

SCREENS = 6
MAX_HEIGHT = SCREENS * PHONE["height"]  # 4,440 px


def test_escalation_page_fits_six_phone_screens_and_each_rung_one(browser, site_url):
    context, watch, page = watched_page(browser, PHONE)
    try:
        page.goto(site_url + "escalation/index.html", wait_until="networkidle")
        height = page.evaluate("() => document.documentElement.scrollHeight")
        overview = page.locator(".kb-overview").bounding_box()
        rungs = page.eval_on_selector_all(
            ".kb-rung", "els => els.map(e => [e.querySelector('h2').id, Math.ceil(e.getBoundingClientRect().height)])")
        save_screenshot(page, "phone-escalation-full", full_page=True)
        assert watch.problems() == []
    finally:
        context.close()
    print(f"escalation page: {height} px at 360 px wide; rungs: {rungs}")
    assert height <= MAX_HEIGHT, f"{height} px is more than {SCREENS} phone screens"
    assert overview is not None and overview["y"] + overview["height"] <= PHONE["height"]
    assert [rung for rung in rungs if rung[1] > PHONE["height"]] == []
    assert [rung_id for rung_id, _ in rungs] == ["self-check", "counterparty", "institution", "regulator",
                                                 "legal-action", "police-report"]


def test_tapping_a_term_shows_its_explanation_and_the_way_back(browser, site_url):
    context, watch, page = watched_page(browser, PHONE)
    try:
        page.goto(site_url + "escalation/index.html", wait_until="networkidle")
        term = page.locator("a.kb-term").first
        target = term.get_attribute("href")
        entry = page.locator(target).locator("xpath=..")  # the list item holding the bold term
        hidden_before = entry.is_visible()
        term.click()
        page.wait_for_function("t => location.hash === t", arg=target)
        shown = entry.is_visible()
        box = entry.bounding_box()
        back = entry.locator("a.kb-back")
        back.click()
        page.wait_for_function("t => location.hash === t", arg="#" + term.get_attribute("id"))
        term_box = term.bounding_box()
        assert watch.problems() == []
    finally:
        context.close()
    assert (hidden_before, shown) == (False, True)  # compact list on this page: one tap shows one explanation
    assert box is not None and 0 <= box["y"] < PHONE["height"]
    assert term_box is not None and 0 <= term_box["y"] < PHONE["height"]
