"""Printable checklists, proven in a real browser: one A4 page each, nothing clipped (issue 4)."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
import zxingcpp
from pypdf import PdfReader

from browser_support import ARTIFACTS, checklist_ids, watched_page
from support import REPO, long_checklist_kb, long_label, run_kb
from generator.render.checklist import checklist_items, contact_rows, script_text, stage_text
from generator.pipeline import check

SITUATION_BLANKS = {  # what the issue asks each kind of situation's checklist to let the reader write down
    "cardholder-unauthorized": ["挂失时间", "挂失受理号", "报案回执号"],
    "merchant-not-credited": ["结算日期", "应到金额", "实到金额", "结算账户尾号"],
    "merchant-wrong-swipe-settled": ["原交易金额", "正确金额", "退款金额", "退款参考号", "顾客联系方式"],
}
EVERY_CHECKLIST_BLANKS = ["投诉日期", "受理编号"]
CONTACT_COLUMNS = ["联系了谁", "时间", "受理编号", "对方怎么说"]
CHECKLISTS = checklist_ids()


def print_pdf(browser, url: str, name: str) -> bytes:
    """Print a page to an A4 PDF as a reader would (no background graphics); kept in test-artifacts/."""
    context, watch, page = watched_page(browser, {"width": 1280, "height": 900})
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        pdf = page.pdf(format="A4")
        assert watch.problems() == []
    finally:
        context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    return pdf


def printed(browser, url: str, name: str) -> tuple[int, str]:
    """Print a page to an A4 PDF: (pages, text)."""
    reader = PdfReader(io.BytesIO(print_pdf(browser, url, name)))
    return len(reader.pages), "".join(p.extract_text() for p in reader.pages)


def scanned_codes(pdf: bytes) -> list[str]:
    """The QR codes a phone would read off the first printed page, rasterised in grey at 150 dpi."""
    pgm = subprocess.run(["pdftoppm", "-gray", "-r", "150", "-singlefile", "-f", "1", "-l", "1"],
                         input=pdf, capture_output=True, check=True).stdout
    magic, size, depth, pixels = pgm.split(b"\n", 3)
    assert (magic, depth) == (b"P5", b"255")
    width, height = map(int, size.split())
    image = zxingcpp.ImageView(pixels, width, height, zxingcpp.ImageFormat.Lum)
    return [code.text for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode]


# Some CJK fonts map common characters to radical code points in the PDF's text layer. NFKC folds
# the Kangxi radicals (⾦ -> 金) but leaves a few traditional forms and the radicals supplement.
_RADICALS = str.maketrans({"戶": "户", "⻔": "门", "⺠": "民", "⻓": "长", "⻢": "马", "⻋": "车", "⻅": "见",
                           "⻆": "角", "⻘": "青", "⻝": "食", "⻛": "风", "⻚": "页", "⻜": "飞", "⻥": "鱼",
                           "⻦": "鸟", "⻨": "麦", "⻬": "齐", "⻮": "齿", "⻉": "贝", "⻄": "西", "⻩": "黄",
                           "⻓": "长", "⺟": "母", "⻤": "鬼", "⻣": "骨", "⻋": "车", "⻔": "门"})


def squash(text: str) -> str:
    """Whitespace removed, with PDF radical code points folded back to the characters they show."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_RADICALS))


@pytest.fixture(scope="module")
def kb():
    return check(REPO).kb


def test_every_problem_has_a_checklist_for_each_reader_it_has_steps_for(kb) -> None:
    assert CHECKLISTS == [f"{p}/{r}" for p in sorted(kb.items["problems"])
                          for r in ("cardholder", "merchant") if kb.steps_of(kb.get("problems", p), r)] \
        + sorted(kb.items["outcomes"])  # and one per situation
    assert "unauthorized-charge/cardholder" in CHECKLISTS and "overcharged/merchant" in CHECKLISTS


def of(kb, checklist: str):
    """(problem, role, situation, heading) of a checklist id: '<problem>/<role>' or '<situation>'."""
    if "/" in checklist:
        problem_id, role = checklist.split("/")
        problem = kb.get("problems", problem_id)
        return problem, role, kb.main_situation(problem_id, role), problem.title
    situation = kb.get("outcomes", checklist)
    return kb.get("problems", situation.problem), situation.role, situation, situation.title


@pytest.mark.parametrize("checklist", CHECKLISTS)
def test_checklist_prints_on_exactly_one_a4_page_with_every_item(browser, site_url, kb, checklist) -> None:
    problem, role, situation, heading = of(kb, checklist)
    pages, text = printed(browser, f"{site_url}checklists/{checklist}/index.html",
                          f"checklist-{checklist.replace('/', '-')}")
    assert pages == 1
    parts = checklist_items(kb, problem, role, situation)
    # a problem's checklist names its reader's situation below the heading; a situation's heading is the situation
    subtitle = [situation.title] if "/" in checklist and situation else []
    expected = [heading, *subtitle, *EVERY_CHECKLIST_BLANKS, *SITUATION_BLANKS.get(checklist, []),
                *CONTACT_COLUMNS]
    expected += [b.label for b in parts["blanks"]]
    expected += [r.label_for(role) for r in parts["steps"]]
    expected += [e.checklist_label for e in parts["evidence"]]
    expected += [stage_text(s, parts["role"]) for s in parts["stages"]]
    expected += [script_text(s) for s in parts["scripts"]]
    expected += [f"pos-kb.github.io/pos-kb/checklists/{checklist}/", "指南版本"]
    body = squash(text)
    assert [t for t in expected if squash(t) not in body] == []
    assert squash(problem.summary) not in body  # written to one reader: 账单上有一笔不是你做的扣款 is no merchant's
    # Only this reader's steps: a step of the other reader alone is not on the page.
    other = "merchant" if role == "cardholder" else "cardholder"
    foreign = [r.checklist_label for r in checklist_items(kb, problem, other)["steps"] if r.role == other]
    assert [label for label in foreign if squash(label) in body] == []
    if situation is not None and "charge-maybe-not-own" in situation.known:  # the victim never had a slip
        assert "签购单原件" not in body and "应付金额" not in body


