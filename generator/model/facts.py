"""The facts a reader may fill in on the device beside the evidence items' blanks (records.Blank), and
the two content records built on them: a deadline counted from a date fact (EscalationStage.deadlines)
and a part of a letter whose text names facts as blanks (Letter.parts).

A fact is keyed by its printed name: an evidence blank's label (content/evidence/, ``blanks``) or a
Fact below. The checklist and letter templates mark each blank with it (render/templates/fill.md.j2),
letter texts in content/letters/ name it as ``{key}`` (checked by validate/fill.py), and the browser
keeps one value per key and problem and reader (kb-fill.js). The kind says how the value is typed and
checked in the browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .fields import doc
from .records import BLANK_KINDS

KINDS = (*BLANK_KINDS, "long")
"""The kinds of a checklist blank (records.BLANK_KINDS: text, date, datetime, amount, digits, card-tail),
and long, a paragraph a letter asks for. kb-fill.js types and checks each: card-tail takes the last
four digits of a card and nothing longer; digits are a number of a known type (merchant, terminal,
phone ...), never refused for looking like a card number; text, datetime and long are free text,
refused when they hold a full card number."""


@dataclass(frozen=True)
class Fact:
    """One thing the reader fills in that no evidence item's blanks name."""

    key: str
    """Its name as printed beside the blank, in Simplified Chinese; also its key in the device's storage,
    in ``data-kb-field`` and in letter texts as ``{key}``, like an evidence blank's label."""
    kind: str
    """How it is typed and checked: one of KINDS."""


CONTACT_COLUMNS = (("联系了谁", "text"), ("时间", "datetime"), ("受理编号", "text"), ("对方怎么说", "text"))
"""The columns of a checklist's contact record: each row n is the facts '<column>（第n次）'."""
MAX_CONTACT_ROWS = 6


def contact_fact(column: int, row: int) -> Fact:
    """The fact of one cell of the contact record (columns and rows counted from 0 and 1)."""
    name, kind = CONTACT_COLUMNS[column]
    return Fact(f"{name}（第{row}次）", kind)


DEADLINE_STARTS: dict[str, str] = {"complaint": "投诉日期", "decision": "收到处理决定日期"}
"""The date fact a deadline counts from, by the deadline's ``start`` (投诉日期 is also an evidence blank)."""

FACTS: tuple[Fact, ...] = (
    *(contact_fact(c, r) for r in range(1, MAX_CONTACT_ROWS + 1) for c in range(len(CONTACT_COLUMNS))),
    Fact("投诉日期", "date"),
    Fact("收到处理决定日期", "date"),
    Fact("你的姓名或商户名称", "text"),
    Fact("联系电话", "digits"),
    Fact("投诉的机构", "text"),
    Fact("网点或部门", "text"),
    Fact("你的请求", "long"),
    Fact("事情经过", "long"),
    Fact("处理决定说了什么", "long"),
    Fact("你不接受的地方和理由", "long"),
    Fact("写信日期", "date"),
)
"""The facts beside the evidence items' blanks: the contact record, the deadline dates, the letters'."""

FACT_BY_KEY: dict[str, Fact] = {fact.key: fact for fact in FACTS}


@dataclass(frozen=True, kw_only=True)
class Deadline:
    """A time limit in calendar days that a checklist turns into a date in the reader's browser."""

    label: str = doc("What the date is, in Simplified Chinese, e.g. 银行作出处理决定的最后一天.", max_len=60)
    start: str = doc(
        "Which date the count starts after: complaint (the day the institution received the complaint) or "
        "decision (the day the reader received its decision). The start day itself is not counted.",
        choices=tuple(DEADLINE_STARTS),
    )
    days: int = doc("Calendar days counted from the day after the start day (1 to 366).")
    reference: str = doc("Id of the outside reference that sets the limit.", ref="references")
    pinpoint: str = doc("The article of that reference, e.g. 第十八条.", max_len=40)


PART_NAME = re.compile(r"[a-z][a-z0-9-]*")
"""A letter part's name: lowercase ASCII letters, digits and '-'."""
INCLUDE = re.compile(r"([a-z0-9][a-z0-9-]*)#([a-z][a-z0-9-]*)")
"""A letter part's include: '<letter id>#<part name>'."""


@dataclass(frozen=True, kw_only=True)
class LetterPart:
    """One part of a letter: a heading, a text with blanks, and/or a list the guide fills in."""

    heading: str | None = doc("Optional: the part's heading, e.g. 投诉请求.", default=None, max_len=20)
    text: str | None = doc(
        "Optional: the part's text. {name} marks a blank the reader fills in: the label of an evidence item's "
        "blank or a fact of generator/model/facts.py, e.g. 实际扣款{实扣金额}元; an empty blank is printed as a line.",
        default=None,
        max_len=300,
    )
    list: str | None = doc(
        "Optional: a list the guide fills in for the situation: grounds (the verified statements of its "
        "causes and steps, with their references) or evidence (the evidence items of its checklist).",
        choices=("grounds", "evidence"),
        default=None,
    )
    name: str | None = doc(
        "Optional: a name for this part's text, unique in its letter (lowercase letters, digits and '-', "
        "e.g. sender), so another letter can include it instead of typing the same lines again.",
        default=None,
        max_len=30,
    )
    include: str | None = doc(
        "Optional: '<letter id>#<part name>', e.g. complaint#sender: this part shows the text of that named "
        "part of another letter (written once, there), under this part's own heading, if it has one. A part "
        "that includes has no text or list of its own, and an included part includes nothing itself.",
        default=None,
        max_len=70,
    )
