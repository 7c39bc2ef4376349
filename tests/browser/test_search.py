"""Search in a real browser, on the real built site: readers' questions in their own words find
the right page, whether typed, pasted or committed by an input method."""

from __future__ import annotations

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
    assert page.evaluate("() => document.querySelector('.md-search-result__list').dataset.query") == ""
    assert page.locator("li.md-search-result__item").count() == 0
    cdp.send("Input.insertText", {"text": "盗刷"})
    assert "causes/fraud-or-unauthorized.html" in wait_for_results(page, "盗刷")[:3]  # the top three, as for typed questions
    assert watch.problems() == []
    context.close()


def test_phone_dialog_search_and_keyboard(browser, site_url, search_box):
    """360 px: the header icon opens the dialog, results fit the screen, arrows move through results,
    Enter opens one and Escape closes the dialog."""
    context, watch, page = watched_page(browser, PHONE)
    page.goto(site_url + "index.html")
    assert search(page, "刷错了怎么退款", "paste")[0] == "problems/wrong-swipe-refund.html"
    widths = page.eval_on_selector_all("li.md-search-result__item", "items => items.map(li => li.getBoundingClientRect().right)")
    assert widths and max(widths) <= PHONE["width"]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.closest('li.md-search-result__item') !== null")
    first = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == first
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.getElementById('__search').checked") is False
    # Keyboard only: the header's search button, then Enter on the first result.
    page.locator("label.md-header__button[for=__search]").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('input.md-search__input')")
    clear_search(page, page.locator("input.md-search__input"))
    page.keyboard.insert_text("12363")
    wait_for_results(page, "12363")
    page.keyboard.press("Enter")
    page.wait_for_url("**/escalation/index.html")
    assert watch.problems() == []
    context.close()


def test_search_from_a_file_url_says_how_to_serve_the_site(browser, real_site, search_box):
    """Browsers cannot run Pagefind from file://: the open search box says so, in Chinese, with the command."""
    context, watch, page = watched_page(browser, PHONE)
    page.goto((real_site / "problems" / "overcharged.html").as_uri())
    open_search(page)
    page.keyboard.insert_text("退款")
    page.wait_for_function("() => /python3 -m http.server/.test(document.querySelector('.md-search-result__meta').textContent)")
    assert page.locator(".md-search-result__meta").inner_text() == (
        "从本地文件打开时无法搜索。请在站点文件夹中运行 python3 -m http.server，然后在浏览器中打开 http://localhost:8000/ 再搜索。")
    assert watch.problems() == []
    context.close()


def test_pages_load_no_third_party_script(real_site):
    """Every page loads only the site's own scripts; the search script is on every page."""
    for path in real_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "unpkg.com" not in html and "iframe-worker" not in html, path
        assert 'assets/javascripts/kb-search.js"' in html, path
