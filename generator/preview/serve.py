"""Live preview: ProperDocs' live server (the default engine, ``output/engines/properdocs.py``) with
a thin hook (``mkdocs_hook.py``) that regenerates the preview's own docs folder on each edit.

The preview never touches what a build reads or writes: it generates into build/preview-docs/
(with its own address in the checklists), holds build/kb-serve.lock (one preview per root) and
serves from ProperDocs' temporary folder. It watches content/, rules/ and the templates, not its own
output, so an edit rebuilds once; rebuilds are dirty builds (only the pages whose
Markdown changed), without the strict mode of ``kb build``. On a content error it keeps the
last good pages, reports the error and shows it on every page until it is fixed. A watched
folder that disappears (a branch switch, a ``mv``) is reported as missing the same way, and
followed again when it comes back (``FOLLOWED``). The first SIGTERM or Ctrl-C ends it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from ..diagnostics import ContentError, KbError
from ..load.corpus import root_problem
from ..output.atomic import terminate_as_interrupt
from ..output.engines.properdocs import ProperDocs, serve as serve_site
from ..output.lock import Lock, root_lock
from ..output.search import shape_answers
from ..output.site import config_file
from ..pipeline import generate
from ..render.pages import TEMPLATES

HOOK = Path(__file__).with_name("mkdocs_hook.py")
PREVIEW_DOCS = Path("build") / "preview-docs"
SERVE_LOCK = "kb-serve"
ERRORS_FILE = "kb-preview-errors.json"
"""Written into the served site after each rebuild: the errors its pages show in a banner."""

FOLLOWED = ("content", "rules")
"""Folders of the root that may disappear and come back while the preview runs (re-watched then)."""

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
    shapes: dict[str, dict[str, str]] = field(default_factory=dict)
    """``shape_answers`` of the last good knowledge base: the search index gets them as `kb build`'s does."""

    def regenerate(self, site_url: str) -> None:
        """Generate the docs again; on an error keep the last good ones and report it."""
        if self.generated:
            self.generated = False
            return
        if self.folder_missing():
            return
        try:
            self.shapes = shape_answers(generate(self.root, site_url, self.docs).kb)
        except KbError as exc:
            self.failed(exc)
            return
        if self.errors:
            self.errors = []
            self.report(None)

    def folder_missing(self) -> bool:
        """True, reporting it once, while a followed folder is gone (nothing can be generated then)."""
        gone = [name for name in FOLLOWED if not (self.root / name).is_dir()]
        if not gone:
            return False
        error = FolderMissing(f"{gone[0]}/ is missing: the preview keeps the last version and rebuilds when it "
                              f"is back; hint: restore the folder (e.g. 'git checkout -- {gone[0]}')")
        if self.errors != [str(error)]:
            self.failed(error)
        return True

    def failed(self, error: KbError) -> None:
        self.errors = [line for line in str(error).split("\n") if line]
        self.report(error)


class FolderMissing(KbError):
    """A folder the preview follows (content/, rules/) is gone for now."""


SESSIONS: list[Session] = []


def serve(root: Path, dev_addr: str, ready: Callable[[str], None] = lambda url: None,
          report: Report = lambda error: None, on_lock: Callable[[Lock], None] = lambda lock: None) -> None:
    """Generate the preview's docs, call ``ready(url)`` with its address, then serve until interrupted
    (Ctrl-C or SIGTERM, both cleaning up). Raises ContentError (serving nothing) if the content has
    errors at the start (or no content/: nothing is written then), LockedError if another preview of
    this root runs."""
    root = Path(root)
    docs = root / PREVIEW_DOCS
    missing = root_problem(root)
    if missing:
        raise ContentError([missing])
    try:
        with terminate_as_interrupt(), root_lock(root, SERVE_LOCK, "kb serve") as lock:
            on_lock(lock)
            site = ProperDocs(root, config_file(root))
            site.configure(docs)  # creates docs (a fresh clone has none)
            mount = urlsplit(site.site_url).path or "/"
            result = generate(root, f"http://{dev_addr}{mount}", docs)
            SESSIONS[:] = [Session(root, docs, report, shapes=shape_answers(result.kb))]
            ready(f"http://{dev_addr}{mount}")
            serve_site(config_file(root), docs, dev_addr, watch=[root / name for name in FOLLOWED] + [TEMPLATES],
                       hook=HOOK)
    except KeyboardInterrupt:
        pass  # stopping is how a preview ends
    finally:
        SESSIONS.clear()
