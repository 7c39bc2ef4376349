"""On a 360×740 phone: no page scrolls sideways, and a problem page shows its primary actions at once."""

from __future__ import annotations

import pytest

from browser_support import DESKTOP, PHONE, problem_ids, save_screenshot, site_pages, watched_page

OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.md-typeset__scrollwrap, .md-sidebar, .kb-search'))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


@pytest.fixture(scope="module")
def phone(phone_page):
    """One phone page for the module's tests."""
    with phone_page() as page:
        yield page


def test_no_page_scrolls_horizontally_on_a_phone(phone, site_url, real_site):
    offenders = []
    for rel in site_pages(real_site):
        phone.goto(site_url + rel, wait_until="networkidle")
        found = phone.evaluate(OVERFLOW_JS)
        if found["scroll"] > found["width"]:
            offenders.append(f"{rel}: {found['scroll']}px wide in {found['width']}px ({found['wide']})")
    assert offenders == []


@pytest.fixture(scope="module")
def kb():
    from generator.pipeline import check
    from support import REPO

    return check(REPO, extra_checks=False).kb


@pytest.mark.parametrize("problem_id", problem_ids())
def test_primary_actions_visible_without_the_menu(phone, site_url, kb, problem_id):
    phone.goto(site_url + f"problems/{problem_id}.html")
    actions = phone.locator(".kb-actions")
    problem = kb.get("problems", problem_id)
    roles = kb.roles_of(problem)
    first_step = phone.locator(".kb-urgent") if problem.urgency == "immediate" else actions  # the box replaces it
    links = [(f"section for {role}", actions.locator(f"a[href='#{role}']")) for role in roles] if len(roles) > 1 \
        else [("first step", first_step.locator("a[href*='remedies/']").first)]
    links += [(f"{role} checklist", actions.locator(f"a[href$='checklists/{problem_id}/{role}/index.html']"))
              for role in roles]
    links.append(("escalation", actions.locator("a[href$='escalation/index.html']")))
    assert phone.evaluate("() => document.getElementById('__drawer').checked") is False
    for name, link in links:
        assert link.count() == 1, name
        assert link.is_visible(), name
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (name, box)
    save_screenshot(phone, f"phone-problem-{problem_id}")
    if len(roles) > 1:  # tapping "商户" brings the merchant's own steps into view
        actions.locator("a[href='#merchant']").click()
        phone.wait_for_function("() => location.hash === '#merchant'")
        heading = phone.locator("h2#merchant").bounding_box()
        assert heading is not None and 0 <= heading["y"] < PHONE["height"] / 2


def test_an_urgent_problem_shows_its_first_step_on_the_first_phone_screen(phone, site_url, kb):
    """unauthorized-charge is urgent: freezing the card (the first cardholder step's own instruction) is in
    the first 740 px, above the symptoms, and its title links to the full step."""
    problem = kb.get("problems", "unauthorized-charge")
    remedy = kb.get("remedies", kb.steps_of(problem, "cardholder")[0])
    phone.goto(site_url + "problems/unauthorized-charge.html", wait_until="networkidle")
    callout = phone.locator(".md-content .kb-urgent")
    assert callout.count() == 1 and callout.is_visible()
    assert callout.locator("p").nth(0).inner_text() == f"如果你是持卡人，先做这一步：{remedy.title}"
    assert callout.locator("p").nth(1).inner_text() == remedy.instruction
    box = callout.bounding_box()
    symptoms = phone.locator(".md-content h2", has_text="你可能遇到的情况").bounding_box()
    assert box is not None and symptoms is not None
    assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["y"] + box["height"] <= symptoms["y"], (box, symptoms)
    save_screenshot(phone, "phone-problem-urgent-first-step")
    # The title links to the full step (a tap here would cut off this page's favicon request mid-way).
    assert callout.locator("a").first.evaluate("a => a.href") == site_url + f"remedies/{remedy.id}.html"


SHOTS = [("home", "index.html"), ("problem", "problems/overcharged.html"),
         ("escalation", "escalation/index.html"), ("checklist", "checklists/overcharged/cardholder/index.html")]


@pytest.mark.parametrize("name,rel", SHOTS, ids=[n for n, _ in SHOTS])
def test_screenshots_for_review(browser, site_url, name, rel):
    """Screenshots of the key pages on phone and desktop, saved under test-artifacts/ for review."""
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context, watch, page = watched_page(browser, viewport)
        page.goto(site_url + rel, wait_until="networkidle")
        assert page.locator("article h1").count() == 1
        path = save_screenshot(page, f"{label}-{name}", full_page=True)
        assert path.stat().st_size > 10_000
        assert watch.problems() == []
        context.close()
