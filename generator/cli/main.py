"""The ``kb`` command: argument parsing. The only place where diagnostics become exit codes."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from ..authoring.scaffold import NEW_KINDS
from ..diagnostics import KbError
from ..pipeline import DEFAULT_ENGINE, ENGINES
from .commands import cmd_build, cmd_check, cmd_clean, cmd_docs, cmd_ingest, cmd_new, cmd_serve
from .report import FORMATS, never_raise

STRICT_HELP = "fail on warnings too (near-duplicates, missing modelines)"


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
    parser.set_defaults(func=cmd_clean)
    return parser


def add_ingest_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``ingest`` subcommand on a subparsers object."""
    parser = subparsers.add_parser(
        "ingest", help="say which passages of a new article the guide already covers, which are new and which spam",
        description="Split each article into passages and give each a verdict: spam (removed by the rules), "
                    "covered (items that already say it, best first, with a score) or new.")
    parser.add_argument("paths", nargs="+", metavar="ARTICLE", help="article text file(s), UTF-8")
    parser.add_argument("--json", action="store_const", dest="format", const="json",
                        help="print the passages as JSON (the same as --format json)")
    parser.add_argument("--format", choices=("human", "json", "github"), default="human",
                        help="human (default), json, or github (one workflow annotation per passage, on its lines)")
    parser.add_argument("--add", action="store_true",
                        help="add the one ARTICLE to content/articles/, add its covered passages as provenance of "
                             "the matched items, write build/ingest/<id>.yaml for its new passages, run the check "
                             "(content/ is left unchanged if it fails)")
    parser.add_argument("--root", default=argparse.SUPPRESS, metavar="DIR",
                        help="project root holding content/ and rules/ (default: .)")
    parser.set_defaults(func=cmd_ingest)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description="Check and build the POS problems guide.")
    parser.add_argument("--root", default=".", help="folder that holds content/ and rules/ (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--root", default=argparse.SUPPRESS, help="folder that holds content/ and rules/")
        p.set_defaults(func=func)
        return p

    p = add("check", cmd_check, "validate content and rules only (fast)")
    p.add_argument("--format", choices=FORMATS, default="human",
                   help="human (default, on stderr), github (workflow annotations) or json (on stdout)")
    p.add_argument("--strict", action="store_true", help=STRICT_HELP)
    p = add("build", cmd_build, "validate, generate Markdown into build/docs and build the site")
    p.add_argument("--site-dir", help="where to build the site (default: ROOT/site)")
    p.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                   help=f"the site engine: {' or '.join(ENGINES)} (default: {DEFAULT_ENGINE}; see README, Engines)")
    p.add_argument("--strict", action="store_true", help=STRICT_HELP)
    p = add("new", cmd_new, "start content/KIND/ID.yaml from a template")
    p.add_argument("kind", metavar="KIND", choices=NEW_KINDS, help=", ".join(NEW_KINDS))
    p.add_argument("id", metavar="ID", help="lowercase words joined by '-', e.g. network-delay")
    p = add("docs", cmd_docs, "regenerate schemas/ and the field reference in CONTRIBUTING.md from the model")
    p.add_argument("--check", action="store_true", help="write nothing; fail if a generated file is stale")
    p = add("serve", cmd_serve, "live preview that regenerates when content/ or rules/ change")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")
    add_clean_parser(sub)
    add_ingest_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        never_raise(stream)
    args = make_parser().parse_args(argv)
    try:
        code = int(args.func(args) or 0)
        if args.command == "serve":
            end_now(code)
        return code
    except KbError as exc:  # a full disk, a read-only place, a lock held by another build: path and what to do
        print(f"kb {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous site/ is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def end_now(code: int) -> None:
    """End a stopped preview at once: it has cleaned up (its lock, its temporary site), and the
    interpreter's teardown of the loaded site engine takes seconds, longer than a stop may."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:
            pass
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
