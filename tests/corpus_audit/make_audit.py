"""Build the audit set from audit.yaml: NNN_id.txt + NNN_id.json in the shared gold format (with evidence
and span), scored by `python ../shared/tools/score_extraction.py --docs tests/corpus_audit --gold
tests/corpus_audit` and by tests/test_extract_audit.py.

Run after editing audit.yaml:  python tests/corpus_audit/make_audit.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from store.catalog import catalog_by_key  # noqa: E402


def parse_fact(line: str, report_year: int | None, text: str, convert) -> dict[str, Any]:  # type: ignore[no-untyped-def]
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
    evidence = convert(evidence.strip())
    start = text.find(evidence)
    if not evidence or start < 0:
        raise SystemExit(f"evidence not in text: {line!r}")
    fact["evidence"] = evidence
    fact["span"] = [start, start + len(evidence)]
    return fact


def _same(s: str) -> str:
    return s


def build() -> int:
    passages = yaml.safe_load((HERE / "audit.yaml").read_text(encoding="utf-8"))
    for old in HERE.glob("[0-9][0-9][0-9]_*"):
        old.unlink()
    for n, p in enumerate(passages, start=1):
        convert = _same
        if p.get("traditional"):
            import opencc

            convert = opencc.OpenCC("s2t").convert
        text = convert(p["text"])
        if not 800 <= len(text) <= 2500:
            raise SystemExit(f"{p['id']}: {len(text)} characters, not 800–2500")
        stem = f"{n:03d}_{p['id']}"
        (HERE / f"{stem}.txt").write_text(text, encoding="utf-8")
        gold = {
            "source": f"{stem}.txt",
            "township": p.get("township"),
            "year": p.get("year"),
            "facts": [parse_fact(f, p.get("year"), text, convert) for f in p.get("facts") or []],
        }
        (HERE / f"{stem}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(passages)


if __name__ == "__main__":
    print(f"{build()} audit reports written to {HERE}")
