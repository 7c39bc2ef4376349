"""The pipeline, in visible steps: load, validate, render, write, mkdocs build.

Nothing is written until everything has been read and checked. The site is
built into a temporary directory next to the target and swapped in only
when mkdocs succeeds, so a failed or interrupted build leaves the old site.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
import signal
import shutil
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import rules as rules_mod
from .checks import run_extra_checks
from .errors import ContentError, Diagnostic
from .loader import load
from .renderer import Renderer, SiteInfo
from .validator import KnowledgeBase, validate
from .writer import render_into, write_tree  # noqa: F401 - write_tree is part of the API

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = Path("build") / "docs"


@dataclass
class CheckResult:
    """What ``check`` found: the knowledge base (if usable), the rules and all diagnostics."""

    kb: KnowledgeBase
    rules: rules_mod.RuleSet
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


@contextmanager
def no_gc():
    """Pause the cyclic garbage collector: loading builds many small objects and no cycles worth
    collecting, and generational passes over the growing heap cost about 40% of load time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(root: Path, extra_checks: bool = True) -> CheckResult:
    """Load and validate everything under root; write nothing.

    ``extra_checks`` adds the warning-only checks (near-duplicates, modelines): `kb check` runs
    them; `kb build` skips them, since they cannot stop a build (`kb build --strict` runs them)."""
    root = Path(root)
    with no_gc():
        corpus = load(root)
        rules, rule_diags = rules_mod.load_rules(root)
        kb, diagnostics = validate(corpus, rules)
        if extra_checks and not any(d.is_error for d in diagnostics):
            diagnostics += run_extra_checks(kb, rules)
    return CheckResult(kb, rules, sorted(set(diagnostics + rule_diags)))


def config_file(root: Path) -> Path:
    """mkdocs.yml of the root, else the project's own."""
    own = Path(root) / "mkdocs.yml"
    return own if own.is_file() else PACKAGE_ROOT / "mkdocs.yml"


def commit_epoch(root: Path) -> int | None:
    """SOURCE_DATE_EPOCH if set, else the last commit's time; never the clock."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.isdigit():
        return int(env)
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return int(out) if out.isdigit() else None


def site_info(root: Path, site_url: str) -> SiteInfo:
    """Version and date shown on pages, derived from the commit."""
    epoch = commit_epoch(root)
    date = time.strftime("%Y-%m-%d", time.gmtime(epoch)) if epoch is not None else "日期未标注"
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=8", "HEAD"], cwd=root, capture_output=True, text=True,
                             timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha = ""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ver = version("pos-kb")
    except PackageNotFoundError:
        ver = "0"
    return SiteInfo(site_url=site_url, version=f"{ver}+{sha}" if sha else ver, date=date)


def generate(root: Path, site_url: str, out_dir: Path | None = None) -> CheckResult:
    """Check, then render Markdown into build/docs. Raises ContentError on errors, writing nothing."""
    root = Path(root)
    result = check(root, extra_checks=False)
    if result.errors:
        raise ContentError(result.diagnostics)
    with no_gc():
        render_into(Renderer(result.kb, site_info(root, site_url), result.rules), out_dir or root / DOCS_DIR)
    return result


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def use_search_dictionary(cfg, cfg_path: Path) -> None:
    """Point Material's search at our jieba user dictionary (absolute path) and quiet jieba's log."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:  # pragma: no cover - search falls back to the separator
        pass
    search = cfg.plugins.get("material/search") or cfg.plugins.get("search")
    userdict = cfg_path.parent / "search" / "userdict.txt"
    if search is not None and userdict.is_file():
        search.config.jieba_dict_user = str(userdict)


def load_mkdocs_config(root: Path, docs_dir: Path, site_dir: Path, **overrides):
    """Load mkdocs.yml with our docs/site folders and absolute asset paths."""
    from mkdocs.config import load_config

    cfg_path = config_file(root)
    cfg = load_config(config_file=str(cfg_path), docs_dir=str(docs_dir), site_dir=str(site_dir), **overrides)
    use_search_dictionary(cfg, cfg_path)
    return cfg


def mkdocs_build(root: Path, site_dir: Path) -> tuple[list[Diagnostic], object]:
    """Load mkdocs.yml, then return (diagnostics, runner); runner() builds with --strict."""
    from mkdocs.commands.build import build as mk_build
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    rel_cfg = os.path.relpath(config_file(root), root)

    def diagnostics(failure: str | None) -> list[Diagnostic]:
        diags = [Diagnostic(rel_cfg, 1, 1, f"mkdocs: {r.getMessage()}", "mkdocs") for r in collect.records]
        if failure and not diags:
            diags.append(Diagnostic(rel_cfg, 1, 1, f"mkdocs: {failure}", "mkdocs"))
        return diags

    logger.addHandler(collect)
    try:
        (root / DOCS_DIR).mkdir(parents=True, exist_ok=True)
        cfg = load_mkdocs_config(root, root / DOCS_DIR, site_dir, strict=True)
    except (MkDocsException, SystemExit) as exc:
        return diagnostics(str(exc)), None
    finally:
        logger.removeHandler(collect)

    def run() -> list[Diagnostic]:
        logger.addHandler(collect)
        try:
            mk_build(cfg)
            failure = None
        except (MkDocsException, SystemExit) as exc:  # SystemExit: mkdocs' Abort
            failure = str(exc) or "build aborted"
        finally:
            logger.removeHandler(collect)
        return diagnostics(failure)

    run.site_url = cfg.site_url or ""  # type: ignore[attr-defined]
    return [], run


def build(root: Path, site_dir: Path | None = None) -> CheckResult:
    """The whole build. On any error or interruption the previous site_dir is left untouched."""
    root = Path(root).resolve()
    site_dir = Path(site_dir).resolve() if site_dir else root / "site"
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(site_dir)
    with _terminate_as_interrupt():
        tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.tmp-{os.getpid()}-", dir=site_dir.parent))
        try:
            diags, run = mkdocs_build(root, tmp)
            if diags:
                raise ContentError(diags)
            result = generate(root, run.site_url)
            epoch = commit_epoch(root)
            if epoch is not None:
                os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))
            diags = run()
            if diags:
                raise ContentError(diags)
            swap(tmp, site_dir)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return result


@contextlib.contextmanager
def _terminate_as_interrupt():
    """Turn SIGTERM into KeyboardInterrupt while building, so cleanup runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def remove_stale(site_dir: Path) -> None:
    """Delete temporary and old sites left by builds that were killed outright (SIGKILL, power loss)."""
    pattern = re.compile(re.escape(f".{site_dir.name}.") + r"(?:tmp|old)-(\d+)")
    for path in site_dir.parent.glob(f".{site_dir.name}.*-*"):
        match = pattern.match(path.name)
        if match and path.is_dir() and not _alive(int(match[1])):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def swap(new: Path, target: Path) -> None:
    """Replace target with new using renames, so target is always a complete site.

    SIGINT and SIGTERM are held back between the two renames, so an interruption
    cannot leave the target missing.
    """
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    held = {signal.SIGINT, signal.SIGTERM}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        if target.exists():
            os.replace(target, old)
        os.replace(new, target)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
