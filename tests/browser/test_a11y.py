"""axe reports no serious or critical accessibility violation on any page of the guide."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_support import DESKTOP, PHONE, SEARCH_INPUT, SEARCH_OPENER, site_pages, watched_page

BLOCKING = {"serious", "critical"}


def _violations(page) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [", ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


def _settle(page) -> None:
    """Wait until fades and slides have finished, so colours are measured as readers see them."""
    page.wait_for_timeout(100)
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def test_no_serious_violations_on_any_page(browser, site_url, real_site, engine):
    context, watch, page = watched_page(browser, DESKTOP)
    report = {}
    for rel in site_pages(real_site):
        page.goto(site_url + rel, wait_until="networkidle")
        found = _violations(page)
        if found:
            report[rel] = found
    context.close()
    assert report == {}
    assert watch.problems() == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_serious_violations_with_search_open(browser, site_url, viewport):
    """The search dialog open with results shown, on a phone and a desktop (the dialog needs a name)."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site_url + "problems/overcharged.html")
    page.locator(SEARCH_OPENER).click()
    page.locator(SEARCH_INPUT).press_sequentially("退款")
    page.wait_for_selector(".kb-search__item")
    _settle(page)
    assert _violations(page) == []
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.getElementById('kb-search').open") is False
    if viewport is PHONE:  # the navigation drawer, the phone's other overlay
        page.locator("label.md-header__button[for=__drawer]").click()
        _settle(page)
        assert _violations(page) == []
    context.close()
