"""The triage model: questions a reader answers, and the situations (outcomes) they lead to.

A situation (content/outcomes/) is the unit of advice: one problem, one reader role and what is
known on this path (rules/advice.yaml lists the facts), with the one ordered list of steps for
that reader. Problem pages, home cards and checklists show situations; nothing else orders steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fields import doc
from .roles import BY_ID, READER_ROLES
from .search import search_note_field, search_shape_field, search_terms_field

TRIAGE_ROLES = READER_ROLES
"""The reader roles a triage outcome can be for."""
MAX_ANSWERS = 6
"""Most answers a triage question offers (besides 不确定)."""
TRIAGE_DEPTH = 3
"""Most answers a reader gives before reaching an outcome."""
ANSWER_LEN = 30
"""Most characters of an answer as shown, written as its label or taken from its outcome's title."""
SHOWN_AS = ("main", "variant")
"""Whether a situation is the one its problem page shows for its role, or a variant linked from there."""
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

    label: str | None = doc(
        "The answer as the reader would say it, e.g. 持卡人：我用自己的卡付的钱. Required when the answer leads to "
        "a question. Leave it out when it leads to an outcome whose title says it: the answer then shows that "
        "title without its reader (持卡人：扣的金额和消费金额对不上 shows 扣的金额和消费金额对不上), so the text is "
        "written once.",
        default=None,
        max_len=ANSWER_LEN,
    )


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
    """A situation, where the triage questions end: one problem, for one role, with what is known on this
    path and the one ordered list of steps for that reader."""

    id: str = doc("The outcome's id. Must equal the file name without .yaml.")
    title: str = doc("The reader's situation in one line, e.g. 持卡人：终端显示失败，钱却扣了.", max_len=40)
    problem: str = doc("Id of the problem whose steps the outcome shows.", ref="problems")
    role: str = doc(
        "Whose steps: cardholder or merchant: the situation gives the problem its steps for that reader.",
        choices=TRIAGE_ROLES,
    )
    cause: str | None = doc(
        "Optional: id of the likely cause on this path; must be one of the problem's causes.",
        ref="causes",
        default=None,
    )
    steps: tuple[str, ...] = doc(
        "Ids of the remedies this reader does in this situation, in order: the first is the step shown "
        "under 先做这一步. Each must be done by this role (remedy role: this role or both) and fit what "
        "the situation knows (a remedy's only_when against 'known'); an urgent remedy comes first.",
        ref="remedies",
        min_items=1,
    )
    known: tuple[str, ...] = doc(
        "What is known on this path, as fact names from rules/advice.yaml (e.g. settled, today, "
        "charge-maybe-not-own). Two situations of the same problem and role that know the same facts "
        "must list the same steps.",
        default=(),
        max_items=6,
    )
    evidence: tuple[str, ...] = doc(
        "Ids of the evidence this reader keeps in this situation, in order: the situation's checklist lists "
        "them and prints their blanks (each item's 'blanks').",
        ref="evidence",
        min_items=1,
    )
    escalation: tuple[str, ...] = doc(
        "Optional: ids of the escalation stages this reader goes to when the steps do not solve it, in order, "
        "where they differ from the problem's 'escalation' (a merchant answering a chargeback does not go to the "
        "police). Each must be done by this reader (stage role: this role or both). Without it, the situation "
        "takes the problem's stages that this reader goes to.",
        ref="escalation",
        default=(),
    )
    shown_as: str = doc(
        "main: the situation shown in the problem page's section for this role, on the home card and at "
        "checklists/<problem>/<role>/ (exactly one per problem and role); variant: any other situation, "
        "linked from that section.",
        choices=SHOWN_AS,
        default="variant",
    )
    warning: str | None = doc("Optional: a warning that matters on this path only.", default=None, max_len=120)
    search_terms: tuple[str, ...] = search_terms_field()
    search_shape: str | None = search_shape_field()
    search_note: str | None = search_note_field()




def outcome_answer(outcome: Outcome) -> str:
    """What an answer without a label shows: its outcome's title without the leading reader and colon
    (持卡人：…, 商户：…), which the question on the way has already asked."""
    role = BY_ID.get(outcome.role)
    return outcome.title.removeprefix(f"{role.label}：") if role else outcome.title


def answer_text(answer: Answer, outcomes: dict[str, Outcome]) -> str | None:
    """An answer as shown: its label, or the title of the outcome it leads to (``outcome_answer``);
    None when it has neither (an error ``kb check`` reports)."""
    if answer.label is not None:
        return answer.label
    outcome = outcomes.get(answer.outcome) if answer.outcome else None
    return outcome_answer(outcome) if outcome is not None else None
