"""Write side: store one source (a report or a ledger) and its figures in one transaction.

Every importer (reports, ledgers, 在线填报, the demo) ends here, so idempotency, superseding, the lock on approved
figures (store.submissions), the audit trail and
the continuity checks (store.checks, 需说明) live in one place. Functions take an open Session; the caller owns
the transaction. The figures go through a temporary staging table (executemany on SQLite, COPY on PostgreSQL)
and every decision is one SQL statement over it: which figures already exist, which an older ledger value equals
(unchanged) or loses to (superseded), which keys need their headline recomputed. A million-figure ledger thus
never becomes a million Python objects, and re-importing one is as cheap as importing it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from etl.textsafe import display_name, no_nul, storable
from store.access import Actor, require_source
from store.catalog import sync_catalog
from store.checks import check_source
from store.locks import lock_for_write
from store.models import ACTIVE_STATUSES, AuditEvent, Indicator, Observation, Region, Source, attrs_key, utcnow
from store.regions import TownshipIndex, UnknownRegion, add_region, default_county
from store.resolve import NOT_HEADLINE_ATTRS, TempTables, expire_observations, refresh_headlines, refresh_headlines_bulk
from store.submissions import hold_locked
from store.summary import refresh_summary


@dataclass(frozen=True)
class FactIn:
    """One figure to store. township falls back to the source's township (ledgers set it per row)."""

    indicator: str
    year: int
    value: float | None
    masked: bool = False
    qualifier: str = "exact"
    attrs: dict[str, Any] = field(default_factory=dict)
    target: bool = False
    evidence: str | None = None
    span: tuple[int, int] | None = None
    cell: str | None = None
    township: str | None = None
    unit: str | None = None  # the counting unit stated, when not the indicator's own (2件 of 党纪立案数, unit 人)

    @property
    def locator(self) -> str:
        if self.cell:
            return self.cell
        if self.span:
            return f"span:{self.span[0]}-{self.span[1]}"
        return ""


@dataclass(frozen=True)
class SourceIn:
    kind: str  # report | ledger | demo | manual
    filename: str
    content: bytes
    text: str | None = None
    township: str | None = None
    year: int | None = None
    doc_type: str | None = None
    uploaded_by: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class LoadSummary:
    source_id: int | None = None
    already_loaded: bool = False
    new: int = 0
    unchanged: int = 0
    superseded: int = 0
    conflicts: int = 0
    held: int = 0  # figures of an approved (locked) township year, stored as 可疑 for a 审核员 (store.submissions)
    created_townships: list[str] = field(default_factory=list)


MAX_FILENAME = 255  # Source.filename
MAX_REGION_NAME = 64  # Region.name


class LoadError(ValueError):
    """The source cannot be stored as given; nothing of it was written."""


def find_source(session: Session, content: bytes) -> Source | None:
    return session.scalars(select(Source).where(Source.sha256 == hashlib.sha256(content).hexdigest())).first()


def resolve_townships(
    session: Session, actor: Actor, names: set[str], *, create: bool, county: Region | None = None
) -> tuple[dict[str, Region], list[str]]:
    """Map each name to a township ACTOR may write (hints never name others); create missing ones under COUNTY
    when CREATE, else raise."""
    rows = session.execute(
        select(Region.id, Region.name, Region.aliases)
        .where(Region.level == "township", actor.region_clause())
        .order_by(Region.id)
    ).all()
    index = TownshipIndex(rows)  # type: ignore[arg-type]  # rows have what the index reads: id, name, aliases
    found: dict[str, Region] = {}
    created: list[str] = []
    unknown = sorted(n for n in names if index.find(n) is None)
    if unknown and not create:
        raise UnknownRegion(unknown[0], index.closest(unknown[0]))
    parent = county or default_county(session, actor)
    if unknown:
        actor.require_region(parent.path if parent else None, "assign")
    for name in sorted(names):
        region = index.find(name)
        if region is None:
            if parent is None:
                raise LoadError(f"无法新建乡镇“{name}”：请先指定所属县（区）")
            if len(name) > MAX_REGION_NAME or "\x00" in name:
                shown = display_name(name, 24)
                raise LoadError(f"乡镇名称“{shown}”过长或含控制字符（上限 {MAX_REGION_NAME} 字）：请核对该单元格")
            region = add_region(session, name, "township", parent)
            index.add(region)
            created.append(name)
        found[name] = region
    return found, created


