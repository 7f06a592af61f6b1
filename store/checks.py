"""Continuity and balance checks (党内统计 审核要点), on every import and in 数据审核.

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

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.access import Actor, chain_path
from store.catalog import load_catalog
from store.models import AuditEvent, Indicator, Observation, Region, Setting, utcnow
from store.resolve import PART_ATTRS, TempTables, expire_observations, refresh_headlines, refresh_headlines_bulk
from store.summary import refresh_summary_from
from store.users import region_chain

EXPLAIN = "explain"
NOTE_PREFIX = "需说明："
TOLERANCE_KEY = "balance_tolerance"
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


def _n(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


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
            out.append(
                f"上年底{rule.name}{_n(f.value)}{rule.unit}与{f.year - 1}年底的{_n(prev)}{rule.unit}不一致"
                f"（上年底数应等于上年的年底实有数）"
            )
        return out
    if rule.kind == "percent" and not 0 <= f.value <= 100:
        out.append(f"{rule.name}{_n(f.value)}%不在0–100%之间（比率按百分数填写，如95表示95%）")
    if f.period is not None:
        return out  # 截至6月底, 上半年, another series (经营性收入): another 口径, compared with nothing
    if f.part:
        total = values.get((f.region_id, f.key, f.year))
        if total is not None and f.value > total and (f.region_id, f.key, f.year) not in not_totals:
            out.append(f"分项{_n(f.value)}{rule.unit}大于{rule.name}总数{_n(total)}{rule.unit}（分项不能大于总数）")
        return out
    for key in rule.at_most:
        total = values.get((f.region_id, key, f.year))
        other = catalog.get(key)
        if (
            other is not None
            and _stocks(rule, other)
            and total is not None
            and f.value > total
            and (f.region_id, key, f.year) not in not_totals
        ):
            out.append(f"{rule.name}{_n(f.value)}大于{other.name}{_n(total)}（分项不能大于总数）")
    for key, other in _parts_of(catalog).get(f.key, ()):
        part = values.get((f.region_id, key, f.year))
        if _stocks(rule, other) and part is not None and part > f.value and (f.region_id, key, f.year) not in checked:
            out.append(f"{rule.name}{_n(f.value)}小于其中的{other.name}{_n(part)}（分项不能大于总数）")
    out.extend(_sum_reasons(f, values, catalog, checked, not_totals))
    if rule.change is not None and prev is not None and prev > 0:
        diff = f.value - prev
        if abs(diff) > rule.change * prev and abs(diff) >= CHANGE_FLOOR:
            way = "增加" if diff > 0 else "减少"
            out.append(
                f"{rule.name}比上年{way}{abs(diff) / prev:.0%}（{_n(prev)}→{_n(f.value)}{rule.unit}），"
                f"超过异常变动幅度{rule.change:.0%}"
            )
    return out


def _sum_reasons(
    f: Fig,
    values: Values,
    catalog: dict[str, Rule],
    checked: frozenset[tuple[int, str, int]] | set[Any],
    not_totals: Iterable[tuple[int, str, int]] | set[Any],
) -> list[str]:
    """优秀 + 不合格 ≤ 参评: the total F is (or the total one of F's parts sums into) against the parts' sum, once
    per township-year: on the total when it is checked, else on the part checked."""
    out: list[str] = []
    for key, rule in _sums_of(catalog).get(f.key, ()):
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
        terms = " + ".join(f"{name}{_n(v)}" for name, v in present)
        added = f" = {_n(sum(v for _name, v in present))}" if len(present) > 1 else ""
        out.append(f"{terms}{added}{rule.unit}，大于{rule.name}{_n(total)}{rule.unit}（分项之和不能大于总数）")
    return out


_PARTS: list[Any] = [None, {}]  # the catalog last indexed, and its index
_SUMS: list[Any] = [None, {}]


def _sums_of(catalog: dict[str, Rule]) -> dict[str, list[tuple[str, Rule]]]:
    """Key → the (key, rule) of each total with parts_sum that the key is, or is a part of, in catalog order."""
    if _SUMS[0] is not catalog:
        index: dict[str, list[tuple[str, Rule]]] = {}
        for key, rule in catalog.items():
            for k in dict.fromkeys((key, *rule.parts_sum)) if rule.parts_sum else ():
                index.setdefault(k, []).append((key, rule))
        _SUMS[:] = [catalog, index]
    return _SUMS[1]  # type: ignore[no-any-return]


def _parts_of(catalog: dict[str, Rule]) -> dict[str, list[tuple[str, Rule]]]:
    """Total's key → the (key, rule) of each indicator held to be at most that total (catalog at_most)."""
    if _PARTS[0] is not catalog:
        index: dict[str, list[tuple[str, Rule]]] = {}
        for key, other in catalog.items():
            for total in other.at_most:
                index.setdefault(total, []).append((key, other))
        _PARTS[:] = [catalog, index]
    return _PARTS[1]  # type: ignore[no-any-return]


def _stocks(a: Rule, b: Rule) -> bool:
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
    terms = "".join(f" {'+' if sign > 0 else '−'} {zh}{_n(v or 0)}" for v, sign, zh in parts)
    return (
        f"党员队伍变动不平衡：年底党员{_n(end)}人，应为上年底{_n(start)}{terms} = {_n(expected)}人"
        f"（相差{_n(abs(end - expected))}人，允许误差{_n(tolerance)}人）"
    )


def _fig(row: tuple[int, int, str, int, float | None, bool, bool, str | dict[str, Any] | None, bool]) -> Fig | None:
    oid, region_id, key, year, value, masked, target, attrs, headline = row
    if masked or value is None or target:
        return None
    a = json.loads(attrs) if isinstance(attrs, str) and attrs else attrs or {}
    period = a.get("period") or (f"measure:{a['measure']}" if a.get("measure") else None)  # 经营性收入: its own series
    return Fig(oid, region_id, key, year, float(value), period, any(k in a for k in PART_ATTRS), headline)


def _context(
    session: Session, pairs: set[tuple[int, int]], figs: list[Fig]
) -> tuple[Values, dict[tuple[int, int], float]]:
    """The year figures (headline totals, overridden by the checked figures themselves) of the PAIRS' townships
    for the year and the one before, and the stated 上年底 党员总数 per (region, year)."""
    regions = {r for r, _ in pairs}
    years = {y for _, y in pairs} | {y - 1 for _, y in pairs}
    rows = session.execute(
        select(Observation.region_id, Indicator.key, Observation.year, Observation.value)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .where(
            Observation.region_id.in_(regions),
            Observation.year.in_(years),
            Observation.is_headline.is_(True),
            Observation.is_target.is_(False),
            Observation.attrs_key == "",
            Observation.value.is_not(None),
        )
    ).all()
    values: Values = {(r, k, y): float(v) for r, k, y, v in rows if v is not None}
    prev_end: dict[tuple[int, int], float] = {}
    for f in figs:
        key = (f.region_id, f.key, f.year)
        if f.period is None and not f.part and (f.headline or key not in values):
            values[key] = f.value  # the checked figure, unless the year has a headline it does not stand for
        elif f.period == PREV_END and f.key == TOTAL:
            prev_end[(f.region_id, f.year)] = f.value
    return values, prev_end


def tolerance_for(session: Session, region: Region, chains: dict[str, float] | None = None) -> float:
    """The member-flow tolerance (人) the nearest region above REGION set; 0 when none did. CHAINS: the
    setting's chains when the caller read them already."""
    chains = _chains(session) if chains is None else chains
    if not chains:
        return 0.0
    ids = [int(i) for i in region.path.strip("/").split("/") if i]
    names = dict(session.execute(select(Region.id, Region.name).where(Region.id.in_(ids))).all())
    chain = [names[i] for i in ids if i in names]
    for n in range(len(chain), 0, -1):
        hit = chains.get("/".join(chain[:n]))
        if hit is not None:
            return float(hit)
    return float(chains.get("", 0.0))


def _chains(session: Session) -> dict[str, float]:
    row = session.get(Setting, TOLERANCE_KEY)
    return dict((row.value or {}).get("chains") or {}) if row is not None else {}


def tolerances(session: Session, actor: Actor) -> dict[str, float]:
    """Region chain → the member-flow tolerance it set, for the chains ACTOR may read."""
    actor.require("read")
    row = session.get(Setting, TOLERANCE_KEY)
    chains = dict((row.value or {}).get("chains") or {}) if row is not None else {}
    return {c: float(v) for c, v in chains.items() if (p := chain_path(session, c)) is not None and actor.covers(p)}


def set_tolerance(session: Session, actor: Actor, chain: str, tolerance: float) -> None:
    """The county at CHAIN (its name or 省/市/县 names) allows TOLERANCE 人 of difference in the member-flow balance."""
    actor.require("settings")
    if tolerance < 0:
        raise ValueError("允许误差不能为负数")
    chain = region_chain(session, actor, chain)  # a name (宁远县) or 省/市/县
    path = chain_path(session, chain)
    if path is None:
        raise ValueError(f"找不到地区“{chain}”")
    actor.require_region(path, "settings")
    row = session.get(Setting, TOLERANCE_KEY)
    if row is None:
        row = Setting(key=TOLERANCE_KEY, value={"chains": {}})
        session.add(row)
    chains = dict((row.value or {}).get("chains") or {})
    old = chains.get(chain)
    chains[chain] = tolerance
    row.value = {"chains": chains}
    session.add(
        AuditEvent(
            actor=actor.name,
            action="setting",
            object_type="setting",
            old={TOLERANCE_KEY: {chain: old}},
            new={TOLERANCE_KEY: {chain: tolerance}},
        )
    )


def check_observations(
    session: Session, actor: Actor, observation_ids: Iterable[int], *, own_totals: bool = True
) -> dict[int, list[str]]:
    """Run the checks on the given figures (those in ACTOR's regions, not yet reviewed) and hold back the ones
    that fail as 需说明; their headlines and the region summary are decided again. Observation id → reasons."""
    return _check(session, actor, [Observation.id.in_(list(observation_ids))], own_totals=own_totals)


_REGIONS_PER_ROUND = 100  # townships checked at a time: a wide ledger's million figures never all in memory


def _check(
    session: Session, actor: Actor, where: list[Any], *, own_totals: bool = True, collect: bool = True
) -> dict[int, list[str]]:
    """check_observations for the figures matching WHERE (SQL conditions on Observation and Region), a few
    hundred townships at a time (every rule compares figures of one township only). The failing figures of
    every round are staged in a temporary table and held at the end in one set-based pass (holding one round's
    figures changes no other township's). COLLECT False: the answer stays empty (a load keeps no million notes)."""
    actor.require("read")
    where = [*where, Observation.status.in_(("extracted", "suspect")), actor.region_clause()]
    regions = sorted(
        session.scalars(
            select(Observation.region_id).distinct().join(Region, Region.id == Observation.region_id).where(*where)
        )
    )
    t = TempTables(session)
    t.create(_FOUND, "id {key} PRIMARY KEY, note {text} NOT NULL")
    found: dict[int, list[str]] = {}
    for i in range(0, len(regions), _REGIONS_PER_ROUND):
        chunk = regions[i : i + _REGIONS_PER_ROUND]
        failing = _check_round(session, [*where, Observation.region_id.in_(chunk)], own_totals)
        t.fill(_FOUND, ("id", "note"), ((oid, NOTE_PREFIX + "；".join(why)) for oid, why in sorted(failing.items())))
        if collect:
            found.update(failing)
    _hold(session, t)
    t.drop(_FOUND)
    return found


def _check_round(session: Session, where: list[Any], own_totals: bool) -> dict[int, list[str]]:
    rows = session.execute(
        select(
            Observation.id,
            Observation.region_id,
            Indicator.key,
            Observation.year,
            Observation.value,
            Observation.masked,
            Observation.is_target,
            Observation.attrs_key,  # attrs' canonical text ('' for none, most figures): no JSON decode per row
            Observation.is_headline,
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Region, Region.id == Observation.region_id)
        .where(*where)
    ).all()
    figs = [f for row in rows if (f := _fig(tuple(row))) is not None]  # type: ignore[arg-type]
    if not figs:
        return {}
    pairs = {(f.region_id, f.year) for f in figs}
    values, prev_end = _context(session, pairs, figs)
    chains = _chains(session)  # no county set a tolerance (the default): no region to look at
    regions: Iterable[Region] = (
        session.scalars(select(Region).where(Region.id.in_({r for r, _ in pairs}))) if chains else []
    )
    tolerance = {r.id: tolerance_for(session, r, chains) for r in regions}
    catalog = rules()
    checked = {(f.region_id, f.key, f.year) for f in figs if f.period is None and not f.part}
    found: dict[int, list[str]] = {}
    for f in figs:
        why = reasons_for(f, values, catalog, checked, () if own_totals else checked)
        if f.period is None and not f.part and _carries_flow(f, checked):
            flow = flow_reason(
                f.region_id, f.year, values, prev_end.get((f.region_id, f.year)), tolerance.get(f.region_id, 0.0)
            )
            if flow:
                why.append(flow)
        if why:
            found[f.id] = why
    return found


def _carries_flow(f: Fig, checked: set[tuple[int, str, int]]) -> bool:
    """The member-flow balance is the year-end total's rule; only a source without that total (flows alone)
    puts it on its flow figures."""
    if f.key == TOTAL:
        return True
    return f.key in FLOW_KEYS and (f.region_id, TOTAL, f.year) not in checked


_FOUND = "check_found"  # the failing figures of a check: id, 需说明 note
# Up to this many keys the per-key ORM refresh decides the headlines; above it the same rules in SQL.
_BULK_FROM = 500
_HOLD = f"""
    UPDATE observation SET
        review_note = CASE WHEN observation.status = 'suspect' AND observation.review_note IS NOT NULL
                            AND observation.review_note <> ''
                           THEN observation.review_note || '；' || f.note ELSE f.note END,
        status = '{EXPLAIN}', is_headline = FALSE, updated_at = :now
    FROM {_FOUND} f WHERE observation.id = f.id"""
_HELD_KEYS = f"SELECT DISTINCT o.region_id, o.indicator_id, o.year FROM observation o JOIN {_FOUND} f ON f.id = o.id"


def _hold(session: Session, t: TempTables) -> None:
    """Hold the figures staged in the found table as 需说明 (a 可疑 one keeps its note before the rules), in one
    UPDATE: a wide ledger may hold hundreds of thousands; then their headlines and the region summary are
    decided again, for the keys read from the same table."""
    if t.execute(f"SELECT 1 FROM {_FOUND} LIMIT 1").first() is None:
        return
    session.flush()
    t.execute(_HOLD, {"now": utcnow()})
    expire_observations(session, ("review_note", "status", "is_headline", "updated_at"))
    small = t.execute(f"SELECT COUNT(*) FROM ({_HELD_KEYS}) k").scalar_one() <= _BULK_FROM
    if small:
        keys = {(int(r), int(i), int(y)) for r, i, y in t.execute(_HELD_KEYS).all()}
        refresh_headlines(session, keys)
    else:
        refresh_headlines_bulk(session, keys_sql=_HELD_KEYS)
    refresh_summary_from(session, _HELD_KEYS)


def check_source(session: Session, actor: Actor, source_id: int, *, own_totals: bool = True) -> dict[int, list[str]]:
    """Check every figure of one stored source (a report, ledger or 在线填报). OWN_TOTALS False: a part is not
    held to a total of the same source (a report's own totals are etl.reports.plausible's, as 可疑)."""
    return _check(session, actor, [Observation.source_id == source_id], own_totals=own_totals)


def check_sources(
    session: Session, actor: Actor, source_ids: Sequence[int], *, own_totals: bool = True
) -> dict[int, list[str]]:
    """check_source for several sources stored together (a batch of reports), checked as one."""
    return _check(session, actor, [Observation.source_id.in_(list(source_ids))], own_totals=own_totals)


def hold_sources(session: Session, actor: Actor, source_ids: Sequence[int], *, own_totals: bool = True) -> None:
    """check_sources for a load: the same holds, without answering which figures (a wide ledger's notes)."""
    _check(session, actor, [Observation.source_id.in_(list(source_ids))], own_totals=own_totals, collect=False)


def check_region_year(session: Session, actor: Actor, region_path: str | None, year: int) -> dict[int, list[str]]:
    """数据审核: check the unreviewed figures of YEAR in the region at REGION_PATH (None: every region ACTOR has)."""
    where = [Observation.year == year]
    if region_path:
        where.append(Region.path.startswith(region_path))
    return _check(session, actor, where)
