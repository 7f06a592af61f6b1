"""The labelled corpus (tests/corpus, built from passages.yaml): every passage's facts, township and year.

Facts are compared as the shared scorer does, on (indicator, value|masked, target, threshold), and also on
qualifier and attrs, so a passage fails on any wrong detail. A corpus-wide F1 floor guards the whole.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.reports.extract import extract_text
from etl.reports.readers import read_document

CORPUS = Path(__file__).resolve().parent / "corpus"
DOCS = sorted(p for p in CORPUS.glob("[0-9][0-9][0-9]_*") if p.suffix in (".txt", ".docx", ".pdf"))


def fact_key(f: dict) -> tuple:
    value = "masked" if f.get("masked") else (None if f.get("value") is None else round(float(f["value"]), 4))
    attrs = tuple(sorted((f.get("attrs") or {}).items()))
    return f["indicator"], value, bool(f.get("target")), f.get("qualifier", "exact"), attrs


def run(doc: Path) -> tuple[dict, dict]:
    gold = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
    text = read_document(doc.name, doc.read_bytes())
    return gold, extract_text(text, source=doc.name)


def test_corpus_is_big_enough() -> None:
    assert len(DOCS) >= 60


@pytest.mark.parametrize("doc", DOCS, ids=[d.stem for d in DOCS])
def test_passage(doc: Path) -> None:
    gold, out = run(doc)
    assert out["township"] == gold["township"]
    assert out["year"] == gold["year"]
    if "county" in gold:
        assert out["county"] == gold["county"]
    assert {fact_key(f) for f in out["facts"]} == {fact_key(f) for f in gold["facts"]}
    for f in out["facts"]:
        assert f["evidence"] == read_document(doc.name, doc.read_bytes())[f["span"][0] : f["span"][1]]


@pytest.mark.parametrize("doc", DOCS, ids=[d.stem for d in DOCS])
def test_fact_years(doc: Path) -> None:
    gold, out = run(doc)
    want = {(fact_key(f), f["year"]) for f in gold["facts"]}
    got = {(fact_key(f), f["year"]) for f in out["facts"]}
    assert got == want


def test_every_indicator_in_two_phrasings() -> None:
    from store.catalog import load_catalog

    seen: dict[str, set[str]] = {}
    for doc in DOCS:
        _, out = run(doc)
        for f in out["facts"]:
            seen.setdefault(f["indicator"], set()).add(f["evidence"])
    thin = [s.key for s in load_catalog() if len(seen.get(s.key, ())) < 2]
    assert not thin, f"indicators with fewer than two phrasings in the corpus: {thin}"
