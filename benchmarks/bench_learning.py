"""The simulated clerk: how much the extractor learns from 报告导入. Prints figures; no thresholds.

    python benchmarks/bench_learning.py [--docs DIR --gold DIR ...]

Corpus: ../shared/realdev plus tests/corpus_real/dev (never tests/corpus_real/heldout). Documents are split in
two halves (alternating, in name order). On the teaching half a simulated clerk goes through each report's
unclaimed numbers (etl.reports.unclaimed) in order: a number a gold fact the rules missed names (same value,
inside the gold evidence) is assigned to that indicator (with the gold attrs, target and year); every other
one is dismissed as 不是指标; a figure a learned phrasing read that is not gold is dropped. Each of these is one
action (a click), plus one to save; what the clerk teaches goes into a real store (store.learned) and serves
the next reports at once. Then the other half is extracted with the rules alone and with the learned
phrasings. Prints, per half: precision / recall / F1 with and without learning, the share of quantities
accounted for (claimed by a fact or excluded by a learned 不是指标) per document before and after, and the
clicks per report to reach 核对完成.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy.orm import Session  # noqa: E402

from etl.reports.extract import extract  # noqa: E402
from etl.reports.learned import claimed_by, lesson  # noqa: E402
from etl.reports.numbers import MONEY_FACTORS, convert_money  # noqa: E402
from etl.reports.patterns import load_rules  # noqa: E402
from etl.reports.readers import read_document  # noqa: E402
from etl.reports.unclaimed import SUGGESTIONS, Unclaimed, unclaimed  # noqa: E402
from store.learned import Phrasing, active_phrasings, count_use, teach  # noqa: E402
from store.session import make_engine, session_factory, upgrade  # noqa: E402

SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "realdev").is_dir()), ROOT.parent / "shared")
CORPORA = (
    (SHARED / "realdev" / "docs", SHARED / "realdev" / "gold"),
    (ROOT / "tests" / "corpus_real" / "dev" / "docs", ROOT / "tests" / "corpus_real" / "dev" / "gold"),
)


def fact_key(f: dict[str, Any]) -> tuple[Any, ...]:
    """The scorer's key (shared/spec/extraction.md): indicator, value or masked, target[, threshold]."""
    value: Any = "masked" if f.get("masked") else (None if f.get("value") is None else round(float(f["value"]), 4))
    key: tuple[Any, ...] = (f["indicator"], value, bool(f.get("target", False)))
    if f["indicator"] == "villages_income_above":
        t = (f.get("attrs") or {}).get("threshold")
        key += (None if t is None else round(float(t), 4),)
    return key


@dataclass
class Doc:
    name: str
    text: str
    gold: list[dict[str, Any]]


def load_docs(pairs: tuple[tuple[Path, Path], ...] = CORPORA) -> list[Doc]:
    """Every document with a gold file in PAIRS (docs dir, gold dir) that exist."""
    out: list[Doc] = []
    for docs, gold in pairs:
        if not gold.is_dir():
            continue
        for g in sorted(gold.glob("*.json")):
            doc = docs / f"{g.stem}.txt"
            if doc.exists():
                text = read_document(doc.name, doc.read_bytes())
                out.append(Doc(f"{docs.parent.name}/{g.stem}", text, json.loads(g.read_text("utf-8"))["facts"]))
    return out


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, got: list[dict[str, Any]], want: list[dict[str, Any]]) -> None:
        g, w = {fact_key(f) for f in got}, {fact_key(f) for f in want}
        self.tp, self.fp, self.fn = self.tp + len(g & w), self.fp + len(g - w), self.fn + len(w - g)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def line(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} (tp={self.tp} fp={self.fp} fn={self.fn})"


def _value_in(item: Unclaimed, indicator: str) -> float | None:
    rule = load_rules().rules[indicator]
    if item.value is None or item.unit not in rule.units:
        return None
    if rule.kind == "money" and item.unit in MONEY_FACTORS and rule.unit in MONEY_FACTORS:
        return convert_money(item.value, item.unit, rule.unit)
    return item.value