# Staging columns: the first eight every fact batch gives; the rest default to a plain figure.
STAGE_COLUMNS: tuple[str, ...] = tuple(
    "n region_id indicator_id year value masked qualifier locator attrs attrs_key "
    "is_target evidence span_start span_end part unit".split()
)
_STAGE = (
    "n {key} PRIMARY KEY, region_id {int} NOT NULL, indicator_id {int} NOT NULL, year {int} NOT NULL, "
    "value {float}, masked {bool} NOT NULL, qualifier {text} NOT NULL, locator {text} NOT NULL, "
    "attrs {json} NOT NULL DEFAULT '{{}}', attrs_key {text} NOT NULL DEFAULT '', "
    "is_target {bool} NOT NULL DEFAULT FALSE, evidence {text}, span_start {int}, span_end {int}, "
    "part {bool} NOT NULL DEFAULT FALSE, unit {text}, prior {bool} NOT NULL DEFAULT FALSE, "
    "skip {bool} NOT NULL DEFAULT FALSE, repeated {bool} NOT NULL DEFAULT FALSE"
)
RegionOf = Callable[[str | None], int]


@runtime_checkable
class FactBatch(Protocol):
    """Facts in bulk: what load_source needs of them, without a FactIn object per fact.

    rows() yields tuples in STAGE_COLUMNS order, as many leading columns as `columns` names."""

    columns: tuple[str, ...]

    def __len__(self) -> int: ...

    def indicators(self) -> set[str]:
        """The indicator keys used."""
        ...

    def townships(self) -> set[str | None]:
        """The township names used (None when a fact has none: it then belongs to the source's)."""
        ...

    def unique_keys(self, region_of: RegionOf) -> bool:
        """True when no two facts can share (region, indicator, year); False when unsure."""
        ...

    def rows(self, region_of: RegionOf, indicator_ids: dict[str, int]) -> Iterator[tuple[Any, ...]]:
        """One staging tuple per fact, numbered from 0 in order (n)."""
        ...


class FactList:
    """A sequence of FactIn as a FactBatch (reports, the demo, corrections)."""

    columns: tuple[str, ...] = STAGE_COLUMNS

    def __init__(self, facts: Sequence[FactIn], serialize: Callable[[Any], str] = json.dumps):
        self.facts, self.serialize = facts, serialize

    def __len__(self) -> int:
        return len(self.facts)

    def indicators(self) -> set[str]:
        return {f.indicator for f in self.facts}

    def townships(self) -> set[str | None]:
        return {f.township for f in self.facts}

    def unique_keys(self, region_of: RegionOf) -> bool:
        return len(self.facts) < 2

    def rows(self, region_of: RegionOf, indicator_ids: dict[str, int]) -> Iterator[tuple[Any, ...]]:
        for n, f in enumerate(self.facts):
            yield (
                n,
                region_of(f.township),
                indicator_ids[f.indicator],
                f.year,
                f.value,
                f.masked,
                f.qualifier,
                f.locator,
                self.serialize(dict(f.attrs)),
                attrs_key(f.attrs),
                f.target,
                no_nul(f.evidence),
                f.span[0] if f.span else None,
                f.span[1] if f.span else None,
                any(k in f.attrs for k in NOT_HEADLINE_ATTRS),
                f.unit,
            )


