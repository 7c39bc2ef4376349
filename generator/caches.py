"""Where caches live: the user's cache folder, never a fixed path in the shared /tmp.

``$XDG_CACHE_HOME/pos-kb`` (default ``~/.cache/pos-kb``); a user without a writable home
(a service account) gets the project's ``build/cache`` instead.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(root: Path, name: str = "") -> Path:
    """A writable cache folder of this user (``name`` a subfolder), made if missing; the project's
    build/cache when the user's cache folder cannot be written."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for folder in (Path(base) / "pos-kb" / name, Path(root) / "build" / "cache" / name):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    return Path(root) / "build" / "cache" / name
