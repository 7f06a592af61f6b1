"""Every number accounted for: the quantities of a report that no fact claimed, each with its clause, the
phrase around it (etl.reports.learned) and the indicators most likely for it, and the per-report tally
"数字核对：已提取 N，待确认 M，已排除 K".

Quantities come from the number recogniser (years, dates, ordinals, slogans, programme names and phone
numbers are never quantities); a quantity is claimed when it lies inside a fact's span. Indicators are ranked
by the clause's counted noun, unit and words against the catalog and against what clerks assigned before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from etl.reports.context import fact_year, sentence_context
from etl.reports.extract import Extraction, fact_value
from etl.reports.learned import Phrase, claimed_by, clause_of, find, phrase_at
from etl.reports.numbers import MONEY_FACTORS, convert_money
from etl.reports.patterns import RuleSet, load_rules
from etl.reports.scan import SENTENCE_END, Mention, Segment
from store.catalog import IndicatorSpec, load_catalog
from store.learned import Phrasing

SUGGESTIONS = 5


@dataclass
class Unclaimed:
    """A quantity no fact claimed. Offsets are in the report text as read (like fact spans)."""

    text: str
    span: tuple[int, int]
    value: float | None
    unit: str
    masked: bool
    qualifier: str
    clause: str
    clause_span: tuple[int, int]
    year: int | None
    target: bool
    phrase: Phrase | None
    suggested: list[str] = field(default_factory=list)
    dismissed_by: int | None = None  # a learned 不是指标 phrasing excludes it
    evidence_span: tuple[int, int] | None = None  # the phrase and the number together (else the number)

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": list(self.span),
            "value": fact_value(self.value),
            "unit": self.unit,
            "masked": self.masked,
            "qualifier": self.qualifier,
            "clause": self.clause,
            "year": self.year,
            "target": self.target,
            "phrase": self.phrase.label if self.phrase else None,
            "suggested": self.suggested,
            "excluded": self.dismissed_by is not None,
        }


def unclaimed(ex: Extraction, phrasings: Sequence[Phrasing] = (), rules: RuleSet | None = None) -> list[Unclaimed]:
    """The quantities of EX that no fact claimed, in text order; those a learned 不是指标 phrasing matches are
    marked (dismissed_by) rather than left out, so the tally can count them as excluded."""
    rules = rules or load_rules()
    clean = ex.clean
    assert clean is not None
    t = clean.text
    claimed = sorted((f.start, f.end) for f in ex.raw)
    taught = list(phrasings)
    out: list[Unclaimed] = []
    floor = 0
    for m in ex.mentions:
        prev, floor = floor, m.end
        if claimed_by(m.start, m.end, claimed):
            continue
        clause = clause_of(t, m.start)
        phrase = phrase_at(t, m, clause, prev)
        start, end = clean.span(m.start, m.end)
        cs, ce = clean.span(clause.start, clause.end)
        year, target = _when(t, m, ex)
        es, ee = clean.span(min(phrase.start, m.start), max(phrase.end, m.end)) if phrase else (start, end)
        item = Unclaimed(
            text=clean.original[start:end],
            span=(start, end),
            value=m.value,
            unit=m.unit,
            masked=m.masked,
            qualifier=m.qualifier,
            clause=clean.original[cs:ce],
            clause_span=(cs, ce),
            year=year,
            target=target,
            phrase=phrase,
            suggested=suggest(t[clause.start : clause.end], phrase, m.unit, rules, taught),
            evidence_span=(es, ee),
        )
        hit = find(taught, phrase, rules) if phrase else None
        if m.start in ex.dismissed:
            item.dismissed_by = ex.dismissed[m.start].id
        elif hit is not None and hit[0].indicator is None and hit[0].status != "suspended":
            item.dismissed_by = hit[0].id
        out.append(item)
    return out


def _when(t: str, m: Mention, ex: Extraction) -> tuple[int | None, bool]:
    """The year a figure is about and whether it is a plan, as the rules would read its sentence."""
    lo = max((s.end() for s in SENTENCE_END.finditer(t, max(0, m.start - 300), m.start)), default=0)
    hit = SENTENCE_END.search(t, m.start)
    ctx = sentence_context(t, Segment(lo, hit.end() if hit else len(t)), ex.meta, ex.meta.plans)
    return fact_year(ctx, ex.meta, m.start), ctx.target


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def _likeness(near: str, grams: set[str], word: str) -> float:
    """How much catalog WORD reads like the counted noun NEAR: shared character pairs, or NEAR inside it (村 in
    行政村)."""
    shared = len(grams & _bigrams(word)) / len(grams)
    return max(shared, 0.75 if near in word else 0.0)


def suggest(
    clause: str, phrase: Phrase | None, unit: str, rules: RuleSet, taught: Sequence[Phrasing] = ()
) -> list[str]:
    """Indicator keys most likely for a figure with UNIT in CLAUSE (cleaned text), best first: earlier
    assignments of the same phrasing, then catalog words and names sharing the counted noun or trigger,
    then catalog words elsewhere in the clause. Only indicators whose units fit."""
    scores: dict[str, float] = {}
    fits = {k for k, r in rules.rules.items() if unit in r.units}
    near = phrase.word if phrase else ""
    for p in taught:
        if p.indicator in fits and p.unit == unit and p.word and (p.word in clause or (near and near in p.word)):
            scores[p.indicator] = scores.get(p.indicator, 0.0) + (10.0 if near.endswith(p.word) else 4.0)
    for word, keys in rules.trigger_map.items():
        if word not in clause:
            continue
        weight = 3.0 if near and (word in near or near in word) else 1.0
        for k in keys:
            if k in fits:
                scores[k] = scores.get(k, 0.0) + weight * min(len(word), 4) / 2
    if near:
        grams = _bigrams(near)
        for spec in _specs():
            if spec.key not in fits:
                continue
            best = max((_likeness(near, grams, w) for w in (spec.name, *spec.synonyms)), default=0.0)
            if best:
                scores[spec.key] = scores.get(spec.key, 0.0) + 4.0 * best
    ranked = sorted(scores, key=lambda k: (-scores[k], k))
    return ranked[:SUGGESTIONS]


def _specs() -> tuple[IndicatorSpec, ...]:
    return load_catalog()


def type_hint(item: Unclaimed, indicator: str, rules: RuleSet | None = None) -> str | None:
    """The type the words around ITEM name when INDICATOR lists it (机关 in 1个机关支部, 村 → 农村), to prefill
    the clerk's 类型 field; None when they name none."""
    rule = (rules or load_rules()).rules.get(indicator)
    if rule is None or item.phrase is None:
        return None
    word = item.phrase.word
    for p in rule.parts:
        if p.attr != "type":
            continue
        for v in sorted(p.values, key=lambda v: -len(v.partition("=")[0])):
            w, _, canon = v.partition("=")
            if w and word.startswith(w) and len(word) > len(w):
                return canon or w
    return None


