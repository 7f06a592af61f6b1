"""Read side of the dashboard pages (总览, 指标趋势, 乡镇对比, 数据覆盖): aggregations in SQL over headline township
observations, filtered by a region subtree (materialised path), a year range, indicators and categories.

These read headline township observations only. The subtree is an `region_id IN (townships under path)`
filter and aggregation happens on observation columns alone, indicator names are joined afterwards:
on SQLite this is ~3x faster than joining region/indicator row by row (benchmarks/bench_dashboard.py).
`variant` is the attrs_key (a threshold such as {"threshold":10.0}) so threshold series never add up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
from sqlalchemy import Engine, Select, and_, case, func, or_, select
from sqlalchemy.orm import aliased

from store.access import Actor
from store.models import ACTIVE_STATUSES, Indicator, Observation, Region, RegionSummary, TownshipYear
from store.queries import Filters, frame, indicator_clauses, year_clauses
from store.resolve import PART_ATTRS

_IND_COLS = (
    Indicator.key,
    Indicator.name,
    Indicator.category,
    Indicator.unit,
    Indicator.kind,
    Indicator.aggregate,
    Indicator.higher_is_better,
)
_IND_NAMES = ["indicator", "indicator_name", "category", "unit", "kind", "aggregate", "higher_is_better"]


def _townships(f: Filters, actor: Actor) -> Select:
    """Ids of the townships under F's region that ACTOR may read."""
    actor.require("read")
    towns = select(Region.id).where(Region.level == "township", actor.region_clause())
    return towns.where(Region.path.startswith(f.region_path)) if f.region_path else towns


def _headline(stmt: Select, f: Filters, actor: Actor, *, targets: bool | None = None) -> Select:
    """Restrict STMT (over Observation) to headline township rows matching F in ACTOR's regions, without joins."""
    stmt = stmt.where(
        Observation.is_headline.is_(True),
        Observation.region_id.in_(_townships(f, actor)),
        *year_clauses(f, Observation.year),
    )
    if inds := indicator_clauses(f):
        stmt = stmt.where(Observation.indicator_id.in_(select(Indicator.id).where(*inds)))
    if not (f.include_targets if targets is None else targets):
        stmt = stmt.where(Observation.is_target.is_(False))
    return stmt


def _summary_regions(engine: Engine, actor: Actor, f: Filters) -> list[int] | None:
    """The regions whose region_summary rows answer F for ACTOR (the selected region, or every root), or None
    when the observations must be read: a township, or a subtree the actor sees only part of."""
    actor.require("read")
    if not actor.covers(f.region_path):
        return None
    where = Region.path == f.region_path if f.region_path else Region.parent_id.is_(None)
    with engine.connect() as conn:
        rows = conn.execute(select(Region.id, Region.level).where(where)).all()
    if not rows or any(level == "township" for _, level in rows):
        return None
    return [int(r[0]) for r in rows]


def _summary(stmt: Select, f: Filters, ids: list[int], *, targets: bool | None = None) -> Select:
    """Restrict STMT (over RegionSummary) to the regions IDS and F's years, indicators and categories."""
    s = RegionSummary
    stmt = stmt.where(s.region_id.in_(ids), *year_clauses(f, s.year), *indicator_clauses(f))
    if not (f.include_targets if targets is None else targets):
        stmt = stmt.where(s.is_target.is_(False))
    return stmt


