"""Publishing a site atomically: built in a temporary folder beside the target, swapped in only on success.

A complete site always holds ``build-info.json``, written as the last step of a build and deleted
first when an old copy is thrown away, so a folder with it is never half-built or half-deleted.

The swap is one ``renameat2(RENAME_EXCHANGE)`` where Linux offers it: at every instant the target
is a complete site (the old one, then the new one). Elsewhere it is two renames (target away to
``.NAME.old-PID``, the new one in): a crash between them leaves no target but both complete copies,
and the next build puts one back (``recover``) before anything else. A leftover folder is deleted
only while the target exists, so the last complete copy is never deleted.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from .buildinfo import FILE as MARKER

AT_FDCWD = -100
RENAME_EXCHANGE = 2


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
    """Turn the first SIGTERM or SIGINT into KeyboardInterrupt, so cleanup runs (main thread only);
    a second one ends the process at once (the default action)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    caught = [signum for signum, action in previous.items() if action is not signal.SIG_IGN]

    def handler(signum, frame):
        for each in caught:
            signal.signal(each, signal.SIG_DFL)
        raise KeyboardInterrupt(f"signal {signum}")

    for signum in caught:  # a signal ignored by whoever started kb (a background job's SIGINT) stays ignored
        signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, action in previous.items():
            signal.signal(signum, action)


def leftovers(site_dir: Path) -> list[Path]:
    """Folders left beside ``site_dir`` by builds that were killed outright (SIGKILL, power loss):
    newest kind first (a finished new site before an old one), then the most recently marked."""
    pattern = re.compile(re.escape(f".{site_dir.name}.") + r"(tmp|old)-(\d+)")
    found = []
    for path in site_dir.parent.glob(f".{site_dir.name}.*-*"):
        match = pattern.match(path.name)
        if match and path.is_dir() and not path.is_symlink() and not alive(int(match[2])):
            found.append((match[1] == "tmp", marked_at(path), path))
    return [path for *_key, path in sorted(found, reverse=True)]


def marked_at(folder: Path) -> float:
    """When the folder was completed (its marker's time), or -1 for an incomplete folder."""
    try:
        return (folder / MARKER).stat().st_mtime
    except OSError:
        return -1.0


def recover(site_dir: Path) -> str | None:
    """Put back the newest complete copy left beside a missing ``site_dir`` by an interrupted
    build; the name of the folder it was, or None when there was nothing to do."""
    try:
        site_dir.lstat()
        return None
    except FileNotFoundError:
        pass
    except OSError:  # out of reach (a name too long): the steps that write say what to do
        return None
    for path in leftovers(site_dir):
        if marked_at(path) >= 0:
            os.replace(path, site_dir)
            return path.name
    return None


def remove_stale(site_dir: Path) -> None:
    """Delete the leftovers beside ``site_dir``: incomplete ones always, complete ones only while
    ``site_dir`` exists (it is then the complete copy), so the last complete copy is never deleted."""
    present = site_dir.exists()
    for path in leftovers(site_dir):
        if present or marked_at(path) < 0:
            discard(path)


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


def discard(folder: Path) -> None:
    """Delete a copy of a site: its marker first, so a half-deleted folder never passes for complete."""
    try:
        os.unlink(folder / MARKER)
    except FileNotFoundError:
        pass
    shutil.rmtree(folder, ignore_errors=True)


_RENAMEAT2 = None


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with RENAME_EXCHANGE); False where the C
    library, the kernel or the file system does not offer it."""
    global _RENAMEAT2
    if _RENAMEAT2 is None:
        function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", False)
        if function:
            function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
            function.restype = ctypes.c_int
        _RENAMEAT2 = function
    if not _RENAMEAT2:
        return False
    if _RENAMEAT2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def swap(new: Path, target: Path) -> None:
    """Replace target with the complete site ``new``, so that a crash at any instant leaves a complete
    target or, between the two renames of the fallback, both complete copies for ``recover``.

    SIGINT and SIGTERM are held back until the old copy is gone, so an interruption never
    stops the swap half-way.
    """
    held = {signal.SIGINT, signal.SIGTERM}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        old = None
        if not target.exists():
            os.replace(new, target)
        elif exchange(new, target):
            old = new
        else:
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
            os.replace(new, target)
        if old is not None:
            discard(old)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
