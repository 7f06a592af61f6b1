"""Read side: every query the pages and the narrative need, returning DataFrames.

Queries aggregate in SQL over headline observations (see store.resolve), filtered by a region subtree
(materialised path), a year range, indicators and categories. Pages wrap these in st.cache_data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, Select, and_, case, func, select

from store.models import Indicator, Observation, Region, Source


@dataclass(frozen=True)
class Filters:
    """What the viewer selected. region_path '/1/' style; None fields mean 'all'."""

    region_path: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    indicators: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    include_targets: bool = False


OBS_COLUMNS = [
    "observation_id", "region_id", "township", "region_path", "year", "indicator", "indicator_name",
    "category", "unit", "kind", "aggregate", "higher_is_better", "value", "masked", "qualifier", "attrs",
    "is_target", "status", "conflict", "evidence", "span_start", "span_end", "locator", "source_id",
    "source_kind", "source_filename", "confirmed_by",
]


def _filtered(stmt: Select, f: Filters) -> Select:
    if f.region_path:
        stmt = stmt.where(Region.path.startswith(f.region_path))
    if f.year_from is not None:
        stmt = stmt.where(Observation.year >= f.year_from)
    if f.year_to is not None:
        stmt = stmt.where(Observation.year <= f.year_to)
    if f.indicators:
        stmt = stmt.where(Indicator.key.in_(f.indicators))
    if f.categories:
        stmt = stmt.where(Indicator.category.in_(f.categories))
    if not f.include_targets:
        stmt = stmt.where(Observation.is_target.is_(False))
    return stmt


def _frame(engine: Engine, stmt: Select, columns: Sequence[str]) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame(rows, columns=list(columns))


def observations(engine: Engine, f: Filters = Filters(), *, headline_only: bool = True) -> pd.DataFrame:
    """One row per observation (headline ones by default) with its indicator, township and source."""
    stmt = (
        select(
            Observation.id, Region.id, Region.name, Region.path, Observation.year, Indicator.key, Indicator.name,
            Indicator.category, Indicator.unit, Indicator.kind, Indicator.aggregate, Indicator.higher_is_better,
            Observation.value, Observation.masked, Observation.qualifier, Observation.attrs, Observation.is_target,
            Observation.status, Observation.conflict, Observation.evidence, Observation.span_start,
            Observation.span_end, Observation.locator, Source.id, Source.kind, Source.filename,
            Observation.confirmed_by,
        )
        .join(Region, Observation.region_id == Region.id)
        .join(Indicator, Observation.indicator_id == Indicator.id)
        .join(Source, Observation.source_id == Source.id)
    )
    if headline_only:
        stmt = stmt.where(Observation.is_headline.is_(True))
    stmt = _filtered(stmt, f).order_by(Indicator.sort_order, Region.name, Observation.year)
    return _frame(engine, stmt, OBS_COLUMNS)


def region_tree(engine: Engine) -> pd.DataFrame:
    """Every region: id, name, level, parent_id, path, aliases."""
    stmt = select(Region.id, Region.name, Region.level, Region.parent_id, Region.path, Region.aliases,
                  Region.population).order_by(Region.path)
    return _frame(engine, stmt, ["id", "name", "level", "parent_id", "path", "aliases", "population"])


def indicator_catalog(engine: Engine) -> pd.DataFrame:
    stmt = select(Indicator.key, Indicator.name, Indicator.category, Indicator.unit, Indicator.kind,
                  Indicator.aggregate, Indicator.higher_is_better, Indicator.description,
                  Indicator.synonyms).order_by(Indicator.sort_order)
    return _frame(engine, stmt, ["key", "name", "category", "unit", "kind", "aggregate", "higher_is_better",
                                 "description", "synonyms"])


def year_bounds(engine: Engine) -> tuple[int, int] | None:
    """The first and last year that has any observation, or None for an empty database."""
    with engine.connect() as conn:
        lo, hi = conn.execute(select(func.min(Observation.year), func.max(Observation.year))).one()
    return (lo, hi) if lo is not None else None


def totals_by_year(engine: Engine, f: Filters = Filters()) -> pd.DataFrame:
    """Per indicator and year, the subtree's roll-up: sum or mean (by catalog), townships reporting, masked."""
    unmasked = and_(Observation.masked.is_(False), Observation.value.is_not(None))
    stmt = (
        select(
            Indicator.key, Indicator.name, Indicator.category, Indicator.unit, Indicator.kind,
            Indicator.aggregate, Indicator.higher_is_better, Observation.year,
            func.sum(case((unmasked, Observation.value))),
            func.avg(case((unmasked, Observation.value))),
            func.count(func.distinct(case((unmasked, Observation.region_id)))),
            func.count(func.distinct(case((Observation.masked.is_(True), Observation.region_id)))),
        )
        .join(Region, Observation.region_id == Region.id)
        .join(Indicator, Observation.indicator_id == Indicator.id)
        .where(Observation.is_headline.is_(True), Region.level == "township")
        .group_by(Indicator.key, Indicator.name, Indicator.category, Indicator.unit, Indicator.kind,
                  Indicator.aggregate, Indicator.higher_is_better, Indicator.sort_order, Observation.year)
        .order_by(Indicator.sort_order, Observation.year)
    )
    df = _frame(engine, _filtered(stmt, f), ["indicator", "indicator_name", "category", "unit", "kind",
                                             "aggregate", "higher_is_better", "year", "sum", "mean",
                                             "reporting", "masked"])
    df["value"] = df["sum"].where(df["aggregate"] == "sum", df["mean"])
    return df


