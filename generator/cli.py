"""The ``kb`` command. The only place where diagnostics become exit codes."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .errors import ContentError


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def _strict_failure(result, strict: bool) -> bool:
    """True when warnings must fail the command (--strict)."""
    if strict and result.diagnostics and not result.errors:
        print(f"failed: {len(result.diagnostics)} warning(s) and --strict", file=sys.stderr)
        return True
    return False


def cmd_check(args: argparse.Namespace) -> int:
    from .build import check
    from .report import emit

    started = time.perf_counter()
    result = check(_root(args))
    emit(result.diagnostics, args.format, sys.stderr if args.format == "human" else sys.stdout)
    if result.errors or _strict_failure(result, args.strict):
        return 1
    elapsed = time.perf_counter() - started
    print(f"ok: {result.kb.count()} items checked in {elapsed:.2f} s", file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build, check
    from .report import human, use_colour

    colour = use_colour(sys.stderr)
    if args.strict:
        result = check(_root(args))
        if result.errors or _strict_failure(result, True):
            human(result.diagnostics, sys.stderr, colour=colour)
            return 1
    try:
        result = build(_root(args), Path(args.site_dir) if args.site_dir else None)
    except ContentError as exc:
        human(exc.diagnostics, sys.stderr, colour=colour)
        return 1
    human(result.diagnostics, sys.stderr, colour=colour)
    site = Path(args.site_dir) if args.site_dir else _root(args) / "site"
    print(f"built {result.kb.count()} items into {site}", file=sys.stderr)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_item

    root = _root(args)
    try:
        path = new_item(root, args.kind, args.id)
    except ScaffoldError as exc:
        print(f"kb new: {exc}", file=sys.stderr)
        return 1
    print(f"created {path.relative_to(root).as_posix()}: fill in the empty values, link it from another item, "
          "then run 'kb check'", file=sys.stderr)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from .fieldref import DocsError, stale_files, write_files

    root = _root(args)
    try:
        if args.check:
            stale = stale_files(root)
            for rel in stale:
                print(f"{rel}: stale: expected the output of 'kb docs'; hint: run 'kb docs' and commit the result",
                      file=sys.stderr)
            return 1 if stale else 0
        for rel in write_files(root):
            print(f"wrote {rel}", file=sys.stderr)
    except DocsError as exc:
        print(f"kb docs: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(_root(args), args.dev_addr)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description="Check and build the POS problems guide.")
    parser.add_argument("--root", default=".", help="folder that holds content/ and rules/ (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--root", default=argparse.SUPPRESS, help="folder that holds content/ and rules/")
        p.set_defaults(func=func)
        return p

    from .report import FORMATS
    from .scaffold import NEW_KINDS

    strict_help = "fail on warnings too (near-duplicates, missing modelines)"
    p = add("check", cmd_check, "validate content and rules only (fast)")
    p.add_argument("--format", choices=FORMATS, default="human",
                   help="human (default, on stderr), github (workflow annotations) or json (on stdout)")
    p.add_argument("--strict", action="store_true", help=strict_help)
    p = add("build", cmd_build, "validate, generate Markdown into build/docs and build the site")
    p.add_argument("--site-dir", help="where to build the site (default: ROOT/site)")
    p.add_argument("--strict", action="store_true", help=strict_help)
    p = add("new", cmd_new, "start content/KIND/ID.yaml from a template")
    p.add_argument("kind", metavar="KIND", choices=NEW_KINDS, help=", ".join(NEW_KINDS))
    p.add_argument("id", metavar="ID", help="lowercase words joined by '-', e.g. network-delay")
    p = add("docs", cmd_docs, "regenerate schemas/ and the field reference in CONTRIBUTING.md from the model")
    p.add_argument("--check", action="store_true", help="write nothing; fail if a generated file is stale")
    p = add("serve", cmd_serve, "live preview that regenerates when content/ or rules/ change")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")
    try:
        from .clean_cmd import add_clean_parser
    except ImportError:  # pragma: no cover - the cleaner command is optional during development
        add_clean_parser = None
    if add_clean_parser:
        cleaner = add_clean_parser(sub)
        if cleaner is not None and "--root" not in cleaner._option_string_actions:
            cleaner.add_argument("--root", default=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted; the previous site/ is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
