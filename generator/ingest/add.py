"""``kb ingest --add ARTICLE``: from the report to a pull request.

The article is copied into ``content/articles/`` under the next free id (``a005`` after ``a004``) with
its metadata file; every covered passage becomes a provenance source (the article and the passage as
cleaned, at most ``MAX_QUOTE`` characters) of its best item, edited with ruamel.yaml's round-trip
mode so comments, key order and formatting stay; new passages go to ``build/ingest/<id>.yaml`` for
the contributor to turn into items with ``kb new``. Then the check runs; if it fails, every file
written under ``content/`` is put back as it was (new files removed) and the errors are raised.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..diagnostics import ContentError, Diagnostic
from ..pipeline import check
from ..rules.cleaner import clean_article
from .run import ArticleReport, ingest_files

MAX_QUOTE = 160
"""The longest provenance quote the schema allows (Source.quote)."""
_ARTICLE_ID = re.compile(r"^a(\d+)$")
_CLAUSE_END = re.compile(r"[,，;；:：]")


class AddError(ContentError):
    """``--add`` could not add the article; ``diagnostics`` says why (content/ is unchanged)."""


@dataclass
class Added:
    """What ``add_article`` changed."""

    article_id: str
    written: list[str] = field(default_factory=list)
    """Files under content/ created or edited, relative to the root."""
    sources: int = 0
    """Provenance sources added."""
    review: str = ""
    """The review file of new passages, relative to the root."""
    new: int = 0

    def summary(self) -> list[str]:
        return [f"added content/articles/{self.article_id}.txt: {self.sources} provenance source(s) in "
                f"{len(self.written) - 2} item(s); {self.new} new passage(s) to review in {self.review}; "
                "'kb check' passed"]


def next_id(root: Path) -> str:
    """The next free article id: one more than the highest ``aNNN`` in content/articles/."""
    numbers = [int(m.group(1)) for p in (root / "content" / "articles").glob("*.yaml")
               if (m := _ARTICLE_ID.match(p.stem))]
    return f"a{max(numbers, default=-1) + 1:03d}"


def quote_of(cleaned: str) -> str:
    """A passage as a quote: whole if short enough, else cut after its last clause that fits."""
    text = cleaned.strip()
    if len(text) <= MAX_QUOTE:
        return text
    cuts = [m.start() for m in _CLAUSE_END.finditer(text, 0, MAX_QUOTE)]
    return text[:cuts[-1]] if cuts else text[:MAX_QUOTE]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _add_sources(path: Path, quotes: list[str], article_id: str) -> str:
    """The file's text with ``quotes`` appended to its ``sources`` (round trip: the rest stays as written)."""
    yaml = _yaml()
    data = yaml.load(path.read_text(encoding="utf-8"))
    for quote in quotes:
        entry = CommentedMap()
        entry["article"] = article_id
        entry["quote"] = DoubleQuotedScalarString(quote)  # as the guide writes quotes
        data["sources"].append(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _review(report: ArticleReport, article_id: str) -> str:
    yaml = _yaml()
    passages = [{"passage": p.text, "start": p.start, "end": p.end,
                 "nearest": [{"id": m.id, "score": m.score} for m in p.nearest]}
                for p in report.passages if p.verdict == "new"]
    out = io.StringIO()
    out.write(f"# New passages of content/articles/{article_id}.txt: no item says them yet.\n"
              "# Turn each one worth keeping into an item with 'kb new KIND ID' (or extend a nearest item).\n")
    yaml.dump({"article": article_id, "source": report.path, "passages": passages}, out)
    return out.getvalue()


def add_article(root: Path, path: str) -> Added:
    """Add one article to ``root``'s content; raises AddError (content/ unchanged) if anything fails."""
    run = ingest_files(root, [path])
    if run.failed:
        raise AddError(run.diagnostics)
    report = run.reports[0]
    article_id = next_id(root)
    rules = run.rules
    cleaned = clean_article(report.text, rules).text
    title = next((line.strip() for line in cleaned.splitlines() if line.strip()), article_id)[:80]
    quotes: dict[str, list[str]] = {}
    for p in report.passages:
        if p.verdict == "covered":
            quote, item = quote_of(rules.repair(p.text)), p.items[0].id
            if quote in cleaned and quote not in quotes.get(item, []):  # a quote must be in the cleaned article
                quotes.setdefault(item, []).append(quote)
    articles = root / "content" / "articles"
    meta = (f"# yaml-language-server: $schema=../../schemas/articles.schema.json\n"
            f"id: {article_id}\ntitle: {_scalar(title)}\nseed: {_scalar(Path(path).name[:80])}\n")
    changes = {articles / f"{article_id}.txt": report.text, articles / f"{article_id}.yaml": meta}
    for key, item_quotes in quotes.items():
        item_path = root / run.kb.source_path(*key.split("/", 1))
        changes[item_path] = _add_sources(item_path, item_quotes, article_id)
    _apply_or_restore(root, changes)
    added = Added(article_id, [p.relative_to(root).as_posix() for p in changes],
                  sum(len(q) for q in quotes.values()), f"build/ingest/{article_id}.yaml", report.count("new"))
    review = root / added.review
    review.parent.mkdir(parents=True, exist_ok=True)
    review.write_text(_review(report, article_id), encoding="utf-8")
    return added


def _scalar(text: str) -> str:
    """A one-line YAML scalar, quoted when plain style would change it."""
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(text, out)
    value = out.getvalue()
    return value.removesuffix("\n...\n").strip()


def _apply_or_restore(root: Path, changes: dict[Path, str]) -> None:
    """Write ``changes``, run the check, and put every file back as it was if the check has errors."""
    before = {p: p.read_text(encoding="utf-8") if p.exists() else None for p in changes}
    try:
        for p, text in changes.items():
            p.write_text(text, encoding="utf-8")
        errors = check(root, extra_checks=False).errors
    except BaseException:
        _restore(before)
        raise
    if errors:
        _restore(before)
        raise AddError(errors + [Diagnostic(str(root / "content"), 1, 1, "kb ingest --add: the check failed "
                                            "after adding the article, so content/ was left unchanged; hint: fix "
                                            "the errors above (or the article) and run it again", "ingest")])


def _restore(before: dict[Path, str | None]) -> None:
    for p, text in before.items():
        if text is None:
            p.unlink(missing_ok=True)
        else:
            p.write_text(text, encoding="utf-8")
