"""Read side: the filters, observations with their evidence, regions, the catalog, the review queue and
audit trail, returning DataFrames. The dashboard pages' aggregations (总览, 指标趋势, 乡镇对比, 数据覆盖) are
in store.rollups. Pages wrap both in st.cache_data (ui.data).
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Engine, Select, Text, and_, cast, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from store.access import AccessDenied, Actor
from store.models import AuditEvent, Indicator, Observation, Region, RegionVersion, Source


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
    "observation_id",
    "region_id",
    "township",
    "region_path",
    "year",
    "indicator",
    "indicator_name",
    "category",
    "unit",
    "kind",
    "aggregate",
    "higher_is_better",
    "value",
    "masked",
    "qualifier",
    "attrs",
    "is_target",
    "status",
    "conflict",
    "evidence",
    "span_start",
    "span_end",
    "locator",
    "source_id",
    "source_kind",
    "source_filename",
    "confirmed_by",
    "is_headline",
    "review_note",
    "explanation",
    "origin",
    "assigned_by",
    "version",
]


def year_clauses(f: Filters, year: ColumnElement[int] | InstrumentedAttribute[int]) -> list[ColumnElement[bool]]:
    """F's year range on the column YEAR."""
    out: list[ColumnElement[bool]] = []
    if f.year_from is not None:
        out.append(year >= f.year_from)
    if f.year_to is not None:
        out.append(year <= f.year_to)
    return out


def indicator_clauses(f: Filters) -> list[ColumnElement[bool]]:
    """F's indicators and categories, on Indicator (joined, or in a sub-select of Indicator.id)."""
    out: list[ColumnElement[bool]] = []
    if f.indicators:
        out.append(Indicator.key.in_(f.indicators))
    if f.categories:
        out.append(Indicator.category.in_(f.categories))
    return out


def _filtered(stmt: Select, f: Filters, actor: Actor) -> Select:
    """STMT (joined to Region) restricted to F and to the regions ACTOR may read."""
    actor.require("read")
    stmt = stmt.where(actor.region_clause(), *year_clauses(f, Observation.year), *indicator_clauses(f))
    if f.region_path:
        stmt = stmt.where(Region.path.startswith(f.region_path))
    if not f.include_targets:
        stmt = stmt.where(Observation.is_target.is_(False))
    return stmt


def frame(engine: Engine, stmt: Select, columns: Sequence[str]) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame(rows, columns=list(columns))


def _observation_select() -> Select:
    """Observations joined to their township, indicator and source, in OBS_COLUMNS order."""
    return (
        select(
            Observation.id,
            Region.id,
            Region.name,
            Region.path,
            Observation.year,
            Indicator.key,
            Indicator.name,
            Indicator.category,
            func.coalesce(Observation.unit, Indicator.unit),  # the unit the source stated (党纪立案2件)
            Indicator.kind,
            Indicator.aggregate,
            Indicator.higher_is_better,
            Observation.value,
            Observation.masked,
            Observation.qualifier,
            Observation.attrs,
            Observation.is_target,
            Observation.status,
            Observation.conflict,
            Observation.evidence,
            Observation.span_start,
            Observation.span_end,
            Observation.locator,
            Source.id,
            Source.kind,
            Source.filename,
            Observation.confirmed_by,
            Observation.is_headline,
            Observation.review_note,
            Observation.explanation,
            Observation.origin,
            Observation.assigned_by,
            Observation.version,
        )
        .join(Region, Observation.region_id == Region.id)
        .join(Indicator, Observation.indicator_id == Indicator.id)
        .join(Source, Observation.source_id == Source.id)
    )


def observations(engine: Engine, actor: Actor, f: Filters = Filters(), *, headline_only: bool = True) -> pd.DataFrame:
    """One row per observation (headline ones by default) with its indicator, township and source."""
    stmt = _observation_select()
    if headline_only:
        stmt = stmt.where(Observation.is_headline.is_(True))
    stmt = _filtered(stmt, f, actor).order_by(Indicator.sort_order, Region.name, Observation.year)
    return frame(engine, stmt, OBS_COLUMNS)


_TREE_COLUMNS = ["id", "name", "level", "parent_id", "path", "aliases", "population"]
# Engine → (region_version token, every region's row, the frame of them): read again only when a write to
# region changed the token.
_TREES: weakref.WeakKeyDictionary[Engine, tuple[int | None, Sequence[Any], pd.DataFrame]] = weakref.WeakKeyDictionary()


