"""``build-info.json`` in the built site: the engine and the package versions that built it.

The versions are read from the installed distributions (``importlib.metadata``), which ``make
site`` installs from the locks in ``requirements/``: the file records the locked versions the
site was actually built with. It holds nothing that changes between two builds of one commit
with one environment, so builds stay reproducible.
"""

from __future__ import annotations

import json
import platform
from importlib import metadata
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

FILE = "build-info.json"
PROJECT = "pos-kb"


def runtime_packages(project: str = PROJECT) -> dict[str, str]:
    """Name -> version of every installed distribution the project needs at run time (no extras of
    its own; the extras its dependencies ask for are followed)."""
    found: dict[str, str] = {}
    queue: list[tuple[str, frozenset[str]]] = [(project, frozenset())]
    seen: set[tuple[str, frozenset[str]]] = set()
    while queue:
        name, extras = queue.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if name != project:
            found[name] = dist.version
        for text in dist.requires or []:
            try:
                req = Requirement(text)
            except InvalidRequirement:
                continue
            if req.marker is None or any(req.marker.evaluate({"extra": extra}) for extra in extras or {""}):
                queue.append((canonicalize_name(req.name), frozenset(req.extras)))
    return dict(sorted(found.items()))


def build_info(engine_name: str, engine_distributions: tuple[str, ...], generator_version: str) -> dict:
    packages = runtime_packages()
    return {
        "generator": {"name": PROJECT, "version": generator_version},
        "engine": {"name": engine_name,
                   "versions": {name: packages.get(canonicalize_name(name), "not installed")
                                for name in engine_distributions}},
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": packages,
    }


def write_build_info(site_dir: Path, info: dict) -> None:
    (site_dir / FILE).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
