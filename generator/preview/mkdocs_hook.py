"""Thin mkdocs hook used only by ``kb serve`` (see serve.py): the engine-specific part of the preview.

It stops mkdocs watching the preview's own docs folder, regenerates it before each rebuild, indexes
the rebuilt site for search as `kb build` does, and puts a small script into every page that shows
the current errors (``ERRORS_FILE``) in a banner.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import BytecodeCache

from generator.output.search import index_site
from generator.preview.serve import ERRORS_FILE, SESSIONS


class _DirtyNotice(logging.Filter):
    """Drop mkdocs' notice before each dirty build: the preview chose dirty builds (serve.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())


class _CompiledThemes(BytecodeCache):
    """The theme's templates compiled once per preview: mkdocs makes a new Jinja environment for every
    rebuild, and compiling the templates again took half of a rebuild. Keyed by template source."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledThemes()

BANNER = """<script>(function () {
  fetch(%(url)s, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (errors) {
    if (!errors.length) return;
    var box = document.createElement("div");
    box.id = "kb-preview-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:10000;max-height:60vh;overflow:auto;" +
      "background:#b71c1c;color:#fff;font:14px/1.5 monospace;padding:.5em 1em;white-space:pre-wrap";
    var head = document.createElement("strong");
    head.textContent = %(head)s;
    box.appendChild(head);
    errors.forEach(function (text) {
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    document.body.appendChild(box);
  }).catch(function () {});
})();</script>
"""
HEAD = "内容有错误，预览显示的是上一次没有错误的版本。改正后会自动刷新："


def on_serve(server, config, builder, **kwargs):
    server.unwatch(config.docs_dir)  # our own output: a change there is never an edit
    return server


def on_env(env, config, files, **kwargs):
    env.bytecode_cache = COMPILED
    return env


def on_pre_build(config, **kwargs):
    SESSIONS[-1].regenerate(config.site_url or "")


def on_post_page(output, page, config, **kwargs):
    url = (urlsplit(config.site_url or "/").path or "/") + ERRORS_FILE
    script = BANNER % {"url": json.dumps(url), "head": json.dumps(HEAD, ensure_ascii=False)}
    at = output.rfind("</body>")
    return output[:at] + script + output[at:] if at >= 0 else output + script


def on_post_build(config, **kwargs):
    search = [str(d) for d in index_site(Path(config.site_dir), Path(config.config_file_path).name)]
    with open(os.path.join(config.site_dir, ERRORS_FILE), "w", encoding="utf-8") as handle:
        json.dump(SESSIONS[-1].errors + search, handle, ensure_ascii=False)
