"""Search in a real browser, on the real built site: readers' questions in their own words find
the right page, whether typed, pasted or committed by an input method."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

from browser_support import DESKTOP, PHONE, clear_search, open_search, search, wait_for_results, watched_page

# What worried readers type, cardholders and merchants, colloquial and misspelt, with the page
# that must be among the first three results.
QUESTIONS = [
    ("刷了一次扣了两回", "problems/overcharged.html"),
    ("商户说没收到钱但我这边扣了", "problems/not-credited.html"),
    ("不是我刷的卡怎么办", "causes/fraud-or-unauthorized.html"),
    ("付款显示失败可是卡里的钱少了", "problems/not-credited.html"),
    ("小票上的金额和我买的东西对不上", "problems/amount-mismatch.html"),
    ("收到两条扣钱短信", "problems/overcharged.html"),
    ("刷错卡了能退吗", "problems/wrong-swipe-refund.html"),
    ("银行不给处理该去哪投诉", "escalation/index.html"),
    ("打12363有用吗", "escalation/index.html"),
    ("卡被盗刷了要不要报警", "escalation/index.html"),
    ("有人冒充银行客服打电话", "prevention/beware-scams.html"),
    ("信用卡账单上多出一笔", "problems/overcharged.html"),
    ("顾客刷卡成功了钱却没进我的账户", "problems/not-credited.html"),
    ("pos机刷的钱一直没到商户账上", "problems/not-credited.html"),
    ("结算的钱比流水少 手续费是不是扣多了", "causes/fees-and-merchant-category.html"),
    ("给顾客多收了钱怎么退回去", "problems/wrong-swipe-refund.html"),
    ("当天刷错了怎么撤消", "remedies/void-transaction.html"),
    ("机器老是显示交易超时", "causes/network-timeout.html"),
    ("收银员多按了一个零", "causes/wrong-amount-entered.html"),
    ("顾客的签购单丢了", "remedies/ask-customer-other-proof.html"),
    ("结算账户填错了", "causes/account-info-error.html"),
    ("钱扣了没到帐", "problems/not-credited.html"),
    ("刷卡多扣钱了咋办", "problems/overcharged.html"),
    ("交易失败但是钱被扣了", "problems/not-credited.html"),
    ("刷卡金额跟账单不一样", "problems/amount-mismatch.html"),
    ("盗刷", "problems/unauthorized-charge.html"),
    ("卡被盗刷了怎么办", "problems/unauthorized-charge.html"),
    ("账单上有一笔不认识的消费", "problems/unauthorized-charge.html"),
]
IDS = [q for q, _ in QUESTIONS]


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    context, watch, page = watched_page(browser, DESKTOP)
    page.goto(site_url + "problems/overcharged.html")
    yield page
    assert watch.problems() == []
    context.close()


@pytest.mark.parametrize("how", ["type", "paste"])
def test_questions_find_their_page_in_the_top_three(search_page, how):
    misses = {}
    for query, target in QUESTIONS:
        top = search(search_page, query, how)[:3]
        if target not in top:
            misses[query] = (target, top)
    assert len(misses) <= len(QUESTIONS) // 10, misses


def test_input_method_composition_searches_only_the_committed_text(browser, site_url):
    """Pinyin being composed starts no search; the committed Chinese does (CDP's IME events,
    which fire compositionstart/update/end and an input event with no key events)."""
    context, watch, page = watched_page(browser, DESKTOP)
    page.goto(site_url + "index.html")
    box = open_search(page)
    clear_search(page, box)
    cdp = context.new_cdp_session(page)
    for typed in ("d", "da", "dao", "dao s", "dao sh", "dao shua"):
        cdp.send("Input.imeSetComposition", {"text": typed, "selectionStart": len(typed), "selectionEnd": len(typed)})
    assert box.input_value() == "dao shua"
    page.wait_for_timeout(600)  # several debounce periods: a search on the pinyin would have shown by now
    assert page.evaluate("() => document.getElementById('kb-search-results').dataset.query") == ""
    assert page.locator("li.kb-search__item").count() == 0
    cdp.send("Input.insertText", {"text": "盗刷"})
    assert "causes/fraud-or-unauthorized.html" in wait_for_results(page, "盗刷")[:3]  # the top three, as for typed questions
    assert watch.problems() == []
    context.close()


def dialog_open(page) -> bool:
    return page.evaluate("() => document.getElementById('kb-search').open")


def test_phone_dialog_search_and_keyboard(browser, site_url):
    """360 px: the header button opens the dialog, results fit the screen, arrows move through results,
    Enter opens one and Escape closes the dialog and gives the focus back to the button."""
    context, watch, page = watched_page(browser, PHONE)
    page.goto(site_url + "index.html")
    assert search(page, "刷错了怎么退款", "paste")[0] == "problems/wrong-swipe-refund.html"
    box = page.locator("#kb-search").bounding_box()
    assert box == {"x": 0, "y": 0, "width": PHONE["width"], "height": PHONE["height"]}  # the whole phone screen
    widths = page.eval_on_selector_all("li.kb-search__item", "items => items.map(li => li.getBoundingClientRect().right)")
    assert widths and max(widths) <= PHONE["width"]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.closest('li.kb-search__item') !== null")
    first = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == first
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.id") == "kb-search-input"
    page.keyboard.press("Escape")
    assert dialog_open(page) is False
    assert page.evaluate("() => document.activeElement.matches('button.kb-search-open')")
    # Keyboard only: Enter on the focused header button, then Enter in the box opens the first result.
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'kb-search-input'")
    clear_search(page, page.locator("#kb-search-input"))
    page.keyboard.insert_text("12363")
    wait_for_results(page, "12363")
    page.keyboard.press("Enter")
    page.wait_for_url("**/escalation/index.html")
    assert watch.problems() == []
    context.close()


def test_close_button_and_tab_keep_the_focus_in_the_dialog(browser, site_url):
    """The dialog is modal: Tab cycles inside it, the page behind is inert, 关闭 closes it."""
    context, watch, page = watched_page(browser, PHONE)
    page.goto(site_url + "problems/overcharged.html")
    search(page, "退款", "type")
    inside = []
    for _ in range(8):
        page.keyboard.press("Tab")
        inside.append(page.evaluate("() => document.getElementById('kb-search').contains(document.activeElement)"))
    assert all(inside)
    page.get_by_role("button", name="关闭", exact=True).click()
    assert dialog_open(page) is False
    assert page.evaluate("() => document.documentElement.classList.contains('kb-search-shown')") is False
    assert watch.problems() == []
    context.close()


def test_slash_opens_the_search_from_anywhere_on_a_desktop(browser, site_url):
    context, watch, page = watched_page(browser, DESKTOP)
    page.goto(site_url + "escalation/index.html")
    page.keyboard.press("/")
    page.wait_for_function("() => document.activeElement.id === 'kb-search-input'")
    page.keyboard.insert_text("刷错卡了能退吗")
    assert "problems/wrong-swipe-refund.html" in wait_for_results(page, "刷错卡了能退吗")[:3]
    assert watch.problems() == []
    context.close()


def test_the_not_found_pages_search_opens_the_guides_search_with_its_query(browser, real_site):
    """The 404 page is served at any missing address, so its links and form point at the published
    site: here that site is answered from the local build. Its form sends ?q= to the home page,
    which opens the search with that query."""
    published = "https://pos-kb.github.io/pos-kb/"
    context, watch, page = watched_page(browser, PHONE)

    def from_local_build(route) -> None:
        rel = unquote(urlsplit(route.request.url).path).removeprefix("/pos-kb/") or "index.html"
        target = real_site / rel
        if target.is_file():
            route.fulfill(path=str(target))
        else:
            route.fulfill(status=404, path=str(real_site / "404.html"))

    context.route(published + "**", from_local_build)
    page.goto(published + "no/such/page.html")
    page.locator("#kb-404-q").fill("刷错卡了能退吗")
    page.get_by_role("button", name="搜索", exact=True).click()
    page.wait_for_url(lambda url: url.startswith(published + "?q="))
    assert dialog_open(page)
    assert "problems/wrong-swipe-refund.html" in wait_for_results(page, "刷错卡了能退吗")[:3]
    assert watch.problems() == [f"HTTP error: {published}no/such/page.html (404)",  # the 404 page itself
                                "console error: Failed to load resource: the server responded with a status of 404 (Not Found)"]
    context.close()


def test_search_from_a_file_url_says_how_to_serve_the_site(browser, real_site):
    """Browsers cannot run Pagefind from file://: the open search box says so, in Chinese, with the command."""
    context, watch, page = watched_page(browser, PHONE)
    page.goto((real_site / "problems" / "overcharged.html").as_uri())
    open_search(page)
    page.keyboard.insert_text("退款")
    page.wait_for_function("() => /python3 -m http.server/.test(document.getElementById('kb-search-status').textContent)")
    assert page.locator("#kb-search-status").inner_text() == (
        "从本地文件打开时无法搜索。请在站点文件夹中运行 python3 -m http.server，然后在浏览器中打开 http://localhost:8000/ 再搜索。")
    assert watch.problems() == []
    context.close()


def test_pages_load_no_third_party_script(real_site):
    """Every page loads only the site's own scripts; the search script is on every page."""
    for path in real_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "unpkg.com" not in html and "iframe-worker" not in html, path
        assert 'assets/javascripts/kb-search.js"' in html, path
