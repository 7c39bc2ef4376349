"""The built guide as a reader meets it: steps per role on the page, the fifth problem, deadlines,
plain words, the home order, titles, the 404 page and "last updated" (issue 13)."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from support import REPO, edit, run_kb
from generator.load.history import last_changed
from generator.model.prose import with_titles
from generator.pipeline import check


def shown(kb, text: str) -> str:
    """A text as the page shows it: each cross-reference as its target's title."""
    return with_titles(text, lambda kind, item_id: getattr(kb.items.get(kind, {}).get(item_id), "title", None))


@pytest.fixture(scope="module")
def kb():
    return check(REPO).kb


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", "", unescape(re.sub(r"<[^>]+>", "", html)))


def section(html: str, anchor: str) -> str:
    """The HTML of one h2 section, from its heading to the next h2."""
    start = html.index(f'<h2 id="{anchor}"')
    end = html.find("<h2", start + 10)
    return html[start:end if end > 0 else None]


def test_each_problem_page_has_a_section_per_reader_with_its_steps_and_instructions_in_order(real_site, kb):
    headings = {"cardholder": "如果你是持卡人", "merchant": "如果你是商户"}
    for problem_id, problem in kb.items["problems"].items():
        html = read(real_site, f"problems/{problem_id}.html")
        assert kb.roles_of(problem), problem_id
        for role in ("cardholder", "merchant"):
            steps = kb.steps_of(problem, role)  # the main situation's, in the order its YAML gives
            if not steps:
                assert f'<h2 id="{role}"' not in html
                continue
            part = section(html, role)
            assert headings[role] in part
            body = text_of(part)
            titles = [body.index(text_of(kb.get("remedies", r).title)) for r in steps]
            assert titles == sorted(titles), (problem_id, role)  # in the order the YAML gives
            for remedy_id in steps:
                assert text_of(kb.get("remedies", remedy_id).instruction_for(role)) in body, (problem_id, remedy_id)
                assert f'href="../remedies/{remedy_id}.html"' in part  # the full page is one tap away


def test_instruction_is_written_once_and_shown_on_remedy_page(real_site, kb):
    remedy = kb.get("remedies", "void-transaction")
    assert text_of(remedy.instruction) in text_of(read(real_site, "remedies/void-transaction.html"))
    assert text_of(remedy.instruction) in text_of(section(read(real_site, "problems/overcharged.html"), "merchant"))
    assert text_of(remedy.instruction) not in text_of(section(read(real_site, "problems/overcharged.html"),
                                                               "cardholder"))


def test_unauthorized_charge_starts_with_reporting_the_card_lost(real_site, kb):
    problem = kb.get("problems", "unauthorized-charge")
    assert kb.steps_of(problem, "cardholder")[:3] == ("freeze-or-report-card", "contact-issuing-bank",
                                                      "report-to-police")
    body = text_of(section(read(real_site, "problems/unauthorized-charge.html"), "cardholder"))
    assert body.index("挂失") < body.index("报案")
    home = read(real_site, "index.html")
    assert 'href="problems/unauthorized-charge.html"' in home
    cause = read(real_site, "causes/fraud-or-unauthorized.html")
    assert 'href="../problems/unauthorized-charge.html"' in cause
    assert 'href="../remedies/report-to-police.html"' in cause


URGENT = re.compile(r'<div class="kb-first kb-urgent" data-pagefind-ignore="all">\s*<p><strong>(.*?)</strong>'
                    r'<a href="\.\./remedies/([a-z0-9-]+)\.html">(.*?)</a></p>\s*<p>(.*?)</p>\s*</div>', re.S)
SYMPTOMS = re.compile(r'<h2 id="[^"]*">你可能遇到的情况</h2>')


def test_only_an_urgent_problem_shows_its_first_step_above_the_symptoms(real_site, kb):
    """unauthorized-charge is urgent (urgency: immediate): its first cardholder step, the remedy's own
    title and instruction, stands above the symptoms; a routine problem's page has no such box."""
    for problem_id, problem in kb.items["problems"].items():
        html = read(real_site, f"problems/{problem_id}.html")
        if problem.urgency == "routine":
            assert "kb-urgent" not in html and "先做这一步" not in html, problem_id
    problem = kb.get("problems", "unauthorized-charge")
    assert problem.urgency == "immediate"
    html = read(real_site, "problems/unauthorized-charge.html")
    [(label, remedy_id, title, instruction)] = URGENT.findall(html)
    remedy = kb.get("remedies", kb.steps_of(problem, "cardholder")[0])
    assert (label, remedy_id, title) == ("如果你是持卡人，先做这一步：", "freeze-or-report-card", remedy.title)
    assert text_of(instruction) == text_of(remedy.instruction)  # its glossary words link to their explanation
    assert URGENT.search(html).end() < SYMPTOMS.search(html).start() < html.index('<h2 id="cardholder"')
    assert text_of(remedy.instruction) in text_of(section(html, "cardholder"))  # and step 1 keeps it too


def test_an_urgent_problem_with_one_reader_says_first_step_once(small_kb):
    edit(small_kb / "content/problems/charged-twice.yaml", "priority: 1\n", "priority: 1\nurgency: immediate\n")
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(small_kb / "site"))
    assert result.returncode == 0, result.stderr
    html = read(small_kb / "site", "problems/charged-twice.html")
    assert URGENT.findall(html) == [("先做这一步：", "check-records", "核对交易记录和对账单",
                                     "在银行 App 里找到这笔交易，对照签购单")]
    assert "第一步：" not in html  # the box replaces the one-line link in the actions


