"""The triage on a 360×740 phone: the start is on the home page's first screen, answers are big
enough to tap, and it works with JavaScript switched off."""

from __future__ import annotations

import pytest

from browser_support import PHONE, save_screenshot

MIN_TAP = 48
"""Smallest height of an answer link in CSS pixels (WCAG 2.5.5 / Material's 48 dp)."""


@pytest.fixture(params=[True, False], ids=["script", "no-script"])
def phone(phone_page, request):
    """A fresh phone page per test, with JavaScript on and then off."""
    with phone_page(java_script_enabled=request.param) as page:
        yield page


def answer_boxes(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('.md-content .kb-answers a')].map(a => {
        const r = a.getBoundingClientRect();
        return {label: a.textContent.trim(), top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                height: r.height};
    })""")


def test_triage_start_is_on_the_first_phone_screen(phone, site_url):
    phone.goto(site_url + "index.html", wait_until="networkidle")
    heading = phone.locator(".kb-start h2").bounding_box()
    first_card = phone.locator(".kb-card").first.bounding_box()
    boxes = answer_boxes(phone)
    assert len(boxes) >= 3 and boxes[-1]["label"] == "不确定"
    for box in boxes:
        assert box["height"] >= MIN_TAP, box
        assert 0 <= box["top"] and box["bottom"] <= PHONE["height"], box
        assert 0 <= box["left"] and box["right"] <= PHONE["width"], box
    assert heading is not None and heading["y"] + heading["height"] <= boxes[0]["top"]
    assert first_card is not None and first_card["y"] >= boxes[-1]["bottom"]  # the problem cards stay below
    save_screenshot(phone, "phone-home-triage")


def test_a_reader_answers_three_questions_by_tapping(phone, site_url):
    """Tap the first answer on each page until an outcome: at most three taps, every answer tall enough."""
    phone.goto(site_url + "triage/index.html", wait_until="networkidle")
    taps = 0
    while phone.locator(".md-content .kb-answers a").count():
        assert all(box["height"] >= MIN_TAP for box in answer_boxes(phone)), phone.url
        with phone.expect_navigation():
            phone.locator(".md-content .kb-answers a").first.tap()
        phone.wait_for_load_state("networkidle")  # the search index loads in the background; let it finish
        taps += 1
        assert taps <= 3, phone.url
    assert phone.locator(".kb-first").is_visible()
    assert phone.locator(".md-content a[href*='remedies/']").count() >= 1
    assert phone.locator(".kb-trail li").count() == taps
    save_screenshot(phone, "phone-triage-outcome", full_page=True)


def test_a_printed_question_shows_its_answers(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "triage/index.html")
    page.emulate_media(media="print")
    labels = [box["label"] for box in answer_boxes(page) if box["height"] > 0]
    assert len(labels) >= 3 and labels[-1] == "不确定"
    assert page.locator(".kb-unsure-help").is_visible()
    context.close()