def load_source(
    session: Session,
    actor: Actor,
    src: SourceIn,
    facts: Sequence[FactIn] | FactBatch,
    *,
    create_townships: bool = False,
    county: Region | None = None,
) -> LoadSummary:
    """Store SRC and FACTS as ACTOR (granted every township they touch). Same bytes again: a no-op."""
    actor.require("import")
    lock_for_write(session)  # concurrent imports queue here: no unique-key crash, one superseding the other
    existing = find_source(session, src.content)
    if existing is not None:
        require_source(session, actor, existing)
        return LoadSummary(source_id=existing.id, already_loaded=True, unchanged=len(facts))
    batch: FactBatch = facts if isinstance(facts, FactBatch) else FactList(facts, _json_serializer(session))
    sync_catalog(session)
    ind_ids = {i.key: i.id for i in session.scalars(select(Indicator))}
    unknown_keys = sorted(batch.indicators() - ind_ids.keys())
    if unknown_keys:
        raise LoadError(f"指标目录中没有这些指标：{'、'.join(unknown_keys)}")
    used = batch.townships()
    if None in used and not src.township:
        raise LoadError(f"{src.filename}：无法确定乡镇名称，请先补充乡镇后再保存")
    _check_values(src, batch)
    summary = LoadSummary()
    names = {n for n in used | {src.township} if n}
    found = resolve_townships(session, actor, names, create=create_townships, county=county)
    regions, summary.created_townships = found
    source = Source(
        kind=src.kind,
        filename=display_name(src.filename, MAX_FILENAME),
        sha256=src.sha256,
        size=len(src.content),
        uploaded_by=src.uploaded_by,
        region_id=regions[src.township].id if src.township else None,
        year=src.year,
        doc_type=src.doc_type,
        text=no_nul(src.text),
        meta=src.meta,
    )
    session.add(source)
    session.flush()
    summary.source_id = source.id
    region_ids = {name: r.id for name, r in regions.items()}

    def region_of(name: str | None) -> int:
        return region_ids[name or src.township]  # type: ignore[index]

    t = TempTables(session)
    t.create("load_stage", _STAGE)
    t.fill("load_stage", batch.columns, batch.rows(region_of, ind_ids))
    refresh = _mark_prior(t)
    summary.held = hold_locked(t, source.id)
    if refresh and src.kind != "report":
        _supersede(session, t, summary, source, actor.name)
    refresh = _mark_repeated(t, batch, region_of) or refresh
    summary.new = _insert_new(t, source.id)
    summary.unchanged = len(batch) - summary.new - summary.held
    session.add(
        AuditEvent(
            actor=src.uploaded_by or actor.name,
            action="import",
            object_type="source",
            object_id=source.id,
            new={"filename": src.filename, "kind": src.kind, "facts": len(batch), "new": summary.new},
        )
    )
    # New keys with a single figure got their headline on insert (what refresh_headlines would decide);
    # only keys that met stored or repeated figures need the second pass.
    if refresh:
        refresh_headlines_bulk(
            session, keys_sql="SELECT region_id, indicator_id, year FROM load_stage WHERE prior OR repeated"
        )
        summary.conflicts = _count_conflicts(session, source.id)
    touched = session.execute(text("SELECT DISTINCT region_id, indicator_id, year FROM load_stage")).all()
    refresh_summary(session, [(r[0], r[1], r[2]) for r in touched])  # the region pages' aggregates, same transaction
    t.drop("load_stage")
    check_source(session, actor, source.id, own_totals=src.kind != "report")  # continuity and balance: 需说明
    return summary


def _check_values(src: SourceIn, batch: FactBatch) -> None:
    """Refuse the source when a figure is infinite or absurdly large (1e308 would show as "inf亿人")."""
    if not isinstance(batch, FactList):
        return  # ledger batches come from etl.ledgers.validate, which refuses such cells by name
    for f in batch.facts:
        if not storable(f.value):
            where = f.cell or (f"“{display_name(f.evidence, 40)}”" if f.evidence else f.indicator)
            raise LoadError(f"数值 {f.value:g} 超出可存储的范围（{where}），请核对原文后再导入")


def _json_serializer(session: Session) -> Callable[[Any], str]:
    """The engine's JSON serializer, so staged attrs are stored as the ORM would store them."""
    return getattr(session.get_bind().dialect, "_json_serializer", None) or json.dumps


_OLDER = """
    FROM observation o JOIN source src ON src.id = o.source_id
    WHERE o.region_id = s.region_id AND o.indicator_id = s.indicator_id AND o.year = s.year
      AND o.is_target = s.is_target AND o.attrs_key = s.attrs_key AND src.kind <> 'report'
      AND o.status IN ('{active}') AND o.source_id <> :source""".format(active="', '".join(ACTIVE_STATUSES))


