"""The search box's query logic (overrides/assets/javascripts/kb-query.mjs) has unit tests in
tests/js/, run by node's own test runner without a browser; this runs them as part of pytest."""

from __future__ import annotations

import shutil
import subprocess

from support import REPO


def test_the_query_logic_passes_its_node_unit_tests() -> None:
    node = shutil.which("node")
    assert node, "node is missing: install Node.js 20 or later (make test needs it for tests/js/)"
    result = subprocess.run([node, "--test", "tests/js/"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
    assert "# pass 0" not in result.stdout  # the tests were found and ran
