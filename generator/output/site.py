"""The site's settings shared by every engine: mkdocs.yml, the build date and version shown on pages.

The engines themselves (ProperDocs, Zensical) are in ``engines/``; they are imported only when a
site is built, so ``kb check`` never pays for them.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import KbError, qt
from ..load.history import commit_time, last_changed, short_commit

if TYPE_CHECKING:  # rendering (Jinja, pypinyin, segno) is imported only when pages are made: kb check skips it
    from ..render.pages import SiteInfo

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent
DOCS_DIR = Path("build") / "docs"


def config_file(root: Path) -> Path:
    """mkdocs.yml of the root, else the project's own."""
    own = Path(root) / "mkdocs.yml"
    return own if own.is_file() else PACKAGE_ROOT / "mkdocs.yml"


def commit_epoch(root: Path) -> int | None:
    """SOURCE_DATE_EPOCH if set, else the last commit's time; never the clock. An empty SOURCE_DATE_EPOCH
    counts as unset; any other value that is not a whole number of seconds is an error (the engines would
    fail on it with a traceback)."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isascii() and env.isdigit():
        return int(env)
    if env:
        raise KbError(f"SOURCE_DATE_EPOCH={qt(env)} is not a time: expected a whole number of seconds since "
                      "1970-01-01 UTC, e.g. 1767225600; hint: unset it, or set it to the last commit's time "
                      "with SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)")
    return commit_time(root)


def site_info(root: Path, site_url: str) -> SiteInfo:
    """Version and date shown on pages, derived from the commit."""
    return site_info_at(root, site_url, commit_epoch(root))


def site_info_at(root: Path, site_url: str, epoch: int | None) -> SiteInfo:
    """site_info for a build that has read commit_epoch already (None: no date known)."""
    date = time.strftime("%Y-%m-%d", time.gmtime(epoch)) if epoch is not None else "日期未标注"
    sha = short_commit(root)
    try:
        ver = version("pos-kb")
    except PackageNotFoundError:
        ver = "0"
    from ..render.pages import SiteInfo

    # 'g' before the commit id, as git describe writes it: an id of digits only (2361290a is hex too) must not
    # read as a phone number on a printed checklist
    return SiteInfo(site_url=site_url, version=f"{ver}+g{sha}" if sha else ver, date=date, updated=last_changed(root))


@contextmanager
def source_date_epoch(epoch: int | None):
    """SOURCE_DATE_EPOCH (read by the engines for the build date) set to ``epoch`` while building, unless it
    is set already; the environment is restored afterwards."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if (before or "").strip():  # set by the caller: the engines read it as it is
        yield
        return
    if epoch is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)  # empty counts as unset, as for commit_epoch
    else:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


