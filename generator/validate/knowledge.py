"""The knowledge base: the validated content that every later stage reads.

Built by the validator (``validator.validate``); the warning checks, the renderer and
the pipeline read it and never change it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..load.corpus import Document
from ..model.kindspec import KINDS
from ..model.roles import READER_ROLES, covers
from ..rules.model import CleanResult


@dataclass(frozen=True)
class Link:
    """One reference from an item to another, with where it is written."""

    source_kind: str
    source_id: str
    field: str
    target_kind: str
    target_id: str


@dataclass
class KnowledgeBase:
    """The validated content: items by kind and id, plus derived indexes."""

    root: Path
    items: dict[str, dict[str, Any]] = field(default_factory=lambda: {k: {} for k in KINDS})
    documents: dict[tuple[str, str], Document] = field(default_factory=dict)
    articles_raw: dict[str, str] = field(default_factory=dict)
    articles_clean: dict[str, CleanResult] = field(default_factory=dict)
    backlinks: dict[tuple[str, str], list[Link]] = field(default_factory=lambda: defaultdict(list))
    """(kind, id) -> links pointing at it, in content order."""
    _situations: dict[tuple[str, str], list[Any]] | None = field(default=None, init=False, repr=False, compare=False)
    """(problem id, role) -> its situations, main first, then by id: built on first use, once the
    validator has read every outcome (the knowledge base does not change after that)."""

    _labels: dict[str, str] | None = field(default=None, init=False, repr=False, compare=False)
    """url -> the url_label a reference gives it (validator.check_url_labels: one per url), built on first use."""

    def get(self, kind: str, item_id: str) -> Any:
        return self.items[kind][item_id]

    def statement_of(self, src: Any) -> Any | None:
        """The reference statement a source cites ('<reference>#<statement>'), if it names one."""
        if not src.statement_id:
            return None
        ref = self.items["references"].get(src.reference_id)
        return ref.statement(src.statement_id) if ref is not None else None

    def pinpoint_of(self, src: Any) -> str:
        """The part of the reference a source cites, as the 依据 line shows it: its statement's pinpoint, or ''."""
        found = self.statement_of(src)
        return found.pinpoint or "" if found is not None else ""

    def claim_text(self, claim: Any) -> str:
        """What a claim says: its own text, or the texts of the reference statements it cites."""
        if claim.text:
            return claim.text
        return "".join(found.text for found in map(self.statement_of, claim.sources) if found is not None)

    def url_label(self, ref: Any) -> str | None:
        """What a reference's url leads to: its own url_label, or the one another reference with that url gives."""
        if self._labels is None:
            self._labels = {}
            for _id, other in sorted(self.items["references"].items()):
                if other.url and other.url_label:
                    self._labels.setdefault(other.url, other.url_label)
        return ref.url_label or self._labels.get(ref.url or "")

    def source_path(self, kind: str, item_id: str) -> str:
        """The file an item came from, relative to the root."""
        doc = self.documents.get((kind, item_id))
        return doc.path if doc else f"content/{kind}/{item_id}.yaml"

    def count(self) -> int:
        return sum(len(v) for v in self.items.values())

    def situations(self, problem_id: str, role: str) -> list[Any]:
        """The triage situations (outcomes) of one problem and reader role, main first, then by id."""
        if self._situations is None:
            index: dict[tuple[str, str], list[Any]] = defaultdict(list)
            for _id, outcome in sorted(self.items["outcomes"].items()):
                index[(outcome.problem, outcome.role)].append(outcome)
            self._situations = {key: sorted(found, key=lambda o: o.shown_as != "main") for key, found in index.items()}
        return list(self._situations.get((problem_id, role), ()))

    def main_situation(self, problem_id: str, role: str) -> Any | None:
        """The situation a problem page, home card and checklists/<problem>/<role>/ show, if any."""
        found = self.situations(problem_id, role)
        return found[0] if found else None

    def steps_of(self, problem: Any, role: str) -> tuple[str, ...]:
        """Ids of the remedies one reader does for a problem, in order: its main situation's steps, or,
        for a problem no situation covers for that role, the problem's own list."""
        main = self.main_situation(problem.id, role)
        return main.steps if main is not None else getattr(problem, f"{role}_steps")

    def evidence_of(self, problem: Any, role: str) -> tuple[str, ...]:
        """Ids of the evidence one reader keeps for a problem: its main situation's, or the problem's own
        list's items for that reader."""
        main = self.main_situation(problem.id, role)
        if main is not None:
            return main.evidence
        return tuple(e for e in problem.evidence if covers(self.items["evidence"][e].role, role))

    def escalation_of(self, problem: Any, role: str, situation: Any = None) -> tuple[str, ...]:
        """Ids of the escalation stages one reader goes to: the situation's own list if it has one (the main
        situation's, without one given), else the problem's stages that this reader goes to."""
        situation = situation or self.main_situation(problem.id, role)
        if situation is not None and situation.escalation:
            return situation.escalation
        return tuple(s for s in problem.escalation
                     if s in self.items["escalation"] and covers(self.items["escalation"][s].role, role))

    def roles_of(self, problem: Any) -> tuple[str, ...]:
        """The readers a problem has steps for, in page order."""
        return tuple(role for role in READER_ROLES if self.steps_of(problem, role))
