"""Synthetic knowledge bases in the real schema, for the benchmark and its smoke test.

Text lengths, list lengths and the Chinese wording itself are sampled from the
real content/ (read with the project's own loader), so page sizes are
realistic. References follow the density of the issue: every problem has 3-8
causes, every cause 2-5 remedies. Every non-problem item is referenced at
least once, so the orphan check passes. Article sources quote the real seed
articles in their cleaned form, so the provenance check runs on every quote.

The escalation ladder, the outside references and the articles stay small
fixed sets, as in the real guide: they are one page each (escalation/index,
sources/index) and do not grow with the number of problems.

Usage: ``python bench/synth.py OUT_DIR [N]`` writes content/ and rules/ under OUT_DIR.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from generator.load.corpus import load  # noqa: E402
from generator.rules.cleaner import clean_article  # noqa: E402
from generator.rules.lint import lint_text  # noqa: E402
from generator.rules.loader import load_rules  # noqa: E402

FIXED = {"escalation": 6, "references": 8, "articles": 5}
"""Kinds that stay the same size at every scale (as in the real guide)."""
SHARES = {"problems": 4, "causes": 11, "remedies": 19, "evidence": 11, "prevention": 10}
"""Relative sizes of the growing kinds: the proportions of the real content."""
MINIMUM = {"problems": 2, "causes": 8, "remedies": 8, "evidence": 6, "prevention": 5}
_CLAUSE = re.compile(r"[，,。；;：:！!？?\n()（）“”\"]+")
_SENTENCE = re.compile(r"[。！？!?\n]+")


def counts(n: int) -> dict[str, int]:
    """Items per kind for a knowledge base of about n items (exactly n from 100 up)."""
    rest = max(n - sum(FIXED.values()), 0)
    total = sum(SHARES.values())
    out = {k: max(MINIMUM[k], rest * share // total) for k, share in SHARES.items()}
    out["remedies"] += max(rest - sum(out.values()), 0)
    return {**out, **FIXED}


class Sampler:
    """Lengths and wording taken from the real content."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        corpus = load(REPO)
        self.lengths: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.list_lengths: dict[tuple[str, str], list[int]] = defaultdict(list)
        clauses: set[str] = set()
        for doc in corpus.documents:
            if not isinstance(doc.data, dict) or doc.kind == "articles":
                continue
            for key, value in doc.data.items():
                if key == "search_terms":
                    continue  # readers' search words, not prose to sample sentences from
                values = value if isinstance(value, list) else [value]
                if isinstance(value, list):
                    self.list_lengths[(doc.kind, key)].append(len(value))
                for v in values:
                    if key == "statements" and isinstance(v, dict):
                        v = v.get("text")  # a reference's statements are its prose
                    if isinstance(v, str):
                        self.lengths[(doc.kind, key)].append(len(v))
                        clauses.update(c.strip() for c in _CLAUSE.split(v))
        # 4 to 24 characters: a long unbroken clause (a citation) would make short synthetic texts alike
        # No Latin letters or digits: pieces of "POS" joined to other pieces could spell a misspelling.
        self.clauses = sorted(c for c in clauses if 4 <= len(c) <= 24 and not re.search(r"[0-9A-Za-z-]", c))
        rules, _ = load_rules(REPO)
        self.rules = rules
        # No word of one reader's tools (rules/advice.yaml): a remedy both readers do may not use one.
        self.clauses = [c for c in self.clauses if not any(w.word in c for w in rules.advice.role_words)]
        self.articles = {a: (REPO / "content/articles" / f"{a}.txt").read_text("utf-8") for a in
                         sorted(p.stem for p in (REPO / "content/articles").glob("*.txt"))}
        self.quotes: dict[str, list[str]] = {}
        for article_id, text in self.articles.items():
            cleaned = clean_article(text, rules).text
            parts = {s.strip() for s in _SENTENCE.split(cleaned)}
            self.quotes[article_id] = sorted(s for s in parts if 8 <= len(s) <= 60 and not re.search(r"\d", s))

    def length(self, kind: str, key: str, default: int = 40, cap: int | None = None) -> int:
        found = self.lengths.get((kind, key))
        n = self.rng.choice(found) if found else default
        return min(n, cap) if cap else n

    def count(self, kind: str, key: str, default: int = 3) -> int:
        found = self.list_lengths.get((kind, key))
        return self.rng.choice(found) if found else default

    def text(self, length: int) -> str:
        """Chinese text of exactly ``length`` characters, ending in 。.

        Each comma-separated part joins three pieces (3 to 6 characters) of real clauses, so the
        words are real but parts are hardly ever alike across items: like the real content (0
        near-duplicate sentences), a large synthetic guide states each fact once. Whole clauses
        would recur hundreds of times at 10,000 items and turn the said-once (clause-copy) check
        into a measurement of its warnings."""
        while True:
            out: list[str] = []
            size = 0
            while size < length:
                part = "".join(self._piece() for _ in range(3))
                if lint_text(part, self.rules) or any(w.word in part for w in self.rules.advice.role_words):
                    continue  # a word the rules refuse (提 + 额), or one reader's word (顾客) in any reader's text
                out.append(part)
                size += len(part) + 1
            text = ("，".join(out))[: max(length - 1, 1)].rstrip("，") + "。"
            if not lint_text(text, self.rules):  # parts joined can spell a refused word too (不公，开的)
                return text

    def _piece(self) -> str:
        clause = self.rng.choice(self.clauses)
        size = min(self.rng.randint(3, 6), len(clause))
        start = self.rng.randint(0, len(clause) - size)
        return clause[start:start + size]

    def field(self, kind: str, key: str, cap: int, default: int = 40) -> str:
        return self.text(self.length(kind, key, default, cap))

    def texts(self, kind: str, key: str, cap: int, default_count: int = 3) -> list[str]:
        return [self.field(kind, key, cap) for _ in range(self.count(kind, key, default_count))]


