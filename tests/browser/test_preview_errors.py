"""`kb serve` in a real browser: a content error appears in a banner on the open page (as text, never
as markup), the page keeps its last good content, and the banner goes once the error is fixed."""

from __future__ import annotations

from pathlib import Path

from browser_support import PHONE
from support import Preview, edit, run_kb

PAGE = "causes/repeat-press.html"
CAUSE = "content/causes/repeat-press.yaml"
BAD = '"<img src=x onerror=window.hacked=1>"'
STATUS_ERROR = f"{CAUSE}:3:9: key 'status': expected one of "


def test_a_content_error_shows_in_the_open_page_until_fixed(browser, small_kb: Path, tmp_path: Path) -> None:
    preview = Preview(small_kb, tmp_path / "serve.log")
    try:
        preview.wait_for(PAGE, "收银员重复操作")
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(preview.url(PAGE))
        assert page.locator("#kb-preview-errors").count() == 0
        edit(small_kb / CAUSE, "status: unverified", f"status: {BAD}")
        banner = page.locator("#kb-preview-errors")
        banner.wait_for(timeout=120_000)  # the preview reloads the page after the rebuild
        lines = banner.locator("div").all_inner_texts()
        printed = [line for line in run_kb("--root", str(small_kb), "check").stderr.splitlines()
                   if line.startswith(STATUS_ERROR)]  # the banner shows what kb check prints
        assert len(printed) == 1 and "got '<img src=x onerror=window.hacked=1>'" in printed[0]
        assert lines == printed
        assert banner.get_attribute("role") == "alert"
        assert banner.locator("img").count() == 0
        assert page.evaluate("window.hacked") is None
        assert page.locator("article h1").inner_text().strip() == "收银员重复操作"  # the last good page
        edit(small_kb / CAUSE, f"status: {BAD}", "status: unverified")
        banner.wait_for(state="detached", timeout=120_000)
        assert page.locator("article h1").inner_text().strip() == "收银员重复操作"
        context.close()
    finally:
        preview.stop()
