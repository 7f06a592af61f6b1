"""Extraction scores on the #18 indicators only: `python benchmarks/score_koujing.py DOCS GOLD [--show-misses]`.

The shared scorer (../shared/tools/score_extraction.py --all-indicators) scores every key; this one keeps the
indicators added for issue #18 (the new keys, 基层党组织数 with its levels, and 村集体经营性收入 as
collective_income_total with attrs.measure), in the gold files and in the extractor's answers alike, and
compares facts by the same key (indicator, value, target)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scoring import ADDED_KEYS, fact_key  # noqa: E402 — the same key rules as the tests

# The #18 keys koujing18 and koujing_dev label: the project's added keys (tests/scoring.ADDED_KEYS) except the
# member flows of the earlier batch, which these sets leave unlabelled.
NEW_KEYS = ADDED_KEYS - {
    "party_members_transferred_in",
    "party_members_transferred_out",
    "party_members_expelled",
    "party_members_deceased",
}


def kept(f: dict) -> bool:
    if f.get("indicator") in NEW_KEYS:
        return True
    return f.get("indicator") == "collective_income_total" and "measure" in (f.get("attrs") or {})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("docs")
    ap.add_argument("gold")
    ap.add_argument("--show-misses", action="store_true")
    a = ap.parse_args()
    golds = sorted(Path(a.gold).glob("*.json"))
    docs = [next(p for p in Path(a.docs).glob(g.stem + ".*")) for g in golds]
    out = subprocess.run(
        [sys.executable, "-m", "etl", "extract", *map(str, docs), "--json"], capture_output=True, text=True
    )
    got = json.loads(out.stdout)
    tp = fp = fn = 0
    for g, d, o in zip(golds, docs, got, strict=True):
        gk = {fact_key(f) for f in json.loads(g.read_text(encoding="utf-8"))["facts"] if kept(f)}
        ok = {fact_key(f) for f in o.get("facts", []) if kept(f)}
        tp, fp, fn = tp + len(gk & ok), fp + len(ok - gk), fn + len(gk - ok)
        if a.show_misses and gk ^ ok:
            print(f"--- {d.name}")
            for k in sorted(gk - ok, key=str):
                print(f"  missed   {k}")
            for k in sorted(ok - gk, key=str):
                ev = next((f.get("evidence") for f in o["facts"] if kept(f) and fact_key(f) == k), "")
                print(f"  spurious {k}  « {ev} »")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"docs={len(docs)} tp={tp} fp={fp} fn={fn} precision={p:.3f} recall={r:.3f} f1={f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
