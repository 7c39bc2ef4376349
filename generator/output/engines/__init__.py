"""Site engines: the step after generation, from build/docs/ to a built site in a given folder.

Both engines read the same ``mkdocs.yml`` and ``overrides/`` (written in the template subset both
accept) and build the Material theme:

- ``properdocs`` (the default): ProperDocs, the maintained fork of MkDocs 1.6, with Material for
  MkDocs as its theme;
- ``zensical``: Zensical, the Material team's successor, which ships its own copy of the theme.

Everything that differs between them lives in this package (and in the preview's thin ProperDocs
hook); the rest of the pipeline only sees ``SiteEngine``. Search is not part of an engine: it is
indexed over the built HTML afterwards.
"""

from __future__ import annotations

import logging
import os
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from ...diagnostics import ContentError, Diagnostic, KbError

DEFAULT_ENGINE = "properdocs"
ENGINES = ("properdocs", "zensical")


class UnknownEngine(KbError):
    """A site engine name that is not one of ENGINES."""


class SiteEngine(ABC):
    """One way to turn the generated Markdown into the site.

    ``configure`` reads and checks the configuration before any content is generated (a broken
    ``mkdocs.yml`` fails before any work) and sets ``site_url``; ``build`` then writes the whole
    site into ``out_dir``, an empty folder that the pipeline swaps in only if nothing failed.
    Both raise ContentError with diagnostics located in the configuration file."""

    name: ClassVar[str]
    #: Distributions that make up the engine, recorded with their versions in build-info.json.
    distributions: ClassVar[tuple[str, ...]]

    def __init__(self, root: Path, config_path: Path) -> None:
        self.root = root
        self.config_path = config_path
        self.site_url = ""

    @abstractmethod
    def configure(self, docs_dir: Path) -> None:
        """Load and check the configuration for a build of ``docs_dir``; set ``site_url``."""

    @abstractmethod
    def build(self, docs_dir: Path, out_dir: Path, strict: bool) -> None:
        """Build the site from ``docs_dir`` into ``out_dir``; with ``strict``, warnings fail too."""

    def fail(self, messages: list[str]) -> ContentError:
        """The error for engine messages, each located at the configuration file."""
        rel = os.path.relpath(self.config_path, self.root)
        return ContentError([Diagnostic(rel, 1, 1, f"{self.name}: {message}", self.name) for message in messages])


def engine(name: str, root: Path, config_path: Path) -> SiteEngine:
    """The engine called ``name`` (one of ENGINES) for the guide in ``root``."""
    if name == "properdocs":
        from .properdocs import ProperDocs

        return ProperDocs(root, config_path)
    if name == "zensical":
        from .zensical import Zensical

        return Zensical(root, config_path)
    raise UnknownEngine(f"unknown site engine {name!r}: expected one of {', '.join(ENGINES)}")


class CollectWarnings(logging.Handler):
    """Collects the warnings and errors an engine logs while it runs."""

    def __init__(self, *loggers: str) -> None:
        super().__init__(logging.WARNING)
        self.loggers = loggers
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> "CollectWarnings":
        for name in self.loggers:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        for name in self.loggers:
            logging.getLogger(name).removeHandler(self)
