"""Where a number is printed on a sales slip (签购单): the data behind the slip drawing."""

from __future__ import annotations

from dataclasses import dataclass

from .fields import doc

SLIP_LINES = 12
"""Lines a slip drawing has room for (Evidence.on_slip[].line counts from 1 to this)."""
SLIP_COLUMNS = 2
"""Fields a slip drawing shows side by side on one line."""


@dataclass(frozen=True, kw_only=True)
class SlipField:
    """One field printed on a sales slip, as the slip drawing shows it."""

    label: str = doc("The field's name as the slip prints it, in Simplified Chinese, e.g. 商户编号.", max_len=8)
    line: int = doc(
        f"The line of the slip it is printed on, counting from 1 at the top (at most {SLIP_LINES}); "
        f"up to {SLIP_COLUMNS} fields on the same line are drawn side by side, in content order."
    )