def assigned_fact(
    item: Unclaimed,
    indicator: str,
    original: str,
    *,
    attrs: dict[str, Any] | None = None,
    target: bool = False,
    year: int | None = None,
    rules: RuleSet | None = None,
) -> dict[str, Any]:
    """The fact a clerk's assignment of ITEM to INDICATOR makes, in the same shape as an extracted one (value in
    the indicator's unit, evidence and span in ORIGINAL, the report text), marked "origin": "assigned"."""
    rule = (rules or load_rules()).rules[indicator]
    value = item.value
    if rule.kind == "money" and not item.masked and item.unit in MONEY_FACTORS and rule.unit in MONEY_FACTORS:
        value = convert_money(item.value, item.unit, rule.unit)
    start, end = item.evidence_span or item.span
    return {
        "indicator": indicator,
        "value": None if item.masked else fact_value(value),
        "unit": rule.unit,
        "qualifier": item.qualifier,
        "masked": item.masked,
        "attrs": {k: v for k, v in (attrs or {}).items() if v not in (None, "")},
        "year": year,
        "target": target,
        "evidence": original[start:end],
        "span": [start, end],
        "origin": "assigned",
    }


@dataclass(frozen=True)
class Tally:
    """数字核对 for one report: facts extracted (or assigned), quantities still to decide, excluded ones."""

    extracted: int
    pending: int
    excluded: int

    @property
    def done(self) -> bool:
        return self.pending == 0

    def zh(self) -> str:
        text = f"数字核对：已提取 {self.extracted}，待确认 {self.pending}，已排除 {self.excluded}"
        return text + ("（核对完成）" if self.done else "")


def tally(facts: int, items: Sequence[Unclaimed], decided: dict[int, str] | None = None) -> Tally:
    """The tally with the clerk's DECIDED (item index → indicator key, or "" for 不是指标) applied."""
    decided = decided or {}
    assigned = sum(1 for i, v in decided.items() if v and i < len(items))
    excluded = sum(
        1 for i, it in enumerate(items) if (i in decided and not decided[i]) or (i not in decided and it.dismissed_by)
    )
    return Tally(facts + assigned, len(items) - assigned - excluded, excluded)
