"""The search's hit rate on readers' own questions (tests/browser/reader_questions.yaml), typed and
pasted into the real search box of the real site in chromium on a 360 px phone: at least 90 % must
have a page of a fitting family in the first three results. README's figure comes from this test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from browser_support import PHONE, REPO, search, watched_page

QUESTIONS_FILE = Path(__file__).with_name("reader_questions.yaml")
HIT_RATE = 0.9


def problem_pages(problem: str) -> set[str]:
    """A problem's page and its situations: every triage outcome whose `problem` is that problem."""
    pages = {f"problems/{problem}.html"}
    for path in sorted((REPO / "content" / "outcomes").glob("*.yaml")):
        if yaml.safe_load(path.read_text(encoding="utf-8")).get("problem") == problem:
            pages.add(f"triage/{path.stem}.html")
    return pages


def reader_questions() -> list[tuple[str, set[str]]]:
    """(question, pages that answer it) for every question of the set."""
    data = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    families: dict[str, set[str]] = {}
    for name, members in data["families"].items():
        families[name] = set()
        for member in members:
            families[name] |= problem_pages(member.removeprefix("problem:")) if member.startswith("problem:") \
                else {member}
    return [(entry["q"], set().union(*(families[f] for f in entry["find"]))) for entry in data["questions"]]


def test_the_question_set_is_broad_and_names_real_pages(real_site):
    """At least 60 questions, from both kinds of readers, and every page a family names exists."""
    data = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    assert len(data["questions"]) >= 60
    assert {entry["role"] for entry in data["questions"]} == {"cardholder", "merchant"}
    missing = sorted(page for _, pages in reader_questions() for page in pages if not (real_site / page).is_file())
    assert missing == []


@pytest.mark.parametrize("how", ["type", "paste"])
def test_readers_questions_find_a_fitting_page_in_the_top_three(browser, site_url, how, record_property):
    context, watch, page = watched_page(browser, PHONE)
    page.goto(site_url + "index.html")
    questions = reader_questions()
    misses = {}
    for query, pages in questions:
        top = search(page, query, how)[:3]
        if not pages & set(top):
            misses[query] = top
    rate = 1 - len(misses) / len(questions)
    record_property("hit_rate", f"{len(questions) - len(misses)}/{len(questions)}")
    print(f"\n{how}: {len(questions) - len(misses)} of {len(questions)} questions ({rate:.0%}) in the top three")
    assert rate >= HIT_RATE, misses
    assert watch.problems() == []
    context.close()
