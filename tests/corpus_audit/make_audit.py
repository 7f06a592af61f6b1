"""Build the audit set from audit.yaml: NNN_id.txt + NNN_id.json in the shared gold format (with evidence
and span), scored by `python ../shared/tools/score_extraction.py --docs tests/corpus_audit --gold
tests/corpus_audit` and by tests/test_extract_audit.py.

Run after editing audit.yaml:  python tests/corpus_audit/make_audit.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus.make_corpus import labelled_fact  # noqa: E402


def build() -> int:
    passages = yaml.safe_load((HERE / "audit.yaml").read_text(encoding="utf-8"))
    for old in HERE.glob("[0-9][0-9][0-9]_*"):
        old.unlink()
    for n, p in enumerate(passages, start=1):
        convert = str
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
            "facts": [labelled_fact(f, p.get("year"), text, convert) for f in p.get("facts") or []],
        }
        (HERE / f"{stem}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(passages)


if __name__ == "__main__":
    print(f"{build()} audit reports written to {HERE}")
