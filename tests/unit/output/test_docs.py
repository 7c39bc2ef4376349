"""Writing build/docs: parallel rendering and writing give exactly what sequential ones give; rewrites are minimal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO
from generator.forking import PARALLEL_FROM
from generator.output.docs import write_tree
from generator.output.site import site_info
from generator.pipeline import check
from generator.render.pages import render


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow  # renders a large base twice
def test_parallel_and_sequential_rendering_write_the_same_tree(tmp_path: Path) -> None:
    kb_root = tmp_path / "kb"
    subprocess.run([sys.executable, str(REPO / "bench/synth.py"), str(kb_root), "500"], check=True,
                   capture_output=True)
    result = check(kb_root)
    assert not result.errors
    info = site_info(kb_root, "https://example.invalid/guide/")
    pages = render(result.kb, info, result.rules, workers=1)
    assert len(pages) >= PARALLEL_FROM  # the parallel path is really taken below
    assert render(result.kb, info, result.rules, workers=2) == pages
    one, two = tmp_path / "one", tmp_path / "two"
    count = write_tree(pages, one, workers=1)
    assert count == len(pages)
    (two / "stale").mkdir(parents=True)
    (two / "stale" / "old.md").write_text("left over", encoding="utf-8")
    assert write_tree(pages, two, workers=2) == count
    assert tree(one) == tree(two)
    assert not (two / "stale").exists()


def test_rewrite_touches_only_changed_files_and_prunes_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree({"index.md": "首页\n", "causes/a.md": "甲\n", "causes/b.md": "乙\n", "old/deep/x.md": "旧\n"}, out)
    kept, changed = out / "causes/a.md", out / "causes/b.md"
    os.utime(kept, ns=(1, 1))
    os.utime(changed, ns=(1, 1))
    (out / "empty-folder").mkdir()
    write_tree({"index.md": "首页\n", "causes/a.md": "甲\n", "causes/b.md": "乙（改）\n"}, out)
    assert tree(out) == {"index.md": "首页\n".encode(), "causes/a.md": "甲\n".encode(),
                         "causes/b.md": "乙（改）\n".encode()}
    assert sorted(p.name for p in out.iterdir()) == ["causes", "index.md"]
    assert kept.stat().st_mtime_ns == 1, "an unchanged file is not rewritten"
    assert changed.stat().st_mtime_ns != 1
    assert not list(out.rglob("*.tmp"))
