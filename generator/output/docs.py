"""Write rendered pages into build/docs, in parallel when there are many.

Files are rewritten only when their bytes change (live preview stays quiet and
mkdocs sees stable timestamps), and files no longer generated are removed.
With many pages, forked workers each write their own contiguous slice.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..forking import map_parts


def write_pages(pages: dict[str, str] | list[tuple[str, str]], out_dir: Path) -> list[str]:
    """Write pages whose bytes changed; return every path given.

    A changed file is replaced atomically (write, then rename) so a watcher never reads half a
    page; a new file is written in place, as nothing can be reading it yet.
    """
    items = pages.items() if isinstance(pages, dict) else pages
    base = str(out_dir)
    present: dict[str, set[str]] = {}
    """Folder -> names it held before this call, listed once: new files are written without a lookup."""
    paths = []
    for rel, text in items:
        paths.append(rel)
        target = os.path.join(base, rel)
        folder, name = os.path.split(target)
        names = present.get(folder)
        if names is None:
            os.makedirs(folder, exist_ok=True)
            names = present[folder] = set(os.listdir(folder))
        data = text.encode("utf-8")
        if name not in names:
            with open(target, "wb") as handle:
                handle.write(data)
            continue
        with open(target, "rb") as handle:
            if handle.read() == data:
                continue
        tmp = os.path.join(folder, f".{name}.tmp")
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    return paths


def prune(out_dir: Path, wanted: set[str]) -> None:
    """Delete files not in ``wanted`` (docs-relative paths) and folders left empty."""
    _prune(str(out_dir), "", wanted)


def _prune(folder: str, prefix: str, wanted: set[str]) -> bool:
    """Remove what is not wanted below folder; True if the folder is left empty."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if _prune(entry.path, rel + "/", wanted):
                    os.rmdir(entry.path)
                else:
                    empty = False
            elif rel in wanted:
                empty = False
            else:
                os.unlink(entry.path)
    return empty


def write_tree(pages: dict[str, str] | list[tuple[str, str]], out_dir: Path, workers: int | None = None) -> int:
    """Make out_dir hold exactly ``pages`` (forked workers for large sites). Returns the number of pages."""
    items = list(pages.items()) if isinstance(pages, dict) else pages
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = map_parts(lambda chunk: write_pages(chunk, out_dir), items, workers=workers)
    wanted = [path for paths in parts for path in paths]
    prune(out_dir, set(wanted))
    return len(wanted)