def _tree_rows(conn: Connection) -> list[tuple[Any, ...]]:
    """Every region as a plain tuple (pandas probes a Row for each column name); aliases are read as text and
    decoded only when there are any (most regions have none: 43,000 JSON decodes were half the time).

    In tree order: each region after its parent, siblings in the order they were entered (the county's own list,
    as its first ledger or the demo gave it). The path as text sorted /1/2/3/10/ before /1/2/3/4/."""
    columns = [getattr(Region, c) for c in _TREE_COLUMNS]
    at = _TREE_COLUMNS.index("aliases")
    columns[at] = cast(Region.aliases, Text)
    out = []
    for r in conn.execute(select(*columns)):
        row = list(r)
        row[at] = [] if row[at] == "[]" else None if row[at] is None else json.loads(str(row[at]))
        out.append(tuple(row))
    at = _TREE_COLUMNS.index("path")
    out.sort(key=lambda row: _tree_key(str(row[at])))
    return out


def _tree_key(path: str) -> list[tuple[int, int | str]]:
    """/1/2/10/ → [(0, 1), (0, 2), (0, 10)]: ids compared as numbers (a step that is no id sorts after them)."""
    return [(0, int(x)) if x.isdigit() else (1, x) for x in path.strip("/").split("/") if x]


def region_tree(engine: Engine, actor: Actor) -> pd.DataFrame:
    """The regions ACTOR may read (its granted subtrees): id, name, level, parent_id, path, aliases.

    The whole tree is kept per engine with the region_version token it was read under (Alembic 0011: every
    write to region changes the token in its own transaction); a call reads the token, and the tree only when
    the token moved. A national tree (43,000 regions) is thus read once per change, not per page."""
    actor.require("read")
    with engine.connect() as conn:
        token = conn.scalar(select(RegionVersion.token).where(RegionVersion.id == 1))
        hit = _TREES.get(engine)
        if hit is None or hit[0] != token or token is None:
            rows = _tree_rows(conn)
            hit = (token, rows, pd.DataFrame(rows, columns=_TREE_COLUMNS))
            _TREES[engine] = hit
    if actor.paths is None:
        return hit[2].copy()
    paths = tuple(actor.paths)
    at = _TREE_COLUMNS.index("path")
    return pd.DataFrame([r for r in hit[1] if paths and r[at].startswith(paths)], columns=_TREE_COLUMNS)


def indicator_catalog(engine: Engine, actor: Actor) -> pd.DataFrame:
    actor.require("read")
    stmt = select(
        Indicator.key,
        Indicator.name,
        Indicator.category,
        Indicator.unit,
        Indicator.kind,
        Indicator.aggregate,
        Indicator.higher_is_better,
        Indicator.description,
        Indicator.synonyms,
        Indicator.basis,
        Indicator.counting_rule,
        Indicator.source_system,
        Indicator.official_name,
    ).order_by(Indicator.sort_order)
    columns = ["key", "name", "category", "unit", "kind", "aggregate", "higher_is_better", "description", "synonyms"]
    return frame(engine, stmt, [*columns, "basis", "counting_rule", "source_system", "official_name"])


def year_bounds(engine: Engine, actor: Actor) -> tuple[int, int] | None:
    """The first and last year with an achieved figure (targets excluded) in ACTOR's regions, or None."""
    actor.require("read")
    achieved = select(Observation.year).where(Observation.is_target.is_(False))
    if not actor.everywhere:
        achieved = achieved.where(Observation.region_id.in_(actor.region_ids()))
    # The first and the last by the year index, each stopping at its first achieved row (no scan of the table).
    with engine.connect() as conn:
        lo = conn.scalar(achieved.order_by(Observation.year).limit(1))
        hi = conn.scalar(achieved.order_by(Observation.year.desc()).limit(1))
    return (lo, hi) if lo is not None and hi is not None else None


def source_text(engine: Engine, actor: Actor, source_id: int) -> tuple[str, str | None]:
    """(file name, decoded text) of a source holding a figure of ACTOR's regions (AccessDenied otherwise)."""
    actor.require("read")
    in_scope = select(Observation.id).where(
        Observation.source_id == source_id, Observation.region_id.in_(actor.region_ids())
    )
    with engine.connect() as conn:
        row = conn.execute(
            select(Source.filename, Source.text).where(Source.id == source_id, in_scope.exists())
        ).first()
    if row is None:
        raise AccessDenied(f"找不到编号为 {source_id} 的来源文件，或无权查看")
    return row[0], row[1]


