"""The locks in requirements/ cover pyproject.toml, carry hashes, and are what is installed.

`make lock` writes them; a dependency added to pyproject.toml without relocking fails here
(and would not be installed by `make site` / `make test`, which install only the locks).
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from support import REPO, parse_lock

REQ = REPO / "requirements"


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def requirements(extra: str | None) -> dict[str, Requirement]:
    project = pyproject()["project"]
    found = [Requirement(text) for text in project["dependencies"]]
    if extra:
        found += [Requirement(text) for text in project["optional-dependencies"][extra]]
    return {canonicalize_name(req.name): req for req in found}


LOCKS = {"runtime.txt": None, "test.txt": "test"}


@pytest.mark.parametrize("lock, extra", LOCKS.items())
def test_lock_pins_every_pyproject_dependency_within_its_range(lock: str, extra: str | None) -> None:
    pins = parse_lock(REQ / lock)
    wanted = requirements(extra)
    missing = sorted(name for name in wanted if name not in pins or not pins[name]["direct"])
    assert missing == [], f"requirements/{lock} lacks {missing}: run `make lock`"
    outside = sorted(f"{name}=={pins[name]['version']} (pyproject.toml: {wanted[name].specifier})"
                     for name, req in wanted.items()
                     if not req.specifier.contains(Version(pins[name]["version"]), prereleases=True))
    assert outside == [], f"requirements/{lock}: run `make lock`"
    stale = sorted(name for name, pin in pins.items() if pin["direct"] and name not in wanted)
    assert stale == [], f"requirements/{lock} still pins removed dependencies: run `make lock`"


def test_build_lock_pins_the_build_backend() -> None:
    pins = parse_lock(REQ / "build.txt")
    for text in pyproject()["build-system"]["requires"]:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        assert name in pins, f"requirements/build.txt lacks {name}: run `make lock`"
        assert req.specifier.contains(Version(pins[name]["version"]))
    assert "uv" in pins


@pytest.mark.parametrize("lock", ["build.txt", "runtime.txt", "test.txt"])
def test_every_locked_package_has_hashes(lock: str) -> None:
    pins = parse_lock(REQ / lock)
    assert pins
    assert sorted(name for name, pin in pins.items() if pin["hashes"] == 0) == []


def test_runtime_and_build_locks_agree_with_the_test_lock() -> None:
    test = parse_lock(REQ / "test.txt")
    for lock in ("runtime.txt", "build.txt"):
        pins = parse_lock(REQ / lock)
        differ = sorted(f"{name}: {pin['version']} != {test[name]['version']}" for name, pin in pins.items()
                        if name in test and pin["version"] != test[name]["version"])
        assert differ == [], lock


def test_this_environment_runs_the_locked_versions() -> None:
    """`make test` installed the test lock: every locked package present here has its locked version."""
    pins = {**parse_lock(REQ / "test.txt"), **parse_lock(REQ / "build.txt")}
    installed = {}
    for name in pins:
        try:
            installed[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    applicable = [name for name, req in requirements("test").items()
                  if req.marker is None or req.marker.evaluate({"extra": "test"})]
    assert sorted(name for name in applicable if name not in installed) == []
    assert {name: version for name, version in installed.items() if version != pins[name]["version"]} == {}
