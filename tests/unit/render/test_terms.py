"""Plain words where they are used (render/terms.py): a term's first use on a page links to the page's list."""

from __future__ import annotations

from types import SimpleNamespace

from generator.render.terms import Glossary


def glossary() -> Glossary:
    def term(title: str, definition: str):
        return SimpleNamespace(title=title, aliases=(), definition=definition)
    return Glossary({"void": term("撤销", "结算前全额取消一笔交易。"), "refund": term("退货", "结算后的退款办法。")})


def test_a_cross_reference_to_a_term_is_a_use_of_the_term() -> None:
    """[[glossary/id]] shows the term's title; its first use links to the page's list, which explains it."""
    page = glossary().page()
    first = page("当天可以[[glossary/void]]，见“[[remedies/void-transaction]]”。")
    again = page("[[glossary/void]]以后不能再[[glossary/refund]]。")
    assert first == "当天可以[撤销](#term-void){ #use-void .kb-term }，见“\\[\\[remedies/void-transaction\\]\\]”。"
    assert again == "撤销以后不能再[退货](#term-refund){ #use-refund .kb-term }。"
    assert page.used == ["void", "refund"]
    assert "- **撤销**{ #term-void }：结算前全额取消一笔交易。" in page.block()


def test_an_unknown_term_is_left_as_written() -> None:
    """kb check rejects it first; the page never invents a link."""
    assert glossary().page()("见[[glossary/nothing]]。") == "见\\[\\[glossary/nothing\\]\\]。"
