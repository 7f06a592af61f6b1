"""The generalisation audit set (tests/corpus_audit, built from audit.yaml): twelve report excerpts in styles the
seeds and tests/corpus lack, labelled by hand before the extractor was tuned on them. Scored with the shared
scorer's key rules (shared/tools/score_extraction.py): per document, sets of (indicator, value|"masked", target)
plus the threshold of villages_income_above; micro-averaged. Guards against regressions on unseen phrasing.
"""

from __future__ import annotations

import json
from pathlib import Path

from etl.extract import extract_text

AUDIT = Path(__file__).resolve().parent / "corpus_audit"
MIN_F1 = 0.95


def fact_key(f: dict) -> tuple:
    """As shared/tools/score_extraction.py does."""
    target = bool(f.get("target", False))
    if f.get("masked"):
        val: object = "masked"
    else:
        v = f.get("value")
        val = None if v is None else round(float(v), 4)
    key: tuple = (f["indicator"], val, target)
    if f["indicator"] == "villages_income_above":
        t = (f.get("attrs") or {}).get("threshold")
        key += (None if t is None else round(float(t), 4),)
    return key


def score() -> dict[str, float]:
    tp = fp = fn = township = year = 0
    golds = sorted(AUDIT.glob("*.json"))
    for g in golds:
        gold = json.loads(g.read_text(encoding="utf-8"))
        out = extract_text(g.with_suffix(".txt").read_text(encoding="utf-8"), source=g.stem + ".txt")
        gk = {fact_key(f) for f in gold["facts"]}
        ok = {fact_key(f) for f in out["facts"]}
        tp += len(gk & ok)
        fp += len(ok - gk)
        fn += len(gk - ok)
        township += out["township"] == gold["township"]
        year += out["year"] == gold["year"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    n = len(golds)
    return {"docs": n, "precision": p, "recall": r, "f1": f1, "township": township / n, "year": year / n}


def test_audit_set_is_complete() -> None:
    golds = sorted(AUDIT.glob("[0-9][0-9][0-9]_*.json"))
    assert len(golds) >= 12
    assert all(g.with_suffix(".txt").exists() for g in golds)


def test_audit_f1() -> None:
    s = score()
    print(
        f"audit: docs={s['docs']} precision={s['precision']:.3f} recall={s['recall']:.3f} f1={s['f1']:.3f} "
        f"township_acc={s['township']:.3f} year_acc={s['year']:.3f}"
    )
    assert s["f1"] >= MIN_F1, s
    assert s["township"] >= 0.9 and s["year"] >= 0.9, s
