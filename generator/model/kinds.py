"""The content model: one frozen dataclass per kind of item.

Every field carries its documentation in ``metadata["doc"]``. That text is
the single source for the contributor field reference (CONTRIBUTING.md), the
JSON Schemas in ``schemas/`` and the validator's error hints, so a field can
never exist without being documented (``tests/unit/authoring/test_fieldref.py``).

Field metadata keys:

``doc``      what the field means, in English, for contributors.
``ref``      the kind (folder) that a string or list of strings points to.
``choices``  the allowed values of a string or list of strings.
``required`` whether the key must be present (default: no default value).
``min_items`` / ``max_items`` / ``max_len``  size limits checked by the validator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .facts import Deadline, LetterPart
from .fields import doc
from .slip import SlipField

STATUSES = ("verified", "unverified", "corrected", "advice")
CLAIM_STATUSES = ("verified", "unverified", "corrected")
AUDIENCES = ("merchant", "cardholder")
READER_ROLES = ("cardholder", "merchant")
"""The readers a problem page has a section for, in page order."""
ROLES = ("cardholder", "merchant", "both")
"""Who does a step or goes to a stage: one kind of reader, or either."""
PATHS = ("ladder", "branch")
SEARCH_SHAPES = ("bank-sms", "scam")
"""Shapes of pasted text the search recognises (kb-query.mjs): a bank's transaction SMS, a scam message."""
URGENCIES = ("routine", "immediate")
"""How soon a problem's reader must act (Problem.urgency)."""


def search_terms_field():
    """The readers' own words for an item (one definition for every kind that has them)."""
    return doc(
        "Optional: other words readers search with for this, in their own phrasing "
        "(e.g. 被刷 or 不是我刷的 for 盗刷). Added to the search index, never shown on the page. "
        "Short words (two to four characters) match best: the search looks a question up word by word.",
        default=(),
        max_len=30,
    )


