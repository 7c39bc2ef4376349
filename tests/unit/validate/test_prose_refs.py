"""Cross-references in prose (``[[kind/id]]``): checked like reference fields, rendered as links."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import edit
from generator.pipeline import check

CAUTION = "content/remedies/check-records.yaml"


def errors(root: Path) -> list[str]:
    result = check(root)
    return [f"{d.path}:{d.line}:{d.column}: {d.message}" for d in result.diagnostics if d.is_error]


def with_caution(root: Path, text: str) -> None:
    (root / CAUTION).write_text((root / CAUTION).read_text(encoding="utf-8") + f"caution: {text}\n", encoding="utf-8")


@pytest.mark.parametrize(("written", "message"), [
    ("对不上的，见“[[problems/charged-twise]]”。",
     "content/remedies/check-records.yaml:14:17: key 'caution': cross-reference '[[problems/charged-twise]]' names "
     "an unknown problem 'charged-twise': expected the id of a file in content/problems/; hint: did you mean "
     "'charged-twice'?"),
    ("对不上的，见“[[problem/charged-twice]]”。",
     "content/remedies/check-records.yaml:14:17: key 'caution': cross-reference '[[problem/charged-twice]]' names "
     "no kind 'problem': expected a folder of content/; hint: did you mean 'problems'?"),
    ("对不上的，见“[[多扣了一笔]]”。",
     "content/remedies/check-records.yaml:14:17: key 'caution': cross-reference '[[多扣了一笔]]' cannot be read: "
     "expected '[[kind/id]]', such as '[[remedies/refund-transaction]]'; hint: write the folder under content/ "
     "and the file name without .yaml"),
])
def test_a_bad_cross_reference_is_an_error_at_its_brackets(small_kb: Path, written: str, message: str) -> None:
    with_caution(small_kb, written)
    assert errors(small_kb) == [message]


def test_a_cross_reference_in_a_title_is_refused(small_kb: Path) -> None:
    edit(small_kb / CAUTION, "title: 核对交易记录和对账单", "title: 核对交易记录，见[[problems/charged-twice]]")
    assert errors(small_kb) == [
        "content/remedies/check-records.yaml:2:16: key 'title': cross-reference '[[problems/charged-twice]]' in "
        "'title': expected plain words there; hint: name the page in the text that shows this item, not in its "
        "title or search words"]


def test_a_known_cross_reference_is_a_backlink_of_its_target(small_kb: Path) -> None:
    with_caution(small_kb, "对不上的，见“[[causes/repeat-press]]”。")
    result = check(small_kb)
    assert [d for d in result.diagnostics if d.is_error] == []
    sources = {(link.source_kind, link.source_id, link.field)
               for link in result.kb.backlinks[("causes", "repeat-press")]}
    assert ("remedies", "check-records", "caution") in sources
