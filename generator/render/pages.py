"""Render a validated knowledge base into plain Markdown pages.

``render(kb, site, rules)`` returns ``[(docs-relative path, Markdown text)]`` and writes
nothing; large sites are rendered in forked workers. Content text is data, never a template: it is passed to Jinja as
variables, and every value printed with ``{{ }}`` is escaped for Markdown and
HTML by ``finalize`` unless the template marks it as generated (``Markup``).
"""

from __future__ import annotations

import dataclasses

import html
import json
import posixpath
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..caches import cache_dir
from ..forking import interleave, map_parts
from ..load.history import latest
from ..model.facts import DEADLINE_STARTS, contact_fact
from ..model.kindspec import BY_KIND, KIND_SPECS, KindSpec, page_path
from ..model.roles import READER_ROLES, headings, labels
from ..rules.model import KINDS as RULE_KINDS, RuleSet
from ..rules.normalize import display_text
from ..validate.fill import fact_kinds
from ..validate.knowledge import KnowledgeBase
from .blocks import METHOD_PAGE, STATUS_LABELS, PageBlocks, md_escape
from .checklist import checklist_items, contact_rows, script_text, stage_text
from .collation import pinyin_key
from .letters import facts_id, letter_jobs, letter_text
from .qrsvg import qr_svg
from .slip import slip_figure
from .terms import Glossary
from .triage import TriagePages
from .xrefs import resolve_refs

TEMPLATES = Path(__file__).parent / "templates"
PAGE_SIZE = 100
"""Links per section index page; larger sections are split into numbered pages."""
HOME_PROBLEMS = 12
"""Problems shown as cards on the home page; the rest are reached through the problems index."""
ROLE_LABELS = labels()
AUDIENCE_LABELS = {role: label for role, label in ROLE_LABELS.items() if role in READER_ROLES}
ROLE_HEADINGS = headings()
"""Role sections of a problem page, in the reader's words; their anchors are the role names."""
_FRONT_SOURCE = re.compile(r"^source: (.+)$", re.M)


@dataclass(frozen=True)
class SiteInfo:
    """Build-wide facts shown on pages."""

    site_url: str
    version: str
    date: str
    updated: dict[str, str] | None = None
    """Content path -> date of its last commit (load/history.py); None or empty without git."""


def _finalize(value: Any) -> Markup:
    """Escape every printed value unless it is generated markup (links, macros)."""
    if isinstance(value, Markup):
        return value
    return Markup(md_escape(value))


def h(value: Any) -> Markup:
    """Escape for a raw-HTML context (no Markdown processing there)."""
    return Markup(html.escape(display_text(str(value))))


_SAFE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~/%=&+-]*)?")
def official_url(value: Any) -> Markup:
    """A reference's url, printed raw inside a Markdown link after a strict check (the validator has
    already required http(s) and an allowlisted domain; this is the last guard before HTML)."""
    text = str(value)
    if not _SAFE_URL.fullmatch(text):
        raise ValueError(f"unsafe url {text!r}")
    return Markup(text)


def shared_page(spec: KindSpec) -> str:
    """The one page every item of a kind is shown on (its items are anchors there)."""
    return spec.page.partition("#")[0]


def chunks(ids: list[str]) -> list[list[str]]:
    return [ids[i:i + PAGE_SIZE] for i in range(0, len(ids), PAGE_SIZE)] or [[]]


def index_path(kind: str, number: int) -> str:
    return f"{kind}/index.md" if number == 1 else f"{kind}/page-{number}.md"


