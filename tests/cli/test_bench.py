"""The benchmark's synthetic knowledge bases stay in sync with the schema (no timings asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO, run_kb
from generator.load.corpus import load

SYNTH = REPO / "bench" / "synth.py"


@pytest.mark.slow  # writes and checks a synthetic base
def test_tiny_synthetic_kb_passes_kb_check(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, str(SYNTH), str(tmp_path), "60"], capture_output=True, text=True,
                         timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    problems = sorted((tmp_path / "content" / "problems").glob("*.yaml"))
    assert len(problems) >= 2
    result = run_kb("--root", str(tmp_path), "check", "--format", "json")
    assert result.returncode == 0, result.stderr
    # The sampler reuses the real content's clauses, so the only findings are the clause-level
    # near-duplicates that reuse produces; no error, and no other warning.
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert codes <= {"said-once"}, codes


@pytest.mark.slow  # writes and loads a synthetic base
def test_synthetic_density_matches_the_issue(tmp_path: Path) -> None:
    """Every problem has 3-8 causes, every cause 2-5 remedies (more only where orphans are linked)."""
    subprocess.run([sys.executable, str(SYNTH), str(tmp_path), "300"], capture_output=True, timeout=120, check=True)
    corpus = load(tmp_path)
    causes = [len(d.data["causes"]) for d in corpus.documents if d.kind == "problems"]
    remedies = [len(d.data["remedies"]) for d in corpus.documents if d.kind == "causes"]
    assert min(causes) >= 3 and max(causes) <= 8, causes
    assert min(remedies) >= 2 and max(remedies) <= 5, remedies
    quotes = [s for d in corpus.documents for s in d.data.get("sources", []) if "quote" in s]
    assert quotes, "article quotes are needed so the provenance check runs"
