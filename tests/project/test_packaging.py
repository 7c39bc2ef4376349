"""The package builds without a setuptools warning, and its wheel ships every module and template.

Setuptools' InformationOnly notes (the one on editable installs) are not warnings. The build runs in a copy of the project with the locked setuptools, through the same PEP 517
hooks that `make site` (an editable install) and a wheel build call.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from support import REPO

BUILD = r"""
import json, sys, warnings
from setuptools import build_meta
from setuptools.warnings import InformationOnly, SetuptoolsWarning

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    wheel = build_meta.build_wheel(sys.argv[1])
    editable = build_meta.build_editable(sys.argv[2])
found = [f"{w.category.__name__}: {w.message}" for w in caught
         if issubclass(w.category, SetuptoolsWarning) and not issubclass(w.category, InformationOnly)]
print(json.dumps({"wheel": wheel, "editable": editable, "warnings": found}))
"""


def test_wheel_and_editable_builds_print_no_setuptools_warning(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(REPO / "pyproject.toml", project / "pyproject.toml")
    shutil.copytree(REPO / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    wheels, editables = tmp_path / "wheel", tmp_path / "editable"
    proc = subprocess.run([sys.executable, "-c", BUILD, str(wheels), str(editables)], cwd=project,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["warnings"] == []

    sources = sorted(path.relative_to(project).as_posix() for path in (project / "generator").rglob("*")
                     if path.is_file())
    with zipfile.ZipFile(wheels / result["wheel"]) as wheel:
        shipped = sorted(name for name in wheel.namelist() if name.startswith("generator/"))
    assert shipped == sources
    assert any(name.endswith(".j2") for name in shipped)
