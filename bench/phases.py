"""Benchmark worker: times each pipeline phase of one root in a fresh process.

``python bench/phases.py ROOT SITE_DIR`` runs the same steps as ``kb build``
(generator/build.py), one phase at a time, and prints one JSON line with the
seconds per phase and the process's peak resident memory. The phases:

load      read and parse every content file (loader.load)
validate  rules, schema, references and provenance (the rest of build.check; kb build skips the
          warning-only extra checks, which kb check runs)
render    Jinja rendering plus writing build/docs (writer.render_into, parallel for large sites)
mkdocs    loading mkdocs.yml and ``mkdocs build --strict`` into SITE_DIR
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def main(root: Path, site_dir: Path) -> dict:
    from generator import rules as rules_mod
    from generator.build import DOCS_DIR, commit_epoch, mkdocs_build, no_gc, site_info
    from generator.renderer import Renderer
    from generator.writer import render_into
    from generator.loader import load
    from generator.validator import validate

    times: dict[str, float] = {}
    started = time.perf_counter()
    with no_gc():  # as build.check does
        corpus = load(root)
    times["load"] = time.perf_counter() - started

    started = time.perf_counter()
    with no_gc():
        rules, rule_diags = rules_mod.load_rules(root)
        kb, diagnostics = validate(corpus, rules)  # kb build skips the warning-only extra checks
    errors = [d for d in diagnostics + rule_diags if d.is_error]
    times["validate"] = time.perf_counter() - started
    if errors:
        return {"error": str(errors[0]), "errors": len(errors)}

    started = time.perf_counter()
    diags, run = mkdocs_build(root, site_dir)
    config_seconds = time.perf_counter() - started
    if diags:
        return {"error": str(diags[0])}

    started = time.perf_counter()
    with no_gc():
        pages = render_into(Renderer(kb, site_info(root, run.site_url), rules), root / DOCS_DIR)
    times["render"] = time.perf_counter() - started

    epoch = commit_epoch(root)
    if epoch is not None:
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))
    started = time.perf_counter()
    diags = run()
    times["mkdocs"] = time.perf_counter() - started + config_seconds
    if diags:
        return {"error": str(diags[0])}
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    warnings = sum(1 for d in diagnostics if not d.is_error)
    return {**times, "pages": pages, "warnings": warnings, "peak_mb": peak_kb / 1024}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())))
