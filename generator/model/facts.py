"""The facts a reader may fill in on the device: each blank of a checklist and each blank of a letter;
and the two content records built on them: a deadline counted from a date fact (EscalationStage.deadlines)
and a part of a letter whose text names facts as blanks (Letter.parts).

One home for a fact's key, printed name and kind: the checklist template renders its blanks from
here (render/templates/fill.md.j2), letter texts in content/letters/ name them as ``{key}`` (checked
by validate/fill.py), and the browser keeps one value per key and situation (kb-fill.js). The kind
says how the value is typed and checked in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fields import doc

KINDS = ("card-tail", "amount", "count", "number", "code", "date", "text", "long")
"""card-tail: the last four digits of a card, nothing longer; amount: yuan with up to two decimals;
count: a whole number; number: digits of a known number type (merchant, terminal, phone ...), never
refused for looking like a card number; code: letters, digits and dashes; date: a calendar date;
text and long: free text (one line, or a paragraph), refused when it holds a full card number."""


@dataclass(frozen=True)
class Fact:
    """One thing the reader fills in."""

    key: str
    """Its key: in the device's storage, in ``data-kb-field`` and in letter texts as ``{key}``."""
    label: str
    """Its name as printed beside the blank, in Simplified Chinese."""
    kind: str
    """How it is typed and checked: one of KINDS."""


def _contacts() -> tuple[Fact, ...]:
    """The three rows of the contact record: whom, when, case number, what they said."""
    columns = (("who", "联系了谁", "text"), ("when", "时间", "text"), ("case", "受理编号", "code"),
               ("said", "对方怎么说", "text"))
    return tuple(Fact(f"contact-{n}-{key}", f"{label}（第{n}次）", kind) for n in (1, 2, 3)
                 for key, label, kind in columns)


FACTS: tuple[Fact, ...] = (
    Fact("when", "交易日期时间", "text"),
    Fact("card-tail", "卡号后四位", "card-tail"),
    Fact("amount-due", "应付金额", "amount"),
    Fact("amount-charged", "实扣金额", "amount"),
    Fact("difference", "差额", "amount"),
    Fact("charges", "扣款笔数", "count"),
    Fact("merchant-name", "商户名称", "text"),
    Fact("merchant-number", "商户编号", "number"),
    Fact("terminal-number", "终端编号", "number"),
    Fact("batch", "批次号", "number"),
    Fact("trace", "凭证号/流水号", "number"),
    Fact("reference", "参考号", "number"),
    Fact("auth-code", "授权码", "code"),
    Fact("complaint-date", "投诉日期", "date"),
    Fact("decision-date", "收到处理决定日期", "date"),
    *_contacts(),
    Fact("name", "你的姓名或商户名称", "text"),
    Fact("phone", "联系电话", "number"),
    Fact("institution", "投诉的机构", "text"),
    Fact("branch", "网点或部门", "text"),
    Fact("request", "你的请求", "long"),
    Fact("story", "事情经过", "long"),
    Fact("decision", "处理决定说了什么", "long"),
    Fact("disputed", "你不接受的地方和理由", "long"),
    Fact("letter-date", "写信日期", "date"),
)

FACT_BY_KEY: dict[str, Fact] = {fact.key: fact for fact in FACTS}

DEADLINE_STARTS: dict[str, str] = {"complaint": "complaint-date", "decision": "decision-date"}
"""The fact whose date a deadline counts from, by the deadline's ``start``."""


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


@dataclass(frozen=True, kw_only=True)
class LetterPart:
    """One part of a letter: a heading, a text with blanks, and/or a list the guide fills in."""

    heading: str | None = doc("Optional: the part's heading, e.g. 投诉请求.", default=None, max_len=20)
    text: str | None = doc(
        "Optional: the part's text. {key} marks a blank the reader fills in, by the key of a fact in "
        "generator/model/facts.py, e.g. 实扣金额{amount-charged}元; an empty blank is printed as a line.",
        default=None,
        max_len=300,
    )
    list: str | None = doc(
        "Optional: a list the guide fills in for the situation: grounds (the verified statements of its "
        "causes and steps, with their references) or evidence (the evidence items of its checklist).",
        choices=("grounds", "evidence"),
        default=None,
    )
