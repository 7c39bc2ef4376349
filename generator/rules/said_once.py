"""The deliberate exceptions to "said once": clauses that stay typed in two files, each with its reason.

``kb check`` (``generator.validate.said_once``) warns about a clause typed in two files. A pair that
must stay (two letters that print the same blank line, say) is listed under ``said_twice:`` in a rule
file, with the two items and the reason; the check then passes it, and warns when an entry no longer
matches any pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..diagnostics import Pos

SAID_ONCE_KEYS = {"said_twice"}
"""The keys of a rule file that hold said-once exceptions."""


@dataclass(frozen=True)
class SaidTwice:
    """One clause that is typed in two files on purpose."""

    clause: str
    """The clause as written in one of the two files (it must still be alike to both)."""
    between: tuple[str, str]
    """The two items that type it, as 'kind/id'."""
    reason: str
    """Why it cannot live in one file and be cited from the other."""
    path: str
    """The rule file that lists it, for messages."""
    pos: Pos
    """Where the entry starts in that file."""


def load_said_twice(data: dict, rel: str, error: Callable[[tuple, str], None],
                    pos: Callable[..., Pos]) -> list[SaidTwice]:
    """The exceptions of one rule file; ``error(keys, message)`` reports a located mistake."""
    entries = data.get("said_twice") or []
    if not isinstance(entries, list):
        error(("said_twice",), "'said_twice' must be a list: expected '- clause: ...' entries; "
                               "hint: start each entry with '- '")
        return []
    out = []
    for i, entry in enumerate(entries):
        keys = ("said_twice", i)
        if not _valid(entry):
            error(keys, "a said_twice entry needs 'clause' (text), 'between' (two items written kind/id) and "
                        "'reason' (text): expected e.g. 'between: [letters/complaint, letters/review]'; "
                        "hint: see the other entries in the file")
            continue
        out.append(SaidTwice(entry["clause"].strip(), tuple(entry["between"]), entry["reason"].strip(),
                             rel, pos(*keys)))
    return out


def _valid(entry: Any) -> bool:
    if not isinstance(entry, dict):
        return False
    between = entry.get("between")
    texts = all(isinstance(entry.get(key), str) and entry[key].strip() for key in ("clause", "reason"))
    return texts and isinstance(between, list) and len(between) == 2 and len(set(between)) == 2 and all(
        isinstance(x, str) and x.count("/") == 1 for x in between)
