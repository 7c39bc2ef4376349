"""The sales slip (签购单) drawing: an inline SVG made from the evidence items' ``on_slip`` fields.

One drawing, generated on every build from content/evidence/, so there is no image file to keep in
step with the evidence. Each page marks the fields of the evidence it is about (an evidence page its
own, a checklist those it lists) with a heavy frame and bold text; the other fields are drawn in grey.
It is made to print in black and white: no colour carries meaning, every label is real SVG text (so it
can be read, searched and copied) in the system's CJK font, and nothing is a background image.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..rules.normalize import display_text

WIDTH = 220
"""Width of the drawing in SVG units; CSS sets the size it is shown at (36 mm on a printed checklist,
where a label is then about 6 pt)."""
PAD = 12
ROW = 21
HEAD = 28
FOOT = 26
FONT_SIZE = 13
FONT = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
"""CJK fonts in order of preference, ending in the generic family: the labels stay real text."""


@dataclass(frozen=True)
class Placed:
    """One slip field as drawn: its line, its label and the evidence item it belongs to."""

    line: int
    label: str
    evidence: str


def slip_fields(evidence: dict[str, Any]) -> list[list[Placed]]:
    """The slip's lines, top to bottom, each with its fields left to right (in content order)."""
    lines: dict[int, list[Placed]] = {}
    for item_id in sorted(evidence):
        for field in evidence[item_id].on_slip:
            lines.setdefault(field.line, []).append(Placed(field.line, display_text(field.label), item_id))
    return [lines[n] for n in sorted(lines)]


def _text(x: float, y: float, label: str, marked: bool, **extra: str) -> str:
    weight = ' font-weight="700"' if marked else ""
    more = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in extra.items())
    return (f'<text x="{x:g}" y="{y:g}" font-size="{FONT_SIZE}"{weight} fill="{"#000" if marked else "#555"}"'
            f'{more}>{html.escape(label)}</text>')


def _cell(field: Placed, x: float, y: float, width: float, marked: bool) -> list[str]:
    """A label and the grey bar standing for its printed value; a marked one framed in black."""
    label_width = len(field.label) * FONT_SIZE
    bar_x = x + label_width + 6
    parts = [_text(x, y + 15.5, field.label, marked),
             f'<rect x="{bar_x:g}" y="{y + 6.5:g}" width="{max(x + width - 6 - bar_x, 8):g}" height="9" '
             f'fill="{"#999" if marked else "#ddd"}"/>']
    if marked:
        parts.append(f'<rect x="{x - 5:g}" y="{y + 1:g}" width="{width:g}" height="{ROW - 2}" rx="3" '
                     'fill="none" stroke="#000" stroke-width="2.5"/>')
    return parts


def marked_labels(evidence: dict[str, Any], marked: Iterable[str]) -> list[str]:
    """The labels of the fields a page marks, top to bottom."""
    marked = set(marked)
    return [f.label for line in slip_fields(evidence) for f in line if f.evidence in marked]


def slip_svg(evidence: dict[str, Any], marked: Iterable[str]) -> str:
    """The drawing as inline SVG, the fields of the ``marked`` evidence ids framed."""
    marked = set(marked)
    lines = slip_fields(evidence)
    height = HEAD + ROW * len(lines) + FOOT
    names = "、".join(marked_labels(evidence, marked))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'aria-label="签购单示意图{"：粗框标出" + html.escape(names) if names else ""}" '
           f'font-family="{FONT}">',
           f'<rect x="1" y="1" width="{WIDTH - 2}" height="{height - 2}" fill="#fff" stroke="#000" '
           'stroke-width="1.5"/>',
           _text(WIDTH / 2, 19, "签购单", True, text_anchor="middle", letter_spacing="4")]
    out.append(f'<line x1="{PAD}" y1="{HEAD - 4}" x2="{WIDTH - PAD}" y2="{HEAD - 4}" stroke="#000" '
               'stroke-dasharray="3 2"/>')
    for row, line in enumerate(lines):
        y = HEAD + row * ROW
        width = (WIDTH - 2 * PAD + 10) / len(line)
        for col, field in enumerate(line):
            out += _cell(field, PAD + col * width, y, width - 4, field.evidence in marked)
    y = HEAD + ROW * len(lines)
    out.append(_text(PAD, y + 19, "持卡人签名", False))
    out.append(f'<line x1="{PAD + 5 * FONT_SIZE + 6}" y1="{y + 21}" x2="{WIDTH - PAD}" y2="{y + 21}" '
               'stroke="#555"/>')
    out.append("</svg>")
    return "".join(out)


def slip_figure(evidence: dict[str, Any], marked: Iterable[str], compact: bool = False) -> Markup:
    """The drawing with its caption, as one raw HTML block for a Markdown page; empty if none of the
    ``marked`` evidence is on the slip. ``compact``: the checklists' version, under the QR code."""
    marked = set(marked)
    names = html.escape("、".join(marked_labels(evidence, marked)))
    if not names:  # nothing on the slip to point at (a checklist without a slip): no drawing
        return Markup("")
    if compact:
        caption = "粗框是要抄的号码（示意图）"
    else:
        caption = f"粗框是{names}在签购单上的位置。示意图，各家签购单的排版不完全一样，按栏目名称找。"
    css = "kb-slip kb-slip--compact" if compact else "kb-slip"
    return Markup(f'<figure class="{css}" data-pagefind-ignore>{slip_svg(evidence, marked)}'
                  f'<figcaption>{caption}</figcaption></figure>\n')
