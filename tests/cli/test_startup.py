"""`kb check` runs without importing what only pages and the preview need (the renderer's Jinja, pypinyin and
segno, the site engines): every `kb` command starts by importing the CLI, and the check is the inner loop. Of the
renderer it imports only render/checklist.py, whose audit of the printed checklists it runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from generator.cli.main import main
code = main(["--root", sys.argv[1], "check"])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"jinja2", "pypinyin", "segno", "properdocs", "mkdocs",
               "zensical"} or m.startswith(("generator.render", "generator.preview", "generator.output.engines."))
               and m not in ("generator.render", "generator.render.checklist"))
print(code, heavy)
"""


def test_kb_check_imports_neither_the_renderer_nor_the_preview(small_kb: Path) -> None:
    result = subprocess.run([sys.executable, "-c", PROBE, str(small_kb)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.stdout == "0 []\n", result.stderr
    assert result.stderr.splitlines()[-1].startswith("ok: 8 items checked in ")
