"""A QR code as a small inline SVG: segno encodes, this draws.

segno's own SVG writer is general (scales, colours, micro codes, many options) and
costs about a third of a millisecond per code; the guide needs one fixed look.
Each run of dark modules in a row becomes one horizontal stroke, one module wide,
in a single path of relative moves; it prints crisply in black and white.
"""

from __future__ import annotations

import re

import segno

QUIET_ZONE = 4
"""Light modules around the code, as the QR standard asks."""
SCALE = 3
"""Pixels per module in the SVG's intrinsic size; CSS sets the shown size."""


_DARK_RUN = re.compile(rb"[^\x00]+")
"""A run of dark modules in a row of segno's matrix (one byte per module, 0 = light)."""


def dark_runs(matrix: tuple) -> list[tuple[int, int, int]]:
    """(row, first column, length) of every run of dark modules."""
    return [(y, m.start(), m.end() - m.start()) for y, row in enumerate(matrix) for m in _DARK_RUN.finditer(row)]


def qr_svg(url: str) -> str:
    """An SVG (no XML declaration, no namespace: it is inlined in HTML) of a QR code for ``url``."""
    qr = segno.make(url, error="m", micro=False, mask=0)  # a fixed mask skips scoring all eight
    matrix = qr.matrix
    size = len(matrix) + 2 * QUIET_ZONE
    steps = []
    pen_x, pen_y = 0, 0
    for y, x, length in dark_runs(matrix):
        steps.append(f"m{x + QUIET_ZONE - pen_x} {y + QUIET_ZONE - pen_y}h{length}")
        pen_x, pen_y = x + QUIET_ZONE + length, y + QUIET_ZONE
    pixels = size * SCALE
    return (f'<svg width="{pixels}" height="{pixels}" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
            f'<rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path stroke="#000" d="M0 0.5{"".join(steps)}"/></svg>')