def rollup(engine: Engine, actor: Actor, f: Filters = Filters()) -> pd.DataFrame:
    """Per indicator, variant, year (and target flag): the subtree's sum or mean and how many townships reported.

    Masked observations carry value NULL, so count(value) is the reporting townships and sum(masked) the masked.
    Above township level the region summary answers (a few rows per region instead of every township's).
    """
    ids = _summary_regions(engine, actor, f)
    if ids is not None:
        s = RegionSummary
        keys = (s.attrs_key, s.is_target, s.year)
        stated = case(
            (
                and_(func.sum(s.unit_n) == func.sum(s.townships), func.min(s.unit_min) == func.max(s.unit_max)),
                func.min(s.unit_min),
            ),
            else_=Indicator.unit,
        )
        sums = (func.sum(s.total), func.sum(s.reporting), func.sum(s.masked), func.sum(s.inexact), stated)
        by = (Indicator.sort_order, *_IND_COLS, *keys)
        stmt = _summary(select(*_IND_COLS, *keys, *sums).join(Indicator, Indicator.id == s.indicator_id), f, ids)
        return _with_values(
            frame(engine, stmt.group_by(*by).order_by(*by[:1], *keys), _ROLLUP_NAMES).astype(_ROLLUP_INTS)
        )
    o = Observation
    agg = _headline(
        select(
            o.indicator_id,
            o.attrs_key,
            o.is_target,
            o.year,
            func.sum(o.value).label("total"),
            func.count(o.value).label("reporting"),
            func.sum(case((o.masked.is_(True), 1), else_=0)).label("masked"),
            func.sum(case((o.qualifier != "exact", 1), else_=0)).label("inexact"),
            func.min(o.unit).label("unit_min"),
            func.max(o.unit).label("unit_max"),
            func.count(o.unit).label("unit_n"),
            func.count().label("rows"),
        ).group_by(o.indicator_id, o.attrs_key, o.is_target, o.year),
        f,
        actor,
    ).subquery()
    stmt = (
        select(
            *_IND_COLS,
            agg.c.attrs_key,
            agg.c.is_target,
            agg.c.year,
            agg.c.total,
            agg.c.reporting,
            agg.c.masked,
            agg.c.inexact,
            case(
                (and_(agg.c.unit_n == agg.c.rows, agg.c.unit_min == agg.c.unit_max), agg.c.unit_min),
                else_=Indicator.unit,
            ),
        )
        .join(Indicator, Indicator.id == agg.c.indicator_id)
        .order_by(Indicator.sort_order, agg.c.attrs_key, agg.c.is_target, agg.c.year)
    )
    return _with_values(frame(engine, stmt, _ROLLUP_NAMES).astype(_ROLLUP_INTS))


_ROLLUP_NAMES = [*_IND_NAMES, "variant", "is_target", "year", "sum", "reporting", "masked", "inexact", "stated"]
_ROLLUP_INTS = {"year": "int64", "reporting": "int64", "masked": "int64", "inexact": "int64"}


def _with_values(df: pd.DataFrame) -> pd.DataFrame:
    df["sum"] = df["sum"].astype("float64")
    # Every reporting township stated the same other counting unit (党纪立案 in 件): the total is said in it.
    df["unit"] = df.pop("stated").where(df["reporting"] > 0, df["unit"])
    df["mean"] = df["sum"] / df["reporting"].where(df["reporting"] > 0)
    df["value"] = df["sum"].where(df["aggregate"] == "sum", df["mean"]).where(df["reporting"] > 0)
    return df


def comparable_change(engine: Engine, actor: Actor, f: Filters, year: int) -> pd.DataFrame:
    """Per indicator and variant: YEAR against YEAR-1 over the townships with figures in both years only.

    A township that did not report (or masked) one of the two years would otherwise show as a fall or a rise.
    Columns: indicator, variant, towns, now_sum, prev_sum (the page applies the catalog's sum/mean).
    """
    ids = _summary_regions(engine, actor, f)
    if ids is not None:
        s = RegionSummary
        sums = (func.sum(s.paired), func.sum(s.paired_total), func.sum(s.paired_prev))
        stmt = _summary(
            select(Indicator.key, s.attrs_key, *sums).join(Indicator, Indicator.id == s.indicator_id),
            replace(f, year_from=year, year_to=year, include_targets=False),
            ids,
        )
        stmt = stmt.where(s.paired > 0).group_by(Indicator.key, s.attrs_key)
        return _change_frame(frame(engine, stmt, _CHANGE_NAMES))
    prev = aliased(Observation)
    o = Observation
    pair = and_(
        prev.region_id == o.region_id,
        prev.indicator_id == o.indicator_id,
        prev.attrs_key == o.attrs_key,
        prev.year == year - 1,
        prev.is_target.is_(False),
        prev.is_headline.is_(True),
        prev.value.is_not(None),
    )
    stmt = _headline(
        select(Indicator.key, o.attrs_key, func.count(o.id), func.sum(o.value), func.sum(prev.value))
        .select_from(o)
        .join(prev, pair)
        .join(Indicator, Indicator.id == o.indicator_id)
        .where(o.value.is_not(None))
        .group_by(Indicator.key, o.attrs_key),
        replace(f, year_from=year, year_to=year, include_targets=False),
        actor,
    )
    return _change_frame(frame(engine, stmt, _CHANGE_NAMES))


_CHANGE_NAMES = ["indicator", "variant", "towns", "now_sum", "prev_sum"]