@pytest.mark.parametrize("checklist", CHECKLISTS)
def test_printed_qr_code_scans_to_the_checklist_url(browser, site_url, checklist) -> None:
    pdf = print_pdf(browser, f"{site_url}checklists/{checklist}/index.html", f"checklist-qr-{checklist.replace('/', '-')}")
    assert scanned_codes(pdf) == [f"https://pos-kb.github.io/pos-kb/checklists/{checklist}/"]


def test_printed_checklist_fills_its_page_with_contact_rows(browser, site_url, kb) -> None:
    context, watch, page = watched_page(browser, {"width": 1280, "height": 900})
    try:
        page.goto(f"{site_url}checklists/unknown-charge-sms/index.html")
        rows = page.locator("table.kb-contacts tbody tr").count()
        cells = page.locator("table.kb-contacts tbody tr:first-child td").count()
        assert watch.problems() == []
    finally:
        context.close()
    problem, role, situation, _ = of(kb, "unknown-charge-sms")
    assert (rows, cells) == (contact_rows(checklist_items(kb, problem, role, situation)), 4)
    assert rows > 3  # and still one page (above)


def test_print_hides_navigation_and_the_print_button(browser, site_url) -> None:
    _, text = printed(browser, f"{site_url}checklists/overcharged/cardholder/index.html", "checklist-chrome")
    text = squash(text).replace("打印清单:", "", 1)  # the title itself
    for screen_only in ("打印清单", "查看完整说明", "常见问题", "搜索", "内容有误", "在GitHub上修改这一页"):
        assert screen_only not in text


def test_printed_urgent_problem_page_starts_with_its_first_step(browser, site_url, kb) -> None:
    problem = kb.get("problems", "unauthorized-charge")
    remedy = kb.get("remedies", kb.steps_of(problem, "cardholder")[0])
    reader = PdfReader(io.BytesIO(print_pdf(browser, f"{site_url}problems/unauthorized-charge.html",
                                            "problem-urgent")))
    first_page = squash(reader.pages[0].extract_text())
    callout = squash(f"如果你是持卡人，先做这一步：{remedy.title}{remedy.instruction}")
    assert callout in first_page
    assert first_page.index(callout) < first_page.index("你可能遇到的情况")


def test_print_button_is_visible_on_screen(browser, site_url) -> None:
    context, watch, page = watched_page(browser, {"width": 360, "height": 740})
    try:
        page.goto(f"{site_url}checklists/overcharged/cardholder/index.html")
        button = page.get_by_role("button", name="打印")
        assert button.is_visible()
        assert watch.problems() == []
    finally:
        context.close()


def test_too_long_checklist_spills_and_is_not_shrunk(browser, tmp_path) -> None:
    root = long_checklist_kb(tmp_path / "kb", steps=30)
    built = run_kb("--root", str(root), "build", "--site-dir", str(root / "site"))
    assert built.returncode == 0, built.stderr
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        pages, text = printed(browser, f"http://127.0.0.1:{server.server_address[1]}/checklists/charged-twice/"
                                       "cardholder/index.html", "checklist-too-long")
    finally:
        server.shutdown()
    assert pages > 1  # the one-page test above would fail for this checklist
    assert squash(long_label(29)) in squash(text)  # the last step is printed, on a later page


@pytest.mark.parametrize("checklist", CHECKLISTS)
def test_checklist_tick_boxes_are_labelled_and_axe_clean_on_screen(browser, site_url, kb, checklist) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context, watch, page = watched_page(browser, {"width": 1280, "height": 900})
    try:
        page.goto(f"{site_url}checklists/{checklist}/index.html", wait_until="networkidle")
        problem, role, situation, _ = of(kb, checklist)
        parts = checklist_items(kb, problem, role, situation)
        names = [box.get_attribute("name") for box in page.get_by_role("checkbox").all()]
        texts = [r.label_for(role) for r in parts["steps"]] + [e.checklist_label for e in parts["evidence"]]
        labels = [page.get_by_role("checkbox", name=t, exact=True).count() for t in texts]
        violations = [f"{v['id']} ({v['impact']})" for v in Axe().run(page).response["violations"]
                      if v["impact"] in ("serious", "critical")]
        assert watch.problems() == []
    finally:
        context.close()
    assert len(names) == len(parts["steps"]) + len(parts["evidence"]) + len(parts["stages"])
    assert 0 not in labels  # every step and evidence box is named by its own label text
    assert violations == []