def _names(item: Unclaimed, g: dict[str, Any], text: str) -> bool:
    """Gold fact G is about ITEM: same value in G's unit, and ITEM's number lies inside an occurrence of G's
    evidence in the document TEXT."""
    v, want = _value_in(item, g["indicator"]), g.get("value")
    if v is None or want is None or round(v, 4) != round(float(want), 4):
        return False
    ev = g.get("evidence") or ""
    at = text.find(ev) if ev else -1
    while at >= 0:
        if at <= item.span[0] and item.span[1] <= at + len(ev):
            return True
        at = text.find(ev, at + 1)
    return False


@dataclass
class ClerkRun:
    clicks: list[int] = field(default_factory=list)  # one action per number
    clicks_bulk: list[int] = field(default_factory=list)  # with 其余…都不是指标 for the dismissals
    suggestion_ranks: list[int | None] = field(default_factory=list)  # the gold indicator's place in the list
    accounted_before: list[float] = field(default_factory=list)
    accounted_after: list[float] = field(default_factory=list)


def accounted(n_facts_items: int, items: list[Unclaimed]) -> float:
    """Share of a document's quantities claimed by a fact or excluded by a learned 不是指标."""
    total = n_facts_items + len(items)
    if total == 0:
        return 1.0
    return (n_facts_items + sum(1 for it in items if it.dismissed_by is not None)) / total


def _quantities_claimed(ex: Any) -> int:
    spans = [(f.start, f.end) for f in ex.raw]
    return sum(1 for m in ex.mentions if claimed_by(m.start, m.end, spans))


def teach_half(session: Session, docs: list[Doc], user: str = "clerk") -> ClerkRun:
    """The simulated clerk on DOCS, in order, teaching SESSION's store as it goes."""
    run = ClerkRun()
    rules = load_rules()
    for d in docs:
        rules_only = extract(d.text)
        run.accounted_before.append(accounted(_quantities_claimed(rules_only), unclaimed(rules_only)))
        learned = active_phrasings(session)
        ex = extract(d.text, learned=learned)
        items = unclaimed(ex, learned)
        gold_keys = {fact_key(g) for g in d.gold}
        clicks = 1  # save
        dismissals = 0
        for f in ex.facts:
            if f.get("origin") == "learned":
                kept = fact_key(f) in gold_keys
                count_use(session, int(f["phrasing"]), kept=kept, actor=user)
                clicks += 0 if kept else 1
        have = {fact_key(f) for f in ex.facts}
        missed = [g for g in d.gold if fact_key(g) not in have]
        for it in items:
            g = next((g for g in missed if _names(it, g, d.text)), None)
            if g is not None:
                missed.remove(g)
                clicks += 1 + len(g.get("attrs") or {})
                ranked = it.suggested
                run.suggestion_ranks.append(ranked.index(g["indicator"]) if g["indicator"] in ranked else None)
                if it.phrase is not None:
                    word, attrs = lesson(it.phrase, dict(g.get("attrs") or {}), rules.rules[g["indicator"]])
                    teach(
                        session,
                        side=it.phrase.side,
                        word=word,
                        unit=it.phrase.unit,
                        indicator=g["indicator"],
                        actor=user,
                        example=it.clause,
                        attrs=attrs,
                    )
            elif it.dismissed_by is None:
                dismissals += 1
                if it.phrase is not None:
                    teach(
                        session,
                        side=it.phrase.side,
                        word=it.phrase.word,
                        unit=it.phrase.unit,
                        indicator=None,
                        actor=user,
                        example=it.clause,
                    )
        session.flush()
        after = extract(d.text, learned=active_phrasings(session))
        run.accounted_after.append(accounted(_quantities_claimed(after), unclaimed(after, active_phrasings(session))))
        run.clicks.append(clicks + dismissals)
        run.clicks_bulk.append(clicks + (1 if dismissals else 0))
    return run


