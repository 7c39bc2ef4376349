"""YAML text -> plain values, positions and diagnostics (events built by ``events.EventBuilder``)."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml.cyaml import CParser
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import StreamEndEvent
from ruamel.yaml.resolver import VersionedResolver

from ..diagnostics import Diagnostic, Pos
from .events import Abort, EventBuilder
from .files import MAX_FILE_BYTES, text_problems

_RESOLVER = VersionedResolver()
"""YAML 1.2 implicit types for plain scalars; shared, it holds no per-file state."""


def deepest_pos(positions: dict[tuple, Pos], keys: tuple) -> Pos:
    """Position of the deepest prefix of ``keys`` found in ``positions``; the file start if none."""
    for end in range(len(keys), -1, -1):
        found = positions.get(tuple(keys[:end]))
        if found:
            return found
    return Pos(1, 1)


def parse_yaml(text: str, rel: str, positions: bool = True) -> tuple[Any, dict[tuple, Pos], list[Diagnostic]]:
    """Parse one YAML text into plain values, positions and diagnostics; never raises for bad text.

    With ``positions=False`` the positions are left out (an empty dict) unless something is
    wrong, in which case the text is parsed again with them so every message is complete.
    """
    if not positions:
        data, _none, diagnostics = _parse(text, rel, record=False)
        return (data, {}, diagnostics) if not diagnostics else _parse(text, rel, record=True)
    return _parse(text, rel, record=True)


def _parse(text: str, rel: str, record: bool) -> tuple[Any, dict[tuple, Pos], list[Diagnostic]]:
    problem = text_problems(text, rel)
    if problem:
        return None, {}, problem
    if len(text) > MAX_FILE_BYTES:  # characters <= bytes: the same limit as for files, for direct callers
        return None, {}, [Diagnostic(rel, 1, 1, f"file is too large: expected at most {MAX_FILE_BYTES} bytes, got "
                                                f"{len(text.encode('utf-8'))}; hint: split the item", "layout")]
    parser = CParser(io.StringIO(text))
    builder = EventBuilder(rel, _RESOLVER, record)
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, StreamEndEvent):
                break
            builder.feed(event)
    except Abort:
        return None, {}, builder.diagnostics
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem_text = " ".join((exc.problem or exc.context or "invalid YAML").split())
        start = exc.context_mark
        if (exc.problem and exc.context and start and "plain scalar" not in exc.context
                and (start.line, start.column) != (mark.line, mark.column)):
            problem_text += f" ({' '.join(exc.context.split())} at line {start.line + 1}, column {start.column + 1})"
        lines = text.splitlines()
        this_line = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = ("hint: indent with spaces, never tabs" if "\t" in this_line
                else "hint: check quoting and indentation on this line")
        return None, {}, [Diagnostic(rel, line, col, f"YAML syntax error: {problem_text}; {hint}", "yaml")]
    except YAMLError as exc:  # unmarked errors: keep the message on one line
        return None, {}, [Diagnostic(rel, 1, 1, f"YAML error: {' '.join(str(exc).split())}; "
                                                "hint: check the file's syntax", "yaml")]
    if builder.documents == 0 or (not builder.has_root and not builder.diagnostics):
        return None, {}, [Diagnostic(rel, 1, 1, "file is empty: expected a mapping of fields; "
                                                "hint: run 'kb new KIND ID' to start from a template", "yaml")]
    return builder.root, builder.positions, builder.diagnostics


