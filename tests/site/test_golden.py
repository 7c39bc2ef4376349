"""Golden tests: small input -> Markdown cases, and a whole generated tree compared with a diff.

Update the golden files after an intended change with:

    .venv/bin/python -m pytest tests/site/test_golden.py --update-golden
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from support import run_kb

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "kb-small"


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.md"))}


def test_generated_markdown_matches_golden(small_kb: Path, request: pytest.FixtureRequest) -> None:
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(small_kb / "site"))
    assert result.returncode == 0, result.stderr
    actual = tree(small_kb / "build" / "docs")
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, text in actual.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
        pytest.skip("golden files updated")
    expected = tree(GOLDEN)
    assert sorted(actual) == sorted(expected), "generated file list differs from tests/golden/kb-small"
    diffs = []
    for rel in sorted(expected):
        if actual[rel] != expected[rel]:
            diffs += difflib.unified_diff(expected[rel].splitlines(), actual[rel].splitlines(),
                                          f"golden/{rel}", f"generated/{rel}", lineterm="")
    assert not diffs, "\n".join(diffs) + "\n\n(run pytest --update-golden if the change is intended)"


@pytest.mark.parametrize(
    ("explanation", "markdown_line", "html_fragment"),
    [
        ("按了*两次*收款键", r"按了\*两次\*收款键", "按了*两次*收款键"),
        ("金额 5_000 元", r"金额 5\_000 元", "金额 5_000 元"),
        ("#1 号收银台", r"\#1 号收银台", "#1 号收银台"),
        ("A & B 两笔", "A &amp; B 两笔", "A &amp; B 两笔"),
        ("第一行\n第二行", "第一行第二行", "第一行第二行"),
    ],
)
def test_text_is_escaped_not_interpreted(small_kb: Path, explanation: str, markdown_line: str,
                                         html_fragment: str) -> None:
    path = small_kb / "content/causes/repeat-press.yaml"
    text = path.read_text(encoding="utf-8").replace("explanation: 收银员多按了一次收款键。",
                                                    "explanation: |-\n  " + explanation.replace("\n", "\n  "))
    path.write_text(text, encoding="utf-8")
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(small_kb / "site"))
    assert result.returncode == 0, result.stderr
    markdown = (small_kb / "build/docs/causes/repeat-press.md").read_text(encoding="utf-8")
    assert markdown_line in markdown.splitlines()
    page = (small_kb / "site/causes/repeat-press.html").read_text(encoding="utf-8")
    assert f"<p>{html_fragment}</p>" in page
