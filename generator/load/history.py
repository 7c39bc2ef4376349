"""What git says about the root, the only module that runs git: when each content file last changed
(one ``git log`` pass, newest commit first), the last commit's time and its short id.

Used for the "最后更新" line of every page, the build date and the version. The dates come from commits,
never from the clock or file times, so two clones of a commit build the same bytes. Without git (an
exported tarball) every answer is empty and pages simply show no date.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def git(root: Path, *args: str, timeout: float = 60) -> str | None:
    """The output of ``git ARGS`` run in root, or None when git is missing or fails (not a repository)."""
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def commit_time(root: Path) -> int | None:
    """The last commit's time (seconds since the epoch), or None without git."""
    out = (git(root, "log", "-1", "--format=%ct", timeout=10) or "").strip()
    return int(out) if out.isdigit() else None


def short_commit(root: Path) -> str:
    """The last commit's id in 8 hex digits, or '' without git."""
    return (git(root, "rev-parse", "--short=8", "HEAD", timeout=10) or "").strip()


def last_changed(root: Path) -> dict[str, str]:
    """Path under content/ (relative to the root, with forward slashes) -> UTC date of its last commit."""
    out = git(root, "-c", "core.quotepath=off", "log", "--format=%x00%ct", "--name-only", "--no-renames",
              "--relative", "--", "content")
    if out is None:
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in out.splitlines():
        if line.startswith("\0"):
            stamp = line[1:]
            date = time.strftime("%Y-%m-%d", time.gmtime(int(stamp))) if stamp.isdigit() else ""
        elif line and date:
            dates.setdefault(line, date)
    return dates


def latest(dates: dict[str, str], source: str) -> str | None:
    """The newest date of a file, or of every file under a folder (a source ending in '/')."""
    if not source.endswith("/"):
        return dates.get(source)
    found = [d for path, d in dates.items() if path.startswith(source)]
    return max(found) if found else None