def test_call_script_is_shown_on_its_step_without_script(real_site):
    part = section(read(real_site, "problems/overcharged.html"), "cardholder")
    details = re.search(r"<details class=\"note\">\s*<summary>打电话怎么说：(.*?)</summary>(.*?)</details>", part, re.S)
    assert details is not None
    assert "发卡银行客服" in details[1]
    assert all(word in text_of(details[2]) for word in ("先准备：", "开口就说：", "请对方：", "记下来："))


def test_escalation_page_states_bank_deadline_in_calendar_days_with_reference(real_site):
    html = read(real_site, "escalation/index.html")
    rung = html[html.index('id="institution"'):html.index('id="regulator"')]
    body = text_of(rung)
    assert "15日内" in body and "自然日，不是工作日" in body and "30日内，可以书面" in body
    assert "依据：银行业保险业消费投诉处理管理办法（2020年）第十八条、第四十三条；第二十条" in body
    assert 'href="../references/complaint-rules-2020.html"' in rung
    assert "支付公司：法规没有规定处理天数" in body
    assert "15个工作日" not in text_of(html)


def test_escalation_rungs_have_distinct_numbers_and_police_is_a_separate_branch(real_site):
    html = read(real_site, "escalation/index.html")
    numbers = re.findall(r'<h2 id="[a-z-]+">(\d+)\. ', html)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)] and len(numbers) == 5
    assert re.search(r'<div class="kb-rung kb-rung--branch">\n<h2 id="police-report">卡被盗刷或被骗：马上报警</h2>',
                     html)
    assert "第 4 级" not in html
    for problem in ("overcharged", "unauthorized-charge"):
        page = text_of(read(real_site, f"problems/{problem}.html"))
        assert "卡被盗刷或被骗：马上报警不用等上面几步。" in page
        assert "找监管部门投诉咨询律师，必要时起诉" in page or problem == "unauthorized-charge"


def test_first_use_of_a_term_links_to_its_explanation_on_the_same_page(real_site, kb):
    html = read(real_site, "problems/wrong-swipe-refund.html")
    uses = re.findall(r'<a class="kb-term" href="#term-([a-z-]+)" id="use-\1">', html)
    assert "void" in uses and "refund" in uses
    assert len(uses) == len(set(uses))  # only the first use of each term
    terms = section(html, "terms")
    for term_id in uses:
        assert f'id="term-{term_id}"' in terms
        assert text_of(shown(kb, kb.get("glossary", term_id).definition)) in text_of(terms)
        assert f'href="#use-{term_id}"' in terms  # and back to where it was used
    glossary = read(real_site, "glossary/index.html")
    for term_id, term in kb.items["glossary"].items():
        assert glossary.count(f'<h2 id="{term_id}">') == 1
        assert text_of(glossary).count(text_of(shown(kb, term.definition))) == 1


def test_home_lists_problems_in_content_order_and_its_title_is_the_site_name(real_site, kb):
    home = read(real_site, "index.html")
    ranked = sorted(kb.items["problems"].values(), key=lambda p: (p.priority, p.id))
    positions = [home.index(f'<a href="problems/{p.id}.html">') for p in ranked]
    assert positions == sorted(positions)
    assert ranked[0].id == "unauthorized-charge"
    assert re.search(r"<title>(.*?)</title>", home)[1] == "POS 刷卡问题自助指南"
    assert re.search(r"<title>(.*?)</title>", read(real_site, "escalation/index.html"))[1] == \
        "投诉升级路径 - POS 刷卡问题自助指南"


def test_not_found_page_is_chinese_with_a_way_back_and_a_search_box(real_site):
    html = read(real_site, "404.html")
    assert "404 - Not found" not in html
    assert "<h1>找不到这个页面</h1>" in html
    assert '<a href="https://pos-kb.github.io/pos-kb/">回到首页</a>' in html
    assert re.search(r'<form class="kb-404-search" action="https://pos-kb.github.io/pos-kb/" method="get" '
                     r'role="search">', html)
    assert re.search(r'<input id="kb-404-q" type="search" name="q"', html)


def test_labels_read_as_natural_chinese(real_site):
    for path in real_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "被以下内容引用" not in html and "可以期待什么" not in html, path
    assert "提到本条的页面" in read(real_site, "evidence/sales-slip.html")


def test_every_page_shows_when_its_content_last_changed(real_site):
    dates = last_changed(REPO)
    expected = dates["content/remedies/void-transaction.yaml"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", expected)
    assert f'<p class="kb-updated" data-pagefind-ignore>最后更新：{expected}</p>' in \
        read(real_site, "remedies/void-transaction.html")
    newest = max(d for p, d in dates.items() if p.startswith("content/escalation/"))
    assert f"最后更新：{newest}" in read(real_site, "escalation/index.html")


def test_last_changed_takes_the_newest_commit_of_each_file_in_one_pass(tmp_path):
    def git(*args: str, date: str = "2001-02-03T04:05:06Z") -> None:
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"}
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "content/remedies").mkdir(parents=True)
    (tmp_path / "content/remedies/a.yaml").write_text("id: a\n", encoding="utf-8")
    (tmp_path / "content/remedies/b.yaml").write_text("id: b\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-qm", "first")
    (tmp_path / "content/remedies/b.yaml").write_text("id: b\ntitle: x\n", encoding="utf-8")
    git("commit", "-qam", "second", date="2002-03-04T05:06:07Z")
    assert last_changed(tmp_path) == {"content/remedies/a.yaml": "2001-02-03", "content/remedies/b.yaml": "2002-03-04"}


def test_without_git_pages_have_no_date_and_the_build_still_works(small_kb):
    assert last_changed(small_kb) == {}
    result = run_kb("--root", str(small_kb), "build", "--site-dir", str(small_kb / "site"))
    assert result.returncode == 0, result.stderr
    assert "最后更新" not in read(small_kb / "site", "problems/charged-twice.html")
