"""Turn diagnostics into text: for people, for GitHub Actions, and as JSON.

``human``  ``file:line:col: message`` grouped by file, coloured on a terminal
           (never when NO_COLOR is set), then a summary count.
``github`` workflow commands (``::error file=...::message``) that GitHub shows
           as annotations on the pull request, plus the full list as Markdown
           in $GITHUB_STEP_SUMMARY, because GitHub shows only ten annotations
           of each severity per step.
``json``   one stable document: a version, the counts and every diagnostic (ASCII with JSON
           escapes when the stream cannot take UTF-8).
"""

from __future__ import annotations

import codecs
import json
import os
from itertools import groupby
from typing import TextIO

from ..diagnostics import Diagnostic

FORMATS = ("human", "github", "json")
_COLOURS = {"error": "\033[31m", "warning": "\033[33m"}
_BOLD = "\033[1m"
_RESET = "\033[0m"


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


def takes_utf8(stream: TextIO) -> bool:
    """True if the stream encodes text as UTF-8 (or another Unicode encoding): every character fits."""
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name.startswith("utf")
    except LookupError:
        return False


def never_raise(stream: TextIO) -> None:
    """Make a stream that cannot take UTF-8 (PYTHONIOENCODING=ascii, a POSIX locale) write the
    characters it lacks as backslash escapes instead of raising, so ``path:line:col`` stays intact."""
    if not takes_utf8(stream) and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="backslashreplace")


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    files = len({d.path for d in diagnostics})
    return f"{errors} error(s), {len(diagnostics) - errors} warning(s) in {files} file(s)"


def line_of(diag: Diagnostic) -> str:
    """One diagnostic as ``file:line:col: [warning: ]message``."""
    return str(diag) if diag.is_error else f"{diag.path}:{diag.line}:{diag.column}: warning: {diag.message}"


def human(diagnostics: list[Diagnostic], stream: TextIO, colour: bool = False) -> None:
    """One line per diagnostic, grouped by file (a file name heading on a terminal), then a summary count."""
    ordered = sorted(diagnostics)
    for path, group in groupby(ordered, key=lambda d: d.path):
        if colour:
            print(f"{_BOLD}{path}{_RESET}", file=stream)
        for diag in group:
            text = line_of(diag)
            print(f"  {_COLOURS[diag.severity]}{text}{_RESET}" if colour else text, file=stream)
    if ordered:
        print(summary(ordered), file=stream)


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (file=, title=) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: list[Diagnostic], stream: TextIO) -> None:
    """One workflow command per diagnostic; GitHub turns them into annotations on the lines."""
    for diag in sorted(diagnostics):
        props = ",".join([f"file={escape_property(diag.path)}", f"line={diag.line}", f"col={diag.column}",
                          f"title={escape_property(diag.code)}"])
        print(f"::{diag.severity} {props}::{escape_data(diag.message)}", file=stream)
    if diagnostics:
        print(summary(diagnostics), file=stream)


def _md_cell(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("\r", " ").replace("\n", " "))


def markdown(diagnostics: list[Diagnostic]) -> str:
    """The full list as a Markdown table, for $GITHUB_STEP_SUMMARY."""
    ordered = sorted(diagnostics)
    out = ["## kb check", "", summary(ordered) if ordered else "No problems found.", ""]
    if ordered:
        out += ["| location | severity | code | message |", "|---|---|---|---|"]
        out += [f"| `{_md_cell(d.path)}:{d.line}:{d.column}` | {d.severity} | {_md_cell(d.code)} | "
                f"{_md_cell(d.message)} |" for d in ordered]
        out.append("")
    return "\n".join(out) + "\n"


def write_step_summary(diagnostics: list[Diagnostic]) -> None:
    """Append the Markdown list to $GITHUB_STEP_SUMMARY when GitHub Actions provides it."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(markdown(diagnostics))


def as_json(diagnostics: list[Diagnostic], stream: TextIO) -> None:
    """A stable document: keys sorted, diagnostics in file, line, column order."""
    ordered = sorted(diagnostics)
    errors = sum(1 for d in ordered if d.is_error)
    doc = {
        "version": 1,
        "errors": errors,
        "warnings": len(ordered) - errors,
        "diagnostics": [{"path": d.path, "line": d.line, "column": d.column, "severity": d.severity,
                         "code": d.code, "message": d.message} for d in ordered],
    }
    json.dump(doc, stream, ensure_ascii=not takes_utf8(stream), indent=2, sort_keys=True)
    stream.write("\n")


def emit(diagnostics: list[Diagnostic], fmt: str, stream: TextIO) -> None:
    """Write diagnostics in one of FORMATS."""
    if fmt == "github":
        github(diagnostics, stream)
        write_step_summary(diagnostics)
    elif fmt == "json":
        as_json(diagnostics, stream)
    else:
        human(diagnostics, stream, colour=use_colour(stream))


def github_annotations(path: str, notes: list, summary_line: str, stream: TextIO) -> None:
    """``kb ingest --format github``: one workflow command per passage, on its lines, then the counts."""
    file = escape_property(path)
    for n in notes:
        where = f"file={file},line={n.line},endLine={n.end_line}"
        if n.line == n.end_line:
            where += f",col={n.column},endColumn={n.end_column}"
        print(f"::{n.level} {where},title={escape_property(n.title)}::{escape_data(n.message)}", file=stream)
    print(f"::notice file={file},title=kb ingest::{escape_data(summary_line)}", file=stream)
