"""build-info.json: the built site records its engine and the locked versions it was built with."""

from __future__ import annotations

import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker

from support import REPO, parse_lock

ENGINE_DISTRIBUTIONS = {"properdocs": ("properdocs", "mkdocs-material"), "zensical": ("zensical",)}


def locked_here() -> dict[str, str]:
    """The runtime lock's pins that apply to this machine (markers evaluated)."""
    pins = parse_lock(REPO / "requirements" / "runtime.txt")
    return {name: pin["version"] for name, pin in sorted(pins.items())
            if pin["marker"] is None or Marker(pin["marker"]).evaluate()}


def test_build_info_names_the_engine_and_every_runtime_package_at_its_locked_version(real_site: Path,
                                                                                     engine: str) -> None:
    info = json.loads((real_site / "build-info.json").read_text(encoding="utf-8"))
    locked = locked_here()
    assert info["engine"] == {"name": engine,
                              "versions": {name: locked[name] for name in ENGINE_DISTRIBUTIONS[engine]}}
    assert info["packages"] == locked
    assert info["python"] == f"{platform.python_implementation()} {platform.python_version()}"
    sha = subprocess.run(["git", "rev-parse", "--short=8", "HEAD"], cwd=REPO, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert info["generator"] == {"name": "pos-kb", "version": f"{metadata.version('pos-kb')}+g{sha}"}