def _change_frame(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype({"towns": "int64", "now_sum": "float64", "prev_sum": "float64"})


_VALUE_COLS = (
    Observation.id,
    Region.id,
    Region.name,
    Region.parent_id,
    Region.population,
    *_IND_COLS[:3],
    func.coalesce(Observation.unit, Indicator.unit),  # the counting unit the source stated (党纪立案2件)
    *_IND_COLS[4:],
    Observation.attrs_key,
    Observation.is_target,
    Observation.year,
    Observation.value,
    Observation.masked,
    Observation.qualifier,
    Observation.conflict,
)
_VALUE_NAMES = [
    "observation_id",
    "region_id",
    "township",
    "parent_id",
    "population",
    *_IND_NAMES,
    "variant",
    "is_target",
    "year",
    "value",
    "masked",
    "qualifier",
    "conflict",
]


def _values(where: Select) -> Select:
    return (
        where.join(Region, Observation.region_id == Region.id)
        .join(Indicator, Observation.indicator_id == Indicator.id)
        .order_by(Indicator.sort_order, Region.name, Observation.attrs_key, Observation.year)
    )


def township_values(engine: Engine, actor: Actor, f: Filters = Filters()) -> pd.DataFrame:
    """One row per township, indicator, variant, year (and target flag): the headline value and its flags."""
    stmt = _values(select(*_VALUE_COLS).select_from(Observation))
    return frame(engine, _headline(stmt, f, actor), _VALUE_NAMES)


def township_parts(engine: Engine, actor: Actor, f: Filters = Filters()) -> pd.DataFrame:
    """The parts the headline never shows (警告处分, 农村党支部, 一级网格): per township, indicator, part and year
    the newest active achieved figure, in township_values' columns (variant = the part's attrs_key)."""
    o = Observation
    is_part = or_(*(o.attrs_key.like(f'%"{k}"%') for k in PART_ATTRS))
    newest = (
        select(func.max(o.id))
        .where(o.status.in_(ACTIVE_STATUSES), o.is_target.is_(False), is_part)
        .group_by(o.region_id, o.indicator_id, o.attrs_key, o.year)
    )
    stmt = (
        select(*_VALUE_COLS)
        .select_from(Observation)
        .where(o.id.in_(newest), o.region_id.in_(_townships(f, actor)), *year_clauses(f, o.year), *indicator_clauses(f))
    )
    return frame(engine, _values(stmt), _VALUE_NAMES)


VILLAGES_KEY = "administrative_villages"
NORMS = {"none": "原始值", "capita": "每万人", "village": "每个行政村"}


def ranking_table(
    engine: Engine, actor: Actor, f: Filters, indicator: str, year: int, variant: str = "", norm: str = "none"
) -> pd.DataFrame:
    """Townships on one indicator-year, normalised in SQL (per 10,000 people / per village) and ranked (1 = best).

    Masked or unnormalisable townships come back with rank None so the page can name them.
    """
    villages = aliased(Observation)
    v_id = select(Indicator.id).where(Indicator.key == VILLAGES_KEY).scalar_subquery()
    normed = {
        "none": Observation.value * 1.0,
        "capita": Observation.value * 10000.0 / func.nullif(Region.population, 0),
        "village": Observation.value * 1.0 / func.nullif(villages.value, 0),
    }[norm]
    low_is_better = select(Indicator.higher_is_better).where(Indicator.key == indicator).scalar_subquery().is_(False)
    valid = case((normed.is_not(None), 1), else_=0)
    rank = func.rank().over(partition_by=valid, order_by=case((low_is_better, normed), else_=-normed))
    stmt = (
        select(
            Observation.id,
            Region.id,
            Region.name,
            Region.parent_id,
            Region.population,
            villages.value,
            Observation.value,
            Observation.masked,
            Observation.qualifier,
            normed,
            case((valid == 1, rank)),
        )
        .select_from(Observation)
        .join(Region, Observation.region_id == Region.id)
        .outerjoin(
            villages,
            and_(
                villages.region_id == Observation.region_id,
                villages.year == Observation.year,
                villages.indicator_id == v_id,
                villages.is_headline.is_(True),
                villages.is_target.is_(False),
                villages.attrs_key == "",
            ),
        )
        .where(Observation.attrs_key == variant)
    )
    df = frame(
        engine,
        _headline(stmt, Filters(f.region_path, year, year, (indicator,)), actor),
        [
            "observation_id",
            "region_id",
            "township",
            "parent_id",
            "population",
            "villages",
            "value",
            "masked",
            "qualifier",
            "normed",
            "rank",
        ],
    )
    return df.sort_values(["rank", "township"], na_position="last").reset_index(drop=True)


def rank_matrix(
    engine: Engine, actor: Actor, f: Filters, year: int, region_ids: Sequence[int] | None = None
) -> pd.DataFrame:
    """Each township's rank on every indicator (variant) in YEAR among the subtree's townships; rows for REGION_IDS.

    rank_pct is 0 for the best and 1 for the worst; neutral indicators rank larger values first.
    """
    part = (Observation.indicator_id, Observation.attrs_key)
    order = case((Indicator.higher_is_better.is_(False), Observation.value), else_=-Observation.value)
    ranked = (
        select(
            Observation.region_id.label("region_id"),
            Observation.indicator_id.label("indicator_id"),
            Observation.attrs_key.label("variant"),
            Observation.value.label("value"),
            func.rank().over(partition_by=part, order_by=order).label("rank"),
            func.count().over(partition_by=part).label("n"),
        )
        .join(Indicator, Observation.indicator_id == Indicator.id)
        .where(Observation.value.is_not(None))
    )
    inner = _headline(ranked, Filters(f.region_path, year, year, f.indicators, f.categories), actor).subquery()
    stmt = (
        select(
            inner.c.region_id,
            Region.name,
            Indicator.key,
            Indicator.name,
            inner.c.variant,
            inner.c.value,
            inner.c.rank,
            inner.c.n,
        )
        .join(Region, Region.id == inner.c.region_id)
        .join(Indicator, Indicator.id == inner.c.indicator_id)
        .order_by(Indicator.sort_order, inner.c.rank)
    )
    if region_ids is not None:
        stmt = stmt.where(inner.c.region_id.in_(list(region_ids)))
    df = frame(engine, stmt, ["region_id", "township", "indicator", "indicator_name", "variant", "value", "rank", "n"])
    df["rank_pct"] = ((df["rank"] - 1) / (df["n"] - 1).where(df["n"] > 1)).fillna(0.0)
    return df


def towns_reporting(engine: Engine, actor: Actor, f: Filters = Filters()) -> pd.DataFrame:
    """Per year: how many townships reported any achieved figure (masked ones count: they did report).

    Over all indicators this is the township_year table (one row per township and year), not the observations."""
    if not (f.indicators or f.categories):
        ty = TownshipYear
        stmt = (
            select(ty.year, func.count())
            .where(ty.region_id.in_(_townships(f, actor)), *year_clauses(f, ty.year))
            .group_by(ty.year)
            .order_by(ty.year)
        )
        return frame(engine, stmt, ["year", "towns"])
    o = Observation
    stmt = select(o.year, func.count(func.distinct(o.region_id))).group_by(o.year).order_by(o.year)
    return frame(engine, _headline(stmt, replace(f, include_targets=False), actor), ["year", "towns"])


def coverage_by_township(engine: Engine, actor: Actor, f: Filters = Filters()) -> pd.DataFrame:
    """Per township: headline cells reported, masked and in conflict, and distinct indicator-years present."""
    o = Observation
    stmt = select(
        o.region_id,
        func.sum(case((and_(o.masked.is_(False), o.conflict.is_(False)), 1), else_=0)),
        func.sum(case((o.masked.is_(True), 1), else_=0)),
        func.sum(case((o.conflict.is_(True), 1), else_=0)),
        func.count(func.distinct(o.indicator_id * 10000 + o.year)),
    ).group_by(o.region_id)
    return frame(engine, _headline(stmt, f, actor), ["region_id", "reported", "masked", "conflict", "cells"])


def coverage_cells(engine: Engine, actor: Actor, f: Filters, region_ids: Sequence[int] | None = None) -> pd.DataFrame:
    """Per township, indicator, year: reported / masked / conflict (missing cells are absent rows)."""
    # max() over the status words: reported < masked < conflict alphabetically, so the worst state wins.
    status = case(
        (Observation.conflict.is_(True), "conflict"), (Observation.masked.is_(True), "masked"), else_="reported"
    )
    stmt = select(
        Observation.region_id, Observation.indicator_id, Observation.year, func.max(status).label("status")
    ).group_by(Observation.region_id, Observation.indicator_id, Observation.year)
    if region_ids is not None:
        stmt = stmt.where(Observation.region_id.in_(list(region_ids)))
    cells = _headline(stmt, f, actor).subquery()
    outer = (
        select(cells.c.region_id, Region.name, Indicator.key, Indicator.name, cells.c.year, cells.c.status)
        .join(Region, Region.id == cells.c.region_id)
        .join(Indicator, Indicator.id == cells.c.indicator_id)
        .order_by(Region.name, Indicator.sort_order, cells.c.year)
    )
    return frame(engine, outer, ["region_id", "township", "indicator", "indicator_name", "year", "status"])
