"""The search index: Pagefind run over the built HTML, whatever engine built it.

Runs after the site engine has written the site into its temporary folder and
before that folder is swapped in, so a failed indexing run fails the build and
leaves the previous site in place. Which pages and which parts of a page are
indexed is decided by the templates (``data-pagefind-body``, ``-ignore``,
``-weight``), never here; the search box that reads the index is
``overrides/assets/javascripts/kb-search.js``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any, Callable

from ..diagnostics import Diagnostic
from ..model.kindspec import BY_KIND, KIND_SPECS, page_path

#: Folder of the index inside the site; kb-search.js loads pagefind/pagefind.js from here.
INDEX_DIR = "pagefind"
#: Pagefind's own ready-made search interfaces: the guide uses its own box, so they are not shipped.
#: The worker too: kb-search.js searches on the page's own thread.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
TIMEOUT_S = 3600
#: The most one search may download (uncompressed), with a margin, and the search box's limits.
SEARCH_BYTES = 270_000
RESULTS_SHOWN = 10
MIN_LOOKUPS, MAX_LOOKUPS = 3, 12
#: What kb-search.js reads before its first search: how many index lookups one query may make and
#: how much it favours each kind of page (by the kind label in each page's `kind` metadata).
SETTINGS = "kb-search.json"
#: The search box's query module (overrides/assets/javascripts/), fetched with Pagefind on the first search.
QUERY_MODULE = "assets/javascripts/kb-query.mjs"


def pagefind_command(site_dir: Path) -> list[str]:
    """The Pagefind command line; the extended build (Chinese segmentation) ships in its wheel."""
    from pagefind_bin_extended import get_executable

    return [str(get_executable()), "--site", str(site_dir), "--output-subdir", INDEX_DIR,
            "--force-language", "zh", "--keep-index-url", "--quiet"]


def shape_answers(kb: Any) -> dict[str, dict[str, str]]:
    """The page that answers each shape of pasted text (``search_shape``): its site-relative address,
    title, kind of page and note, written into kb-search.json. A table of our own rather than a Pagefind
    filter, whose index files Pagefind does not write the same way twice (the build is reproducible)."""
    answers = {}
    for kind in sorted(kb.items):
        for item_id, item in sorted(kb.items[kind].items()):
            shape = getattr(item, "search_shape", None)
            if shape:
                answers[shape] = {"url": page_path(kind, item_id).replace(".md", ".html", 1), "title": item.title,
                                  "kind": BY_KIND[kind].label, "note": item.search_note or ""}
    return answers


def index_site(site_dir: Path, config_path: str,
               started: Callable[[subprocess.Popen], None] = lambda process: None,
               shapes: dict[str, dict[str, str]] | None = None) -> list[Diagnostic]:
    """Write the search index into site_dir/pagefind; return diagnostics (empty on success).
    ``started`` is given the Pagefind process (the preview stops it when it is stopped itself);
    ``shapes`` is ``shape_answers`` of the knowledge base."""
    try:
        command = pagefind_command(site_dir)
    except (ImportError, FileNotFoundError) as exc:
        return [Diagnostic(config_path, 1, 1, f"search: Pagefind is not installed ({exc}); "
                           "install the project again (make site)", "search")]
    try:
        # cwd is the fresh site folder, so no stray pagefind.yml changes the options.
        with subprocess.Popen(command, cwd=site_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) as proc:
            started(proc)
            try:
                printed, complaints = proc.communicate(timeout=TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise
    except (OSError, subprocess.SubprocessError) as exc:
        return [Diagnostic(config_path, 1, 1, f"search: Pagefind did not run: {exc}", "search")]
    if proc.returncode != 0:
        detail = (complaints or printed).strip().splitlines()
        return [Diagnostic(config_path, 1, 1, f"search: Pagefind failed: {line}", "search")
                for line in detail[-5:] or [f"exit status {proc.returncode}"]]
    out = site_dir / INDEX_DIR
    if not (out / "pagefind.js").is_file():
        return [Diagnostic(config_path, 1, 1, "search: Pagefind wrote no index (no page is marked for search)",
                           "search")]
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    settings = {"lookups": lookup_budget(out),
                "kinds": {spec.label: spec.search_weight for spec in KIND_SPECS if spec.search_weight is not None},
                "shapes": shapes or {}}
    (out / SETTINGS).write_text(json.dumps(settings, ensure_ascii=False) + "\n", encoding="utf-8")
    return []


def lookup_budget(out: Path) -> int:
    """How many pieces of a query the search box may look up, so that one search stays within
    SEARCH_BYTES: each lookup can fetch one index chunk, on top of what every search loads
    (Pagefind's script, WebAssembly, metadata and filters, the query module) and the records of the
    results shown."""

    def size(pattern: str) -> list[int]:
        return [p.stat().st_size for p in out.glob(pattern)]

    fixed = sum(size("pagefind.js") + size("wasm.*") + size("*.pf_meta") + size("pagefind-entry.json")
                + size("filter/*.pf_filter"))
    module = out.parent / QUERY_MODULE
    fixed += module.stat().st_size if module.is_file() else 0
    fragments = size("fragment/*.pf_fragment")
    fixed += RESULTS_SHOWN * (sum(fragments) // max(len(fragments), 1))
    chunks = size("index/*.pf_index")
    mean_chunk = sum(chunks) / max(len(chunks), 1)
    if len(chunks) <= MIN_LOOKUPS or not mean_chunk:
        return MAX_LOOKUPS  # a small index: every chunk fits
    return max(MIN_LOOKUPS, min(MAX_LOOKUPS, int((SEARCH_BYTES - fixed) // mean_chunk)))

