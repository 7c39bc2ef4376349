"""What the model says about search: the readers' own words of an item, the shapes of pasted text the
search recognises, and how much each kind of page is favoured (written into pagefind/kb-search.json)."""

from __future__ import annotations

from .fields import doc

SEARCH_SHAPES = ("bank-sms", "scam")
"""Shapes of pasted text the search recognises (kb-query.mjs): a bank's transaction SMS, a scam message."""

SEARCH_WEIGHTS: dict[str, float] = {
    "problems": 1.25,
    "outcomes": 1.15,
    "escalation": 1.15,
    "remedies": 1.05,
    "prevention": 1.0,
    "causes": 1.0,
    "evidence": 0.9,
    "glossary": 0.9,
    "references": 0.8,
    "articles": 0.8,
    "questions": 0.8,
}
"""How much the search box favours each kind of page over another that matches a question as well:
pages that say what to do about what happened first, then the steps and the ladder, then explanations
and reference material."""


def search_terms_field():
    """The readers' own words for an item (one definition for every kind that has them)."""
    return doc(
        "Optional: other words readers search with for this, in their own phrasing "
        "(e.g. 被刷 or 不是我刷的 for 盗刷). Added to the search index, never shown on the page. "
        "Short words (two to four characters) match best: the search looks a question up word by word.",
        default=(),
        max_len=30,
    )


def search_shape_field():
    """The shape of pasted text for which the search puts this page first."""
    return doc(
        "Optional: the shape of pasted text this page answers first in the search: bank-sms (a bank's "
        "transaction SMS: card tail, time, 消费/支出/扣款, amount) or scam (a message asking for a code, "
        "a transfer to a safe account, a refund agent). At most one page per shape.",
        choices=SEARCH_SHAPES,
        default=None,
    )


def search_note_field():
    """The line the search shows above the results for that shape."""
    return doc("Optional, with search_shape: one line shown above the results when such text is pasted.",
               default=None, max_len=40)
