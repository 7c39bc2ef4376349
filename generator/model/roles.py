"""The readers of the guide: the one place that names them, labels them and says who covers whom.

A step, stage, contact, evidence item or checklist blank is done or kept by one reader
(cardholder, merchant) or by either ("both"); ``covers`` is the one rule for that.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """One kind of reader, with the words pages and messages use for it."""

    id: str
    """The value written in the content: cardholder or merchant."""
    label: str
    """The reader in Chinese, e.g. 持卡人."""
    heading: str
    """The heading of their section on a problem page, e.g. 如果你是持卡人."""
    the: str
    """The reader in English messages, e.g. the cardholder."""
    a: str
    """The reader in English messages, indefinite, e.g. a cardholder."""


READERS = (Role("cardholder", "持卡人", "如果你是持卡人", "the cardholder", "a cardholder"),
           Role("merchant", "商户", "如果你是商户", "the merchant", "a merchant"))
"""The readers, in page order."""
BOTH = Role("both", "持卡人和商户", "", "either reader", "either reader")
"""Either reader: a step or item both do."""
BY_ID = {role.id: role for role in READERS + (BOTH,)}
"""Role id -> Role, 'both' included."""
READER_ROLES = tuple(role.id for role in READERS)
"""The reader ids, in page order: a problem page has a section for each."""
ROLES = READER_ROLES + (BOTH.id,)
"""Who does a step or goes to a stage: one kind of reader, or either."""


def covers(who: str, reader: str) -> bool:
    """Whether something done or kept by ``who`` (a reader or both) is for ``reader``."""
    return who in (reader, BOTH.id)


def other(reader: str) -> str:
    """The other reader."""
    return READER_ROLES[1 - READER_ROLES.index(reader)]


def labels() -> dict[str, str]:
    """Role id -> Chinese label, 'both' included."""
    return {role_id: role.label for role_id, role in BY_ID.items()}


def headings() -> dict[str, str]:
    """Reader id -> problem page section heading."""
    return {role.id: role.heading for role in READERS}
