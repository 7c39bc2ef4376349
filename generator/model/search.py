"""What the model says about search: the readers' own words of an item and the shapes of pasted text the
search recognises (how much each kind of page is favoured: KindSpec.search_weight, kindspec.py)."""

from __future__ import annotations

from .fields import doc

SEARCH_SHAPES = ("bank-sms", "scam")
"""Shapes of pasted text the search recognises (kb-query.mjs): a bank's transaction SMS, a scam message."""

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
