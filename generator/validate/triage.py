"""The triage graph: questions and outcomes checked as one tree from the start question.

Every answer (and every 不确定 path) of a question leads to exactly one question or outcome
that exists; every question and outcome but the start follows exactly one answer, so each page
knows the answers given on the way to it; there are no loops; everything is reachable from the
start; no outcome takes more than TRIAGE_DEPTH answers; and every problem, for every role it has
steps for, is reached within TRIAGE_DEPTH answers. An outcome's cause must be one of its problem's
causes; its steps are checked against the advice rules (``validate.advice``).

Every check is one pass over the answers (linear in questions + answers). ``triage_graph`` is also
what the renderer reads for the "your answers so far" trail.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from ..diagnostics import Diagnostic
from ..model.kindspec import BY_KIND, TRIAGE_KINDS
from ..model.roles import BY_ID
from ..model.triage import ANSWER_LEN, START_QUESTION, TRIAGE_DEPTH, answer_text, outcome_answer
from .graph import closing_edges
from .knowledge import KnowledgeBase
from .schema import path_name

Node = tuple[str, str]
"""(kind, id): ('questions', 'start') or ('outcomes', 'x')."""


@dataclass(frozen=True)
class Edge:
    """One answer (or the 不确定 path) of a question, and the node it leads to."""

    question: str
    keys: tuple
    """Where the target is written: ('answers', 0, 'outcome') or ('unsure', 'question')."""
    label: str
    """The answer as shown (its label, or its outcome's title: ``model.triage.answer_text``); '不确定' for
    the unsure path."""
    target: Node


@dataclass
class TriageGraph:
    """The answers between questions and outcomes, with the tree they form from the start."""

    edges: dict[str, list[Edge]] = field(default_factory=dict)
    """Question id -> its answers that lead to an existing node, in page order (不确定 last)."""
    parent: dict[Node, Edge] = field(default_factory=dict)
    """Node -> the one answer that leads to it (the first one written, if there are several)."""
    depth: dict[Node, int] = field(default_factory=dict)
    """Node -> answers from the start, for every node reachable from it."""

    def trail(self, node: Node) -> list[Edge]:
        """The answers given from the start to this node, in order."""
        out: list[Edge] = []
        seen = {node}
        while node in self.parent:
            edge = self.parent[node]
            out.append(edge)
            node = ("questions", edge.question)
            if node in seen:
                break  # a loop: reported by check_triage
            seen.add(node)
        return out[::-1]


def _targets(question: Any, outcomes: dict[str, Any]) -> list[tuple[tuple, str, Any]]:
    """(keys, label as shown, answer record) for every answer and the unsure path."""
    out = [(("answers", i), answer_text(answer, outcomes) or "", answer) for i, answer in enumerate(question.answers)]
    out.append((("unsure",), "不确定", question.unsure))
    return out


def triage_graph(kb: KnowledgeBase) -> TriageGraph:
    """The answers that lead to existing nodes, each node's parent and its depth from the start.

    A node's parent is the first answer that reaches it breadth-first from the start (then, for
    nodes the start does not reach, the first answer written); any other answer to it is an error."""
    graph = TriageGraph()
    items = kb.items
    for qid, question in items["questions"].items():
        edges = graph.edges.setdefault(qid, [])
        for keys, label, answer in _targets(question, items["outcomes"]):
            for kind, target in (("questions", answer.question), ("outcomes", answer.outcome)):
                if target is not None and target in items[kind]:
                    edges.append(Edge(qid, keys + (kind[:-1],), label, (kind, target)))
    start = ("questions", START_QUESTION)
    if START_QUESTION in items["questions"]:
        graph.depth[start] = 0
        todo = deque([start])
        while todo:
            node = todo.popleft()
            for edge in graph.edges[node[1]]:
                if edge.target != start and edge.target not in graph.parent:
                    graph.parent[edge.target] = edge
                    graph.depth[edge.target] = graph.depth[node] + 1
                    if edge.target[0] == "questions":
                        todo.append(edge.target)
    for edges in graph.edges.values():
        for edge in edges:
            if edge.target != start:
                graph.parent.setdefault(edge.target, edge)
    return graph


class TriageChecker:
    """Collects the triage diagnostics; ``unknown(keys, kind, id)`` words an unknown reference."""

    def __init__(self, kb: KnowledgeBase, known: set[tuple[str, str]], unknown: Callable[[tuple, str, str], str]):
        self.kb = kb
        self.known = known
        self.unknown = unknown
        self.diagnostics: list[Diagnostic] = []

    def report(self, node: Node, keys: tuple, message: str, code: str, severity: str = "error") -> None:
        doc = self.kb.documents[node]
        pos = doc.pos(*keys)
        self.diagnostics.append(Diagnostic(doc.path, pos.line, pos.column, message, code, severity))

    def where(self, node: Node, keys: tuple) -> str:
        doc = self.kb.documents[node]
        pos = doc.pos(*keys)
        return f"{doc.path}:{pos.line}:{pos.column}"

    def run(self) -> list[Diagnostic]:
        items = self.kb.items
        if not any(kind in TRIAGE_KINDS for kind, _ in self.known):
            return []  # no triage in this knowledge base
        self.check_answers()
        self.check_ids()
        graph = triage_graph(self.kb)
        self.check_parents(graph, self.check_loops(graph))
        if START_QUESTION not in items["questions"]:
            if ("questions", START_QUESTION) not in self.known:
                self.diagnostics.append(Diagnostic(
                    f"content/questions/{START_QUESTION}.yaml", 1, 1,
                    f"the first triage question is missing: expected content/questions/{START_QUESTION}.yaml, "
                    "the question shown at triage/ and on the home page; hint: create it with "
                    f"'kb new questions {START_QUESTION}'", "triage"))
            return self.diagnostics
        self.check_reachable(graph)
        self.check_outcomes()
        self.check_coverage(graph)
        return self.diagnostics

    def check_answers(self) -> None:
        outcomes = self.kb.items["outcomes"]
        for qid, question in self.kb.items["questions"].items():
            for keys, _label, answer in _targets(question, outcomes):
                given = [kind for kind in ("question", "outcome") if getattr(answer, kind) is not None]
                if len(given) != 1:
                    got = "both" if given else "neither"
                    self.report(("questions", qid), keys, f"key '{path_name(keys)}': expected exactly one of "
                                f"'question' or 'outcome', got {got}; hint: say where this answer leads, "
                                "a next question or an outcome", "schema")
                elif keys[0] == "answers":
                    self.check_label(qid, keys, answer, outcomes.get(answer.outcome) if answer.outcome else None)
                for kind in given:
                    target = getattr(answer, kind)
                    if (kind + "s", target) not in self.known:
                        self.report(("questions", qid), keys + (kind,),
                                    self.unknown(keys + (kind,), kind + "s", target), "reference")

    def check_label(self, qid: str, keys: tuple, answer: Any, outcome: Any) -> None:
        """An answer's text is written once: a label where it leads to a question, the outcome's title
        where that says it (a label that repeats it is a warning)."""
        node, where = ("questions", qid), path_name(keys)
        if answer.label is None and answer.question is not None:
            self.report(node, keys, f"key '{where}': missing 'label': expected the answer in the reader's words "
                        "where it leads to a question; hint: only an answer that leads to an outcome may leave "
                        "out its label", "schema")
        elif outcome is None:
            return
        elif answer.label is None and len(outcome_answer(outcome)) > ANSWER_LEN:
            self.report(node, keys, f"key '{where}': no 'label', and outcome '{answer.outcome}''s title "
                        f"{outcome_answer(outcome)!r} is {len(outcome_answer(outcome))} characters: expected at "
                        f"most {ANSWER_LEN} for an answer; hint: write a shorter label, or shorten the title",
                        "triage")
        elif answer.label is not None and answer.label == outcome_answer(outcome):
            self.report(node, keys + ("label",), f"key '{where}.label': {answer.label!r} repeats the title of "
                        f"outcome '{answer.outcome}' ({self.where(('outcomes', answer.outcome), ('title',))}): "
                        "expected the text written once; hint: delete the label, the answer shows the "
                        "outcome's title", "triage-label", "warning")

    def check_ids(self) -> None:
        for oid in self.kb.items["outcomes"]:
            if oid in self.kb.items["questions"] or oid == "index":
                clash = (f"question '{oid}' (content/questions/{oid}.yaml)" if oid != "index"
                         else "the triage start page")
                self.report(("outcomes", oid), ("id",), f"outcome '{oid}' has the same page as {clash}: expected "
                            "ids unique across content/questions/ and content/outcomes/, since both become pages "
                            "under triage/; hint: rename one of the files", "triage")
        if "index" in self.kb.items["questions"]:
            self.report(("questions", "index"), ("id",), "question 'index' has the same page as the triage start "
                        f"page: expected another id; hint: the first question is '{START_QUESTION}'", "triage")

    def check_parents(self, graph: TriageGraph, loops: set[Edge]) -> None:
        for qid, edges in graph.edges.items():
            for edge in edges:
                first = graph.parent.get(edge.target)
                if first is None or first == edge or edge in loops:
                    continue
                kind, target = edge.target
                self.report(("questions", qid), edge.keys,
                            f"key '{path_name(edge.keys)}': {BY_KIND[kind].singular} '{target}' already follows answer "
                            f"'{path_name(first.keys[:-1])}' of question '{first.question}' "
                            f"({self.where(('questions', first.question), first.keys)}): expected every question "
                            "and outcome to follow exactly one answer, so each page knows the answers given on the "
                            f"way; hint: copy {target} into a new file for this answer", "triage")

    def check_loops(self, graph: TriageGraph) -> set[Edge]:
        """Answers that lead back to a question on the way to them; returns those answers."""
        def onward(qid: str) -> list[Edge]:
            return [e for e in graph.edges.get(qid, ()) if e.target[0] == "questions"]

        closing: set[Edge] = set()
        for qid, edge, loop in closing_edges(self.kb.items["questions"], onward, lambda e: e.target[1]):
            closing.add(edge)
            self.report(("questions", qid), edge.keys,
                        f"key '{path_name(edge.keys)}': triage loop {' -> '.join(loop)}: expected the questions "
                        "to move forward only; hint: point this answer at an outcome or a new question", "triage")
        return closing

    def check_reachable(self, graph: TriageGraph) -> None:
        if any(kind == "questions" and item_id not in self.kb.items[kind] for kind, item_id in self.known):
            return  # a question with errors (or unreadable) may lead anywhere: its own error is enough
        for kind in TRIAGE_KINDS:
            for item_id in self.kb.items[kind]:
                if (kind, item_id) not in graph.depth:
                    self.report((kind, item_id), ("id",), f"{BY_KIND[kind].singular} '{item_id}' is not reachable from the "
                                f"start question: expected an answer of a question on the way from "
                                f"content/questions/{START_QUESTION}.yaml to lead to it; hint: name it in an "
                                f"answer's '{kind[:-1]}:', or delete the file", "triage")
                elif kind == "outcomes" and graph.depth[(kind, item_id)] > TRIAGE_DEPTH:
                    trail = " -> ".join(e.question for e in graph.trail((kind, item_id)))
                    self.report((kind, item_id), ("id",), f"outcome '{item_id}' takes "
                                f"{graph.depth[(kind, item_id)]} answers to reach ({trail} -> {item_id}): expected at "
                                f"most {TRIAGE_DEPTH}; hint: ask fewer questions on this path", "triage")

    def check_outcomes(self) -> None:
        problems, causes = self.kb.items["problems"], self.kb.items["causes"]
        for oid, outcome in self.kb.items["outcomes"].items():
            node = ("outcomes", oid)
            for key, kind in (("problem", "problems"), ("cause", "causes")):
                target = getattr(outcome, key)
                if target is not None and (kind, target) not in self.known:
                    self.report(node, (key,), self.unknown((key,), kind, target), "reference")
            problem = problems.get(outcome.problem)
            if problem is None:
                continue
            if outcome.cause is not None and outcome.cause in causes and outcome.cause not in problem.causes:
                self.report(node, ("cause",), f"key 'cause': cause '{outcome.cause}' is not one of problem "
                            f"'{outcome.problem}''s causes: expected one of {', '.join(problem.causes)}; hint: "
                            "add it to the problem's causes or choose one of them", "triage")

    def check_coverage(self, graph: TriageGraph) -> None:
        reached: set[tuple[str, str]] = set()
        for oid, outcome in self.kb.items["outcomes"].items():
            if graph.depth.get(("outcomes", oid), TRIAGE_DEPTH + 1) <= TRIAGE_DEPTH:
                reached.add((outcome.problem, outcome.role))
        for pid, problem in self.kb.items["problems"].items():
            for role in self.kb.roles_of(problem):
                if (pid, role) not in reached:
                    self.report(("problems", pid), ("id",), f"problem '{pid}' is not reached by the triage for "
                                f"{BY_ID[role].the}: expected an outcome with 'problem: {pid}' and 'role: {role}' "
                                f"within {TRIAGE_DEPTH} answers of the start question; hint: add one in "
                                "content/outcomes/ and an answer that leads to it", "triage")


def check_triage(kb: KnowledgeBase, known: set[tuple[str, str]],
                 unknown: Callable[[tuple, str, str], str]) -> list[Diagnostic]:
    """Every triage error at once; none when the knowledge base has no questions or outcomes."""
    return TriageChecker(kb, known, unknown).run()

