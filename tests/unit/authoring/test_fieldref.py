"""Docs sync: every model field is documented, and CONTRIBUTING.md shows every field."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pytest

from support import REPO
from generator.authoring.fieldref import BEGIN, END, DocsError, field_reference
from generator.model.kinds import NESTED
from generator.model.kindspec import KINDS, KindSpec


def test_every_model_field_is_in_the_committed_reference() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    reference = text[text.index(BEGIN):text.index(END)]
    for name, cls in [*KINDS.items(), *NESTED.items()]:
        section = reference[reference.index(f"({cls.__name__})"):]
        section = section[: section.find("\n### ") if "\n### " in section else None]
        for spec in fields(cls):
            assert f"| `{spec.name}` |" in section, f"{name}: {spec.name} missing from CONTRIBUTING.md"
            assert spec.metadata["doc"] in section


def test_undocumented_field_fails_the_reference() -> None:
    @dataclass(frozen=True)
    class Draft:
        """A kind with one documented and two undocumented fields."""

        title: str = field(metadata={"doc": "Documented."})
        colour: str = field(metadata={"doc": "  "})
        size: int = field(default=0)

    with pytest.raises(DocsError) as info:
        field_reference((KindSpec(kind="drafts", model=Draft, label="草稿", singular="draft", page="drafts/{id}.md",
                                  template="draft.md.j2"),), {})
    assert str(info.value) == ("undocumented model fields: Draft.colour, Draft.size: expected doc(\"...\") on every "
                               "field; hint: describe each field in generator/model/kinds.py")


def test_contributing_is_bilingual() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "## 中文" in text and "## English" in text
    assert text.count("kb new remedies my-new-remedy") == 2
