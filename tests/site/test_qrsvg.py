"""The printed QR code draws exactly the modules segno encodes for the page's URL."""

from __future__ import annotations

import re

import pytest
import segno

from generator.render.qrsvg import QUIET_ZONE, qr_svg

STEP = re.compile(r"m(-?\d+) (\d+)h(\d+)")


def drawn_cells(svg: str) -> set[tuple[int, int]]:
    """Replay the path: a stroke one module wide along y + 0.5 darkens the row's modules it passes."""
    path = re.search(r'<path stroke="#000" d="M0 0\.5([^"]*)"', svg)[1]
    assert STEP.sub("", path) == "", "the path holds only relative moves and horizontal strokes"
    cells = set()
    pen_x = pen_y = 0
    for dx, dy, length in STEP.findall(path):
        pen_x, pen_y = pen_x + int(dx), pen_y + int(dy)
        cells.update((pen_y - QUIET_ZONE, pen_x - QUIET_ZONE + i) for i in range(int(length)))
        pen_x += int(length)
    return cells


def encoded_cells(url: str) -> tuple[set[tuple[int, int]], int]:
    matrix = segno.make(url, error="m", micro=False, mask=0).matrix
    return {(y, x) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}, len(matrix)


@pytest.mark.parametrize("url", [
    "https://pos-kb.github.io/pos-kb/checklists/overcharged/",
    "https://example.org/checklists/not-credited/",
    "https://pos-kb.github.io/a-much-longer-site-path/that-needs/a-larger-version/checklists/wrong-swipe-refund/",
])
def test_svg_draws_every_dark_module_and_no_other(url: str) -> None:
    svg = qr_svg(url)
    cells, size = encoded_cells(url)
    assert drawn_cells(svg) == cells
    side = size + 2 * QUIET_ZONE
    assert f'viewBox="0 0 {side} {side}"' in svg
    assert f'<rect width="{side}" height="{side}" fill="#fff"/>' in svg


def test_checklist_page_carries_the_code_for_its_own_url(real_site) -> None:
    page = (real_site / "checklists" / "overcharged" / "merchant" / "index.html").read_text(encoding="utf-8")
    svg = re.search(r'<div class="kb-qr"[^>]*>(<svg.*?</svg>)</div>', page, re.S)[1]
    assert drawn_cells(svg) == encoded_cells("https://pos-kb.github.io/pos-kb/checklists/overcharged/merchant/")[0]
