"""The triage pages: one page per question and per outcome under triage/, and the home page's start.

The start question is ``triage/index.md``; every other question or outcome is ``triage/<id>.md``.
Each page gets the answers given on the way to it (the tree from ``validate.triage``), each a
link back to the question where it was given. An outcome shows its problem's steps for its role
with the remedies' one-line instructions, read from the remedy files, never retyped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.kindspec import BY_KIND, page_path
from ..model.roles import BY_ID
from ..model.triage import START_QUESTION
from ..validate.knowledge import KnowledgeBase
from ..validate.triage import Edge, Node, TriageGraph, triage_graph



def triage_path(node: Node) -> str:
    """Docs-relative page of a question or outcome."""
    kind, item_id = node
    if kind == "questions" and item_id == START_QUESTION:
        return "triage/index.md"
    return page_path(kind, item_id)


@dataclass(frozen=True)
class Step:
    """One answer given on the way: the question, the answer, and the question's page."""

    question: str
    answer: str
    page: str


@dataclass(frozen=True)
class Choice:
    """One answer offered on a question page and the page it leads to."""

    label: str
    page: str


class TriagePages:
    """Jobs and contexts of the triage pages."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.graph: TriageGraph = triage_graph(kb)

    @property
    def present(self) -> bool:
        return START_QUESTION in self.kb.items["questions"]

    def trail(self, node: Node) -> list[Step]:
        questions = self.kb.items["questions"]
        return [Step(questions[e.question].title, e.label, triage_path(("questions", e.question)))
                for e in self.graph.trail(node)]

    def choices(self, question_id: str) -> tuple[list[Choice], Choice]:
        """The answers of a question (不确定 last, apart) as links."""
        edges: list[Edge] = self.graph.edges.get(question_id, [])
        answers = [Choice(e.label, triage_path(e.target)) for e in edges if e.keys[0] == "answers"]
        unsure = [Choice(e.label, triage_path(e.target)) for e in edges if e.keys[0] == "unsure"]
        return answers, unsure[0]

    def question_context(self, question_id: str) -> dict[str, Any]:
        question = self.kb.get("questions", question_id)
        answers, unsure = self.choices(question_id)
        return {"question": question, "answers": answers, "unsure": unsure,
                "trail": self.trail(("questions", question_id)),
                "source": self.kb.source_path("questions", question_id)}

    def outcome_context(self, outcome_id: str) -> dict[str, Any]:
        kb = self.kb
        outcome = kb.get("outcomes", outcome_id)
        problem = kb.get("problems", outcome.problem)
        steps = [(r, kb.get("remedies", r).instruction_for(outcome.role)) for r in outcome.steps]
        return {"outcome": outcome, "problem": problem, "role_label": BY_ID[outcome.role].label, "steps": steps,
                "first": steps[0],
                "checklist": f"checklists/{outcome_id}/index.md",
                "problem_page": f"problems/{problem.id}.md#{outcome.role}",
                "trail": self.trail(("outcomes", outcome_id)),
                "source": kb.source_path("outcomes", outcome_id)}

    def jobs(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(template, docs-relative path, context) of every triage page; none without a start question."""
        if not self.present:
            return []
        jobs = [(BY_KIND["questions"].template, triage_path(("questions", qid)), self.question_context(qid))
                for qid in sorted(self.kb.items["questions"])]
        jobs += [(BY_KIND["outcomes"].template, triage_path(("outcomes", oid)), self.outcome_context(oid))
                 for oid in sorted(self.kb.items["outcomes"])]
        return jobs

    def home_context(self) -> dict[str, Any] | None:
        """The start question for the home page, or None without a triage."""
        if not self.present:
            return None
        answers, unsure = self.choices(START_QUESTION)
        return {"question": self.kb.get("questions", START_QUESTION), "answers": answers, "unsure": unsure,
                "page": triage_path(("questions", START_QUESTION))}