def evaluate(docs: list[Doc], learned: list[Phrasing]) -> tuple[Score, Score, list[tuple[str, float, float]]]:
    """Rules alone and rules + LEARNED on DOCS: scores and, per document, the share accounted for."""
    base, taught = Score(), Score()
    shares: list[tuple[str, float, float]] = []
    for d in docs:
        a, b = extract(d.text), extract(d.text, learned=learned)
        base.add(a.facts, d.gold)
        taught.add(b.facts, d.gold)
        shares.append(
            (
                d.name,
                accounted(_quantities_claimed(a), unclaimed(a)),
                accounted(_quantities_claimed(b), unclaimed(b, learned)),
            )
        )
    return base, taught, shares


def simulate(docs: list[Doc], url: str) -> dict[str, Any]:
    """Teach on one half, evaluate on the other, both ways round; the figures as a dict."""
    out: dict[str, Any] = {}
    halves = (docs[0::2], docs[1::2])
    for name, (teach_on, test_on) in {"A→B": halves, "B→A": halves[::-1]}.items():
        engine = make_engine(url.format(name="ab" if name == "A→B" else "ba"))
        upgrade(engine)
        with session_factory(engine)() as s, s.begin():
            clerk = teach_half(s, teach_on)
            learned = active_phrasings(s)
        base, taught, shares = evaluate(test_on, learned)
        out[name] = {"clerk": clerk, "base": base, "learned": taught, "shares": shares, "phrasings": len(learned)}
        engine.dispose()
    return out


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-docs", action="store_true", help="print the share accounted for per document")
    a = ap.parse_args()
    docs = load_docs()
    print(f"documents: {len(docs)} (../shared/realdev + tests/corpus_real/dev)")
    with tempfile.TemporaryDirectory() as tmp:
        res = simulate(docs, f"sqlite:///{tmp}/{{name}}.db")
    for name, r in res.items():
        clerk: ClerkRun = r["clerk"]
        print(f"\n== teach on one half, extract the other ({name}); {r['phrasings']} phrasings learned")
        print(f"rules alone:      {r['base'].line()}")
        print(f"rules + learned:  {r['learned'].line()}")
        print(f"recall gained:    {r['learned'].recall - r['base'].recall:+.3f}")
        print(f"precision kept:   {r['learned'].precision - r['base'].precision:+.3f}")
        before = [b for _, b, _ in r["shares"]]
        after = [x for _, _, x in r["shares"]]
        print(f"accounted for (extraction half, mean per doc): before {_mean(before):.3f} after {_mean(after):.3f}")
        print(
            f"accounted for (teaching half, mean per doc): rules alone {_mean(clerk.accounted_before):.3f}, "
            f"re-extracted with what the clerk taught {_mean(clerk.accounted_after):.3f}"
        )
        half = len(clerk.clicks) // 2
        print(
            f"clicks per report to 核对完成: mean {_mean([float(c) for c in clerk.clicks]):.1f}, "
            f"first half {_mean([float(c) for c in clerk.clicks[:half]]):.1f}, "
            f"second half {_mean([float(c) for c in clerk.clicks[half:]]):.1f}, max {max(clerk.clicks)}"
        )
        print(
            f"clicks per report with 其余…都不是指标: mean {_mean([float(c) for c in clerk.clicks_bulk]):.1f}, "
            f"max {max(clerk.clicks_bulk)}"
        )
        ranks = clerk.suggestion_ranks
        print(
            f"suggestions for the {len(ranks)} assigned numbers: gold indicator first {sum(r == 0 for r in ranks)}, "
            f"in the first {SUGGESTIONS} {sum(r is not None for r in ranks)}"
        )
        if a.show_docs:
            for n, b, x in r["shares"]:
                print(f"  {n:28} {b:.2f} → {x:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
