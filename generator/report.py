"""Turn diagnostics into text for people (and, later, machines)."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from .errors import Diagnostic

_COLOURS = {"error": "\033[31m", "warning": "\033[33m"}
_RESET = "\033[0m"


def human(diagnostics: list[Diagnostic], stream: TextIO, colour: bool = False) -> None:
    """One line per diagnostic, grouped by file, then a summary count."""
    ordered = sorted(diagnostics)
    for _path, group in groupby(ordered, key=lambda d: d.path):
        for diag in group:
            text = str(diag) if diag.is_error else f"{diag.path}:{diag.line}:{diag.column}: warning: {diag.message}"
            if colour:
                text = f"{_COLOURS[diag.severity]}{text}{_RESET}"
            print(text, file=stream)
    errors = sum(1 for d in ordered if d.is_error)
    warnings = len(ordered) - errors
    files = len({d.path for d in ordered})
    if ordered:
        print(f"{errors} error(s), {warnings} warning(s) in {files} file(s)", file=stream)
