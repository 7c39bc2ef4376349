"""Spam rules: loading rules/*.yaml, cleaning articles, linting content text.

PLACEHOLDER API (to be replaced by the full implementation). The public
functions and their signatures are the contract the rest of the generator uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostic

_MISSPELLINGS = {"ka卡": "卡", "KA卡": "卡", "炸骗": "诈骗", "七咋": "欺诈", "积芬": "积分", "POSS书": "证书", "信xi息": "信息"}


@dataclass(frozen=True)
class Removal:
    """One thing the cleaner removed or repaired in an article."""

    rule_id: str
    line: int
    text: str
    action: str  # "removed" | "repaired" | "flagged"


@dataclass(frozen=True)
class CleanResult:
    """A cleaned article and the audit of what changed."""

    text: str
    removals: tuple[Removal, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A rule hit inside a piece of content text."""

    rule_id: str
    offset: int
    length: int
    message: str


@dataclass(frozen=True)
class RuleSet:
    """All rules loaded from rules/."""

    misspellings: dict = field(default_factory=lambda: dict(_MISSPELLINGS))

    def repair(self, text: str) -> str:
        for bad, good in self.misspellings.items():
            text = text.replace(bad, good)
        return text


def load_rules(root: Path) -> tuple[RuleSet, list[Diagnostic]]:
    """Load rules/ under root. Returns the rules and any located errors."""
    return RuleSet(), []


def clean_article(text: str, rules: RuleSet) -> CleanResult:
    """Clean one article: drop spam, repair misspellings."""
    return CleanResult(rules.repair(text))


def lint_text(text: str, rules: RuleSet) -> list[Finding]:
    """Find links, promotional wording and misspellings in one content string."""
    return []
