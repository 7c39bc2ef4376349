"""Thin mkdocs hook used only by ``kb serve``: regenerate Markdown before each rebuild."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from generator.diagnostics import ContentError
from generator.output.site import config_file, use_search_dictionary
from generator.pipeline import generate

log = logging.getLogger("mkdocs.plugins.kb")


def _root(config) -> Path:
    return Path(config.docs_dir).resolve().parent.parent


@event_priority(100)  # before the search plugin reads its dictionary
def on_config(config, **kwargs):
    use_search_dictionary(config, config_file(_root(config)))
    return config


def on_pre_build(config, **kwargs):
    try:
        generate(_root(config), config.site_url or "")
    except ContentError as exc:
        for diag in exc.diagnostics:
            log.error(str(diag))
