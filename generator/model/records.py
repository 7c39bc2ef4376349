"""Nested records of the content model: statements, sources, claims, contacts, call scripts, per-role wording.

Each is a frozen dataclass whose fields carry their documentation (see ``generator.model.kinds``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .fields import doc
from .roles import READER_ROLES, ROLES

CLAIM_STATUSES = ("verified", "unverified", "corrected")
BLANK_KINDS = ("text", "date", "datetime", "amount", "digits", "card-tail")
"""What a checklist blank holds: free text, a date, a date and time, an amount of money, a few digits, or the
last four digits of a card (never more: the fill-in page refuses a full card number)."""


STATEMENT_MARK = "#"
"""Between a reference's id and one of its statements' ids in a source: ``bank-card-disputes-2021#burden-of-proof``."""


@dataclass(frozen=True, kw_only=True)
class Statement:
    """One thing an outside reference says: its one home. Sources elsewhere cite it by id
    (``reference: <reference id>#<statement id>``) and pages show it from here."""

    id: str = doc("The statement's id, unique in its reference: lowercase words joined by '-', e.g. burden-of-proof. "
                  "Cited as 'reference: <reference id>#<statement id>', and its anchor on the reference's page.")
    pinpoint: str | None = doc(
        "Optional: the part of the reference that says it, as cited in Chinese, e.g. 第四条. Shown beside "
        "the statement and in the 依据 line wherever it is cited.",
        default=None,
        max_len=40,
    )
    text: str = doc("What the reference says, in Simplified Chinese, in one or two sentences. Pages that cite the "
                    "statement show this text: do not retype it elsewhere.", max_len=300)


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where a statement comes from: one article quote or one outside reference (or one of its statements)."""

    article: str | None = doc(
        "Id of the article (a file in content/articles/) the quote is taken from.",
        ref="articles",
        default=None,
    )
    quote: str | None = doc(
        "A short verbatim quote from that article in its cleaned form "
        "(misspellings repaired, spam removed). Checked against the article.",
        default=None,
        max_len=160,
    )
    reference: str | None = doc(
        "Id of an outside reference (a file in content/references/), taken from shared/facts.md; better, one of "
        "its statements, as '<reference id>#<statement id>' (e.g. bank-card-disputes-2021#burden-of-proof): "
        "the page then shows the statement's pinpoint in the 依据 line, its text under 来源, and links to it.",
        ref="references",
        statement=True,
        default=None,
    )

    @property
    def reference_id(self) -> str | None:
        """The id of the cited reference, without the statement."""
        return self.reference.partition(STATEMENT_MARK)[0] if self.reference else None

    @property
    def statement_id(self) -> str | None:
        """The id of the cited statement, if the source names one."""
        return self.reference.partition(STATEMENT_MARK)[2] or None if self.reference else None


@dataclass(frozen=True, kw_only=True)
class Claim:
    """One factual statement with its own status and sources, shown in its own box."""

    text: str | None = doc(
        "The statement, one or two sentences in Simplified Chinese. Leave it out of a verified claim that only "
        "says what reference statements say: the box then shows the texts of the statements its sources cite "
        "('reference: <id>#<statement>'). Keep your own words only where they are not a near copy of them.",
        default=None,
        max_len=300,
    )
    status: str = doc(
        "verified (an outside reference says so: at least one source must be a reference), "
        "unverified (only the articles say it) or corrected (an article said something wrong; "
        "'correction' says what is true).",
        choices=CLAIM_STATUSES,
    )
    sources: tuple[Source, ...] = doc(
        "Where the statement comes from: outside references (依据) and/or article quotes (出处). At least one.",
        min_items=1,
    )
    correction: str | None = doc(
        "Required when status is corrected: what is true instead, in Simplified Chinese.",
        default=None,
        max_len=600,
    )


@dataclass(frozen=True, kw_only=True)
class Contact:
    """Someone a reader can contact at an escalation stage."""

    name: str = doc("Who to contact, in Simplified Chinese, e.g. 发卡银行.", max_len=80)
    phone: str | None = doc(
        "A phone number, only one on the phone allowlist in rules/contacts.yaml (each with its facts.md "
        "reference); any other number is an error. Leave it out otherwise.",
        default=None,
        max_len=20,
    )
    phone_status: str | None = doc(
        "verified or unverified: how far shared/facts.md confirms the number. Required with phone; verified "
        "needs the allowlist's reference for the number among the stage's sources.",
        choices=("verified", "unverified"),
        default=None,
    )
    how_to_find: str | None = doc(
        "Where the reader finds the right number or channel themselves, e.g. the back of the card.",
        default=None,
        max_len=300,
    )
    role: str = doc("Who contacts them: cardholder, merchant or both.", choices=ROLES, default="both")
    script: CallScript | None = doc("Optional: a call script for this contact.", default=None)


@dataclass(frozen=True, kw_only=True)
class CallScript:
    """What to say on one call: shown with the step or contact and on the printed checklist."""

    contact: str = doc("Whom the reader calls and where the number is, e.g. 发卡银行客服（银行卡背面的电话）.",
                       max_len=60)
    have_ready: tuple[str, ...] = doc("What to have at hand before calling, one thing per line.",
                                      min_items=1, max_len=40)
    say: str = doc("What to say first, in the reader's words; placeholders like 某月某日 are fine.", max_len=120)
    ask_for: tuple[str, ...] = doc("What to ask for, one request per line.", min_items=1, max_len=40)
    write_down: tuple[str, ...] = doc("What to write down during the call, one thing per line.",
                                      min_items=1, max_len=40)


@dataclass(frozen=True, kw_only=True)
class RoleWording:
    """How a step shared by both readers is worded for one of them, where the two differ."""

    role: str = doc("The reader this wording is for: cardholder or merchant.", choices=READER_ROLES)
    instruction: str | None = doc(
        "Optional: the one-line instruction for this reader, shown instead of the remedy's own.",
        default=None,
        max_len=60,
    )
    how: tuple[str, ...] = doc(
        "Optional: sub-steps only this reader does, shown before the remedy's common 'how' lines.",
        default=(),
        max_len=300,
    )
    checklist_label: str | None = doc(
        "Optional: the checklist line for this reader, printed on their checklists instead of the common one.",
        default=None,
        max_len=30,
    )


class Worded:
    """What an item with per-reader wording (``per_role``: remedies, escalation stages) says to one reader."""

    per_role: tuple[RoleWording, ...]
    checklist_label: str

    def wording(self, role: str) -> RoleWording | None:
        """This reader's own wording, if the item has one."""
        return next((w for w in self.per_role if w.role == role), None)

    def label_for(self, role: str) -> str:
        """The checklist line as this reader's checklist prints it."""
        own = self.wording(role)
        return own.checklist_label if own and own.checklist_label else self.checklist_label


@dataclass(frozen=True, kw_only=True)
class Blank:
    """One blank to fill in on a printed checklist, taken from the evidence item it records."""

    label: str = doc("What to write, as the checklist prints it, e.g. 挂失受理号 or 结算账户尾号.", max_len=10)
    kind: str = doc(
        "What the blank holds: text, date, datetime, amount (money), digits (a number, or the last digits of "
        "one) or card-tail (the last four digits of a card: on screen a longer number is refused; never ask "
        "for a full card number).",
        choices=BLANK_KINDS,
        default="text",
    )
    role: str = doc("Whose checklist shows it: cardholder, merchant or both.", choices=ROLES, default="both")
