"""One writer at a time per root: ``kb build`` and ``kb serve`` each hold a lock on the root.

The lock is a file in ``build/`` holding the pid of its holder, locked with ``flock``: the
kernel releases it on every exit path (even SIGKILL), so a lock is never left held. A pid
still written in the file when the lock is taken means its holder was stopped before it
could clean up; the lock is taken over and the caller is told (``Lock.stale_pid``).
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import KbError

LOCK_DIR = Path("build")


class LockedError(KbError):
    """Another process holds the lock of this root."""


@dataclass(frozen=True)
class Lock:
    """A lock held by this process."""

    path: Path
    """The lock file."""
    stale_pid: int | None
    """The pid left in the file by a holder that was killed, if any: its lock was taken over."""


def lock_path(root: Path, name: str) -> Path:
    return Path(root) / LOCK_DIR / f"{name}.lock"


@contextmanager
def root_lock(root: Path, name: str, what: str):
    """Hold ``build/<name>.lock`` of root while the block runs; ``what`` names the holder in the
    message a second process gets (e.g. 'kb build'). Raises LockedError if it is held."""
    path = lock_path(root, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _pid_in(fd)
            by = f" (pid {holder})" if holder else ""
            raise LockedError(f"{path}: another {what}{by} is running in this folder; hint: wait for it to "
                              f"finish (or stop it), then run {what} again") from None
        stale = _pid_in(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield Lock(path, stale if stale != os.getpid() else None)
        finally:
            os.ftruncate(fd, 0)  # released cleanly: nothing to take over next time
    finally:
        os.close(fd)  # releases the flock


def _pid_in(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None
