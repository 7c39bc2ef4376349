"""Files: walking content/, reading a file within the size limit, decoding strict UTF-8.

Every problem is a located diagnostic, never an exception.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..diagnostics import Diagnostic

MAX_FILE_BYTES = 64 * 1024


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 strictly; refuse BOMs and CR line endings with a located message."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Diagnostic(rel, 1, 1, "file starts with a byte-order mark: expected UTF-8 without BOM; "
                                            "hint: save the file as 'UTF-8' (not 'UTF-8 with BOM')", "encoding")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [Diagnostic(rel, line, col, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8: expected a "
                                                 "UTF-8 text file; hint: re-save the file as UTF-8", "encoding")]
    problems = text_problems(text, rel)
    return (None, problems) if problems else (text, [])


_BAD_CHAR = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def text_problems(text: str, rel: str) -> list[Diagnostic]:
    """Refuse a BOM, CR line endings, other line breaks and control characters, located."""
    if text.startswith("\ufeff"):
        return [Diagnostic(rel, 1, 1, "file starts with a byte-order mark: expected UTF-8 without BOM; "
                                      "hint: save the file as 'UTF-8' (not 'UTF-8 with BOM')", "encoding")]
    match = _BAD_CHAR.search(text)
    if not match:
        return []
    idx = match.start()
    line = text.count("\n", 0, idx) + 1
    col = idx - (text.rfind("\n", 0, idx) + 1) + 1
    char = match.group()
    if char == "\r":
        message = "carriage return found: expected Unix line endings (LF); hint: set your editor to LF line endings"
    elif char in "\x85\u2028\u2029":
        message = (f"line separator U+{ord(char):04X} found: expected Unix line endings (LF); "
                   "hint: replace it with a normal line break")
    else:
        message = (f"control character U+{ord(char):04X} found: expected printable text; "
                   "hint: delete the invisible character")
    return [Diagnostic(rel, line, col, message, "encoding")]


def walk(folder: str, prefix: str = "", problems: list[Diagnostic] | None = None, shown: str = ""):
    """(entry, path relative to the walk's start) for everything below folder, sorted; links are not followed.

    A folder that cannot be listed (permission denied, vanished) is skipped with a diagnostic in
    ``problems`` (raised if None), named ``shown`` + its relative path."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        if problems is None:
            raise
        problems.append(folder_problem(shown + prefix.rstrip("/"), exc))
        return
    for entry in entries:
        rel = prefix + entry.name
        yield entry, rel
        if entry.is_dir(follow_symlinks=False):
            yield from walk(entry.path, rel + "/", problems, shown)


def folder_problem(rel: str, exc: OSError) -> Diagnostic:
    """A folder that cannot be listed, as a diagnostic naming it."""
    reason = exc.strerror or str(exc)
    hint = ("make it readable by the user running kb (e.g. chmod a+rx)" if isinstance(exc, PermissionError)
            else "run the command again once nothing else is moving or deleting files there")
    return Diagnostic(rel or ".", 1, 1, f"cannot read the folder: {reason}; hint: {hint}", "layout")


def read_text(path: Path, rel: str, limit: int = MAX_FILE_BYTES,
              too_large: str = "split the item") -> tuple[str | None, list[Diagnostic]]:
    """The text of a regular file of at most ``limit`` bytes, or None with a located diagnostic;
    ``too_large`` is the hint for a larger file."""
    try:
        if not path.exists() and not path.is_symlink():
            return None, [Diagnostic(rel, 1, 1, "the file disappeared while it was being read: expected it to stay "
                                                "in place; hint: run the command again once nothing else is moving "
                                                "or deleting files there", "layout")]
        if not path.is_file():  # follows links: a link to a missing file is not a regular file
            return None, [Diagnostic(rel, 1, 1, "not a regular file: expected a text file; hint: replace it with a "
                                                "plain file (no links to missing files)", "layout")]
        size = path.stat().st_size
        if size > limit:
            return None, [Diagnostic(rel, 1, 1, f"file is too large: expected at most {limit} bytes, got "
                                                f"{size}; hint: {too_large}", "layout")]
        raw = path.read_bytes()
    except OSError as exc:
        hint = ("make it readable by the user running kb (e.g. chmod a+r)" if isinstance(exc, PermissionError)
                else "run the command again once nothing else is moving or deleting files there"
                if isinstance(exc, FileNotFoundError) else "check the file and its permissions")
        return None, [Diagnostic(rel, 1, 1, f"cannot read the file: {exc.strerror or exc}; hint: {hint}", "layout")]
    return decode(raw, rel)