def year_over_year(engine: Engine, f: Filters = Filters()) -> pd.DataFrame:
    """Roll-up per indicator and year with the previous year's value, absolute and percent change."""
    df = totals_by_year(engine, f).sort_values(["indicator", "year"])
    prev = df[["indicator", "year", "value"]].copy()
    prev["year"] = prev["year"] + 1
    out = df.merge(prev.rename(columns={"value": "previous"}), on=["indicator", "year"], how="left")
    out["change"] = out["value"] - out["previous"]
    out["change_pct"] = (out["change"] / out["previous"].where(out["previous"] != 0)) * 100
    return out


def ranking(engine: Engine, parent_path: str, indicator: str, year: int) -> pd.DataFrame:
    """Townships under PARENT_PATH ranked on INDICATOR in YEAR (1 = best, ties share a rank)."""
    f = Filters(region_path=parent_path, year_from=year, year_to=year, indicators=(indicator,))
    df = observations(engine, f)
    df = df[(df["attrs"].map(lambda a: not a)) & ~df["masked"] & df["value"].notna()].copy()
    if df.empty:
        return df.assign(rank=pd.Series(dtype="int64"))
    ascending = df["higher_is_better"].iloc[0] is False
    df["rank"] = df["value"].rank(method="min", ascending=ascending).astype(int)
    return df.sort_values(["rank", "township"]).reset_index(drop=True)


def source_text(engine: Engine, source_id: int) -> tuple[str, str | None]:
    """(file name, decoded text) of a source, for showing evidence in context."""
    with engine.connect() as conn:
        row = conn.execute(select(Source.filename, Source.text).where(Source.id == source_id)).one()
    return row[0], row[1]


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(func.count(Observation.id))).scalar_one() == 0


def demo_loaded(engine: Engine) -> bool:
    """True when any source was loaded by the demo generator (the banner says so)."""
    with engine.connect() as conn:
        n = conn.execute(select(func.count(Source.id)).where(Source.meta["demo"].as_boolean().is_(True)))
        return n.scalar_one() > 0


REVIEW_STATES = {"冲突": "conflict", "待审核": "extracted", "已确认": "confirmed", "已更正": "corrected",
                 "已驳回": "rejected", "已被替代": "superseded"}


def review_queue(engine: Engine, f: Filters = Filters(), state: str = "conflict", limit: int = 500) -> pd.DataFrame:
    """Observations awaiting review: 'conflict' (ledger vs report), or one status; newest first."""
    stmt = (
        select(
            Observation.id, Region.name, Observation.year, Indicator.key, Indicator.name, Indicator.unit,
            Observation.value, Observation.masked, Observation.qualifier, Observation.attrs, Observation.is_target,
            Observation.status, Observation.conflict, Observation.is_headline, Observation.evidence,
            Observation.locator, Source.kind, Source.filename, Observation.confirmed_by,
        )
        .join(Region, Observation.region_id == Region.id)
        .join(Indicator, Observation.indicator_id == Indicator.id)
        .join(Source, Observation.source_id == Source.id)
    )
    f = Filters(f.region_path, f.year_from, f.year_to, f.indicators, f.categories, include_targets=True)
    stmt = _filtered(stmt, f)
    if state == "conflict":
        stmt = stmt.where(Observation.conflict.is_(True))
    else:
        stmt = stmt.where(Observation.status == state)
    stmt = stmt.order_by(Region.name, Observation.year.desc(), Indicator.sort_order, Observation.id).limit(limit)
    return _frame(engine, stmt, ["observation_id", "township", "year", "indicator", "indicator_name", "unit",
                                 "value", "masked", "qualifier", "attrs", "is_target", "status", "conflict",
                                 "is_headline", "evidence", "locator", "source_kind", "source_filename",
                                 "confirmed_by"])


def audit_trail(engine: Engine, observation_id: int) -> pd.DataFrame:
    """Every audit event on one observation, oldest first."""
    from store.models import AuditEvent

    stmt = (select(AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.old, AuditEvent.new,
                   AuditEvent.reason)
            .where(AuditEvent.object_type == "observation", AuditEvent.object_id == observation_id)
            .order_by(AuditEvent.at, AuditEvent.id))
    return _frame(engine, stmt, ["at", "actor", "action", "old", "new", "reason"])