class Renderer:
    """Holds the Jinja environment and the page-relative link helpers."""

    def __init__(self, kb: KnowledgeBase, site: SiteInfo, rules: RuleSet):
        self.kb = kb
        self.site = site
        self.rules = rules
        self.env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            finalize=_finalize,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # Compiled templates are cached in the user's cache folder, keyed by template source,
            # so small builds do not spend their time compiling Jinja.
            bytecode_cache=FileSystemBytecodeCache(str(cache_dir(kb.root, "jinja"))),
        )
        self.env.filters["h"] = h
        self.env.filters["official_url"] = official_url
        self.env.filters["yq"] = lambda v: Markup(json.dumps(str(v), ensure_ascii=False))
        self.env.filters["problem"] = lambda problem_id: kb.get("problems", problem_id)
        self.glossary = Glossary(kb.items["glossary"])
        self.rungs, self.branches = self.ladder()
        kinds = fact_kinds(kb)  # once: it looks at every evidence item's blanks
        self.env.globals.update(
            STATUS_LABELS=STATUS_LABELS, ROLE_LABELS=ROLE_LABELS, AUDIENCE_LABELS=AUDIENCE_LABELS,
            ROLE_HEADINGS=ROLE_HEADINGS, KIND=BY_KIND, site=site,
            script_text=script_text, stage_text=stage_text, contact_fact=contact_fact,
            letter_text=lambda text: letter_text(text, kinds), deadline_rules=lambda stages: deadline_rules(kb, stages),
            LETTERS=[kb.get("letters", i) for i in sorted(kb.items.get("letters", {}))],
            LEVELS={stage_id: n for n, stage_id in enumerate(self.rungs, 1)},
            slip=lambda marked, compact=False: slip_figure(kb.items["evidence"], marked, compact),
        )

    def page(self, template: str, path: str, **context: Any) -> tuple[str, str]:
        here = posixpath.dirname(path)

        def link(kind: str, item_id: str) -> Markup:
            # a reference's statement ('<id>#<statement>') is its anchor on the reference's page
            item_id, _, anchor = item_id.partition("#")
            item = self.kb.get(kind, item_id)
            return Markup(f"[{md_escape(item.title)}]({href(here, page_path(kind, item_id))}"
                          f"{'#' + anchor if anchor else ''})")

        def url(target: str) -> Markup:
            return Markup(href(here, target))

        blocks = PageBlocks(self.kb, link, lambda target: href(here, target))
        terms = self.glossary.page()
        text = self.env.get_template(template).render(
            link=link, url=url, kb=self.kb, links=blocks.links, footer=blocks.footer, cites=blocks.cites,
            cites_claims=blocks.cites_claims,
            status=blocks.status, METHOD_PAGE=METHOD_PAGE, t=terms, terms_block=terms.block, note_terms=terms.note,
            referenced_by=blocks.referenced_by, referenced_count=blocks.referenced_count, **context)
        text = resolve_refs(text, self.kb, lambda kind, item_id: href(here, page_path(kind, item_id)))
        return path, self.dated(text)

    def dated(self, text: str) -> str:
        """Add the page's "last updated" date (its source's last commit) to its front matter."""
        match = _FRONT_SOURCE.search(text, 0, 400)
        date = latest(self.site.updated or {}, match[1].strip()) if match else None
        if not date:
            return text
        return f"{text[:match.end()]}\nupdated: \"{date}\"{text[match.end():]}"


    def jobs(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every page to render as (template, docs-relative path, context); cheap to list."""
        kb = self.kb
        triage = TriagePages(kb)
        ranked = sorted(kb.items["problems"].values(), key=lambda p: (p.priority, p.id))
        jobs: list[tuple[str, str, dict[str, Any]]] = [
            ("home.md.j2", "index.md", {"problems": ranked[:HOME_PROBLEMS], "triage": triage.home_context()})]
        jobs += triage.jobs()
        jobs += self.item_jobs()
        ladder, glossary = BY_KIND["escalation"], BY_KIND["glossary"]
        jobs.append((ladder.template, shared_page(ladder), {"rungs": self.rungs, "branches": self.branches}))
        terms = sorted(kb.items["glossary"], key=lambda term_id: pinyin_key(kb.get("glossary", term_id).title))
        jobs.append((glossary.template, shared_page(glossary), {"ids": terms}))
        # Each problem page links its own checklists; the index lists the first PAGE_SIZE so it stays small.
        jobs.append(("checklists.md.j2", "checklists/index.md", {"problems": [p.id for p in ranked[:PAGE_SIZE]]}))
        jobs += self.checklist_jobs()
        jobs += letter_jobs(kb, [(problem, role, checklist_dir(problem.id, role), kb.main_situation(problem.id, role))
                                 for problem in ranked for role in kb.roles_of(problem)])
        audits = {article_id: self.audit(article_id) for article_id in sorted(kb.items["articles"])}
        jobs.append(("sources.md.j2", "sources/index.md", {"articles": sorted(kb.items["articles"]),
                                                            "references": sorted(kb.items["references"]),
                                                            "audits": audits}))
        jobs.append(("method.md.j2", METHOD_PAGE, {}))
        for article_id, audit in audits.items():
            jobs.append((BY_KIND["articles"].template, page_path("articles", article_id),
                         {"item": kb.get("articles", article_id), "audit": audit,
                          "source": f"content/articles/{article_id}.yaml"}))
        return jobs

    def item_jobs(self) -> list[tuple[str, str, dict[str, Any]]]:
        """The section indexes, and the pages made from one item alone (KindSpec.section, own_page)."""
        jobs = []
        for spec in KIND_SPECS:
            ids = sorted(self.kb.items[spec.kind])
            parts = chunks(ids) if spec.section else []
            for number, part in enumerate(parts, 1):
                jobs.append(("section.md.j2", index_path(spec.kind, number),
                             {"kind": spec.kind, "ids": part, "number": number, "total": len(parts),
                              "pages": [index_path(spec.kind, n) for n in range(1, len(parts) + 1)]}))
            jobs += [(spec.template, page_path(spec.kind, item_id),
                      {"item": self.kb.get(spec.kind, item_id), "kind": spec.kind,
                       "source": self.kb.source_path(spec.kind, item_id)}) for item_id in ids if spec.own_page]
        return jobs

    def checklist_jobs(self) -> list[tuple[str, str, dict[str, Any]]]:
        """A printable checklist per situation, and per problem and reader (its main situation's). A situation's
        heading says whose situation it is; a problem's checklist adds its reader's main situation below."""
        kb = self.kb
        base = self.site.site_url.rstrip("/")
        jobs = []
        for oid, outcome in sorted(kb.items["outcomes"].items()):
            problem = kb.get("problems", outcome.problem)
            parts = checklist_items(kb, problem, outcome.role, outcome)
            jobs.append(("checklist.md.j2", f"checklists/{oid}/index.md", {
                "item": problem, "role": outcome.role, "heading": outcome.title, "subtitle": None,
                "page_url": f"{base}/checklists/{oid}/",
                "full_page": page_path("outcomes", oid), "facts_id": facts_id(problem.id, outcome.role),
                "parts": parts, "contact_rows": contact_rows(parts), "source": kb.source_path("outcomes", oid)}))
        for problem_id, problem in sorted(kb.items["problems"].items()):
            for role in kb.roles_of(problem):
                main = kb.main_situation(problem_id, role)
                folder = checklist_dir(problem_id, role)
                parts = checklist_items(kb, problem, role, main)
                jobs.append(("checklist.md.j2", f"{folder}/index.md", {
                    "item": problem, "role": role, "heading": f"{problem.title}（{AUDIENCE_LABELS[role]}）",
                    # the reader's own situation: the problem's summary is written to one reader
                    "subtitle": main.title if main else problem.summary,
                    "page_url": f"{base}/{folder}/", "full_page": f"{page_path('problems', problem_id)}#{role}",
                    "facts_id": facts_id(problem_id, role), "parts": parts, "contact_rows": contact_rows(parts),
                    "source": kb.source_path("outcomes", main.id) if main else kb.source_path("problems", problem_id)}))
        return jobs

    def run(self, job: tuple[str, str, dict[str, Any]]) -> tuple[str, str]:
        """Render one job; checklist QR codes are made here, not while listing jobs."""
        template, path, context = job
        if "page_url" in context:
            context = {**context, "qr": Markup(qr_svg(context["page_url"]))}
        return self.page(template, path, **context)

    def audit(self, article_id: str) -> dict[str, Any]:
        """What was removed from one article, counted by family in plain Chinese (no rule ids, no text:
        the full audit is `kb clean --report`)."""
        result = self.kb.articles_clean.get(article_id)
        removals = result.removals if result else ()
        kinds = {rule.id: rule.kind for rule in self.rules.rules}
        counts: dict[str, int] = {}
        for removal in removals:  # the family each kind of rule declares (rules/model.py, KINDS)
            kind = RULE_KINDS.get(kinds.get(removal.rule_id, ""))
            family = kind.family if kind else "其他"
            counts[family] = counts.get(family, 0) + 1
        order = list(dict.fromkeys(kind.family for kind in RULE_KINDS.values()))
        families = sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order)))
        return {"families": families, "removed": len(removals)}

    def ladder(self) -> tuple[list[str], list[str]]:
        """(rungs, branches): ladder stages in climbing order (a stage comes after its highest
        predecessor), numbered 1, 2, ... on every page, and the separate branches (the police),
        which are not numbered."""
        everything = self.kb.items["escalation"]
        stages = {k: v for k, v in everything.items() if v.path == "ladder"}
        preds: dict[str, list[str]] = {s: [] for s in stages}
        for stage_id, stage in stages.items():
            for nxt in stage.next:
                if nxt in preds:
                    preds[nxt].append(stage_id)
        level: dict[str, int] = {}
        order = sorted(stages)
        ready = deque(s for s in order if not preds[s])
        indegree = {s: len(preds[s]) for s in stages}
        while ready:
            current = ready.popleft()
            level[current] = max((level[p] + 1 for p in preds[current]), default=0)
            for nxt in stages[current].next:
                if nxt in indegree:
                    indegree[nxt] -= 1
                    if indegree[nxt] == 0:
                        ready.append(nxt)
        ranked = sorted(order, key=lambda s: (level.get(s, 0), s))
        return ranked, sorted(k for k, v in everything.items() if v.path != "ladder")


def render(kb: KnowledgeBase, site: SiteInfo, rules: RuleSet, workers: int | None = None) -> list[tuple[str, str]]:
    """Every Markdown page of the site as (docs-relative path, text), in job order.

    Rendering is pure, so with many pages forked workers each render every ``count``-th job
    (interleaved: the costly checklist pages sit together at the end); the result is the same
    whatever the split."""
    renderer = Renderer(kb, site, rules)
    jobs = renderer.jobs()
    return interleave(map_parts(lambda chunk: [renderer.run(job) for job in chunk], jobs, interleaved=True,
                                workers=workers))


def deadline_rules(kb: Any, stages: Any) -> list[dict[str, Any]]:
    """The time limits of these escalation stages as plain data, for a page's rule table in JSON,
    each with the title of the reference that sets it (`source`) and the fact it counts from."""
    return [{**dataclasses.asdict(rule), "source": f"《{kb.get('references', rule.reference).title}》",
             "from": DEADLINE_STARTS[rule.start]} for stage in stages for rule in stage.deadlines]


def checklist_dir(problem_id: str, role: str) -> str:
    """Folder of the printable checklist of one problem and reader role."""
    return f"checklists/{problem_id}/{role}"


def href(here: str, target: str) -> str:
    """Page-relative link from a page in folder ``here`` to a docs-relative ``target`` (with anchor).

    Plain string work, the same result as posixpath.relpath for the paths the renderer makes:
    a target in the same folder or below it is written from there, anything else from the root.
    """
    file, _, anchor = target.partition("#")
    if not here:
        rel = file
    elif file.startswith(here + "/"):
        rel = file[len(here) + 1:]
    else:
        rel = "../" * (here.count("/") + 1) + file
    return rel + (f"#{anchor}" if anchor else "")
