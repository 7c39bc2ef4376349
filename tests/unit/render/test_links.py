"""Page-relative links: the renderer's string work gives what posixpath would."""

from __future__ import annotations

import posixpath

import pytest

from generator.render.pages import href


@pytest.mark.parametrize(("here", "target", "expected"), [
    ("causes", "causes/x.md", "x.md"),
    ("causes", "remedies/y.md#step", "../remedies/y.md#step"),
    ("checklists/a", "index.md", "../../index.md"),
    ("", "problems/p.md", "problems/p.md"),
    ("checklists", "checklists/a/index.md", "a/index.md"),
    ("problems", "escalation/index.md#regulator", "../escalation/index.md#regulator"),
])
def test_page_relative_links(here: str, target: str, expected: str) -> None:
    assert href(here, target) == expected
    file = target.partition("#")[0]
    assert posixpath.normpath(posixpath.join(here, expected.partition("#")[0])) == file
