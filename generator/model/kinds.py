"""The content model: one frozen dataclass per kind of item (the kinds themselves: kindspec.py).

Every field carries its documentation in ``metadata["doc"]``. That text is
the single source for the contributor field reference (CONTRIBUTING.md), the
JSON Schemas in ``schemas/`` and the validator's error hints, so a field can
never exist without being documented (``tests/unit/authoring/test_fieldref.py``).

Field metadata keys:

``doc``      what the field means, in English, for contributors.
``ref``      the kind (folder) that a string or list of strings points to.
``statement`` with ``ref`` references: the id may name one of the reference's statements after '#'.
``choices``  the allowed values of a string or list of strings.
``required`` whether the key must be present (default: no default value).
``min_items`` / ``max_items`` / ``max_len``  size limits checked by the validator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .facts import Deadline, LetterPart
from .fields import doc
from .roles import ROLES, covers
from .search import search_note_field, search_shape_field, search_terms_field
from .slip import SlipField
from .records import Blank, CallScript, Claim, Contact, RoleWording, Source, Statement, Worded
from .triage import Answer, Unsure

STATUSES = ("verified", "unverified", "corrected", "advice")
AUDIENCES = ("merchant", "cardholder")
PATHS = ("ladder", "branch")
URGENCIES = ("routine", "immediate")
"""How soon a reader must act (Problem.urgency, Remedy.urgency)."""


@dataclass(frozen=True, kw_only=True)
class Item:
    """Fields shared by every kind of item."""

    id: str = doc("The item's id. Must equal the file name without .yaml: lowercase words joined by '-'.")
    title: str = doc("Short title in Simplified Chinese, shown wherever the item is linked.", max_len=60)
    status: str = doc(
        "The status of the item's own text: advice (plain guidance that asserts no fact; shown without a "
        "box), verified (an outside reference confirms it: at least one source must be a reference), "
        "unverified (only the articles say it) or corrected (an article said something wrong; 'correction' "
        "says what is true). Put a factual statement that differs from the rest in 'claims'.",
        choices=STATUSES,
    )
    sources: tuple[Source, ...] = doc(
        "Where the item comes from: article quotes (出处) and/or outside references (依据). At least one.",
        min_items=1,
    )
    claims: tuple[Claim, ...] = doc(
        "Optional: factual statements, each with its own status and sources, each shown in its own box.",
        default=(),
    )
    correction: str | None = doc(
        "Required when status is corrected: what is true instead, in Simplified Chinese.",
        default=None,
        max_len=600,
    )
    not_duplicate_of: tuple[AllowedDuplicate, ...] = doc(
        "Optional: items of the same kind whose text is similar on purpose, each with a reason. "
        "Silences the near-duplicate warning of 'kb check' for that pair.",
        default=(),
    )


@dataclass(frozen=True, kw_only=True)
class Problem(Item):
    """One of the problems a reader arrives with; the root of everything else."""

    summary: str = doc("The problem in one line, in the reader's words.", max_len=80)
    priority: int = doc(
        "Place on the home page: the most common or most urgent problem gets the smallest number.", default=100
    )
    urgency: str = doc(
        "How soon the reader must act: immediate when waiting can make the loss bigger (a card that can "
        "still be misused), so the page shows its first step at the top, above the symptoms, under 先做这一步 "
        "(the cardholder's first step when the problem has cardholder steps); routine otherwise.",
        choices=URGENCIES,
        default="routine",
    )
    symptoms: tuple[str, ...] = doc(
        "What the reader sees or says, in their own words. Shown on the home page triage and searched.",
        min_items=1,
        max_items=12,
        max_len=60,
    )
    description: str = doc("What is happening and why, in a short paragraph.", max_len=600)
    causes: tuple[str, ...] = doc("Ids of the likely causes, most likely first.", ref="causes", min_items=1)
    cardholder_steps: tuple[str, ...] = doc(
        "Only for a problem no triage situation covers for the cardholder (a knowledge base without a "
        "triage): ids of the remedies a cardholder does, in order (role cardholder or both). Otherwise the "
        "steps live in the situations (content/outcomes/) and this key is an error.",
        ref="remedies",
        default=(),
    )
    merchant_steps: tuple[str, ...] = doc(
        "Only for a problem no triage situation covers for the merchant: ids of the remedies a merchant "
        "does, in order (role merchant or both), as for cardholder_steps. A problem needs steps (here or in "
        "situations) for at least one role.",
        ref="remedies",
        default=(),
    )
    escalation: tuple[str, ...] = doc(
        "Ids of the escalation stages this problem goes through, in order.", ref="escalation", min_items=1
    )
    evidence: tuple[str, ...] = doc(
        "Ids of the evidence to gather for this problem's checklist.", ref="evidence", min_items=1
    )
    prevention: tuple[str, ...] = doc(
        "Ids of prevention tips that apply to the whole problem.", ref="prevention", default=()
    )
    related: tuple[str, ...] = doc(
        "Ids of other problems that are easily confused with this one.", ref="problems", default=()
    )
    search_terms: tuple[str, ...] = search_terms_field()


@dataclass(frozen=True, kw_only=True)
class Cause(Item):
    """A reason a problem happens."""

    explanation: str = doc("What goes wrong, in plain Chinese.", max_len=800)
    signs: tuple[str, ...] = doc("How the reader recognises this cause.", min_items=1, max_len=200)
    remedies: tuple[str, ...] = doc("Ids of the remedies for this cause.", ref="remedies", min_items=1)
    prevention: tuple[str, ...] = doc("Ids of prevention tips for this cause.", ref="prevention", default=())
    search_terms: tuple[str, ...] = search_terms_field()


@dataclass(frozen=True, kw_only=True)
class Remedy(Item, Worded):
    """Something the reader (or someone on their behalf) does."""

    checklist_label: str = doc("The step as a short checklist line (at most 30 characters).", max_len=30)
    role: str = doc("Who does it: cardholder, merchant or both.", choices=ROLES)
    instruction: str = doc(
        "The step in one line, shown under its title on problem pages and in triage outcomes: "
        "what to do, so a reader can act without opening the remedy page.",
        max_len=60,
    )
    how: tuple[str, ...] = doc("How to do it, as ordered sub-steps.", min_items=1, max_len=300)
    evidence: tuple[str, ...] = doc("Ids of the evidence this remedy needs.", ref="evidence", default=())
    only_when: tuple[str, ...] = doc(
        "Optional: preconditions, as fact names from rules/advice.yaml (e.g. unsettled, today): the step "
        "only works when they hold, so a situation that knows a fact excluding one of them must not list it.",
        default=(),
        max_items=4,
    )
    urgency: str = doc(
        "immediate: waiting makes the loss bigger, so the step must be the first one wherever it is listed "
        "(rules/advice.yaml also names the situations that must start with such a step); routine otherwise.",
        choices=URGENCIES,
        default="routine",
    )
    caution: str | None = doc("Optional warning shown with the remedy.", default=None, max_len=300)
    script: CallScript | None = doc("Optional: what to say when this step is a call.", default=None)
    per_role: tuple[RoleWording, ...] = doc(
        "Optional, for a remedy with role both: the instruction, extra how lines and checklist line of one reader "
        "where the two readers do it differently, each written once. The common text must not name one reader's tools "
        "(the role words in rules/advice.yaml); 'kb check' reports it.",
        default=(),
        max_items=2,
    )

    def instruction_for(self, role: str) -> str:
        """The one-line instruction as this reader reads it."""
        own = self.wording(role)
        return own.instruction if own and own.instruction else self.instruction

    def how_for(self, role: str) -> tuple[str, ...]:
        """The sub-steps as this reader reads them: their own lines, then the common ones."""
        own = self.wording(role)
        return (own.how if own else ()) + self.how


@dataclass(frozen=True, kw_only=True)
class EscalationStage(Item, Worded):
    """A rung of the escalation ladder: whom to contact and when to move on."""

    checklist_label: str = doc("The stage as a short checklist line (at most 30 characters).", max_len=30)
    role: str = doc("Who goes to this stage: cardholder, merchant or both.", choices=ROLES)
    path: str = doc(
        "ladder (a numbered rung) or branch (a separate path such as the police, shown apart and not numbered).",
        choices=PATHS,
        default="ladder",
    )
    contacts: tuple[Contact, ...] = doc("Whom to contact at this stage.", min_items=1)
    when: str = doc("When to go to this stage.", max_len=300)
    move_on: str = doc(
        "What to do if they refuse or do not answer: when to move on, and where to.", max_len=300
    )
    bring: tuple[str, ...] = doc("Ids of the evidence to bring.", ref="evidence", default=())
    expect: str = doc("What the reader is owed at this stage: what the other side must do.", max_len=400)
    deadlines: tuple[Deadline, ...] = doc(
        "Optional: the time limits at this stage that a bank must keep, written once: the checklists show "
        "them as dates counted from the date the reader enters. Only limits shared/facts.md verifies.",
        default=(),
        max_items=8,
    )
    next: tuple[str, ...] = doc(
        "Ids of the stages that can follow this one. The ladder must not loop.",
        ref="escalation",
        default=(),
    )
    search_terms: tuple[str, ...] = search_terms_field()
    per_role: tuple[RoleWording, ...] = doc(
        "Optional, for a stage with role both: one reader's checklist line (checklist_label only) where the "
        "common one would name the other reader's side, e.g. 找发卡银行 for the cardholder and 找收单机构 for the "
        "merchant. The common checklist_label must not name one reader's tools (rules/advice.yaml).",
        default=(),
        max_items=2,
    )


@dataclass(frozen=True, kw_only=True)
class Evidence(Item):
    """Something to keep or collect as proof."""

    checklist_label: str = doc("Short checklist line (at most 30 characters).", max_len=30)
    role: str = doc("Who keeps it: cardholder, merchant or both. Per-role checklists list only theirs.",
                    choices=ROLES, default="both")
    description: str = doc("What it is and why it matters.", max_len=500)
    where: str = doc("Where to find or how to obtain it.", max_len=300)
    on_slip: tuple[SlipField, ...] = doc(
        "Optional: the fields of this evidence printed on the sales slip (签购单), each with its line. The "
        "slip drawing is made from these fields of every evidence item; this item's page and the checklists "
        "that list it mark them.",
        default=(),
        max_items=4,
    )
    blanks: tuple[Blank, ...] = doc(
        "Optional: what to write down from this evidence on a printed checklist, each a labelled blank. A "
        "situation's checklist prints the blanks of the evidence items it lists (its reader's only).",
        default=(),
        max_items=6,
    )


def blanks_of(evidence: list[Evidence], role: str) -> list[Blank]:
    """The blanks this reader's checklist prints for these evidence items (Evidence.blanks): theirs, in
    order, each label once."""
    seen: dict[str, Blank] = {}
    for item in evidence:
        for blank in item.blanks:
            if covers(blank.role, role):
                seen.setdefault(blank.label, blank)
    return list(seen.values())


@dataclass(frozen=True, kw_only=True)
class Prevention(Item):
    """A tip that keeps the problem from happening again."""

    audience: tuple[str, ...] = doc("Who the tip is for.", choices=AUDIENCES, min_items=1)
    tip: str = doc("The tip, in plain Chinese.", max_len=500)
    search_shape: str | None = search_shape_field()
    search_note: str | None = search_note_field()


@dataclass(frozen=True, kw_only=True)
class Reference(Item):
    """An outside source, taken from shared/facts.md."""

    sources: tuple[Source, ...] = doc(
        "Optional for a reference: other references it draws on. A reference rests on its official text "
        "('url', 'citation'), never on an article quote.",
        default=(),
    )
    citation: str = doc("The reference as facts.md gives it: publisher, title, year.", max_len=300)
    statements: tuple[Statement, ...] = doc(
        "What the reference establishes, one numbered statement each (id, pinpoint, text): the one place its "
        "wording lives. Items cite a statement as 'reference: <id>#<statement id>' instead of retyping it.",
        min_items=1,
        max_items=12,
    )
    url: str | None = doc(
        "Address of the official text, or of the official database that holds it, as shared/facts.md gives "
        "or names it (https:// or http://). Its domain must be on the allowlist in rules/links.yaml.",
        default=None,
        max_len=200,
    )
    url_label: str | None = doc(
        "What the address leads to, in Chinese, e.g. 国务院公报刊登的全文. Written once per address: of the "
        "references that share a url (laws in one database), one labels it, e.g. 国家法律法规数据库（按标题检索）, "
        "and the others leave it out and show that label.",
        default=None,
        max_len=60,
    )

    def statement(self, statement_id: str) -> Statement | None:
        """The statement with this id, if the reference has it."""
        return next((s for s in self.statements if s.id == statement_id), None)


@dataclass(frozen=True, kw_only=True)
class Letter(Item):
    """A letter the reader prints or copies, filled from the facts kept for a situation on the device."""

    stage: str = doc("Id of the escalation stage whose letter this is: that rung links it.", ref="escalation")
    intro: str = doc("When to send the letter and to whom, shown above it on screen (not printed).", max_len=200)
    parts: tuple[LetterPart, ...] = doc("The letter's parts, in order.", min_items=1, max_items=12)


@dataclass(frozen=True, kw_only=True)
class Term(Item):
    """A word of the trade (收单机构, 冲正, 调单 ...), explained once where a page first uses it."""

    aliases: tuple[str, ...] = doc(
        "Other spellings of the term that get the same explanation, e.g. 流水号 for 凭证号.", default=(), max_len=10
    )
    definition: str = doc("The term in plain Chinese, in one or two short sentences.", max_len=120)


@dataclass(frozen=True, kw_only=True)
class Article:
    """Metadata of one source article (content/articles/<id>.yaml beside <id>.txt)."""

    id: str = doc("Short id of the article; equals the file name.")
    title: str = doc("The article's title in its cleaned form.", max_len=80)
    seed: str = doc("File name of the article in shared/seeds/, for traceability.", max_len=80)


# A nested record like those of records.py, defined here because every item has a list of them.
@dataclass(frozen=True, kw_only=True)
class AllowedDuplicate:
    """A reviewed pair of similar items that are both kept, with the reason."""

    id: str = doc("Id of the other item that this one is known to resemble.")
    reason: str = doc("Why both items are kept although their texts are similar.", max_len=200)


#: Nested record types, by their field name.
NESTED: dict[str, type] = {"sources": Source, "statements": Statement, "claims": Claim, "contacts": Contact,
                           "not_duplicate_of": AllowedDuplicate, "answers": Answer, "unsure": Unsure,
                           "script": CallScript, "on_slip": SlipField, "per_role": RoleWording, "blanks": Blank,
                           "deadlines": Deadline, "parts": LetterPart}


ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""An item id (and so a file name): lowercase ASCII words joined by '-'."""
