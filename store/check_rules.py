"""The rules of the continuity and balance checks (党内统计 审核要点) and their wording; store.checks runs them.

A figure is checked against what the store already holds for its township:
- 上年底: a stated 上年底 figure (attrs period 上年底) equals last year's 年底 figure of the indicator;
- 党员队伍变动: 年底 = 上年底 + 发展 + 转入 − 出党 − 死亡 − 转出, where every part is present, within the
  tolerance the county set (系统设置; 0 by default);
- 分项与总数: a 时点 figure is not above a related 时点 total of the same township-year (catalog
  `plausible.at_most`: 农村党员 ≤ 党员总数, 党支部 ≤ 基层党组织) nor a stated part (type/level) above its own total;
- 分项之和: the parts a catalog total lists in `plausible.parts_sum` add up to no more than it (民主评议：优秀 +
  不合格 ≤ 参评), figures of one township-year of the same 口径;
- 比率: a percentage lies between 0 and 100 (三会一课落实率, 书记大专及以上学历占比);
- 异常变动: the change from last year's figure stays within the catalog's `plausible.change` (a fraction).

A figure that fails is held back as 需说明 (status "explain", the rules in Chinese in review_note): no headline
until a reviewer confirms it with a written 说明 (store.review). Only figures of the same 口径 meet: year
figures with year figures, a 上年底 figure with last year's 年底 figure; targets, other periods and other series
of an indicator (村集体经营性收入, attrs.measure) never meet the year's figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from store.catalog import load_catalog

EXPLAIN = "explain"
NOTE_PREFIX = "需说明："
# A change smaller than this (in the indicator's unit) is never abnormal, whatever its ratio (2 → 4 次).
CHANGE_FLOOR = 3.0
PREV_END = "上年底"
TOTAL = "party_members_total"
# 年底 = 上年底 + 发展 + 转入 − 出党 − 死亡 − 转出
FLOW_PARTS = (
    ("party_members_new", 1, "发展"),
    ("party_members_transferred_in", 1, "转入"),
    ("party_members_expelled", -1, "出党"),
    ("party_members_deceased", -1, "死亡"),
    ("party_members_transferred_out", -1, "转出"),
)
FLOW_KEYS = frozenset(k for k, _, _ in FLOW_PARTS)


@dataclass(frozen=True)
class Rule:
    name: str
    unit: str
    basis: str
    at_most: tuple[str, ...]
    change: float | None
    kind: str = "count"
    parts_sum: tuple[str, ...] = ()  # indicators whose sum this figure cannot be below (优秀 + 不合格 ≤ 参评)


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    """Indicator key → what the checks need of it, from the catalog."""
    out: dict[str, Rule] = {}
    for s in load_catalog():
        p = s.extra.get("plausible") or {}
        change = p.get("change")
        out[s.key] = Rule(
            s.name,
            s.unit,
            s.basis,
            tuple(p.get("at_most") or ()),
            float(change) if change else None,
            s.kind,
            tuple(p.get("parts_sum") or ()),
        )
    return out


@lru_cache(maxsize=1024)  # notes print the same few hundred numbers again and again (a 4096 cache: +0.8 MB heap)
def _n(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _q(v: float, unit: str) -> str:
    """A figure with its unit, as official text writes it (2人, 95%, 1.5万元)."""
    return f"{_n(v)}{unit or ''}"


class Fig(NamedTuple):
    """One figure as the checks see it (a tuple: a wide ledger makes a million of them)."""

    id: int
    region_id: int
    key: str
    year: int
    value: float
    period: str | None  # None: the year's own 口径
    part: bool  # a stated part (type/level/severity)
    headline: bool


Values = dict[tuple[int, str, int], float]  # (region, indicator, year) → the year's figure


def reasons_for(
    f: Fig,
    values: Values,
    catalog: dict[str, Rule],
    checked: frozenset[tuple[int, str, int]] | set[Any] = frozenset(),
    not_totals: Iterable[tuple[int, str, int]] | set[Any] = (),
) -> list[str]:
    """The rules F breaks (in Chinese) given VALUES, the township-years' figures of the year's 口径; [] if none.
    CHECKED: the (region, indicator, year) figures checked with F; a part among them answers for itself.
    NOT_TOTALS: figures a part is not held to (a report's own totals: etl.reports.plausible did that)."""
    rule = catalog.get(f.key)
    if rule is None:
        return []
    out: list[str] = []
    prev = values.get((f.region_id, f.key, f.year - 1))
    if f.period == PREV_END:
        if rule.basis == "时点" and prev is not None and prev != f.value:
            out.append(prev_end_note(rule, f.value, prev, f.year))
        return out
    if rule.kind == "percent" and not 0 <= f.value <= 100:
        out.append(percent_note(rule, f.value))
    if f.period is not None:
        return out  # 截至6月底, 上半年, another series (经营性收入): another 口径, compared with nothing
    if f.part:
        total = values.get((f.region_id, f.key, f.year))
        if total is not None and f.value > total and (f.region_id, f.key, f.year) not in not_totals:
            out.append(part_note(rule, f.value, total))
        return out
    for key in rule.at_most:
        total = values.get((f.region_id, key, f.year))
        other = catalog.get(key)
        if (
            other is not None
            and stocks(rule, other)
            and total is not None
            and f.value > total
            and (f.region_id, key, f.year) not in not_totals
        ):
            out.append(at_most_note(rule, other, f.value, total))
    for key, other in parts_of(catalog).get(f.key, ()):
        part = values.get((f.region_id, key, f.year))
        if stocks(rule, other) and part is not None and part > f.value and (f.region_id, key, f.year) not in checked:
            out.append(parts_note(rule, other, f.value, part))
    out.extend(sum_reasons(f, values, catalog, checked, not_totals))
    if rule.change is not None and prev is not None and prev > 0:
        diff = f.value - prev
        if abs(diff) > rule.change * prev and abs(diff) >= CHANGE_FLOOR:
            out.append(change_note(rule, f.value, prev))
    return out


# The wording of each rule, shared by reasons_for and the set-based run (store.checks_sql).


def prev_end_note(rule: Rule, value: float, prev: float, year: int) -> str:
    return (
        f"上年底{rule.name}（{_q(value, rule.unit)}）与{year - 1}年底实有数（{_q(prev, rule.unit)}）不一致，"
        f"上年底数应等于上年的年底实有数"
    )


def percent_note(rule: Rule, value: float) -> str:
    return f"{rule.name}（{_n(value)}%）不在0–100%之间，比率按百分数填写，如95表示95%"


def part_note(rule: Rule, value: float, total: float) -> str:
    return f"分项（{_q(value, rule.unit)}）大于{rule.name}（{_q(total, rule.unit)}），分项不能大于总数"


def at_most_note(rule: Rule, other: Rule, value: float, total: float) -> str:
    return f"{rule.name}（{_q(value, rule.unit)}）大于{other.name}（{_q(total, other.unit)}），分项不能大于总数"


def parts_note(rule: Rule, other: Rule, value: float, part: float) -> str:
    return f"{rule.name}（{_q(value, rule.unit)}）小于其中的{other.name}（{_q(part, other.unit)}），分项不能大于总数"


def change_note(rule: Rule, value: float, prev: float) -> str:
    diff = value - prev
    way = "增加" if diff > 0 else "减少"
    assert rule.change is not None
    return (
        f"{rule.name}比上年{way}{abs(diff) / prev:.0%}（{_q(prev, rule.unit)}→{_q(value, rule.unit)}），"
        f"超过异常变动幅度{rule.change:.0%}"
    )


def sum_reasons(
    f: Fig,
    values: Values,
    catalog: dict[str, Rule],
    checked: frozenset[tuple[int, str, int]] | set[Any],
    not_totals: Iterable[tuple[int, str, int]] | set[Any],
) -> list[str]:
    """优秀 + 不合格 ≤ 参评: the total F is (or the total one of F's parts sums into) against the parts' sum, once
    per township-year: on the total when it is checked, else on the part checked."""
    out: list[str] = []
    for key, rule in sums_of(catalog).get(f.key, ()):
        if key != f.key and ((f.region_id, key, f.year) in checked or (f.region_id, key, f.year) in not_totals):
            continue  # the total answers for the sum (or a report's own total: etl.reports.plausible)
        if key != f.key and any((f.region_id, k, f.year) in checked for k in rule.parts_sum if k < f.key):
            continue  # an earlier part of the same sum answers for it
        total = f.value if key == f.key else values.get((f.region_id, key, f.year))
        own = not_totals if key == f.key else ()  # a report's own parts: etl.reports.plausible checked them
        parts = [
            (catalog[k].name, f.value if k == f.key else values.get((f.region_id, k, f.year)))
            for k in rule.parts_sum
            if k in catalog and (f.region_id, k, f.year) not in own
        ]
        present = [(name, v) for name, v in parts if v is not None]
        if total is None or not present or sum(v for _name, v in present) <= total:
            continue
        terms = " + ".join(f"{name}（{_q(v, rule.unit)}）" for name, v in present)
        added = f" = {_q(sum(v for _name, v in present), rule.unit)}" if len(present) > 1 else ""
        out.append(f"{terms}{added}，大于{rule.name}（{_q(total, rule.unit)}），分项之和不能大于总数")
    return out


_PARTS: list[Any] = [None, {}]  # the catalog last indexed, and its index
_SUMS: list[Any] = [None, {}]


def sums_of(catalog: dict[str, Rule]) -> dict[str, list[tuple[str, Rule]]]:
    """Key → the (key, rule) of each total with parts_sum that the key is, or is a part of, in catalog order."""
    if _SUMS[0] is not catalog:
        index: dict[str, list[tuple[str, Rule]]] = {}
        for key, rule in catalog.items():
            for k in dict.fromkeys((key, *rule.parts_sum)) if rule.parts_sum else ():
                index.setdefault(k, []).append((key, rule))
        _SUMS[:] = [catalog, index]
    return _SUMS[1]  # type: ignore[no-any-return]


def parts_of(catalog: dict[str, Rule]) -> dict[str, list[tuple[str, Rule]]]:
    """Total's key → the (key, rule) of each indicator held to be at most that total (catalog at_most)."""
    if _PARTS[0] is not catalog:
        index: dict[str, list[tuple[str, Rule]]] = {}
        for key, other in catalog.items():
            for total in other.at_most:
                index.setdefault(total, []).append((key, other))
        _PARTS[:] = [catalog, index]
    return _PARTS[1]  # type: ignore[no-any-return]


def stocks(a: Rule, b: Rule) -> bool:
    """Parts against totals across sources hold between figures on the same day (时点: 农村党员 ≤ 党员总数);
    a year's flows may lag each other (a 警告处分 this year on a case opened last year), so only one report's
    own flows are held to it (etl.reports.plausible)."""
    return a.basis == b.basis == "时点"


def flow_reason(region_id: int, year: int, values: Values, prev_end: float | None, tolerance: float) -> str | None:
    """年底 = 上年底 + 发展 + 转入 − 出党 − 死亡 − 转出 for REGION_ID's YEAR when every part is there; the broken
    balance in Chinese, or None (balanced, or a part missing). PREV_END: the stated 上年底 figure, if any."""
    end = values.get((region_id, TOTAL, year))
    start = prev_end if prev_end is not None else values.get((region_id, TOTAL, year - 1))
    parts = [(values.get((region_id, key, year)), sign, zh) for key, sign, zh in FLOW_PARTS]
    if end is None or start is None or any(v is None for v, _, _ in parts):
        return None
    expected = start + sum(sign * v for v, sign, _ in parts if v is not None)
    if abs(end - expected) <= tolerance:
        return None
    return flow_note(end, start, [v or 0 for v, _, _ in parts], expected, tolerance)


def flow_note(end: float, start: float, parts: Sequence[float], expected: float, tolerance: float) -> str:
    """The broken member-flow balance in Chinese; PARTS in FLOW_PARTS order."""
    terms = "".join(
        f" {'+' if sign > 0 else '−'} {zh}{_n(v)}人" for v, (_key, sign, zh) in zip(parts, FLOW_PARTS, strict=True)
    )
    return (
        f"党员队伍变动不平衡：年底党员{_n(end)}人，应为上年底{_n(start)}人{terms} = {_n(expected)}人"
        f"（相差{_n(abs(end - expected))}人，允许误差{_n(tolerance)}人）"
    )


def carries_flow(f: Fig, checked: set[tuple[int, str, int]]) -> bool:
    """The member-flow balance is the year-end total's rule; only a source without that total (flows alone)
    puts it on its flow figures."""
    if f.key == TOTAL:
        return True
    return f.key in FLOW_KEYS and (f.region_id, TOTAL, f.year) not in checked
