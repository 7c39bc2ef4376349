"""Phone numbers: which ones the guide may print, and how a written number is read.

The allowlist is the ``phones`` list of a rule file (``rules/contacts.yaml``): each number
with the id of the reference in ``content/references/`` (taken from ``shared/facts.md``)
that verifies it. A phone number anywhere else in the content is an error, and
``phone_status: verified`` is accepted only for an allowlisted number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CHINESE_DIGITS = str.maketrans("零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖两", "0012345678911234567892")


@dataclass(frozen=True)
class PhoneEntry:
    """One allowlisted phone number and the reference that verifies it."""

    number: str
    """Digits only, e.g. '12363'."""
    reference: str
    """Id of the file in content/references/ that verifies the number (from shared/facts.md)."""
    note: str = ""
    path: str = ""
    line: int = 0
    column: int = 0


def digits_of(number: str) -> str:
    """The digits of a written number: Chinese numerals read, separators dropped, a +86/0086 prefix removed."""
    digits = re.sub(r"\D", "", number.translate(_CHINESE_DIGITS))
    if len(digits) == 13 and digits.startswith("86") or len(digits) == 15 and digits.startswith("0086"):
        digits = digits[-11:]
    return digits


def allowlisted(number: str, entries: tuple[PhoneEntry, ...]) -> PhoneEntry | None:
    """The allowlist entry of a written number, or None."""
    digits = digits_of(number)
    return next((entry for entry in entries if entry.number == digits), None)