def is_empty(engine: Engine, actor: Actor) -> bool:
    """True when ACTOR's regions hold no figure."""
    actor.require("read")
    stmt = select(func.count(Observation.id)).where(Observation.region_id.in_(actor.region_ids()))
    with engine.connect() as conn:
        return conn.execute(stmt).scalar_one() == 0


def demo_loaded(engine: Engine, actor: Actor) -> bool:
    """True when a source of ACTOR's regions was loaded by the demo generator (the banner says so)."""
    actor.require("read")
    stmt = select(func.count(Source.id)).where(
        Source.meta["demo"].as_boolean().is_(True), Source.region_id.in_(actor.region_ids())
    )
    with engine.connect() as conn:
        return conn.execute(stmt).scalar_one() > 0


REVIEW_STATES = {
    "冲突": "conflict",
    "需说明": "explain",
    "可疑": "suspect",
    "待审核": "extracted",
    "已确认": "confirmed",
    "已更正": "corrected",
    "已驳回": "rejected",
    "已被替代": "superseded",
}


# Why a figure waits for review (数据审核's 原因 filter): label → key of _reason_clause.
REVIEW_REASONS = {
    "台账与报告不一致": "ledger_conflict",
    "同一报告内数值不一致": "report_conflict",
    "超出合理范围": "range",
    "大于相关总数": "above_total",
    "扫描识别可疑": "ocr",
    "学习所得或人工指派": "taught",
}


def _same_source_conflict() -> ColumnElement[bool]:
    """The figure's report states another figure for the same key (三个不同的培训班期数)."""
    other = aliased(Observation)
    return exists().where(
        other.source_id == Observation.source_id,
        other.id != Observation.id,
        other.region_id == Observation.region_id,
        other.indicator_id == Observation.indicator_id,
        other.year == Observation.year,
        other.is_target == Observation.is_target,
        other.attrs_key == Observation.attrs_key,
    )


def _reason_clause(reason: str) -> ColumnElement[bool]:
    """The observations held for REASON (a value of REVIEW_REASONS)."""
    note = func.coalesce(Observation.review_note, "")
    clauses: dict[str, ColumnElement[bool]] = {
        "ledger_conflict": and_(Observation.conflict.is_(True), ~_same_source_conflict()),
        "report_conflict": and_(Observation.conflict.is_(True), _same_source_conflict()),
        "range": note.contains("合理范围"),
        "above_total": note.contains("大于"),
        "ocr": note.contains("扫描识别"),
        "taught": Observation.origin.in_(("learned", "assigned")),
    }
    return clauses[reason]


def _review_stmt(
    stmt: Select,
    actor: Actor,
    f: Filters,
    state: str,
    source_id: int | None = None,
    region_id: int | None = None,
    reason: str | None = None,
) -> Select:
    """STMT restricted to the review queue: F (targets included), 'conflict' or one status, one file, one township,
    one reason (REVIEW_REASONS)."""
    f = Filters(f.region_path, f.year_from, f.year_to, f.indicators, f.categories, include_targets=True)
    stmt = _filtered(stmt, f, actor)
    if state == "conflict":
        stmt = stmt.where(Observation.conflict.is_(True))
    else:
        stmt = stmt.where(Observation.status == state)
    if source_id is not None:
        stmt = stmt.where(Observation.source_id == source_id)
    if region_id is not None:
        stmt = stmt.where(Observation.region_id == region_id)
    if reason is not None:
        stmt = stmt.where(_reason_clause(reason))
    return stmt


def review_queue(
    engine: Engine,
    actor: Actor,
    f: Filters = Filters(),
    state: str = "conflict",
    limit: int = 500,
    *,
    offset: int = 0,
    source_id: int | None = None,
    region_id: int | None = None,
    reason: str | None = None,
) -> pd.DataFrame:
    """One page (LIMIT rows from OFFSET) of the observations awaiting review, by township, year, indicator."""
    stmt = _review_stmt(_observation_select(), actor, f, state, source_id, region_id, reason)
    stmt = stmt.order_by(Region.name, Observation.year.desc(), Indicator.sort_order, Observation.id)
    return frame(engine, stmt.limit(limit).offset(offset), OBS_COLUMNS)


