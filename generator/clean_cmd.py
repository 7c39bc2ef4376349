"""``kb clean ARTICLE...``: print cleaned articles, or what was removed.

Without options the cleaned text of each article goes to stdout (with a
``==> path <==`` header when there are several). ``--report`` prints one line
per removal instead: ``path:line:col: rule-id: action 'text'``. ``--json``
prints both, machine-readable. Problems print ``path:line:col: message`` to
stderr and make the exit code 1; there is never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import Diagnostic
from .loader import _decode
from .rules import CleanResult, clean_article, load_rules

MAX_ARTICLE_BYTES = 1024 * 1024


def add_clean_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``clean`` subcommand on a subparsers object."""
    parser = subparsers.add_parser(
        "clean",
        help="print a cleaned article (spam removed, misspellings repaired)",
        description="Clean source articles with the rules in rules/: drop promotional paragraphs and blocks, "
                    "cut inline spam and links, flag garbled sentences and repair misspellings.",
    )
    parser.add_argument("paths", nargs="+", metavar="ARTICLE", help="article text file(s), e.g. "
                                                                    "content/articles/a000.txt")
    parser.add_argument("--report", action="store_true", help="list what was removed, repaired or flagged "
                                                              "(rule id, line and text) instead of the text")
    parser.add_argument("--json", action="store_true", help="print the cleaned text and the removals as JSON")
    parser.add_argument("--root", default=argparse.SUPPRESS, metavar="DIR",
                        help="project root holding rules/ (default: .)")
    parser.set_defaults(func=run_clean)
    return parser


def _read(path_text: str) -> tuple[str | None, list[Diagnostic]]:
    path = Path(path_text)
    if not path.exists():
        return None, [Diagnostic(path_text, 1, 1, "file not found: expected an article text file; "
                                                  "hint: check the path, e.g. content/articles/a000.txt", "clean")]
    if path.is_dir():
        return None, [Diagnostic(path_text, 1, 1, "is a directory: expected an article text file; "
                                                  "hint: pass the files, e.g. content/articles/*.txt", "clean")]
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            return None, [Diagnostic(path_text, 1, 1, f"file is too large: expected at most {MAX_ARTICLE_BYTES} "
                                                      f"bytes, got {size}; hint: is this an article?", "clean")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(path_text, 1, 1, f"cannot read file: {exc.strerror}; "
                                                  "hint: check the file's permissions", "clean")]
    return _decode(raw, path_text)


def _removal_dicts(result: CleanResult) -> list[dict]:
    return [{"rule_id": r.rule_id, "line": r.line, "column": r.column, "action": r.action, "text": r.text,
             "replacement": r.replacement} for r in result.removals]


def report_lines(path: str, result: CleanResult) -> list[str]:
    """One line per removal: ``path:line:col: rule-id: action 'text'`` (and ``-> 'new'`` for repairs)."""
    lines = []
    for r in result.removals:
        line = f"{path}:{r.line}:{r.column}: {r.rule_id}: {r.action} '{r.text}'"
        if r.action == "repaired":
            line += f" -> '{r.replacement}'"
        lines.append(line)
    return lines


def run_clean(args: argparse.Namespace) -> int:
    """Run ``kb clean``; returns the exit code."""
    rules, diagnostics = load_rules(Path(getattr(args, "root", ".")))
    errors = [d for d in diagnostics if d.is_error]
    for d in sorted(diagnostics):
        print(str(d), file=sys.stderr)
    if errors:
        return 1
    status = 0
    results: list[tuple[str, CleanResult]] = []
    for path in args.paths:
        text, problems = _read(path)
        for d in problems:
            print(str(d), file=sys.stderr)
        if text is None:
            status = 1
            continue
        results.append((path, clean_article(text, rules)))
    if getattr(args, "json", False):
        payload = {"articles": [{"path": p, "text": r.text, "removals": _removal_dicts(r)} for p, r in results]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return status
    several = len(args.paths) > 1
    for index, (path, result) in enumerate(results):
        if getattr(args, "report", False):
            for line in report_lines(path, result):
                print(line)
            continue
        if several:
            print(("\n" if index else "") + f"==> {path} <==")
        sys.stdout.write(result.text)
    return status


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point, for use before ``kb`` exists: ``python -m generator.clean_cmd``."""
    parser = argparse.ArgumentParser(prog="kb")
    add_clean_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["clean", *(sys.argv[1:] if argv is None else argv)])
    return run_clean(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
