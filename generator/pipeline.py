"""The pipeline, in named steps: load -> clean articles -> validate -> render -> write -> site build.

Each step is a small function over the data the one before it returns:

    load_content     root            -> Corpus (generator.load)
    clean_articles   Corpus, rules   -> cleaned articles (generator.rules)
    validate_content Corpus, cleaned -> KnowledgeBase and diagnostics (generator.validate)
    render_pages     KnowledgeBase   -> [(path, Markdown)] (generator.render)
    write_docs       pages           -> build/docs/ (generator.output.docs)
    build_site       build/docs/     -> site/, with mkdocs build --strict (generator.output.site)

``check`` runs the first three, ``generate`` adds render and write, ``build`` adds the site.
Nothing is written until everything has been read and checked. The site is built into a
temporary directory next to the target and swapped in only when mkdocs succeeds, so a
failed or interrupted build leaves the old site.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .diagnostics import ContentError, Diagnostic
from .load.corpus import Corpus, load
from .output.atomic import swap, temporary_site, terminate_as_interrupt
from .output.docs import write_tree
from .output.site import DOCS_DIR, commit_epoch, mkdocs_build, site_info, source_date_epoch
from .render.pages import SiteInfo, render
from .rules.cleaner import clean_article
from .rules.loader import load_rules
from .rules.model import CleanResult, RuleSet
from .validate.checks import run_extra_checks
from .validate.knowledge import KnowledgeBase
from .validate.validator import validate

SiteBuild = Callable[[], list[Diagnostic]]
"""A loaded mkdocs configuration, ready to build (``output.site.mkdocs_build``); has ``site_url``."""


@dataclass
class CheckResult:
    """What ``check`` found: the knowledge base (if usable), the rules and all diagnostics."""

    kb: KnowledgeBase
    rules: RuleSet
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


@contextmanager
def no_gc():
    """Pause the cyclic garbage collector: loading builds many small objects and no cycles worth
    collecting, and generational passes over the growing heap cost about 40% of load time.
    The collector is enabled again on leaving, if it was enabled before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ------------------------------------------------------------------ the steps, in order


def load_content(root: Path) -> Corpus:
    """Step 1: read every file under content/ (never raises for bad content)."""
    return load(root)


def clean_articles(corpus: Corpus, rules: RuleSet) -> dict[str, CleanResult]:
    """Step 2: clean every source article; provenance quotes are checked against the cleaned text."""
    return {article_id: clean_article(text, rules) for article_id, text in corpus.articles.items()}


def validate_content(corpus: Corpus, rules: RuleSet, cleaned: dict[str, CleanResult],
                     extra_checks: bool = False) -> tuple[KnowledgeBase, list[Diagnostic]]:
    """Step 3: the knowledge base and every diagnostic; with ``extra_checks`` also the warning-only
    checks (near-duplicates, modelines, ...), once the content has no errors."""
    kb, diagnostics = validate(corpus, rules, cleaned)
    if extra_checks and not any(d.is_error for d in diagnostics):
        diagnostics += run_extra_checks(kb, rules)
    return kb, diagnostics


def render_pages(kb: KnowledgeBase, site: SiteInfo, rules: RuleSet) -> list[tuple[str, str]]:
    """Step 4: every Markdown page as (docs-relative path, text); writes nothing."""
    return render(kb, site, rules)


def write_docs(pages: list[tuple[str, str]], out_dir: Path) -> int:
    """Step 5: make out_dir (build/docs) hold exactly these pages; returns how many."""
    return write_tree(pages, out_dir)


def configure_site(root: Path, site_dir: Path) -> SiteBuild:
    """Before step 1 of a build: load mkdocs.yml, so a broken configuration fails before any work."""
    diagnostics, run = mkdocs_build(root, site_dir)
    if diagnostics:
        raise ContentError(diagnostics)
    return run


def build_site(root: Path, run: SiteBuild) -> None:
    """Step 6: mkdocs build --strict of build/docs, dated by the last commit."""
    with source_date_epoch(commit_epoch(root)):
        diagnostics = run()
    if diagnostics:
        raise ContentError(diagnostics)


# ------------------------------------------------------------------ the entry points


def check(root: Path, extra_checks: bool = True) -> CheckResult:
    """Load, clean and validate everything under root; write nothing.

    ``extra_checks`` adds the warning-only checks (near-duplicates, modelines): `kb check` runs
    them; `kb build` skips them, since they cannot stop a build (`kb build --strict` runs them)."""
    root = Path(root)
    with no_gc():
        corpus = load_content(root)
        rules, rule_diags = load_rules(root)
        cleaned = clean_articles(corpus, rules)
        kb, diagnostics = validate_content(corpus, rules, cleaned, extra_checks)
    return CheckResult(kb, rules, sorted(set(diagnostics + rule_diags)))


def generate(root: Path, site_url: str, out_dir: Path | None = None) -> CheckResult:
    """Check, then render Markdown into build/docs. Raises ContentError on errors, writing nothing."""
    root = Path(root)
    result = check(root, extra_checks=False)
    if result.errors:
        raise ContentError(result.diagnostics)
    with no_gc():
        pages = render_pages(result.kb, site_info(root, site_url), result.rules)
        write_docs(pages, out_dir or root / DOCS_DIR)
    return result


def build(root: Path, site_dir: Path | None = None) -> CheckResult:
    """The whole build. On any error or interruption the previous site_dir is left untouched."""
    root = Path(root).resolve()
    site_dir = Path(site_dir).resolve() if site_dir else root / "site"
    with terminate_as_interrupt(), temporary_site(site_dir) as tmp:
        run = configure_site(root, tmp)
        result = generate(root, run.site_url)  # load, clean articles, validate, render, write
        build_site(root, run)
        swap(tmp, site_dir)
    return result
