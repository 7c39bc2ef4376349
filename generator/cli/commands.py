"""The ``kb`` subcommands: each calls the library, prints what it returns and gives the exit code."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..authoring.fieldref import DocsError, stale_files, write_generated
from ..authoring.scaffold import ScaffoldError, new_item
from ..diagnostics import ContentError, Diagnostic, KbError
from ..output.lock import Lock
from ..pipeline import build, check
from ..rules.articles import as_json, as_text, clean_files, report_lines
from .report import emit, github_annotations, human, takes_utf8, use_colour


def root_of(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "root", ".")).resolve()


def strict_failure(diagnostics: list[Diagnostic], strict: bool) -> bool:
    """True when warnings must fail the command (--strict)."""
    if strict and diagnostics and not any(d.is_error for d in diagnostics):
        print(f"failed: {len(diagnostics)} warning(s) and --strict", file=sys.stderr)
        return True
    return False


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = check(root_of(args))
    emit(result.diagnostics, args.format, sys.stderr if args.format == "human" else sys.stdout)
    if result.errors or strict_failure(result.diagnostics, args.strict):
        return 1
    elapsed = time.perf_counter() - started
    print(f"ok: {result.kb.count()} items checked in {elapsed:.2f} s", file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    colour = use_colour(sys.stderr)
    try:
        result = build(root_of(args), Path(args.site_dir) if args.site_dir else None, args.engine, args.strict)
    except ContentError as exc:
        human(exc.diagnostics, sys.stderr, colour=colour)
        strict_failure(exc.diagnostics, args.strict)
        return 1
    human(result.diagnostics, sys.stderr, colour=colour)
    site = Path(args.site_dir) if args.site_dir else root_of(args) / "site"
    print(f"built {result.kb.count()} items into {site}", file=sys.stderr)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    root = root_of(args)
    try:
        path = new_item(root, args.kind, args.id)
    except ScaffoldError as exc:
        print(f"kb new: {exc}", file=sys.stderr)
        return 1
    print(f"created {path.relative_to(root).as_posix()}: fill in the empty values, link it from another item, "
          "then run 'kb check'", file=sys.stderr)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    root = root_of(args)
    try:
        if args.check:
            stale = stale_files(root)
            for rel in stale:
                print(f"{rel}: stale: expected the output of 'kb docs'; hint: run 'kb docs' and commit the result",
                      file=sys.stderr)
            return 1 if stale else 0
        for rel in write_generated(root):
            print(f"wrote {rel}", file=sys.stderr)
    except DocsError as exc:
        print(f"kb docs: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    def ready(url: str) -> None:
        print(f"serving the guide on {url} (Ctrl-C to stop); edits to content/, rules/ and the templates "
              "rebuild it", file=sys.stderr)

    def report(error: KbError | None) -> None:
        if error is None:
            print("fixed: the preview shows the new content again", file=sys.stderr)
            return
        if isinstance(error, ContentError):
            human(error.diagnostics, sys.stderr)
        else:
            print(f"kb serve: {error}", file=sys.stderr)
        print("the preview keeps showing the last version without errors, with these errors on every page",
              file=sys.stderr)

    def on_lock(lock: Lock) -> None:
        if lock.stale_pid is not None:
            print(f"kb serve: took over the lock left by process {lock.stale_pid}, which is no longer running",
                  file=sys.stderr)

    from ..preview.serve import serve  # the preview's engine and templates: only kb serve imports them

    try:
        serve(root_of(args), args.dev_addr, ready, report, on_lock)
    except ContentError as exc:
        human(exc.diagnostics, sys.stderr)
        return 1
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    """Print cleaned articles (stdout), or what was removed (--report), or both as JSON (--json)."""
    run = clean_files(root_of(args), args.paths)
    for diag in run.diagnostics:
        print(str(diag), file=sys.stderr)
    if run.rules_broken:
        return 1
    if args.json:
        sys.stdout.write(as_json(run.results, ascii_only=not takes_utf8(sys.stdout)))
    elif args.report:
        for path, result in run.results:
            for line in report_lines(path, result):
                print(line)
    else:
        sys.stdout.write(as_text(run.results, several=len(args.paths) > 1))
    return 1 if run.failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Report each article's passages (human or --json), or add one article to content/ (--add)."""
    # Imported here: numpy and bm25s are needed by this command only, not by every kb command's start.
    from ..ingest.add import AddError, add_article
    from ..ingest.run import annotations, as_json as ingest_json, ingest_files, report_lines as ingest_lines

    root = root_of(args)
    if args.add:
        if len(args.paths) != 1:
            print("kb ingest: --add takes one ARTICLE; hint: add the articles one at a time", file=sys.stderr)
            return 1
        try:
            added = add_article(root, args.paths[0])
        except AddError as exc:
            human(exc.diagnostics, sys.stderr)
            print(f"kb ingest: {exc}", file=sys.stderr)
            return 1
        for line in added.summary():
            print(line, file=sys.stderr)
        return 0
    run = ingest_files(root, args.paths)
    human(run.diagnostics, sys.stderr)
    if args.format == "json":
        sys.stdout.write(ingest_json(run.reports, ascii_only=not takes_utf8(sys.stdout)))
    for report in run.reports if args.format != "json" else ():
        lines = ingest_lines(report, run.kb)
        if args.format == "github":
            github_annotations(report.path, annotations(report, run.kb), lines[0], sys.stdout)
        else:
            print("\n".join(lines))
    return 1 if run.failed else 0
