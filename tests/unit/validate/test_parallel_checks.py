"""A large knowledge base is checked in forked workers (each file, then the extra checks); what
`kb check` reports must not depend on that: the same diagnostics, in the same order, as one process."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO
from generator import forking
from generator.pipeline import check

pytestmark = pytest.mark.slow  # a knowledge base large enough to fork for


@pytest.fixture(scope="module")
def large_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic guide just past the parallel threshold, with errors and warnings of several kinds."""
    root = tmp_path_factory.mktemp("parallel-check") / "kb"
    subprocess.run([sys.executable, str(REPO / "bench/synth.py"), str(root), str(forking.PARALLEL_FROM + 50)],
                   check=True, capture_output=True)
    causes = sorted((root / "content/causes").glob("*.yaml"))
    causes[0].write_text("id: wrong-id\ntitle: 12\nbogus: 1\n", encoding="utf-8")  # schema errors
    remedy = sorted((root / "content/remedies").glob("*.yaml"))[3]
    remedy.write_text(remedy.read_text("utf-8").replace("title: ", "title: 加微信领取免费POS机 ", 1), "utf-8")  # spam
    copy = re.sub(r"(?m)^id: .*$", "id: copied-cause", causes[5].read_text("utf-8"), count=1)
    (root / "content/causes/copied-cause.yaml").write_text(copy, "utf-8")  # a near-duplicate (and an orphan)
    return root


def report(root: Path) -> list[str]:
    return [str(d) for d in check(root).diagnostics]


def test_forked_checks_report_exactly_what_one_process_does(large_root: Path, monkeypatch) -> None:
    files = sum(1 for p in (large_root / "content").rglob("*.yaml"))
    assert forking.workers_for(files, 2) == 2  # the parallel path is taken
    monkeypatch.setattr(forking, "workers_for", lambda count, workers=None: 2)  # map_parts: files and extra checks
    forked = report(large_root)
    monkeypatch.setattr(forking, "workers_for", lambda count, workers=None: 1)
    single = report(large_root)
    assert forked == single
    broken = f"content/causes/{sorted((large_root / 'content/causes').glob('*.yaml'))[0].name}"
    assert any(line.startswith(f"{broken}:3:1: unknown key 'bogus'") for line in single)
    assert any(": contact pitch '加微信' (rule contact-wechat)" in line for line in single)
    assert any(line.startswith("content/causes/copied-cause.yaml:") and "near-duplicate" in line for line in single)
