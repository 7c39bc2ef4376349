"""The slip drawing's data (Evidence.on_slip), checked through ``generator.check``: exact, located errors."""

from __future__ import annotations

from pathlib import Path

import generator
from support import edit


def errors(root: Path) -> list[str]:
    return [str(d) for d in generator.check(root).diagnostics if d.is_error]


def test_small_fixture_slip_fields_are_valid(small_kb: Path) -> None:
    assert errors(small_kb) == []


def test_a_line_off_the_slip_a_crowded_line_and_a_label_twice_are_errors(small_kb: Path) -> None:
    slip = small_kb / "content/evidence/slip.yaml"
    edit(slip, "  - {label: 参考号, line: 2}\n",
         "  - {label: 参考号, line: 1}\n  - {label: 授权码, line: 1}\n  - {label: 凭证号, line: 13}\n")
    assert errors(small_kb) == [
        "content/evidence/slip.yaml:13:24: key 'on_slip[2].line': line 1 already holds 凭证号、参考号: expected at "
        "most 2 fields on one line; hint: give it a line of its own",
        "content/evidence/slip.yaml:14:13: key 'on_slip[3].label': 凭证号 is already on the slip, in evidence "
        "'slip': expected each slip field once; hint: keep it in the evidence item it belongs to",
        "content/evidence/slip.yaml:14:24: key 'on_slip[3].line': line 13 is not on the slip: expected 1 to 12; "
        "hint: count the slip's lines from 1 at the top",
    ]


def test_a_slip_field_needs_a_label_and_a_whole_number_line(small_kb: Path) -> None:
    edit(small_kb / "content/evidence/slip.yaml", "  - {label: 参考号, line: 2}\n", "  - {label: 参考号, line: 二}\n")
    assert [e for e in errors(small_kb) if "on_slip" in e] == [
        "content/evidence/slip.yaml:12:24: key 'on_slip[1].line': expected a whole number, got a text '二'; hint: "
        "The line of the slip it is printed on, counting from 1 at the top (at most 12); up to 2 fields on the "
        "same line are drawn side by side, in content order.",
    ]
