"""Building a site atomically: a temporary folder next to the target, swapped in only on success.

A failed or interrupted build leaves the previous site untouched; folders left by builds that
were killed outright are removed by the next build.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def temporary_site(site_dir: Path):
    """A fresh temporary folder beside ``site_dir`` (stale ones removed first), deleted afterwards
    unless it was swapped in."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(site_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.tmp-{os.getpid()}-", dir=site_dir.parent))
    try:
        os.chmod(tmp, 0o777 & ~current_umask())  # mkdtemp makes it 0700; a site is served by other users
        yield tmp
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def current_umask() -> int:
    """The process's umask (read from /proc where it can be, else set and restored at once)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def terminate_as_interrupt():
    """Turn SIGTERM into KeyboardInterrupt while building, so cleanup runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def remove_stale(site_dir: Path) -> None:
    """Delete temporary and old sites left by builds that were killed outright (SIGKILL, power loss)."""
    pattern = re.compile(re.escape(f".{site_dir.name}.") + r"(?:tmp|old)-(\d+)")
    for path in site_dir.parent.glob(f".{site_dir.name}.*-*"):
        match = pattern.match(path.name)
        if match and path.is_dir() and not alive(int(match[1])):
            shutil.rmtree(path, ignore_errors=True)


def alive(pid: int) -> bool:
    """True if a process with this id (other than this one) may still be running."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def swap(new: Path, target: Path) -> None:
    """Replace target with new using renames, so target is always a complete site.

    SIGINT and SIGTERM are held back between the two renames, so an interruption
    cannot leave the target missing.
    """
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    held = {signal.SIGINT, signal.SIGTERM}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        if target.exists():
            os.replace(target, old)
        os.replace(new, target)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