def review_count(
    engine: Engine,
    actor: Actor,
    f: Filters,
    state: str,
    *,
    source_id: int | None = None,
    region_id: int | None = None,
    reason: str | None = None,
) -> int:
    """How many observations the review queue holds under these filters (for paging)."""
    base = select(func.count(Observation.id)).select_from(Observation)
    base = base.join(Region, Observation.region_id == Region.id).join(
        Indicator, Observation.indicator_id == Indicator.id
    )
    with engine.connect() as conn:
        return int(conn.execute(_review_stmt(base, actor, f, state, source_id, region_id, reason)).scalar() or 0)


def review_files(engine: Engine, actor: Actor, f: Filters, state: str) -> pd.DataFrame:
    """The files holding figures in the review queue: source_id, filename, kind, n (most figures first)."""
    n = func.count(Observation.id)
    base = (
        select(Source.id, Source.filename, Source.kind, n)
        .select_from(Observation)
        .join(Region, Observation.region_id == Region.id)
        .join(Indicator, Observation.indicator_id == Indicator.id)
        .join(Source, Observation.source_id == Source.id)
        .group_by(Source.id, Source.filename, Source.kind)
        .order_by(n.desc(), Source.filename)
    )
    return frame(engine, _review_stmt(base, actor, f, state), ["source_id", "filename", "kind", "n"])


def audit_trail(engine: Engine, actor: Actor, observation_id: int) -> pd.DataFrame:
    """Every audit event on one observation of ACTOR's regions, oldest first (empty for any other)."""
    actor.require("read")
    visible = select(Observation.id).where(
        Observation.id == observation_id, Observation.region_id.in_(actor.region_ids())
    )
    stmt = (
        select(AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.old, AuditEvent.new, AuditEvent.reason)
        .where(AuditEvent.object_type == "observation", AuditEvent.object_id == observation_id, visible.exists())
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return frame(engine, stmt, ["at", "actor", "action", "old", "new", "reason"])


def observation_row(engine: Engine, actor: Actor, observation_id: int) -> pd.DataFrame:
    """One observation with its township, indicator and source (OBS_COLUMNS); empty outside ACTOR's regions."""
    actor.require("read")
    stmt = _observation_select().where(Observation.id == observation_id, actor.region_clause())
    return frame(engine, stmt, OBS_COLUMNS)


def observations_at(engine: Engine, actor: Actor, region_id: int, indicator: str, year: int) -> pd.DataFrame:
    """Every observation (any status, parts and targets too) of one township-indicator-year, headline first."""
    stmt = (
        _observation_select()
        .where(Observation.region_id == region_id, Indicator.key == indicator, Observation.year == year)
        .order_by(Observation.is_headline.desc(), Observation.is_target, Observation.id)
        .where(actor.region_clause())
    )
    actor.require("read")
    return frame(engine, stmt, OBS_COLUMNS)


def imported_files(engine: Engine, actor: Actor, region_path: str | None = None) -> pd.DataFrame:
    """The imported files with figures in ACTOR's regions under REGION_PATH, newest first: source_id, filename,
    kind, year, uploaded_by, uploaded_at, figures, townships (names joined with 、)."""
    actor.require("read")
    stmt = (
        select(
            Source.id,
            Source.filename,
            Source.kind,
            Source.year,
            Source.uploaded_by,
            Source.uploaded_at,
            func.count(Observation.id),
            func.min(Region.name),
            func.max(Region.name),
            func.count(func.distinct(Region.id)),
        )
        .join(Observation, Observation.source_id == Source.id)
        .join(Region, Region.id == Observation.region_id)
        .where(actor.region_clause())
        .group_by(Source.id, Source.filename, Source.kind, Source.year, Source.uploaded_by, Source.uploaded_at)
        .order_by(Source.uploaded_at.desc(), Source.id.desc())
    )
    if region_path:
        stmt = stmt.where(Region.path.startswith(region_path))
    cols = ["source_id", "filename", "kind", "year", "uploaded_by", "uploaded_at", "figures", "first", "last", "n"]
    df = frame(engine, stmt, cols)
    df["townships"] = [a if n == 1 else f"{a}等 {n} 个乡镇" for a, n in zip(df["first"], df["n"], strict=True)]
    return df.drop(columns=["first", "last", "n"])
