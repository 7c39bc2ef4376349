"""Loading many files in forked workers gives exactly what loading them one by one gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO, run_kb
from generator import forking
from generator.diagnostics import Pos
from generator.load import corpus as loader

pytestmark = pytest.mark.slow  # a knowledge base large enough to fork for


@pytest.fixture(scope="module")
def big_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic knowledge base of 500 items with three broken files."""
    root = tmp_path_factory.mktemp("big") / "kb"
    subprocess.run([sys.executable, str(REPO / "bench/synth.py"), str(root), "500"], check=True, capture_output=True)
    causes = sorted((root / "content/causes").glob("*.yaml"))
    first = causes[0].read_text(encoding="utf-8")
    causes[0].write_text(first.replace("\nstatus: ", "\ntitle: 又一个标题\nstatus: ", 1), encoding="utf-8")
    causes[-1].write_text(causes[-1].read_text(encoding="utf-8") + "signs: [unclosed\n", encoding="utf-8")
    remedy = sorted((root / "content/remedies").glob("*.yaml"))[7]
    remedy.write_text(remedy.read_text(encoding="utf-8") + "colour: 红\n", encoding="utf-8")
    return root


def snapshot(corpus: loader.Corpus) -> tuple:
    return ([(d.path, d.kind, d.stem, d.data, d.positions, d.text) for d in corpus.documents],
            corpus.articles, corpus.diagnostics)


def test_parallel_load_equals_sequential_load(big_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sum(1 for p in (big_root / "content").rglob("*") if p.is_file())
    assert files >= forking.PARALLEL_FROM  # the parallel path is really taken
    parallel = snapshot(loader.load(big_root))
    monkeypatch.setattr(forking, "PARALLEL_FROM", files + 1)
    sequential = snapshot(loader.load(big_root))
    assert parallel == sequential
    assert len(parallel[0]) == files - 5  # every YAML file; the five articles' texts are kept apart
    assert len(parallel[2]) == 2  # the duplicate key and the syntax error; the unknown key is a schema error


def test_positions_are_found_when_first_asked_for(big_root: Path) -> None:
    corpus = loader.load(big_root)
    clean = next(d for d in corpus.documents if d.kind == "evidence")
    assert clean.known_positions is None
    assert clean.pos("title") == Pos(3, 8)
    assert clean.key_pos("title") == Pos(3, 1)
    assert clean.known_positions is not None


def test_errors_in_a_large_knowledge_base_are_located(big_root: Path) -> None:
    result = run_kb("--root", str(big_root), "check")
    assert result.returncode == 1
    causes = sorted((big_root / "content/causes").glob("*.yaml"))
    remedy = sorted((big_root / "content/remedies").glob("*.yaml"))[7]
    unclosed = len(causes[-1].read_text(encoding="utf-8").splitlines())  # the appended line's number
    colour = len(remedy.read_text(encoding="utf-8").splitlines())
    lines = result.stderr.splitlines()
    assert (f"content/causes/{causes[0].name}:4:1: duplicate key 'title': expected each key once; "
            "hint: it is already set at line 3") in lines
    assert (f"content/causes/{causes[-1].name}:{unclosed + 1}:1: YAML syntax error: did not find expected ',' or "
            f"']' (while parsing a flow sequence at line {unclosed}, column 8); hint: check quoting and indentation "
            "on this line") in lines
    assert (f"content/remedies/{remedy.name}:{colour}:1: unknown key 'colour' in a remedy: expected one of id, "
            "title, status, sources, claims, correction, not_duplicate_of, checklist_label, role, instruction, how, "
            "evidence, only_when, urgency, caution, script, per_role; "
            "hint: remove it or check the field reference") in lines