class Pool:
    """Draws ids in a shuffled cycle: consecutive draws are distinct and every id gets used."""

    def __init__(self, ids: list[str], rng: random.Random):
        self.ids = list(ids)
        rng.shuffle(self.ids)
        self.next = 0

    def take(self, k: int) -> list[str]:
        k = min(k, len(self.ids))
        out = [self.ids[(self.next + j) % len(self.ids)] for j in range(k)]
        self.next += k
        return out

    def unused(self) -> list[str]:
        return self.ids[self.next:] if self.next < len(self.ids) else []


def generate(out: Path, n: int, seed: int = 7) -> dict[str, int]:
    """Write content/ (and copy rules/) for about n items under out. Returns items per kind."""
    rng = random.Random(seed)
    s = Sampler(rng)
    sizes = counts(n)
    ids = {kind: [f"{kind[:4]}-{i:05d}" for i in range(sizes[kind])] for kind in sizes}
    ids["articles"] = list(s.articles)[: sizes["articles"]]
    pools = {kind: Pool(ids[kind], rng) for kind in ids}
    items: dict[str, dict[str, dict]] = {kind: {} for kind in ids}

    def base(kind: str, item_id: str, number: int) -> dict:
        title = s.field(kind, "title", 40).rstrip("。")
        status = rng.choices(("verified", "unverified", "corrected"), (5, 4, 1))[0]
        item = {"id": item_id, "title": f"{title}（{number}）", "status": status}
        if status == "corrected":
            item["correction"] = s.text(rng.randint(40, 120))
        return item

    def sources(kind: str) -> list[dict]:
        out = []
        for article in pools["articles"].take(rng.randint(1, 2)):
            out.append({"article": article, "quote": rng.choice(s.quotes[article])})
        if kind != "references" and rng.random() < 0.6:
            # a source cites one statement of the reference ('<id>#<statement>'): see the references below
            out.append({"reference": f"{pools['references'].take(1)[0]}#s{rng.randint(1, 2)}"})
        return out

    # Reader roles, priorities and one-line instructions come from their own random stream, so adding
    # them left every other sampled text as it was.
    extra = random.Random(seed + 1)
    roles = {remedy_id: extra.choice(("cardholder", "merchant", "both")) for remedy_id in ids["remedies"]}
    instructions = Sampler(extra)
    for i, item_id in enumerate(ids["problems"]):
        p = base("problems", item_id, i + 1)
        steps = pools["remedies"].take(rng.randint(3, 8))
        p.update(summary=s.field("problems", "summary", 70), priority=extra.randint(1, 100),
                 cardholder_steps=[r for r in steps if roles[r] != "merchant"],
                 merchant_steps=[r for r in steps if roles[r] != "cardholder"],
                 symptoms=s.texts("problems", "symptoms", 50), description=s.field("problems", "description", 580),
                 causes=pools["causes"].take(rng.randint(3, 8)),
                 escalation=sorted(rng.sample(ids["escalation"], rng.randint(2, 4))),
                 evidence=pools["evidence"].take(rng.randint(3, 6)), prevention=pools["prevention"].take(rng.randint(1, 4)))
        others = [x for x in rng.sample(ids["problems"], min(3, len(ids["problems"]))) if x != item_id]
        p["related"] = others[: rng.randint(0, 2)]
        items["problems"][item_id] = p
    for i, item_id in enumerate(ids["causes"]):
        c = base("causes", item_id, i + 1)
        c.update(explanation=s.field("causes", "explanation", 780), signs=s.texts("causes", "signs", 190),
                 remedies=pools["remedies"].take(rng.randint(2, 5)), prevention=pools["prevention"].take(rng.randint(0, 2)))
        items["causes"][item_id] = c
    for i, item_id in enumerate(ids["remedies"]):
        r = base("remedies", item_id, i + 1)
        r.update(checklist_label=s.field("remedies", "checklist_label", 28),
                 role=roles[item_id], instruction=instructions.field("remedies", "instruction", 58),
                 how=s.texts("remedies", "how", 290), evidence=pools["evidence"].take(rng.randint(0, 3)))
        if rng.random() < 0.3:
            r["caution"] = s.text(rng.randint(30, 90))
        items["remedies"][item_id] = r
    for i, item_id in enumerate(ids["escalation"]):
        e = base("escalation", item_id, i + 1)
        e.update(checklist_label=s.field("escalation", "checklist_label", 28), role="both",
                 contacts=[{"name": s.text(rng.randint(6, 20)), "how_to_find": s.text(rng.randint(30, 90))}
                           for _ in range(rng.randint(1, 2))],
                 when=s.field("escalation", "when", 290), move_on=s.field("escalation", "move_on", 290),
                 bring=pools["evidence"].take(rng.randint(2, 5)), expect=s.field("escalation", "expect", 390),
                 next=ids["escalation"][i + 1: i + 3])
        items["escalation"][item_id] = e
    for i, item_id in enumerate(ids["evidence"]):
        ev = base("evidence", item_id, i + 1)
        ev.update(checklist_label=s.field("evidence", "checklist_label", 28),
                  description=s.field("evidence", "description", 480), where=s.field("evidence", "where", 290))
        items["evidence"][item_id] = ev
    for i, item_id in enumerate(ids["prevention"]):
        pv = base("prevention", item_id, i + 1)
        pv.update(audience=rng.sample(["merchant", "cardholder"], rng.randint(1, 2)), tip=s.field("prevention", "tip", 480))
        items["prevention"][item_id] = pv
    for i, item_id in enumerate(ids["references"]):
        ref = base("references", item_id, i + 1)
        ref.update(status="verified", citation=s.field("references", "citation", 120),
                   statements=[{"id": f"s{k}", "text": s.field("references", "statements", 290)} for k in (1, 2)])
        ref.pop("correction", None)
        items["references"][item_id] = ref

    for kind in ("problems", "causes", "remedies", "escalation", "evidence", "prevention", "references"):
        for item in items[kind].values():
            item["sources"] = sources(kind)  # drawn for every kind, so the random stream stays the same
            if kind == "references":
                item["sources"] = []  # a reference rests on its official text, not on article quotes
            elif item["status"] == "verified" and not any("reference" in src for src in item["sources"]):
                item["status"] = "unverified"  # verified needs an outside reference
    _cover(items, pools, rng)
    _write(out, items, s)
    return {kind: len(v) for kind, v in items.items()} | {"articles": len(ids["articles"])}