def _mark_prior(t: TempTables) -> bool:
    """Flag staged facts whose key already has stored figures; True when there is any."""
    if t.execute("SELECT 1 FROM observation LIMIT 1").first() is None:
        return False
    t.execute("""UPDATE load_stage SET prior = EXISTS (SELECT 1 FROM observation o WHERE o.region_id =
                 load_stage.region_id AND o.indicator_id = load_stage.indicator_id AND o.year = load_stage.year)""")
    return t.execute("SELECT 1 FROM load_stage WHERE prior LIMIT 1").first() is not None


def _supersede(session: Session, t: TempTables, summary: LoadSummary, source: Source, actor: str) -> None:
    """Ledger-like sources: a fact equal to an active older ledger value is unchanged (skipped); the older
    values of a group (key, target, attrs) are superseded by the group's first fact that differs."""
    params = {"source": source.id}
    t.create(
        "load_match",
        "",
        as_select=f"""
        SELECT s.n, s.region_id, s.indicator_id, s.year, s.is_target, s.attrs_key, s.value,
               EXISTS (SELECT 1 {_OLDER}
                       AND (o.value = s.value OR (o.value IS NULL AND s.value IS NULL)) AND o.masked = s.masked)
                 AS eq
        FROM load_stage s WHERE s.prior AND EXISTS (SELECT 1 {_OLDER})""",
        params=params,
    )
    t.execute("CREATE INDEX load_match_group ON load_match (region_id, indicator_id, year, attrs_key)")
    t.create(
        "load_first_miss",
        "",
        as_select="""
        SELECT region_id, indicator_id, year, is_target, attrs_key, MIN(n) AS n FROM load_match WHERE NOT eq
        GROUP BY region_id, indicator_id, year, is_target, attrs_key""",
    )
    t.execute("""UPDATE load_stage SET skip = TRUE WHERE n IN (
        SELECT m.n FROM load_match m WHERE m.eq AND NOT EXISTS (SELECT 1 FROM load_first_miss f
            WHERE f.region_id = m.region_id AND f.indicator_id = m.indicator_id AND f.year = m.year
              AND f.is_target = m.is_target AND f.attrs_key = m.attrs_key AND f.n < m.n))""")
    t.create(
        "load_old",
        "",
        as_select=f"""
        SELECT ROW_NUMBER() OVER (ORDER BY s.n, o.id) AS k, o.id, o.value, o.masked, o.status, o.source_id,
               s.value AS new_value
        FROM load_first_miss f JOIN load_stage s ON s.n = f.n
        JOIN observation o ON o.region_id = s.region_id AND o.indicator_id = s.indicator_id AND o.year = s.year
        JOIN source src ON src.id = o.source_id
        WHERE o.is_target = s.is_target AND o.attrs_key = s.attrs_key AND src.kind <> 'report'
          AND o.status IN ('{"', '".join(ACTIVE_STATUSES)}') AND o.source_id <> :source""",
        params=params,
    )
    t.execute("CREATE INDEX load_old_k ON load_old (k)")
    summary.superseded = _audit_superseded(t, source, actor, _json_serializer(session))
    # A superseded figure is never a headline nor in conflict: set here, the headline pass skips them.
    t.execute(
        "UPDATE observation SET status = 'superseded', is_headline = FALSE, conflict = FALSE, updated_at = :now "
        "WHERE id IN (SELECT id FROM load_old)",
        {"now": utcnow()},
    )
    expire_observations(session, ("status", "is_headline", "conflict", "updated_at"))
    t.drop("load_old", "load_first_miss", "load_match")


_AUDIT_COLUMNS = ("at", "actor", "action", "object_type", "object_id", "old", "new", "reason")


def _audit_superseded(t: TempTables, source: Source, actor: str, serialize: Callable[[Any], str]) -> int:
    """One AuditEvent per superseded value, in the order the facts came; the number superseded."""
    who, reason, at = source.uploaded_by or actor, f"新台账 {source.filename} 覆盖旧值", t.stamp(utcnow())
    done = last = 0
    while True:
        rows = t.execute(
            "SELECT k, id, value, masked, status, source_id, new_value FROM load_old WHERE k > :last "
            "ORDER BY k LIMIT 10000",
            {"last": last},
        ).all()
        if not rows:
            return done
        was = ({"value": r.value, "masked": bool(r.masked), "status": r.status, "source_id": r.source_id} for r in rows)
        now = ({"value": r.new_value, "source_id": source.id} for r in rows)
        events = zip(rows, was, now, strict=False)  # generators: zip's length check would not see them
        t.fill(
            "audit_event",
            _AUDIT_COLUMNS,
            ((at, who, "supersede", "observation", r.id, serialize(o), serialize(n), reason) for r, o, n in events),
        )
        done, last = done + len(rows), rows[-1].k


