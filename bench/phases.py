"""Benchmark worker: times each pipeline phase of one root in a fresh process.

``python bench/phases.py ROOT SITE_DIR`` runs the named steps of ``kb build``
(generator/pipeline.py) one phase at a time, and prints one JSON line with the
seconds per phase and the process's peak resident memory. The phases:

load      read and parse every content file (pipeline.load_content)
validate  rules, article cleaning, schema, references and provenance (load_rules, clean_articles,
          validate_content; kb build skips the warning-only extra checks, which kb check runs)
said-once the clause-copy check of kb check alone (validate/said_once.py: every clause of every item
          against all others through an inverted index; shows it grows with the clauses, not their square)
render    Jinja rendering plus writing build/docs (render_pages, write_docs; parallel for large sites)
mkdocs    the site engine (ProperDocs, the default): loading mkdocs.yml and the strict build into
          SITE_DIR (configure_site, build_site)
search    the Pagefind index of the built site (index_search)
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from generator import pipeline  # noqa: E402
from generator.diagnostics import ContentError  # noqa: E402
from generator.output.site import DOCS_DIR, commit_epoch, site_info  # noqa: E402
from generator.rules.loader import load_rules  # noqa: E402
from generator.validate.said_once import check_said_once  # noqa: E402


def main(root: Path, site_dir: Path) -> dict:
    times: dict[str, float] = {}
    started = time.perf_counter()
    with pipeline.no_gc():  # as pipeline.check does
        corpus = pipeline.load_content(root)
    times["load"] = time.perf_counter() - started

    started = time.perf_counter()
    with pipeline.no_gc():
        rules, rule_diags = load_rules(root)
        cleaned = pipeline.clean_articles(corpus, rules)
        kb, diagnostics = pipeline.validate_content(corpus, rules, cleaned)
    errors = [d for d in diagnostics + rule_diags if d.is_error]
    times["validate"] = time.perf_counter() - started
    if errors:
        return {"error": str(errors[0]), "errors": len(errors)}
    started = time.perf_counter()
    check_said_once(kb, rules)
    times["said-once"] = time.perf_counter() - started

    try:
        started = time.perf_counter()
        site_engine = pipeline.configure_site(root)
        config_seconds = time.perf_counter() - started

        started = time.perf_counter()
        with pipeline.no_gc():
            pages = pipeline.write_docs(pipeline.render_pages(kb, site_info(root, site_engine.site_url), rules),
                                        root / DOCS_DIR)
        times["render"] = time.perf_counter() - started

        started = time.perf_counter()
        pipeline.build_site(root, site_engine, site_dir, commit_epoch(root))
        times["mkdocs"] = time.perf_counter() - started + config_seconds

        started = time.perf_counter()
        pipeline.index_search(root, site_dir, kb)
        times["search"] = time.perf_counter() - started
    except ContentError as exc:
        return {"error": str(exc.diagnostics[0])}
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    warnings = sum(1 for d in diagnostics if not d.is_error)
    return {**times, "pages": pages, "warnings": warnings, "peak_mb": peak_kb / 1024}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())))
