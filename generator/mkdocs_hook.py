"""Thin mkdocs hook used only by ``kb serve``: regenerate Markdown before each rebuild."""

from __future__ import annotations

import logging
from pathlib import Path

from generator.build import generate
from generator.errors import ContentError

log = logging.getLogger("mkdocs.plugins.kb")


def on_pre_build(config, **kwargs):
    root = Path(config.docs_dir).resolve().parent.parent
    try:
        generate(root, config.site_url or "")
    except ContentError as exc:
        for diag in exc.diagnostics:
            log.error(str(diag))
