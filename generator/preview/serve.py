"""Live preview: ProperDocs' live server (the default engine, ``output/engines/properdocs.py``) with
a thin hook (``mkdocs_hook.py``) that regenerates the preview's own docs folder on each edit.

The preview never touches what a build reads or writes: it generates into build/preview-docs/
(with its own address in the checklists), holds build/kb-serve.lock (one preview per root) and
serves from ProperDocs' temporary folder. It watches content/, rules/ and the templates, not its own
output, so an edit rebuilds once; rebuilds are dirty builds (only the pages whose
Markdown changed), without the strict mode of ``kb build``. On a content error it keeps the
last good pages, reports the error and shows it on every page until it is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from ..diagnostics import KbError
from ..output.atomic import terminate_as_interrupt
from ..output.engines.properdocs import ProperDocs, serve as serve_site
from ..output.lock import Lock, root_lock
from ..output.site import config_file
from ..pipeline import generate
from ..render.pages import TEMPLATES

HOOK = Path(__file__).with_name("mkdocs_hook.py")
PREVIEW_DOCS = Path("build") / "preview-docs"
SERVE_LOCK = "kb-serve"
ERRORS_FILE = "kb-preview-errors.json"
"""Written into the served site after each rebuild: the errors its pages show in a banner."""

Report = Callable[[KbError | None], None]
"""Told each rebuild's error (ContentError, FileSystemError), and None when an error is fixed."""


@dataclass
class Session:
    """The running preview, shared with the hook (which ProperDocs loads by path)."""

    root: Path
    docs: Path
    report: Report
    errors: list[str] = field(default_factory=list)
    """The current errors as ``file:line:col: message`` lines, shown on every page."""
    generated: bool = True
    """The docs are fresh for the next build (the first one): no need to generate again."""

    def regenerate(self, site_url: str) -> None:
        """Generate the docs again; on an error keep the last good ones and report it."""
        if self.generated:
            self.generated = False
            return
        try:
            generate(self.root, site_url, self.docs)
        except KbError as exc:
            self.errors = [line for line in str(exc).split("\n") if line]
            self.report(exc)
            return
        if self.errors:
            self.errors = []
            self.report(None)


SESSIONS: list[Session] = []


def serve(root: Path, dev_addr: str, ready: Callable[[str], None] = lambda url: None,
          report: Report = lambda error: None, on_lock: Callable[[Lock], None] = lambda lock: None) -> None:
    """Generate the preview's docs, call ``ready(url)`` with its address, then serve until interrupted
    (Ctrl-C or SIGTERM, both cleaning up). Raises ContentError (serving nothing) if the content has
    errors at the start, LockedError if another preview of this root runs."""
    root = Path(root)
    docs = root / PREVIEW_DOCS
    with terminate_as_interrupt(), root_lock(root, SERVE_LOCK, "kb serve") as lock:
        on_lock(lock)
        site = ProperDocs(root, config_file(root))
        site.configure(docs)  # creates docs (a fresh clone has none)
        site_url = site.site_url
        mount = urlsplit(site_url).path or "/"
        generate(root, f"http://{dev_addr}{mount}", docs)
        SESSIONS[:] = [Session(root, docs, report)]
        ready(f"http://{dev_addr}{mount}")
        try:
            serve_site(config_file(root), docs, dev_addr, watch=[root / "content", root / "rules", TEMPLATES],
                       hook=HOOK)
        finally:
            SESSIONS.clear()
