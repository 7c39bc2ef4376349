"""When each content file last changed, from git: one ``git log`` pass, newest commit first.

Used for the "最后更新" line of every page. The dates come from commits, never from the clock or
file times, so two clones of a commit build the same bytes. Without git (an exported tarball) the
result is empty and pages simply show no date.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def last_changed(root: Path) -> dict[str, str]:
    """Path under content/ (relative to the root, with forward slashes) -> UTC date of its last commit."""
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--format=%x00%ct", "--name-only", "--no-renames",
             "--relative", "--", "content"],
            cwd=root, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    if proc.returncode != 0:
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in proc.stdout.splitlines():
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
