"""The site: mkdocs.yml, the build date and version shown on pages, and ``mkdocs build --strict``.

mkdocs is imported only when a site is configured: ``kb check`` never pays for it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import time
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..diagnostics import Diagnostic
from ..render.pages import SiteInfo

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent
DOCS_DIR = Path("build") / "docs"


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
    try:
        ver = version("pos-kb")
    except PackageNotFoundError:
        ver = "0"
    return SiteInfo(site_url=site_url, version=f"{ver}+{sha}" if sha else ver, date=date)


@contextmanager
def source_date_epoch(epoch: int | None):
    """SOURCE_DATE_EPOCH (read by mkdocs for the build date) set to ``epoch`` while building, unless it
    is set already; the environment is restored afterwards."""
    if epoch is None or "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def load_mkdocs_config(root: Path, docs_dir: Path, site_dir: Path, **overrides):
    """Load mkdocs.yml with our docs/site folders and absolute asset paths."""
    from mkdocs.config import load_config

    cfg_path = config_file(root)
    cfg = load_config(config_file=str(cfg_path), docs_dir=str(docs_dir), site_dir=str(site_dir), **overrides)
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
