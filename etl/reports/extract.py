"""Report text → facts, per shared/spec/extraction.md.

`extract_text(text, source)` returns the spec's per-file object (plus "county" and "doc_type").
The work is split: etl.reports.textclean (artefacts, t2s, offset map), etl.reports.scan (figures, sentences),
etl.reports.meta (township, year, plan sections), etl.reports.match (figure ↔ indicator) with its vetoes in
etl.reports.valid, all driven by the catalog through etl.reports.patterns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from etl.reports.match import RawFact, match_facts
from etl.reports.meta import Meta, extract_meta
from etl.reports.patterns import RuleSet, load_rules
from etl.reports.textclean import CleanText, clean_text


@dataclass
class Extraction:
    """The result for one report: metadata, facts (spans in the original text) and the cleaned text."""

    meta: Meta
    facts: list[dict[str, Any]] = field(default_factory=list)
    clean: CleanText | None = None


def extract(text: str, rules: RuleSet | None = None) -> Extraction:
    """Extract metadata and facts from TEXT (as read: spans point into it)."""
    rules = rules or load_rules()
    clean = clean_text(text)
    meta = extract_meta(clean.text)
    raw = match_facts(clean.text, rules, meta)
    return Extraction(meta=meta, facts=[fact_dict(f, clean, rules) for f in raw], clean=clean)


def fact_dict(f: RawFact, clean: CleanText, rules: RuleSet) -> dict[str, Any]:
    """A RawFact in the spec's JSON shape, its span mapped back to the original text."""
    start, end = clean.span(f.start, f.end)
    return {
        "indicator": f.indicator,
        "value": _tidy(f.value),
        "unit": rules.rules[f.indicator].unit,
        "qualifier": f.qualifier,
        "masked": f.masked,
        "attrs": dict(f.attrs),
        "year": f.year,
        "target": f.target,
        "evidence": clean.original[start:end],
        "span": [start, end],
    }


def _tidy(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else round(v, 6)


def extract_text(text: str, source: str = "") -> dict[str, Any]:
    """The spec's per-file object for TEXT: source, township, year, county, doc_type, facts."""
    ex = extract(text)
    return {
        "source": source,
        "township": ex.meta.township,
        "year": ex.meta.year,
        "county": ex.meta.county,
        "doc_type": ex.meta.doc_type,
        "facts": ex.facts,
    }
