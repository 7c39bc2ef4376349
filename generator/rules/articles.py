"""``kb clean`` as a library: read article files, clean them, and say what was removed.

``clean_files`` reads and cleans articles given on the command line; ``report_lines``,
``as_json`` and ``as_text`` turn the results into the three outputs of ``kb clean``
(the CLI prints them). Problems are located diagnostics; there is never a traceback
for bad input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..load.files import read_text
from .cleaner import clean_article
from .loader import load_rules
from .model import CleanResult

MAX_ARTICLE_BYTES = 1024 * 1024


@dataclass
class CleanRun:
    """What ``clean_files`` did: each readable article with its result, and every problem found."""

    results: list[tuple[str, CleanResult]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rules_broken: bool = False
    """True if rules/ has errors: then no article is cleaned."""
    unreadable: int = 0
    """How many articles could not be read."""

    @property
    def failed(self) -> bool:
        return self.rules_broken or self.unreadable > 0


def read_article(path_text: str) -> tuple[str | None, list[Diagnostic]]:
    """The text of an article file given on the command line, or None with a located diagnostic.

    A path that names nothing or a folder is the caller's mistake and says so; the rest (a file too
    large, unreadable or not UTF-8) is read and reported exactly as content files are."""
    path = Path(path_text)
    if not path.exists():
        return None, [Diagnostic(path_text, 1, 1, "file not found: expected an article text file; "
                                                  "hint: check the path, e.g. content/articles/a000.txt", "clean")]
    if path.is_dir():
        return None, [Diagnostic(path_text, 1, 1, "is a directory: expected an article text file; "
                                                  "hint: pass the files, e.g. content/articles/*.txt", "clean")]
    return read_text(path, path_text, limit=MAX_ARTICLE_BYTES, too_large="is this an article?")


def clean_files(root: Path, paths: list[str]) -> CleanRun:
    """Load the rules of ``root`` and clean every article in ``paths`` that can be read."""
    rules, diagnostics = load_rules(Path(root))
    run = CleanRun(diagnostics=sorted(diagnostics))
    if any(d.is_error for d in diagnostics):
        run.rules_broken = True
        return run
    for path in paths:
        text, problems = read_article(path)
        run.diagnostics += problems
        if text is None:
            run.unreadable += 1
            continue
        run.results.append((path, clean_article(text, rules)))
    return run


def report_lines(path: str, result: CleanResult) -> list[str]:
    """One line per removal: ``path:line:col: rule-id: action 'text'`` (and ``-> 'new'`` for repairs)."""
    lines = []
    for r in result.removals:
        line = f"{path}:{r.line}:{r.column}: {r.rule_id}: {r.action} '{r.text}'"
        if r.action == "repaired":
            line += f" -> '{r.replacement}'"
        lines.append(line)
    return lines


def _removal_dicts(result: CleanResult) -> list[dict]:
    return [{"rule_id": r.rule_id, "line": r.line, "column": r.column, "action": r.action, "text": r.text,
             "replacement": r.replacement} for r in result.removals]


def as_json(results: list[tuple[str, CleanResult]], ascii_only: bool = False) -> str:
    """The cleaned texts and their removals as one JSON document (with a final newline); with
    ``ascii_only`` every other character is written as a JSON escape."""
    payload = {"articles": [{"path": p, "text": r.text, "removals": _removal_dicts(r)} for p, r in results]}
    return json.dumps(payload, ensure_ascii=ascii_only, indent=2) + "\n"


def as_text(results: list[tuple[str, CleanResult]], several: bool) -> str:
    """The cleaned texts, each after a ``==> path <==`` header when ``several`` articles were asked for."""
    out = []
    for index, (path, result) in enumerate(results):
        if several:
            out.append(("\n" if index else "") + f"==> {path} <==\n")
        out.append(result.text)
    return "".join(out)
