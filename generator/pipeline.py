"""The pipeline, in named steps: load -> clean articles -> validate -> render -> write -> site build.

Each step is a small function over the data the one before it returns:

    load_content     root            -> Corpus (generator.load)
    clean_articles   Corpus, rules   -> cleaned articles (generator.rules)
    validate_content Corpus, cleaned -> KnowledgeBase and diagnostics (generator.validate, and the
                                        render stage's checklist audit: CHECKS)
    render_pages     KnowledgeBase   -> [(path, Markdown)] (generator.render)
    write_docs       pages           -> build/docs/ (generator.output.docs)
    build_site       build/docs/     -> site/, by the site engine, strict (generator.output.engines)
    index_search     built site      -> site/pagefind/, the search index (generator.output.search)
    mark_complete    built site      -> site/build-info.json, last: the mark of a complete site

``check`` runs the first three, ``generate`` adds render and write, ``build`` adds the site and its search index.
Nothing is written until everything has been read and checked. The site is built into a
temporary directory next to the target and swapped in only when the engine succeeds, so a
failed or interrupted build leaves the old site. Only a folder an earlier build wrote is ever
replaced (output/sitedir.py), and a root without content/ is refused before anything is written.
"""

from __future__ import annotations

import gc
import os
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import ContentError, Diagnostic, file_system_error
from .load.corpus import Corpus, load, root_problem
from .output.atomic import recover, swap, temporary_site, terminate_as_interrupt
from .output.docs import write_tree
from .output.search import index_site, shape_answers
from .output.lock import Lock, lock_path, root_lock
from .output.buildinfo import build_info, write_build_info
from .output.engines import DEFAULT_ENGINE, ENGINES, SiteEngine, engine  # noqa: F401 - ENGINES for the CLI
from .output.site import DOCS_DIR, commit_epoch, config_file, site_info, site_info_at, source_date_epoch
from .output.sitedir import check_site_dir
from .render.checklist import check_checklist_budget  # no template engine: `kb check` imports this of render/
from .rules.cleaner import clean_article
from .rules.loader import load_rules
from .rules.model import CleanResult, RuleSet
from .validate.checks import EXTRA_CHECKS, Check, run_extra_checks
from .validate.knowledge import KnowledgeBase
from .validate.validator import validate

if TYPE_CHECKING:  # rendering (Jinja, pypinyin, segno) is imported when pages are made: kb check never pays for it
    from .render.pages import SiteInfo

CHECKS: list[Check] = [*EXTRA_CHECKS, check_checklist_budget]
"""The whole-base checks `kb check` runs after validation: the validator's, then the render stage's audit that
every printed checklist fits on one A4 page (render/checklist.py: what a checklist prints is decided there)."""

