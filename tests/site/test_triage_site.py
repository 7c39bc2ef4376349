"""The triage in the built real site: walked through its HTML links, the way a reader clicks.

From the home page to site/triage/index.html, and from there, by answer links only, to an outcome
page for every problem and role within three answers; no triage page is unreachable or a dead end.
"""

from __future__ import annotations

import posixpath
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support import REPO
from generator.pipeline import check
from generator.render.checklist import stage_text

MAX_ANSWERS = 3


class TriagePage(HTMLParser):
    """The links of a page, by the block they sit in: answers, the trail of answers given, the rest."""

    BLOCKS = ("kb-answers", "kb-trail")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: dict[str, list[tuple[str, str]]] = {"kb-answers": [], "kb-trail": [], "content": []}
        self._open: list[str | None] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._in_content = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag in ("div", "nav", "section", "article"):
            block = next((b for b in self.BLOCKS if b in classes), None)
            self._open.append(block)
            if "md-content" in classes or self._in_content:
                self._in_content += 1
        if tag == "a" and attrs.get("href"):
            self._href, self._text = attrs["href"], []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            block = next((b for b in reversed(self._open) if b), None)
            if block or self._in_content:
                self.links[block or "content"].append((self._href, "".join(self._text).strip()))
            self._href = None
        if tag in ("div", "nav", "section", "article") and self._open:
            self._open.pop()
            if self._in_content:
                self._in_content -= 1


def parse(site: Path, rel: str) -> TriagePage:
    page = TriagePage()
    page.feed((site / rel).read_text(encoding="utf-8"))
    return page


def resolve(here: str, href: str) -> str:
    """Site-relative path of a link from page ``here``, without its anchor."""
    path = urlsplit(href).path
    return posixpath.normpath(posixpath.join(posixpath.dirname(here), path)) if path else here


@pytest.fixture(scope="module")
def kb():
    result = check(REPO)
    assert not result.errors, "\n".join(map(str, result.errors))
    return result.kb


@pytest.fixture(scope="module")
def walk(real_site: Path) -> dict[str, int]:
    """Every triage page reached from triage/index.html by answer links, with the answers it takes."""
    depth = {"triage/index.html": 0}
    todo = deque(["triage/index.html"])
    while todo:
        rel = todo.popleft()
        for href, _label in parse(real_site, rel).links["kb-answers"]:
            target = resolve(rel, href)
            if target.startswith("triage/") and target not in depth:
                depth[target] = depth[rel] + 1
                todo.append(target)
    return depth


def test_home_page_links_the_triage_start(real_site: Path) -> None:
    home = parse(real_site, "index.html")
    assert "triage/index.html" in {resolve("index.html", href) for href, _ in home.links["content"]}
    start = parse(real_site, "triage/index.html")
    assert [label for _, label in home.links["kb-answers"]] == [label for _, label in start.links["kb-answers"]]


def test_every_problem_and_role_is_reached_within_three_answers(real_site: Path, walk: dict[str, int], kb) -> None:
    reached: dict[str, int] = {}
    for rel, answers in walk.items():
        for href, _label in parse(real_site, rel).links["content"]:
            target = resolve(rel, href)
            if target.startswith("problems/") and target != "problems/index.html":
                reached[target] = min(reached.get(target, answers), answers)
    problems = {f"problems/{pid}.html" for pid in kb.items["problems"]}
    assert set(reached) == problems
    assert max(reached.values()) <= MAX_ANSWERS
    roles = {(o.problem, o.role) for oid, o in kb.items["outcomes"].items() if walk.get(f"triage/{oid}.html", 9) <= 3}
    expected = {(pid, role) for pid, p in kb.items["problems"].items()
                for role in kb.roles_of(p)}
    assert roles == expected


def test_no_triage_page_is_unreachable_or_a_dead_end(real_site: Path, walk: dict[str, int]) -> None:
    built = sorted(p.relative_to(real_site).as_posix() for p in (real_site / "triage").glob("*.html"))
    assert sorted(walk) == built
    for rel in built:
        page = parse(real_site, rel)
        targets = [resolve(rel, href) for href, _ in page.links["kb-answers"]]
        if targets:  # a question: 2 to 6 answers and 不确定, each to another triage page
            labels = [label for _, label in page.links["kb-answers"]]
            assert 3 <= len(targets) <= 7 and labels[-1] == "不确定", rel
            assert all(t.startswith("triage/") and t != rel and (real_site / t).is_file() for t in targets), rel
        else:  # an outcome: the problem, steps, checklist and escalation
            links = {resolve(rel, href) for href, _ in page.links["content"]}
            assert any(t.startswith("problems/") for t in links), rel
            assert any(t.startswith("remedies/") for t in links), rel
            assert any(t.startswith("checklists/") for t in links), rel
            assert "escalation/index.html" in links, rel


def test_each_trail_leads_back_the_way_the_reader_came(real_site: Path, walk: dict[str, int]) -> None:
    """The trail lists one answer per step taken; each links the question where it was given, whose
    answer with that label leads on to the next page of the trail (or this one)."""
    for rel, answers in walk.items():
        trail = parse(real_site, rel).links["kb-trail"]
        assert len(trail) == answers, rel
        pages = [resolve(rel, href) for href, _ in trail] + [rel]
        text = (real_site / rel).read_text(encoding="utf-8")
        for here, following in zip(pages, pages[1:]):
            onward = [resolve(here, href) for href, _ in parse(real_site, here).links["kb-answers"]]
            assert following in onward, (rel, here, following)
        assert pages[0] == "triage/index.html" or answers == 0, rel
        assert ("kb-trail" in text) == (answers > 0), rel


