"""The kinds of content: the one table of what the generator knows about each folder under content/.

Every fact about a kind is a field of its ``KindSpec`` in ``KIND_SPECS``: its model class, its names in
Chinese and in messages, whether anything must refer to it, which checks compare it, and where and with
which template its items are shown. Loading, the checks, the JSON Schemas, ``kb new`` and the pages read
these facts from here; the views below are derived from the table, never written out again.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import Article, Cause, EscalationStage, Evidence, Letter, Prevention, Problem, Reference, Remedy, Term
from .triage import Outcome, Question


@dataclass(frozen=True, kw_only=True)
class KindSpec:
    """One kind of item: a folder under content/ and everything the generator does with its files."""

    kind: str
    """The folder under content/ that holds the items (content/<kind>/<id>.yaml): the name references
    (``ref``), schemas and messages use for the kind."""
    model: type
    """The frozen dataclass one file is read into (generator/model/kinds.py, triage.py)."""
    label: str
    """The kind in Chinese: section headings, search results and the field reference."""
    singular: str
    """One item of the kind, in English, for messages (unknown escalation stage ...)."""
    root: bool = False
    """An item needs no reference from another item: problems are where readers start, glossary terms are
    linked wherever a page uses them, letters from their stage, and the triage kinds are checked for
    reachability from the start question instead."""
    triage: bool = False
    """One of the triage kinds: validated as one graph (validate/triage.py), shown under triage/."""
    statements: bool = True
    """Its texts are the guide's own statements, compared clause by clause with every other file's
    (validate/said_once.py). Not for the articles: they are the sources themselves."""
    new: bool = True
    """``kb new`` starts a file of this kind from its model; articles are added with their text instead."""
    page: str
    """Where an item is shown, docs-relative, ``{id}`` standing for its id: its own page, or an anchor on
    the one page every item of the kind shares."""
    template: str
    """The Jinja template (render/templates/) of that page."""
    section: bool = False
    """Its items are listed on a paged section index (<kind>/index.md, <kind>/page-N.md)."""
    own_page: bool = False
    """Each item's page is made from the item alone (the item, its kind and its file); the other kinds' pages
    need more and have jobs of their own in render/ (the ladder, the glossary, letters, articles, triage)."""
    search_weight: float | None = None
    """How much the search box favours the kind's pages over another kind's that match a question as well
    (written into pagefind/kb-search.json): pages that say what to do about what happened first, then the
    steps and the ladder, then explanations and reference material. None: the kind has no weight of its own."""

    @property
    def schema(self) -> str:
        """The kind's JSON Schema, a path from the repository root (written by ``kb docs``)."""
        return f"schemas/{self.kind}.schema.json"

    @property
    def modeline(self) -> str:
        """The exact first line of a content file of this kind: editors find the kind's schema through it."""
        return f"# yaml-language-server: $schema=../../{self.schema}"


KIND_SPECS = (
    KindSpec(kind="problems", model=Problem, label="常见问题", singular="problem", root=True,
             page="problems/{id}.md", template="problem.md.j2", section=True, own_page=True, search_weight=1.25),
    KindSpec(kind="causes", model=Cause, label="可能原因", singular="cause",
             page="causes/{id}.md", template="cause.md.j2", section=True, own_page=True, search_weight=1.0),
    KindSpec(kind="remedies", model=Remedy, label="处理办法", singular="remedy",
             page="remedies/{id}.md", template="remedy.md.j2", section=True, own_page=True, search_weight=1.05),
    KindSpec(kind="escalation", model=EscalationStage, label="投诉升级", singular="escalation stage",
             page="escalation/index.md#{id}", template="escalation.md.j2", search_weight=1.15),
    KindSpec(kind="evidence", model=Evidence, label="证据材料", singular="evidence item",
             page="evidence/{id}.md", template="evidence.md.j2", section=True, own_page=True, search_weight=0.9),
    KindSpec(kind="prevention", model=Prevention, label="预防建议", singular="prevention tip",
             page="prevention/{id}.md", template="prevention.md.j2", section=True, own_page=True, search_weight=1.0),
    KindSpec(kind="glossary", model=Term, label="术语解释", singular="glossary term", root=True,
             page="glossary/index.md#{id}", template="glossary.md.j2", search_weight=0.9),
    KindSpec(kind="references", model=Reference, label="外部依据", singular="reference",
             page="references/{id}.md", template="reference.md.j2", own_page=True, search_weight=0.8),
    KindSpec(kind="letters", model=Letter, label="投诉信", singular="letter", root=True,
             page="letters/{id}.md", template="letter.md.j2"),
    KindSpec(kind="articles", model=Article, label="原始文章", singular="article", statements=False, new=False,
             page="sources/{id}.md", template="article.md.j2", search_weight=0.8),
    KindSpec(kind="questions", model=Question, label="帮你判断：问题", singular="question", root=True, triage=True,
             page="triage/{id}.md", template="triage-question.md.j2", search_weight=0.8),
    KindSpec(kind="outcomes", model=Outcome, label="帮你判断：结果", singular="outcome", root=True, triage=True,
             page="triage/{id}.md", template="triage-outcome.md.j2", search_weight=1.15),
)
"""Every kind, in page order: the field reference and the "referenced by" lists of a page follow it."""

BY_KIND = {spec.kind: spec for spec in KIND_SPECS}
"""Kind name -> its KindSpec."""
KINDS: dict[str, type] = {spec.kind: spec.model for spec in KIND_SPECS}
"""Kind name -> model class, in page order."""
TRIAGE_KINDS = tuple(spec.kind for spec in KIND_SPECS if spec.triage)
"""The triage kinds (KindSpec.triage)."""


def page_path(kind: str, item_id: str) -> str:
    """Where an item of this kind lives on the site, as a docs-relative path plus anchor."""
    return BY_KIND[kind].page.format(id=item_id)
