"""Plausibility of extracted facts: a wrong number must not reach a leader silently.

Each catalog indicator states the range a township-year's figure falls in and the related indicators of the
same report it cannot exceed (data/catalog.yaml, `plausible: {min, max, at_most}`); a stated part (农村党支部,
一级网格) cannot exceed its own total. A fact outside gets "suspect": the reason in Chinese; it is stored for
数据审核 as 可疑 and is no headline until a reviewer confirms it (etl.ingest, store.resolve).

Facts the reader is less sure of get "low_confidence": reasons (the year or township was not stated, the
trigger stood far from the number, a learned phrasing not yet approved); 报告导入 lists them first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from store.catalog import load_catalog

PART_ATTRS = ("type", "level", "severity")
_PART_ATTRS = frozenset(PART_ATTRS)
# Evidence this long means the rule paired a number with a trigger many characters away.
FAR_EVIDENCE = 24


@dataclass(frozen=True)
class Plausible:
    name: str
    unit: str
    low: float | None
    high: float | None
    at_most: tuple[str, ...] = ()
    parts_sum: tuple[str, ...] = ()  # 优秀 + 不合格 ≤ 参评


@lru_cache(maxsize=1)
def plausibility() -> dict[str, Plausible]:
    """Indicator key → its plausible range and ceilings, from the catalog."""
    out: dict[str, Plausible] = {}
    for spec in load_catalog():
        p = spec.extra.get("plausible") or {}
        out[spec.key] = Plausible(
            spec.name,
            spec.unit,
            p.get("min"),
            p.get("max"),
            tuple(p.get("at_most") or ()),
            tuple(p.get("parts_sum") or ()),
        )
    return out


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _is_part(f: dict[str, Any]) -> bool:
    return not _PART_ATTRS.isdisjoint(f.get("attrs") or ())


def _valued(f: dict[str, Any]) -> bool:
    return not f.get("masked") and f.get("value") is not None


Totals = dict[tuple[str, bool], list[tuple[int, float]]]


def totals_of(facts: list[dict[str, Any]]) -> Totals:
    """(indicator, target) → (index, value) of the report's stated totals (valued, not parts), built once."""
    out: Totals = {}
    for i, f in enumerate(facts):
        if _valued(f) and not _is_part(f):
            out.setdefault((f["indicator"], bool(f.get("target"))), []).append((i, float(f["value"])))
    return out


def suspect_reasons(i: int, facts: list[dict[str, Any]], totals: Totals, rules: dict[str, Plausible]) -> list[str]:
    """Why FACTS[I] is implausible (TOTALS: totals_of(FACTS)); [] when it is not."""
    fact = facts[i]
    p = rules.get(fact["indicator"])
    if p is None or not _valued(fact):
        return []
    v, unit, target = float(fact["value"]), p.unit, bool(fact.get("target"))
    out: list[str] = []
    if (p.low is not None and v < p.low) or (p.high is not None and v > p.high):
        out.append(
            f"{p.name}（{_num(v)}{unit}）超出一个乡镇一年的合理范围（{_num(p.low or 0)}–{_num(p.high or 0)}{unit}）"
        )
    for key in p.at_most:
        other = rules.get(key)
        below = [w for j, w in totals.get((key, target), ()) if j != i and w < v]
        if below and other is not None:
            out.append(f"{p.name}（{_num(v)}{unit}）大于同一报告中的{other.name}（{_num(below[0])}{other.unit}）")
    parts = [
        (rules[k].name, totals[(k, target)][0][1], rules[k].unit)
        for k in p.parts_sum
        if k in rules and totals.get((k, target))
    ]
    if parts and not _is_part(fact) and sum(w for _name, w, _unit in parts) > v:
        terms = "、".join(f"{name}（{_num(w)}{u}）" for name, w, u in parts)
        out.append(f"{terms}之和大于同一报告中的{p.name}（{_num(v)}{unit}）")
    if _is_part(fact):
        below = [w for j, w in totals.get((fact["indicator"], target), ()) if j != i and w < v]
        if below:
            out.append(f"分项（{_num(v)}{unit}）大于同一报告中的{p.name}（{_num(below[0])}{unit}）")
    return out


def low_confidence_reasons(fact: dict[str, Any], township: str | None) -> list[str]:
    """Why FACT deserves a look before it is saved; [] when nothing stands out."""
    out: list[str] = []
    if fact.get("year") is None:
        out.append("年份未能确定")
    if township is None:
        out.append("乡镇未能确定")
    if len(fact.get("evidence") or "") > FAR_EVIDENCE:
        out.append("指标词与数字相距较远")
    if fact.get("origin") == "learned" and (fact.get("confidence") or 0) < 0.8:
        out.append("学习所得的说法尚未批准")
    return out


def flag(facts: list[dict[str, Any]], township: str | None) -> None:
    """Add "suspect" (a reason) and "low_confidence" (reasons) to the FACTS of one report where they apply."""
    rules = plausibility()
    totals = totals_of(facts)
    for i, f in enumerate(facts):
        reasons = suspect_reasons(i, facts, totals, rules)
        if reasons:
            f["suspect"] = "；".join(reasons)
        low = low_confidence_reasons(f, township)
        if low:
            f["low_confidence"] = low


def review_order(facts: list[dict[str, Any]]) -> list[int]:
    """Indices of FACTS with the ones to check first: suspect, then low confidence, then the rest (text order)."""
    return sorted(range(len(facts)), key=lambda i: (not facts[i].get("suspect"), not facts[i].get("low_confidence")))