BUILD_LOCK = "kb-build"
"""build/kb-build.lock: held by ``build`` (kb build); a preview holds build/kb-serve.lock."""

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
    checks (near-duplicates, modelines, ...), over the valid items even when others have errors, so
    one run reports every error and warning."""
    kb, diagnostics = validate(corpus, rules, cleaned)
    if extra_checks:
        diagnostics += run_extra_checks(kb, rules, CHECKS)
    return kb, diagnostics


def render_pages(kb: KnowledgeBase, site: SiteInfo, rules: RuleSet) -> list[tuple[str, str]]:
    """Step 4: every Markdown page as (docs-relative path, text); writes nothing."""
    from .render.pages import render

    return render(kb, site, rules)


def write_docs(pages: list[tuple[str, str]], out_dir: Path) -> int:
    """Step 5: make out_dir (build/docs) hold exactly these pages; returns how many."""
    return write_tree(pages, out_dir)


def configure_site(root: Path, engine_name: str = DEFAULT_ENGINE) -> SiteEngine:
    """Before step 1 of a build: the site engine loads and checks mkdocs.yml, so a broken
    configuration fails before any work."""
    site_engine = engine(engine_name, root, config_file(root))
    site_engine.configure(root / DOCS_DIR)
    return site_engine


def build_site(root: Path, site_engine: SiteEngine, site_dir: Path, epoch: int | None) -> None:
    """Step 6: the engine builds build/docs into site_dir (strict: warnings fail), dated ``epoch``
    (commit_epoch: the last commit's time)."""
    with source_date_epoch(epoch):
        site_engine.build(root / DOCS_DIR, site_dir, strict=True)


def index_search(root: Path, site_dir: Path, kb: KnowledgeBase) -> None:
    """Step 7: Pagefind over the built HTML, whatever engine wrote it, before the site is swapped in."""
    diagnostics = index_site(site_dir, os.path.relpath(config_file(root), root), shapes=shape_answers(kb))
    if diagnostics:
        raise ContentError(diagnostics)


def mark_complete(site_engine: SiteEngine, site_dir: Path, version: str) -> None:
    """Last: build-info.json records the engine, the guide's version and the package versions that
    built the site; written after everything else, it marks a complete site (output/atomic.py,
    output/sitedir.py)."""
    write_build_info(site_dir, build_info(site_engine.name, site_engine.distributions, version))


@contextmanager
def faults(doing: str, where: Path, tmp: Path | None = None, own_name: bool = True):
    """Turn an OSError into a FileSystemError naming the path and what to do: the file it names,
    or ``where`` for none, for one inside ``tmp`` (the site's temporary folder), or always
    unless ``own_name``."""
    try:
        yield
    except OSError as exc:
        name = exc.filename2 or exc.filename  # a copy or rename names its source first: show the target
        if not own_name or not isinstance(name, str) or (tmp is not None and Path(name).is_relative_to(tmp)):
            name = where
        raise file_system_error(exc, doing, str(name)) from None


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


def generate(root: Path, site_url: str, out_dir: Path | None = None, strict: bool = False,
             info: SiteInfo | None = None) -> CheckResult:
    """Check, then render Markdown into build/docs. Raises ContentError on errors (``strict``: on the
    warnings of every check too, as `kb check --strict` reports them), writing nothing. ``info``: the
    build's SiteInfo when the caller has it (else read from git here)."""
    root = Path(root)
    result = check(root, extra_checks=strict)
    if result.errors or (strict and result.diagnostics):
        raise ContentError(result.diagnostics)
    out_dir = out_dir or root / DOCS_DIR
    with no_gc():
        pages = render_pages(result.kb, info or site_info(root, site_url), result.rules)
        with faults("cannot write the generated pages", out_dir):
            write_docs(pages, out_dir)
    return result


def build(root: Path, site_dir: Path | None = None, engine_name: str = DEFAULT_ENGINE,
          strict: bool = False) -> CheckResult:
    """The whole build with the site engine ``engine_name`` (one of ENGINES), holding the root's
    build lock; the content is checked once, inside the lock (``strict``: every check, and a warning
    is a ContentError). On any error or interruption the previous site_dir is left untouched; a second
    build at the same time raises LockedError, a site_dir that no build wrote SiteDirError and a
    root without content/ ContentError, before anything is written."""
    root = Path(root).resolve()
    site_dir = Path(site_dir).resolve() if site_dir else root / "site"
    missing = root_problem(root)
    if missing:  # the wrong folder: nothing is written, not even a lock
        raise ContentError([missing])
    with faults("cannot read the site folder", site_dir):
        check_site_dir(root, site_dir)
    with terminate_as_interrupt(), ExitStack() as stack:
        with faults("cannot take the build lock", lock_path(root, BUILD_LOCK)):
            notes = taken_over(stack.enter_context(root_lock(root, BUILD_LOCK, "kb build")), root)
        with faults("cannot put back the site left by an interrupted build", site_dir):
            notes += recovered(recover(site_dir), root, site_dir)
        with faults("cannot make a temporary folder for the site", site_dir.parent, own_name=False):
            tmp = stack.enter_context(temporary_site(site_dir))
        try:
            with faults("cannot make the folder for the generated pages", root / DOCS_DIR):
                site_engine = configure_site(root, engine_name)
            epoch = commit_epoch(root)
            info = site_info_at(root, site_engine.site_url, epoch)  # once per build: git is asked once
            result = generate(root, site_engine.site_url, strict=strict, info=info)  # load … render, write
            with faults("cannot write the site", site_dir, tmp):
                build_site(root, site_engine, tmp, epoch)
                index_search(root, tmp, result.kb)
                mark_complete(site_engine, tmp, info.version)
                swap(tmp, site_dir)
        except ContentError as exc:
            raise ContentError(exc.diagnostics + notes) from None
    result.diagnostics += notes
    return result


def shown(path: Path, root: Path) -> str:
    """A path as diagnostics show it: relative to the root when inside it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def recovered(name: str | None, root: Path, site_dir: Path) -> list[Diagnostic]:
    """A warning when a site left by an interrupted build was put back (``name``: where it was)."""
    if name is None:
        return []
    return [Diagnostic(shown(site_dir, root), 1, 1, f"the folder was missing after an interrupted build: put back "
                       f"the complete site left in {name}; hint: nothing to do", "site", "warning")]


def taken_over(lock: Lock, root: Path) -> list[Diagnostic]:
    """A warning when the lock was left by a process that was killed (and is taken over)."""
    if lock.stale_pid is None:
        return []
    rel = lock.path.relative_to(root).as_posix()
    return [Diagnostic(rel, 1, 1, f"took over the lock left by process {lock.stale_pid}, which is no longer "
                       "running: a build or preview was stopped before it could clean up; hint: nothing to do",
                       "lock", "warning")]
