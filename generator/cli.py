"""The ``kb`` command. The only place where diagnostics become exit codes."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .errors import ContentError


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def cmd_check(args: argparse.Namespace) -> int:
    from .build import check
    from .report import human

    started = time.perf_counter()
    result = check(_root(args))
    human(result.diagnostics, sys.stderr, colour=sys.stderr.isatty())
    if result.errors:
        return 1
    elapsed = time.perf_counter() - started
    print(f"ok: {result.kb.count()} items checked in {elapsed:.2f} s", file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .report import human

    try:
        result = build(_root(args), Path(args.site_dir) if args.site_dir else None)
    except ContentError as exc:
        human(exc.diagnostics, sys.stderr, colour=sys.stderr.isatty())
        return 1
    human(result.diagnostics, sys.stderr, colour=sys.stderr.isatty())
    site = Path(args.site_dir) if args.site_dir else _root(args) / "site"
    print(f"built {result.kb.count()} items into {site}", file=sys.stderr)
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

    add("check", cmd_check, "validate content and rules only (fast)")
    p = add("build", cmd_build, "validate, generate Markdown into build/docs and build the site")
    p.add_argument("--site-dir", help="where to build the site (default: ROOT/site)")
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
