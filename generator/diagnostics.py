"""Located diagnostics and the errors of the kb library, modelled on Jinja's TemplateSyntaxError.

A diagnostic is data: the library collects them and returns them. Only the
CLI turns them into text on stderr and an exit code. Every error the library
raises on purpose is a ``KbError``; ``ContentError`` carries diagnostics.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the content, with its location."""

    path: str
    """File path relative to the root, with forward slashes."""
    line: int
    """1-based line number."""
    column: int
    """1-based column number."""
    message: str
    """What is wrong, what was expected, what was received, and a hint."""
    code: str = "content"
    """A stable category or rule id, e.g. ``schema``, ``reference``, ``spam-links``."""
    severity: str = "error"
    """``error`` fails the check; ``warning`` is reported only."""

    def __str__(self) -> str:
        return f"{visible(self.path)}:{self.line}:{self.column}: {visible(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class KbError(Exception):
    """The base class of every error the kb library raises on purpose (bad content, bad arguments)."""


class ContentError(KbError):
    """Raised by library entry points when diagnostics contain errors."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class FileSystemError(KbError):
    """A file or folder could not be read or written (no space, read-only, permission denied, a
    link loop, a file that vanished, a name too long): the message names the path and what to do."""

    def __init__(self, path: str, problem: str, hint: str):
        self.path, self.problem, self.hint = path, problem, hint
        super().__init__(f"{visible(path)}: {problem}; hint: {hint}")


_FAULTS = {
    errno.ENOSPC: ("no space left on the device", "free some disk space (or build elsewhere with --site-dir DIR), "
                   "then run the command again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space under your quota, then run the command again"),
    errno.EROFS: ("the file system is read-only", "use a writable place (--site-dir DIR for the site)"),
    errno.EACCES: ("permission denied", "check the owner and permissions of the path and its folder, "
                   "or use another place (--site-dir DIR for the site)"),
    errno.ENAMETOOLONG: ("the path is too long", "use a shorter folder or file name"),
    errno.ELOOP: ("symbolic link loop", "remove or fix the link"),
    errno.ENOENT: ("the file or folder disappeared while the command ran",
                   "run the command again once nothing else is moving or deleting files there"),
}
_FAULTS[errno.EPERM] = _FAULTS[errno.EACCES]


def file_system_error(exc: OSError, doing: str, path: str | None = None) -> FileSystemError:
    """The FileSystemError for an OSError met while ``doing`` something (e.g. 'cannot write the site'):
    the path is the exception's file name unless ``path`` is given."""
    problem, hint = _FAULTS.get(exc.errno or 0, (exc.strerror or str(exc), "check the path, then run the "
                                                                         "command again"))
    where = path or exc.filename or "."
    return FileSystemError(str(where), f"{doing}: {problem}", hint)


@dataclass(frozen=True)
class Pos:
    """A 1-based position inside a file."""

    line: int
    column: int


def visible(text: str) -> str:
    """The text on one line: newlines and other invisible characters written as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] if c in "\n\t\r" else f"\\u{ord(c):04x}" for c in text)


def qt(value: object) -> str:
    """Quote a received value for a message, shortened."""
    text = repr(value) if not isinstance(value, str) else "'" + value + "'"
    return text if len(text) <= 60 else text[:57] + "...'"