FIRST = re.compile(r'<div class="kb-first">.*?href="\.\./remedies/([a-z0-9-]+)\.html"', re.S)
LISTED = re.compile(r'<li>\s*<p><strong><a href="\.\./remedies/([a-z0-9-]+)\.html"')


def test_each_situation_page_highlights_the_first_of_its_own_steps(real_site: Path, kb) -> None:
    """The 先做这一步 box is the first step of the numbered list under it, which is the situation's list;
    where the charge may not be the reader's own, that is freezing or reporting the card; a settled
    situation lists no step that needs an unsettled transaction."""
    for oid, outcome in kb.items["outcomes"].items():
        html = (real_site / f"triage/{oid}.html").read_text(encoding="utf-8")
        listed = LISTED.findall(html)
        assert FIRST.search(html)[1] == listed[0] == outcome.steps[0], oid
        assert tuple(listed) == outcome.steps, oid
        if "charge-maybe-not-own" in outcome.known:
            assert listed[0] == "freeze-or-report-card", oid
        if "settled" in outcome.known:
            assert not any("unsettled" in kb.get("remedies", r).only_when for r in listed), oid


STEPS_LIST = re.compile(r'<h2 id="[^"]*">(?:持卡人|商户)的处理步骤</h2>(.*?)<h2', re.S)
OTHER_READERS_WORDS = {"cardholder": ("商户后台", "顾客"), "merchant": ("发卡银行",)}


def test_steps_speak_to_their_reader(real_site: Path, kb) -> None:
    """A cardholder's steps never send them to the merchant's back office or to "the customer"; a
    merchant's never send the merchant to the card-issuing bank: on situation pages and problem pages."""
    for oid, outcome in kb.items["outcomes"].items():
        html = (real_site / f"triage/{oid}.html").read_text(encoding="utf-8")
        steps = STEPS_LIST.search(html)[1]
        for word in OTHER_READERS_WORDS[outcome.role]:
            assert word not in steps, (oid, word)
    for pid, problem in kb.items["problems"].items():
        html = (real_site / f"problems/{pid}.html").read_text(encoding="utf-8")
        for role in kb.roles_of(problem):
            start = html.index(f'<h2 id="{role}"')
            part = html[start:html.index("<h2", start + 10)]
            part = re.sub(r"<p><strong>情况更具体.*?</p>", "", part, flags=re.S)  # other situations' titles
            for word in OTHER_READERS_WORDS[role]:
                assert word not in part, (pid, role, word)


def test_a_problem_section_names_the_situations_whose_steps_differ_before_its_steps(real_site: Path, kb) -> None:
    """A reader who arrives on the problem page sees, above the steps, the situations that have other
    steps (a charge made today can still be voided), and only those."""
    html = (real_site / "problems/overcharged.html").read_text(encoding="utf-8")
    start = html.index('<h2 id="cardholder"')
    part = html[start:html.index("<h2", start + 10)]
    lead = re.search(r"<p><strong>情况更具体？步骤不一样：</strong>(.*?)</p>", part, flags=re.S)
    assert lead is not None and part.index(lead[0]) < part.index("<ol>")
    assert re.findall(r'href="../triage/([a-z-]+)\.html"', lead[1]) == ["cardholder-overcharged-today"]
    assert lead[1].endswith("。拿不准时按下面做：")
    main = kb.main_situation("overcharged", "cardholder")
    assert kb.items["outcomes"]["cardholder-overcharged-earlier"].steps == main.steps  # same steps: not listed


def test_checklist_lines_speak_to_their_reader(real_site: Path, kb) -> None:
    """What a situation's printed checklist lists to do and whom to go to next is worded for its reader: a
    merchant's never names the card-issuing bank, a cardholder's never the customer or the back office."""
    for oid, outcome in kb.items["outcomes"].items():
        html = (real_site / f"checklists/{oid}/index.html").read_text(encoding="utf-8")
        start, end = html.index("<h2>按顺序处理</h2>"), html.index("<h2>准备材料</h2>")
        ladder = html[html.index("<h2>解决不了时依次联系</h2>"):]
        ladder = ladder[:ladder.index("</ul>")]
        for word in OTHER_READERS_WORDS[outcome.role]:
            assert word not in html[start:end] + ladder, (oid, word)
    merchant = (real_site / "checklists/merchant-not-credited/index.html").read_text(encoding="utf-8")
    cardholder = (real_site / "checklists/cardholder-failed-today/index.html").read_text(encoding="utf-8")
    assert "<span>找收单机构（POS机所属支付公司）</span>" in merchant and "<span>找发卡银行</span>" in cardholder


def test_a_situation_with_its_own_escalation_prints_those_stages(real_site: Path, kb) -> None:
    """A merchant answering a chargeback goes to its acquirer, not to the police (the situation's own
    'escalation'); the cardholder whose card was used goes to the police first (the problem's stages)."""
    def ladder(situation: str) -> list[str]:
        html = (real_site / f"checklists/{situation}/index.html").read_text(encoding="utf-8")
        part = html[html.index("<h2>解决不了时依次联系</h2>"):]
        return re.findall(r"<span>([^<]+)</span>", part[:part.index("</ul>")])
    merchant = kb.items["outcomes"]["merchant-unauthorized"]
    stages = [kb.items["escalation"][s] for s in merchant.escalation]
    assert merchant.escalation and "police-report" not in merchant.escalation
    assert ladder("merchant-unauthorized") == [stage_text(s, "merchant") for s in stages]
    assert ladder("cardholder-unauthorized")[0] == stage_text(kb.items["escalation"]["police-report"], "cardholder")
