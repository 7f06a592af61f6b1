"""Report text → facts, per shared/spec/extraction.md.

`extract_text(text, source)` returns the spec's per-file object (plus "county" and "doc_type").
The work is split: etl.reports.textclean (artefacts, t2s, offset map), etl.reports.scan (figures, sentences),
etl.reports.meta (township, year, plan sections), etl.reports.match (figure ↔ indicator) with its vetoes in
etl.reports.valid, all driven by the catalog through etl.reports.patterns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from etl.reports.breakdown import drop_breakdowns
from etl.reports.facts import parts_of_core
from etl.reports.learned import apply_learned, quantities
from etl.reports.match import RawFact, match_facts
from etl.reports.meta import Meta, extract_meta
from etl.reports.patterns import RuleSet, load_rules
from etl.reports.plausible import flag
from etl.reports.restated import drop_restated
from etl.reports.scan import Mention
from etl.reports.textclean import CleanText, clean_text
from store.catalog import catalog_by_key, counting_units
from store.learned import Phrasing

# Confidence of a figure read by a learned phrasing: lower until an administrator approves the phrasing.
LEARNED_CONFIDENCE = {"pending": 0.5, "approved": 0.8}


@dataclass
class Extraction:
    """The result for one report: metadata, facts (spans in the original text) and the cleaned text;
    RAW the facts with cleaned-text spans, DISMISSED the figures a learned 不是指标 phrasing excludes."""

    meta: Meta
    facts: list[dict[str, Any]] = field(default_factory=list)
    clean: CleanText | None = None
    raw: list[RawFact] = field(default_factory=list)
    dismissed: dict[int, Phrasing] = field(default_factory=dict)
    _mentions: list[Mention] | None = None

    @property
    def mentions(self) -> list[Mention]:
        """Every quantity of the cleaned text, from the number recogniser (computed on first use)."""
        if self._mentions is None:
            self._mentions = quantities(self.clean.text) if self.clean else []
        return self._mentions


def extract(text: str, rules: RuleSet | None = None, learned: Sequence[Phrasing] = ()) -> Extraction:
    """Extract metadata and facts from TEXT (as read: spans point into it). LEARNED phrasings (store.learned)
    read the figures the catalog rules left, after them; their facts say so ("origin": "learned")."""
    rules = rules or load_rules()
    clean = clean_text(text)
    meta = extract_meta(clean.text)
    raw = drop_breakdowns(match_facts(clean.text, rules, meta), clean.text, rules.breakdown_keys)
    raw = parts_of_core(drop_restated(raw, clean.text), rules)
    ex = Extraction(meta=meta, facts=[fact_dict(f, clean, rules) for f in raw], clean=clean, raw=list(raw))
    if learned:
        found, ex.dismissed = apply_learned(clean.text, ex.mentions, raw, list(learned), rules, meta)
        for lf in found:
            d = fact_dict(lf.fact, clean, rules)
            d.update(origin="learned", phrasing=lf.phrasing.id, confidence=LEARNED_CONFIDENCE[lf.phrasing.status])
            ex.facts.append(d)
            ex.raw.append(lf.fact)
        order = sorted(range(len(ex.facts)), key=lambda i: ex.facts[i]["span"][0])
        ex.facts, ex.raw = [ex.facts[i] for i in order], [ex.raw[i] for i in order]
    flag(ex.facts, meta.township)
    return ex


def fact_dict(f: RawFact, clean: CleanText, rules: RuleSet) -> dict[str, Any]:
    """A RawFact in the spec's JSON shape, its span mapped back to the original text."""
    start, end = clean.span(f.start, f.end)
    out = {
        "indicator": f.indicator,
        "value": fact_value(f.value),
        "unit": rules.rules[f.indicator].unit,
        "qualifier": f.qualifier,
        "masked": f.masked,
        "attrs": dict(f.attrs),
        "year": f.year,
        "target": f.target,
        "evidence": clean.original[start:end],
        "span": [start, end],
    }
    stated = stated_unit(f.indicator, clean.text[f.start : f.end])
    if stated is not None:
        out["stated_unit"] = stated  # "unit" stays the canonical one (the spec's); the figure is said in this
    return out


def stated_unit(indicator: str, figure_text: str) -> str | None:
    """The other counting unit the figure's text states right after its number (立案2件 → 件 for 党纪立案数, whose
    own unit is 人), or None when it states the indicator's own unit or the indicator accepts one unit only."""
    words, unit_re = _counting_units(indicator)
    if unit_re is None:
        return None
    m = unit_re.search(figure_text)
    return words[m.group(1)] if m else None


@lru_cache(maxsize=256)
def _counting_units(indicator: str) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """INDICATOR's other counting units (store.catalog.counting_units) and the regex of a number stating one;
    built once per indicator, not per fact."""
    spec = catalog_by_key().get(indicator)
    words = counting_units(spec) if spec is not None else {}
    if not words:
        return words, None
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    number = "[0-9０-９零〇一二两三四五六七八九十百千万余多几XxＸ×*＊]"
    return words, re.compile(rf"{number}\s*(?:余|多)?\s*({alternatives})")


def fact_value(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else round(v, 6)


def extract_text(text: str, source: str = "", learned: Sequence[Phrasing] = ()) -> dict[str, Any]:
    """The spec's per-file object for TEXT: source, township, year, county, doc_type, facts."""
    ex = extract(text, learned=learned)
    return {
        "source": source,
        "township": ex.meta.township,
        "year": ex.meta.year,
        "county": ex.meta.county,
        "doc_type": ex.meta.doc_type,
        "facts": ex.facts,
    }
