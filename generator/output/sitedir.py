"""Which folders ``kb build`` may replace with a site: only its own.

A build replaces its site folder whole, so a mistyped ``--site-dir`` must never name a folder the
tool did not write. The folder is checked before any work: absent, empty, or a site an earlier
``kb build`` wrote (its ``build-info.json``) is replaced; anything else is refused and left as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..diagnostics import KbError
from .buildinfo import FILE as MARKER, PROJECT

OWN_FOLDERS = ("content", "rules", "build")
"""Folders of the root that hold the sources or the tool's own work; a site is never put there."""


class SiteDirError(KbError):
    """The site folder is one ``kb build`` must not replace."""


def check_site_dir(root: Path, site_dir: Path) -> None:
    """Raise SiteDirError unless ``site_dir`` (resolved, like ``root``) may be replaced by a build."""
    reason = refusal(root, site_dir)
    if reason:
        raise SiteDirError(f"{site_dir}: refusing to replace this folder: {reason}; hint: pass --site-dir a new "
                           "folder (or delete this one yourself if you mean to replace it)")


def refusal(root: Path, site_dir: Path) -> str | None:
    """Why ``site_dir`` may not be replaced, or None."""
    if site_dir == root:
        return "it is the project root"
    if root.is_relative_to(site_dir):
        return "it contains the project root"
    for name in OWN_FOLDERS:
        own = root / name
        if site_dir == own:
            return f"it is the project's {name}/ folder"
        if site_dir.is_relative_to(own):
            return f"it is inside the project's {name}/ folder"
    try:
        site_dir.lstat()
    except OSError:  # absent, or out of reach (a name too long): the steps that write say what to do
        return None
    if not site_dir.is_dir():
        return "it is not a folder"
    if (site_dir / ".git").exists():
        return "it holds a .git folder (a repository)"
    if not any(site_dir.iterdir()):
        return None
    if not written_by_kb(site_dir / MARKER):
        return f"it is not a site written by kb build (it has no {MARKER} from kb build)"
    return None


def written_by_kb(marker: Path) -> bool:
    """True if ``marker`` is the build-info.json a build writes."""
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(info, dict) and isinstance(info.get("generator"), dict) \
        and info["generator"].get("name") == PROJECT
