"""Write the gold files of audit round 3 from labels.yaml: NNN_name.json next to NNN_name.txt (here or in
heldout/), in the shared gold format with evidence and span. The texts are written by hand; this script only
checks each evidence is verbatim in its text and turns the compact label lines into spec facts.

Run after editing labels.yaml:  python tests/corpus_audit3/make_audit3.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.corpus.make_corpus import labelled_fact  # noqa: E402


def build(here: Path = HERE) -> int:
    """Write HERE's gold files from HERE/labels.yaml (texts in HERE or HERE/heldout); used by later rounds too."""
    docs = yaml.safe_load((here / "labels.yaml").read_text(encoding="utf-8"))
    for d in docs:
        txt = next((p for p in (here / f"{d['stem']}.txt", here / "heldout" / f"{d['stem']}.txt") if p.exists()), None)
        if txt is None:
            raise SystemExit(f"no text for {d['stem']}")
        text = txt.read_text(encoding="utf-8")
        if not 1500 <= len(text) <= 4000:
            raise SystemExit(f"{d['stem']}: {len(text)} characters, not 1500–4000")
        gold = {
            "source": txt.name,
            "township": d.get("township"),
            "year": d.get("year"),
            "facts": [labelled_fact(f, d.get("year"), text) for f in d.get("facts") or []],
        }
        txt.with_suffix(".json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(docs)


if __name__ == "__main__":
    print(f"{build()} audit reports written under {HERE}")