def _mark_repeated(t: TempTables, batch: FactBatch, region_of: RegionOf) -> bool:
    """Flag new facts whose key another new fact shares; True when there is any."""
    if batch.unique_keys(region_of):
        return False
    t.execute("""UPDATE load_stage SET repeated = TRUE WHERE NOT skip AND EXISTS (
        SELECT 1 FROM load_stage o WHERE NOT o.skip AND o.n <> load_stage.n AND o.region_id = load_stage.region_id
          AND o.indicator_id = load_stage.indicator_id AND o.year = load_stage.year)""")
    return t.execute("SELECT 1 FROM load_stage WHERE repeated LIMIT 1").first() is not None


_NEW = """
    INSERT INTO observation (region_id, indicator_id, year, value, masked, qualifier, attrs, attrs_key, is_target,
                             source_id, locator, evidence, span_start, span_end, status, is_headline, conflict,
                             created_at, updated_at, unit)
    SELECT region_id, indicator_id, year, value, masked, qualifier, attrs, attrs_key, is_target, :source, locator,
           evidence, span_start, span_end, 'extracted', NOT part AND NOT prior AND NOT repeated, FALSE, :now, :now,
           unit
    FROM load_stage WHERE NOT skip ORDER BY n"""


def _insert_new(t: TempTables, source_id: int) -> int:
    """Insert the staged facts that are not unchanged, in their order; how many."""
    return int(t.execute(_NEW, {"source": source_id, "now": utcnow()}).rowcount)


def _count_conflicts(session: Session, source_id: int) -> int:
    stmt = select(func.count()).where(Observation.source_id == source_id, Observation.conflict.is_(True))
    return int(session.scalar(stmt) or 0)


def _stored(session: Session, source_id: int, f: dict[str, Any]) -> Observation | None:
    """The observation fact F (indicator and span) of a stored report became."""
    span = f.get("span")
    locator = f"span:{int(span[0])}-{int(span[1])}" if span else ""
    return session.scalars(
        select(Observation)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .where(Observation.source_id == source_id, Indicator.key == f["indicator"], Observation.locator == locator)
    ).first()


def mark_origins(session: Session, source_id: int, facts: Sequence[dict[str, Any]]) -> list[int | None]:
    """Record how FACTS of a stored report came to be ("origin": assigned by a clerk or read by a learned
    phrasing, "phrasing", "assigned_by"); each is found by its indicator and span. The observation ids, in
    order (None for a fact that was not stored)."""
    out: list[int | None] = []
    for f in facts:
        obs = _stored(session, source_id, f)
        if obs is not None:
            obs.origin = f.get("origin") or "extracted"
            obs.phrasing_id = f.get("phrasing")
            obs.assigned_by = f.get("assigned_by")
        out.append(obs.id if obs is not None else None)
    session.flush()
    return out


def mark_suspects(session: Session, source_id: int, facts: Sequence[dict[str, Any]]) -> int:
    """Hold back FACTS of a stored report marked "suspect" (etl.reports.plausible) as 可疑 until reviewed; how many."""
    held: list[Observation] = []
    for f in facts:
        obs = _stored(session, source_id, f) if f.get("suspect") else None
        if obs is not None:  # a figure store.checks held as 需说明 stays so, with both reasons
            kept = obs.status == "explain"
            obs.review_note = f"{f['suspect']}；{obs.review_note}" if kept else str(f["suspect"])
            obs.status, obs.is_headline = "explain" if kept else "suspect", False
            held.append(obs)
    if held:
        session.flush()
        refresh_headlines(session, {(o.region_id, o.indicator_id, o.year) for o in held})
        refresh_summary(session, {(o.region_id, o.indicator_id, o.year) for o in held})
    return len(held)
