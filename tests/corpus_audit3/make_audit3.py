"""Write the gold files of audit round 3 from labels.yaml: NNN_name.json next to NNN_name.txt (here or in
heldout/), in the shared gold format with evidence and span. The texts are written by hand; this script only
checks each evidence is verbatim in its text and turns the compact label lines into spec facts.

Run after editing labels.yaml:  python tests/corpus_audit3/make_audit3.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from store.catalog import catalog_by_key  # noqa: E402


def parse_fact(line: str, report_year: int | None, text: str) -> dict[str, Any]:
    """'villages_income_above 8 threshold=10 target year=2024 | evidence' → a spec fact dict."""
    spec, _, evidence = line.partition("|")
    words = spec.split()
    key, raw = words[0], words[1]
    fact: dict[str, Any] = {
        "indicator": key,
        "value": None if raw == "X" else float(raw),
        "unit": catalog_by_key()[key].unit,
        "qualifier": "exact",
        "masked": raw == "X",
        "attrs": {},
        "year": report_year,
        "target": False,
    }
    if fact["value"] is not None and fact["value"].is_integer():
        fact["value"] = int(fact["value"])
    for w in words[2:]:
        if w in ("over", "approx", "under"):
            fact["qualifier"] = w
        elif w == "target":
            fact["target"] = True
        elif w.startswith("year="):
            fact["year"] = int(w[5:])
        else:
            k, _, v = w.partition("=")
            fact["attrs"][k] = None if v == "X" else (int(v) if v.isdigit() else v)
    evidence = evidence.strip()
    start = text.find(evidence)
    if not evidence or start < 0:
        raise SystemExit(f"evidence not in text: {line!r}")
    fact["evidence"] = evidence
    fact["span"] = [start, start + len(evidence)]
    return fact


def build() -> int:
    docs = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))
    for d in docs:
        txt = next((p for p in (HERE / f"{d['stem']}.txt", HERE / "heldout" / f"{d['stem']}.txt") if p.exists()), None)
        if txt is None:
            raise SystemExit(f"no text for {d['stem']}")
        text = txt.read_text(encoding="utf-8")
        if not 1500 <= len(text) <= 4000:
            raise SystemExit(f"{d['stem']}: {len(text)} characters, not 1500–4000")
        gold = {
            "source": txt.name,
            "township": d.get("township"),
            "year": d.get("year"),
            "facts": [parse_fact(f, d.get("year"), text) for f in d.get("facts") or []],
        }
        txt.with_suffix(".json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(docs)


if __name__ == "__main__":
    print(f"{build()} audit reports written under {HERE}")