def search_shape_fields():
    """The page the search puts first for a shape of pasted text, and the line it shows then."""
    shape = doc(
        "Optional: the shape of pasted text this page answers first in the search: bank-sms (a bank's "
        "transaction SMS: card tail, time, 消费/支出/扣款, amount) or scam (a message asking for a code, "
        "a transfer to a safe account, a refund agent). At most one page per shape.",
        choices=SEARCH_SHAPES,
        default=None,
    )
    note = doc("Optional, with search_shape: one line shown above the results when such text is pasted.",
               default=None, max_len=40)
    return shape, note


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where a statement comes from: one article quote or one outside reference."""

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
        "Id of an outside reference (a file in content/references/), taken from shared/facts.md.",
        ref="references",
        default=None,
    )
    note: str | None = doc(
        "Optional: what exactly the reference supports, in Simplified Chinese.",
        default=None,
        max_len=300,
    )
    pinpoint: str | None = doc(
        "Optional, with 'reference': the part of the reference that says it, as cited in Chinese, "
        "e.g. 第十八条. Shown in the 依据 line of a verified statement.",
        default=None,
        max_len=40,
    )


@dataclass(frozen=True, kw_only=True)
class Claim:
    """One factual statement with its own status and sources, shown in its own box."""

    text: str = doc("The statement, one or two sentences in Simplified Chinese.", max_len=300)
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
class AllowedDuplicate:
    """A reviewed pair of similar items that are both kept, with the reason."""

    id: str = doc("Id of the other item that this one is known to resemble.")
    reason: str = doc("Why both items are kept although their texts are similar.", max_len=200)
    kind: str | None = doc(
        "Optional: the other item's kind (folder under content/) when it is not of the same kind; "
        "only sentence-level warnings cross kinds.",
        choices=("problems", "causes", "remedies", "escalation", "evidence", "prevention", "references"),
        default=None,
    )


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
        "Ids of the remedies a cardholder does, in order (role cardholder or both). Shown under 如果你是持卡人.",
        ref="remedies",
        default=(),
    )
    merchant_steps: tuple[str, ...] = doc(
        "Ids of the remedies a merchant does, in order (role merchant or both). Shown under 如果你是商户. "
        "A problem needs steps for at least one role.",
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

    @property
    def roles(self) -> tuple[str, ...]:
        """The readers this problem has steps for, in page order."""
        return tuple(role for role in READER_ROLES if self.steps_for(role))

    def steps_for(self, role: str) -> tuple[str, ...]:
        """Ids of the remedies of one reader role, in order."""
        return self.cardholder_steps if role == "cardholder" else self.merchant_steps


@dataclass(frozen=True, kw_only=True)
class Cause(Item):
    """A reason a problem happens."""

    explanation: str = doc("What goes wrong, in plain Chinese.", max_len=800)
    signs: tuple[str, ...] = doc("How the reader recognises this cause.", min_items=1, max_len=200)
    remedies: tuple[str, ...] = doc("Ids of the remedies for this cause.", ref="remedies", min_items=1)
    prevention: tuple[str, ...] = doc("Ids of prevention tips for this cause.", ref="prevention", default=())
    search_terms: tuple[str, ...] = search_terms_field()


@dataclass(frozen=True, kw_only=True)
class Remedy(Item):
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
    caution: str | None = doc("Optional warning shown with the remedy.", default=None, max_len=300)
    script: CallScript | None = doc("Optional: what to say when this step is a call.", default=None)


@dataclass(frozen=True, kw_only=True)
class EscalationStage(Item):
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


@dataclass(frozen=True, kw_only=True)
class Prevention(Item):
    """A tip that keeps the problem from happening again."""

    audience: tuple[str, ...] = doc("Who the tip is for.", choices=AUDIENCES, min_items=1)
    tip: str = doc("The tip, in plain Chinese.", max_len=500)
    search_shape: str | None = search_shape_fields()[0]
    search_note: str | None = search_shape_fields()[1]


@dataclass(frozen=True, kw_only=True)
class Reference(Item):
    """An outside source, taken from shared/facts.md."""

    sources: tuple[Source, ...] = doc(
        "Optional for a reference: other references it draws on. A reference rests on its official text "
        "('url', 'citation'), never on an article quote.",
        default=(),
    )
    citation: str = doc("The reference as facts.md gives it: publisher, title, year.", max_len=300)
    finding: str = doc("What the reference establishes, in Simplified Chinese.", max_len=600)
    url: str | None = doc(
        "Address of the official text, or of the official database that holds it, as shared/facts.md gives "
        "or names it (https:// or http://). Its domain must be on the allowlist in rules/links.yaml.",
        default=None,
        max_len=200,
    )
    url_label: str | None = doc(
        "Required with 'url': what the address leads to, in Chinese, e.g. 国务院公报刊登的全文, or "
        "国家法律法规数据库（按标题检索） for a link to a whole database.",
        default=None,
        max_len=60,
    )


TRIAGE_ROLES = ("cardholder", "merchant")
"""The reader roles a triage outcome can be for."""
MAX_ANSWERS = 6
"""Most answers a triage question offers (besides 不确定)."""
TRIAGE_DEPTH = 3
"""Most answers a reader gives before reaching an outcome."""
START_QUESTION = "start"
"""Id of the first triage question: content/questions/start.yaml, shown at triage/ and on the home page."""


@dataclass(frozen=True, kw_only=True)
class Target:
    """Where a triage answer leads: exactly one of question or outcome."""

    question: str | None = doc(
        "Id of the next question (a file in content/questions/), if the answer leads to one.",
        ref="questions",
        default=None,
    )
    outcome: str | None = doc(
        "Id of the outcome (a file in content/outcomes/), if the answer ends the questions.",
        ref="outcomes",
        default=None,
    )


@dataclass(frozen=True, kw_only=True)
class Answer(Target):
    """One answer of a triage question, and where it leads: exactly one of question or outcome."""

    label: str = doc("The answer as the reader would say it, e.g. 持卡人：我用自己的卡付的钱.", max_len=30)


@dataclass(frozen=True, kw_only=True)
class Unsure(Target):
    """The 不确定 path of a triage question: how to find the answer out, and where to go without it."""

    help: str = doc(
        "How the reader can find the answer out (where to look), shown beside 不确定 on the question page.",
        max_len=120,
    )


@dataclass(frozen=True, kw_only=True)
class Question:
    """A triage question: the reader picks an answer and goes on to another question or to an outcome.

    The questions form a tree from content/questions/start.yaml: every other question and every
    outcome follows exactly one answer, so each page knows the answers given on the way."""

    id: str = doc("The question's id. Must equal the file name without .yaml; the first question is 'start'.")
    title: str = doc("The question in the reader's words, e.g. 你是持卡人还是商户？", max_len=40)
    answers: tuple[Answer, ...] = doc(
        f"The answers to choose from, 2 to {MAX_ANSWERS}, each leading to a question or an outcome.",
        min_items=2,
        max_items=MAX_ANSWERS,
    )
    unsure: Unsure = doc("The 不确定 path: how to find out, and where a reader who cannot answer goes.")


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """Where the triage questions end: one problem, for one role, with what is special about this path."""

    id: str = doc("The outcome's id. Must equal the file name without .yaml.")
    title: str = doc("The reader's situation in one line, e.g. 持卡人：终端显示失败，钱却扣了.", max_len=40)
    problem: str = doc("Id of the problem whose steps the outcome shows.", ref="problems")
    role: str = doc(
        "Whose steps: cardholder or merchant. The problem must have steps for that role.", choices=TRIAGE_ROLES
    )
    cause: str | None = doc(
        "Optional: id of the likely cause on this path; must be one of the problem's causes.",
        ref="causes",
        default=None,
    )
    first_step: str | None = doc(
        "Optional: id of the remedy to do first on this path, when it is not the role's first step; "
        "must be one of the problem's steps for the role. Its one-line instruction is shown.",
        ref="remedies",
        default=None,
    )
    warning: str | None = doc("Optional: a warning that matters on this path only.", default=None, max_len=120)
    search_terms: tuple[str, ...] = search_terms_field()
    search_shape: str | None = search_shape_fields()[0]
    search_note: str | None = search_shape_fields()[1]


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


#: kind (folder name under content/) -> dataclass. Order is the page order.
KINDS: dict[str, type] = {
    "problems": Problem,
    "causes": Cause,
    "remedies": Remedy,
    "escalation": EscalationStage,
    "evidence": Evidence,
    "prevention": Prevention,
    "glossary": Term,
    "references": Reference,
    "letters": Letter,
    "articles": Article,
    "questions": Question,
    "outcomes": Outcome,
}

#: Chinese section names, used in navigation and headings.
KIND_LABELS: dict[str, str] = {
    "problems": "常见问题",
    "causes": "可能原因",
    "remedies": "处理办法",
    "escalation": "投诉升级",
    "evidence": "证据材料",
    "prevention": "预防建议",
    "glossary": "术语解释",
    "references": "外部依据",
    "letters": "投诉信",
    "articles": "原始文章",
    "questions": "帮你判断：问题",
    "outcomes": "帮你判断：结果",
}

#: How much the search box favours each kind of page over another that matches a question as well
#: (written into pagefind/kb-search.json by `kb build`): pages that say what to do about what
#: happened first, then the steps and the ladder, then explanations and reference material.
SEARCH_WEIGHTS: dict[str, float] = {
    "problems": 1.25,
    "outcomes": 1.15,
    "escalation": 1.15,
    "remedies": 1.05,
    "prevention": 1.0,
    "causes": 1.0,
    "evidence": 0.9,
    "glossary": 0.9,
    "references": 0.8,
    "articles": 0.8,
    "questions": 0.8,
}

#: Kinds that must be referenced by something (problems are the roots).
ROOT_KINDS = frozenset({"problems", "glossary", "questions", "outcomes", "letters"})
"""Triage questions and outcomes are checked for reachability from the start question instead; glossary
terms are linked from wherever a page uses them."""

#: The triage kinds: validated as one graph, rendered under triage/.
TRIAGE_KINDS = ("questions", "outcomes")

#: Nested record types, by their field name.
NESTED: dict[str, type] = {"sources": Source, "claims": Claim, "contacts": Contact,
                           "not_duplicate_of": AllowedDuplicate, "answers": Answer, "unsure": Unsure,
                           "script": CallScript, "on_slip": SlipField,
                           "deadlines": Deadline, "parts": LetterPart}


#: One item of each kind, in the singular, for messages.
SINGULAR = {
    "problems": "problem", "causes": "cause", "remedies": "remedy", "escalation": "escalation stage",
    "evidence": "evidence item", "prevention": "prevention tip", "glossary": "glossary term", "references": "reference",
    "letters": "letter",
    "articles": "article", "questions": "question", "outcomes": "outcome",
}

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""An item id (and so a file name): lowercase ASCII words joined by '-'."""


def modeline(kind: str) -> str:
    """The exact first line of a content file of this kind: editors find the kind's JSON Schema through it."""
    return f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