def _cover(items: dict, pools: dict, rng: random.Random) -> None:
    """Link every id that no item drew yet (only happens at tiny sizes), so nothing is an orphan."""
    holders = {"causes": ("problems", "causes"), "remedies": ("causes", "remedies"),
               "evidence": ("problems", "evidence"), "prevention": ("problems", "prevention")}
    for kind, (owner, key) in holders.items():
        owners = list(items[owner].values())
        for target in pools[kind].unused():
            owner_item = rng.choice(owners)
            if target not in owner_item[key]:
                owner_item[key].append(target)
    problems = list(items["problems"].values())
    reached = {e for p in problems for e in p["escalation"]} | {e for s in items["escalation"].values() for e in s["next"]}
    for stage in items["escalation"]:
        if stage not in reached:
            owner = rng.choice(problems)
            owner["escalation"] = sorted(owner["escalation"] + [stage])
    for target in pools["references"].unused():
        rng.choice(problems)["sources"].append({"reference": target})
    for target in pools["articles"].unused():
        rng.choice(problems)["sources"].append({"article": target, "quote": "PLACEHOLDER"})


def _scalar(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def dump(item: dict, kind: str) -> str:
    """YAML for one item: plain mappings, lists of strings and lists of flat mappings."""
    lines = [f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"]
    for key, value in item.items():
        if isinstance(value, list):
            if not value:
                lines.append(f"{key}: []")
                continue
            lines.append(f"{key}:")
            for entry in value:
                if isinstance(entry, dict):
                    pairs = [f"{k}: {_scalar(v)}" for k, v in entry.items()]
                    lines.append("  - " + "\n    ".join(pairs))
                else:
                    lines.append(f"  - {_scalar(entry)}")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _write(out: Path, items: dict, s: Sampler) -> None:
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    for kind, by_id in items.items():
        folder = content / kind
        folder.mkdir(parents=True)
        for item_id, item in by_id.items():
            for src in item.get("sources", ()):
                if src.get("quote") == "PLACEHOLDER":
                    src["quote"] = s.rng.choice(s.quotes[src["article"]])
            (folder / f"{item_id}.yaml").write_text(dump(item, kind), "utf-8")
    articles = content / "articles"
    articles.mkdir(exist_ok=True)
    for article_id in list(s.articles)[: FIXED["articles"]]:
        shutil.copy2(REPO / "content/articles" / f"{article_id}.txt", articles / f"{article_id}.txt")
        shutil.copy2(REPO / "content/articles" / f"{article_id}.yaml", articles / f"{article_id}.yaml")
    if (out / "rules").exists():
        shutil.rmtree(out / "rules")
    # without the real content's said-once exceptions: they name items this base does not have
    shutil.copytree(REPO / "rules", out / "rules", ignore=shutil.ignore_patterns("said-once.yaml"))


if __name__ == "__main__":
    target = Path(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    print(generate(target, size))
