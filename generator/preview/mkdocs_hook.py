"""Thin ProperDocs hook used only by ``kb serve`` (see serve.py): the engine-specific part of the
preview, and the only engine-specific code outside ``generator/output/engines/``.

It stops ProperDocs watching the preview's own docs folder, regenerates it before each rebuild, indexes
the rebuilt site for search as `kb build` does (in the background, with the same table of pages
answering pasted text), and puts a small script into every page that shows
the current errors (``ERRORS_FILE``) in a banner. It follows content/ and rules/ through deletion and
return (``_Follower``), and lets no server thread keep the process alive once it is stopped.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import BytecodeCache

from generator.output.search import index_site
from generator.preview.serve import ERRORS_FILE, FOLLOWED, SESSIONS


class _DirtyNotice(logging.Filter):
    """Drop ProperDocs' notice before each dirty build: the preview chose dirty builds (serve.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


logging.getLogger("properdocs.commands.build").addFilter(_DirtyNotice())


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
    server.serve_thread.daemon = True  # stopped or not, it never keeps the process (and the port) alive
    FOLLOWER.start(server, Path(config.site_dir))
    return server


class _Follower:
    """ProperDocs' watcher stops for good when a watched folder is deleted. This thread looks at the
    followed folders a few times a second: when one is gone it reports it (terminal and banner);
    when it is back it watches it again and asks for a rebuild."""

    INTERVAL = 0.2

    def __init__(self) -> None:
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self, server, site_dir: Path) -> None:
        self.stopped.clear()
        self.thread = threading.Thread(target=self._loop, args=(server, site_dir), daemon=True)
        self.thread.start()

    def _loop(self, server, site_dir: Path) -> None:
        session = SESSIONS[-1]
        gone: set[Path] = set()
        while not self.stopped.wait(self.INTERVAL):
            for folder in (session.root / name for name in FOLLOWED):
                if not folder.is_dir():
                    if folder not in gone and session.folder_missing():
                        write_errors(site_dir)
                    gone.add(folder)
                elif folder in gone:
                    gone.discard(folder)
                    server.unwatch(str(folder))
                    server.watch(str(folder))
                    with server._rebuild_cond:  # the way ProperDocs' own watcher asks for a rebuild
                        server._want_rebuild = True
                        server._rebuild_cond.notify_all()

    def stop(self) -> None:
        self.stopped.set()


FOLLOWER = _Follower()


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


class _Indexer:
    """Pagefind over the served site after each rebuild, in a background thread, one run at a time:
    the edited page is served at once and its search index follows (indexing 1,000 items took
    7 s, most of a rebuild). A rebuild during a run asks for one more run after it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.wanted = False
        self.closed = False
        self.thread: threading.Thread | None = None
        self.problems: list[str] = []
        self.process = None
        """The Pagefind process running now, stopped by close()."""

    def request(self, site_dir: Path, config_name: str) -> None:
        with self.lock:
            self.wanted = not self.closed
            if self.closed or (self.thread and self.thread.is_alive()):
                return
            self.thread = threading.Thread(target=self._loop, args=(site_dir, config_name), daemon=True)
            self.thread.start()

    def _loop(self, site_dir: Path, config_name: str) -> None:
        while True:
            with self.lock:
                if not self.wanted:
                    self.thread = None
                    return
                self.wanted = False
            shapes = SESSIONS[-1].shapes if SESSIONS else {}  # the pages a pasted SMS or scam text is answered by
            self.problems = [str(d) for d in index_site(site_dir, config_name, self._started, shapes)]
            write_errors(site_dir)

    def _started(self, process) -> None:
        with self.lock:
            self.process = process
            if self.closed:
                process.kill()

    def close(self) -> None:
        """No more runs; stop the current one and wait for it, before mkdocs deletes the served folder."""
        with self.lock:
            self.closed, self.wanted, thread = True, False, self.thread
            if self.process is not None:
                self.process.kill()
        if thread:
            thread.join()


INDEXER = _Indexer()


def write_errors(site_dir: Path) -> None:
    """The current content and search errors, for the banner of every page."""
    errors = (SESSIONS[-1].errors if SESSIONS else []) + INDEXER.problems
    with open(os.path.join(site_dir, ERRORS_FILE), "w", encoding="utf-8") as handle:
        json.dump(errors, handle, ensure_ascii=False)


def on_post_build(config, **kwargs):
    write_errors(Path(config.site_dir))
    INDEXER.request(Path(config.site_dir), Path(config.config_file_path).name)


def on_shutdown(**kwargs):
    FOLLOWER.stop()
    INDEXER.close()
