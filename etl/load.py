"""Write side: store one source (a report or a ledger) and its figures in one transaction.

Every importer (reports, ledgers, 在线填报, the demo) ends here, so idempotency, superseding, the lock on approved
figures (store.submissions), the audit trail and
the continuity checks (store.checks, 需说明) live in one place. Functions take an open Session; the caller owns
the transaction. The figures go through a temporary staging table (executemany on SQLite, COPY on PostgreSQL;
a ledger's column-wise: etl.staging.stage_batch)
and every decision is one SQL statement over it: which figures already exist, which an older ledger value equals
(unchanged) or loses to (superseded), which keys need their headline recomputed, which figures fail the checks
(run on the staging table before the insert, so failing figures are inserted already held). A million-figure
ledger thus never becomes a million Python objects, and re-importing one is as cheap as importing it."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from etl.facts_in import FactBatch as FactBatch
from etl.facts_in import FactIn as FactIn
from etl.facts_in import FactList as FactList
from etl.facts_in import RegionOf as RegionOf
from etl.staging import STAGE_COLUMNS as STAGE_COLUMNS
from etl.staging import (
    create_stage,
    decide_staged_headlines,
    insert_new,
    json_serializer,
    mark_prior,
    mark_repeated,
    per_source,
    stage_batch,
    stage_ids,
    staged_checks,
    staged_conflicts,
    supersede,
)
from etl.textsafe import display_name, no_nul, storable
from store.access import Actor, require_source
from store.catalog import sync_catalog
from store.checks import FOUND, check_staged, drop_found
from store.locks import lock_for_write
from store.models import AuditEvent, Indicator, Region, Source, utcnow
from store.regions import TownshipIndex, UnknownRegion, default_county
from store.resolve import TempTables, drop_decisions, refresh_headlines_bulk
from store.submissions import hold_locked, mark_held
from store.summary import refresh_summary_from, summary_once


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

    @cached_property
    def sha256(self) -> str:  # asked several times per load: hashed once
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


def township_index(session: Session, actor: Actor) -> TownshipIndex:
    """The townships ACTOR may write, by name and alias."""
    rows = session.execute(
        select(Region.id, Region.name, Region.aliases)
        .where(Region.level == "township", actor.region_clause())
        .order_by(Region.id)
    ).all()
    return TownshipIndex(rows)  # type: ignore[arg-type]  # rows have what the index reads: id, name, aliases


def plan_townships(
    session: Session,
    actor: Actor,
    names: set[str],
    *,
    create: bool,
    county: Region | None = None,
    index: TownshipIndex | None = None,
) -> tuple[dict[str, Region], dict[str, str], Region | None]:
    """What resolve_townships would do, without writing: the NAMES found (townships ACTOR may write), each
    other name → the new township it would become (长城彝族乡 → 长城乡 when both are new) and the county new
    ones would go under; raises UnknownRegion, LoadError or AccessDenied as creating them would."""
    index = index if index is not None else township_index(session, actor)
    found = {n: r for n in names if (r := index.find(n)) is not None}
    unknown = sorted(names - found.keys())
    if unknown and not create:
        raise UnknownRegion(unknown[0], index.closest(unknown[0]))
    parent = (county or default_county(session, actor)) if unknown else None
    if unknown:
        actor.require_region(parent.path if parent else None, "assign")
    for name in unknown:
        if parent is None:
            raise LoadError(f"无法新建乡镇“{name}”：请先指定所属县（区）")
        if len(name) > MAX_REGION_NAME or "\x00" in name:
            shown = display_name(name, 24)
            raise LoadError(f"乡镇名称“{shown}”过长或含控制字符（上限 {MAX_REGION_NAME} 字）：请核对该单元格")
    pending = TownshipIndex([])
    new: dict[str, str] = {}
    for name in unknown:  # in order, as they are created: a later name may find an earlier one (base name)
        made = pending.find(name)
        if made is None:
            made = Region(name=name, aliases=[])
            pending.add(made)
        new[name] = made.name
    return found, new, parent


def resolve_townships(
    session: Session,
    actor: Actor,
    names: set[str],
    *,
    create: bool,
    county: Region | None = None,
    index: TownshipIndex | None = None,
    made: list[tuple[Region, str]] | None = None,
) -> tuple[dict[str, Region], list[str]]:
    """Map each name to a township ACTOR may write (hints never name others); create missing ones under COUNTY
    when CREATE, else raise (nothing is created when a name is refused); the names created. INDEX:
    township_index's answer when the caller holds it (it learns the created). MADE: the caller flushes the new
    townships (appended here with their parent's path, without id yet) with `flush_townships`, once for a
    whole batch; without it they are flushed here."""
    index = index if index is not None else township_index(session, actor)
    found, new, parent = plan_townships(session, actor, names, create=create, county=county, index=index)
    created: list[str] = []
    out = made if made is not None else []
    for name in new:
        region = index.find(name)
        if region is None:
            assert parent is not None
            region = Region(name=name, level="township", parent_id=parent.id, aliases=[])
            session.add(region)
            index.add(region)
            out.append((region, parent.path))
            created.append(name)
        found[name] = region
    if made is None:
        flush_townships(session, out)
    return found, created


def flush_townships(session: Session, made: list[tuple[Region, str]]) -> None:
    """Give the townships MADE by resolve_townships (each with its parent's path) their ids and paths: two
    flushes, however many there are (store.regions.add_region flushes twice per region)."""
    if not made:
        return
    session.flush()
    for region, parent_path in made:
        region.path = f"{parent_path}{region.id}/"
    session.flush()


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
    [out] = load_sources(session, actor, [(src, facts)], create_townships=create_townships, county=county)
    if isinstance(out, Exception):
        raise out
    return out


Loaded = LoadSummary | LoadError | UnknownRegion


def load_sources(
    session: Session,
    actor: Actor,
    items: Sequence[tuple[SourceIn, Sequence[FactIn] | FactBatch]],
    *,
    create_townships: bool = False,
    county: Region | None = None,
) -> list[Loaded]:
    """Store several sources and their facts in one staging round (the ingest command's batch of reports):
    per item its LoadSummary, or the LoadError / UnknownRegion that refused it, raised before anything of that
    item was written (the others are stored). Reports only when there are several: a ledger's superseding is
    decided against the store, one ledger at a time. The figures of a batch are checked together."""
    actor.require("import")
    if len(items) > 1 and any(src.kind != "report" for src, _ in items):
        raise ValueError("load_sources stores several sources at once only for reports")
    lock_for_write(session)  # concurrent imports queue here: no unique-key crash, one superseding the other
    out: list[Loaded] = []
    ready: list[tuple[int, SourceIn, FactBatch, dict[str, Region]]] = []
    known = _known_sources(session, [src.sha256 for src, _ in items])
    again: dict[str, list[int]] = {}  # the same content twice in one load: the first is stored
    index: TownshipIndex | None = None
    ind_ids: dict[str, int] = {}
    made: list[tuple[Region, str]] = []  # townships created for the load, flushed together
    for src, facts in items:
        existing = known.get(src.sha256)
        if existing is not None:
            require_source(session, actor, existing)
            out.append(LoadSummary(source_id=existing.id, already_loaded=True, unchanged=len(facts)))
            continue
        if src.sha256 in again:
            again[src.sha256].append(len(out))
            out.append(LoadSummary(already_loaded=True, unchanged=len(facts)))
            continue
        if not ind_ids:
            sync_catalog(session)
            ind_ids = dict(session.execute(select(Indicator.key, Indicator.id)).all())
            index = township_index(session, actor)
        batch: FactBatch = facts if isinstance(facts, FactBatch) else FactList(facts, json_serializer(session))
        try:
            summary, regions = _prepare(session, actor, src, batch, ind_ids, index, create_townships, county, made)
        except (LoadError, UnknownRegion) as exc:
            out.append(exc)
            continue
        again[src.sha256] = []
        ready.append((len(out), src, batch, regions))
        out.append(summary)
    if not ready:
        return out
    flush_townships(session, made)
    staged: list[_Staged] = []
    for k, src, batch, regions in ready:
        region_ids = {name: r.id for name, r in regions.items()}
        source = _new_source(src, region_ids)
        session.add(source)
        staged.append(_Staged(k, src, batch, source, region_ids))
    session.flush()
    for it in staged:
        for k in again[it.src.sha256]:
            out[k].source_id = it.source.id  # type: ignore[union-attr]
    _store(session, actor, staged, out, ind_ids)
    return out


def _known_sources(session: Session, shas: list[str]) -> dict[str, Source]:
    return {s.sha256: s for s in session.scalars(select(Source).where(Source.sha256.in_(set(shas))))}


def refuse(src: SourceIn, batch: FactBatch, indicators: Collection[str]) -> set[str]:
    """Raise LoadError when SRC cannot be stored as given (unknown INDICATORS, no township, a value beyond
    storing); else the township names it uses."""
    unknown_keys = sorted(batch.indicators() - set(indicators))
    if unknown_keys:
        raise LoadError(f"指标目录中没有这些指标：{'、'.join(unknown_keys)}")
    used = batch.townships()
    if None in used and not src.township:
        raise LoadError(f"{src.filename}：无法确定乡镇名称，请先补充乡镇后再保存")
    _check_values(src, batch)
    return {n for n in used | {src.township} if n}


def _prepare(
    session: Session,
    actor: Actor,
    src: SourceIn,
    batch: FactBatch,
    ind_ids: dict[str, int],
    index: TownshipIndex | None,
    create: bool,
    county: Region | None,
    made: list[tuple[Region, str]],
) -> tuple[LoadSummary, dict[str, Region]]:
    """Refuse SRC (LoadError, UnknownRegion) before anything of it is written, else resolve (and create) its
    townships (created ones flushed by the caller): a summary to fill and the township name → region map."""
    names = refuse(src, batch, ind_ids.keys())
    summary = LoadSummary()
    regions, summary.created_townships = resolve_townships(
        session, actor, names, create=create, county=county, index=index, made=made
    )
    return summary, regions


def _new_source(src: SourceIn, region_ids: dict[str, int]) -> Source:
    return Source(
        kind=src.kind,
        filename=display_name(src.filename, MAX_FILENAME),
        sha256=src.sha256,
        size=len(src.content),
        uploaded_by=src.uploaded_by,
        region_id=region_ids[src.township] if src.township else None,
        year=src.year,
        doc_type=src.doc_type,
        text=no_nul(src.text),
        meta=src.meta,
    )


@dataclass
class _Staged:
    """One source of a load: where its summary is in the answer, what it is, its stored row, its townships."""

    k: int
    src: SourceIn
    batch: FactBatch
    source: Source
    region_ids: dict[str, int]

    def region_of(self, name: str | None) -> int:
        return self.region_ids[name or self.src.township]  # type: ignore[index]


def _store(session: Session, actor: Actor, staged: list[_Staged], out: list[Loaded], ind_ids: dict[str, int]) -> None:
    """Stage every fact of STAGED at once, decide, check and store them; fills their summaries in OUT.

    The continuity and balance checks (store.checks, 需说明) run on the staging table before the insert, over the
    figures as they will be stored (each with its future id and headline: the keys with stored or repeated figures
    have their headlines decided first, store.resolve.decide_headlines over stored + staged), so a failing figure
    is inserted already held with its note; the keys with stored or repeated figures then get their headlines
    once, and the region summary is refreshed once for every staged key."""
    t = TempTables(session)
    single = staged[0] if len(staged) == 1 else None
    create_stage(t, staged[0].source.id)
    offset = 0
    for it in staged:
        if single:
            stage_batch(t, it.batch, it.region_of, ind_ids)
        else:
            rows = it.batch.rows(it.region_of, ind_ids)
            first, sid = offset, it.source.id
            t.fill("load_stage", (*it.batch.columns, "src"), ((r[0] + first, *r[1:], sid) for r in rows))
        offset += len(it.batch)
    refresh = mark_prior(t)
    held = per_source(t, "held") if mark_held(t) else {}
    superseded = 0
    if single and refresh and single.src.kind != "report":
        superseded = supersede(session, t, single.source, actor.name)
    refresh = mark_repeated(t, bool(single and single.batch.unique_keys(single.region_of))) or refresh
    ids = stage_ids(t)
    kind = staged[0].src.kind
    # New keys with a single figure head on insert (what refresh_headlines would decide); only keys that met
    # stored or repeated figures are decided, before the checks (which read headlines) and again once inserted.
    conflicts: dict[int, int] = {}
    if refresh:
        decide_staged_headlines(t, ids, kind)
        conflicts = staged_conflicts(t, ids)
    regions = sorted({r for it in staged for r in it.region_ids.values()})
    # continuity and balance (需说明); a report's own totals are etl.reports.plausible's
    check_staged(
        session,
        actor,
        staged_checks(t, ids, refresh, _outside(session, actor, regions)),
        regions,
        own_totals=kind != "report",
    )
    drop_decisions(t)
    if held:
        hold_locked(t, ids.held, FOUND)
    n_new = insert_new(t, ids, FOUND)
    drop_found(session)
    new = {single.source.id: n_new} if single else per_source(t, "NOT skip")
    session.execute(insert(AuditEvent), [_import_event(it, actor, new) for it in staged])
    if refresh:
        refresh_headlines_bulk(
            session, keys_sql="SELECT region_id, indicator_id, year FROM load_stage WHERE prior OR repeated"
        )
    for it in staged:
        summary = out[it.k]
        assert isinstance(summary, LoadSummary)
        summary.source_id, summary.superseded = it.source.id, superseded
        summary.conflicts = conflicts.get(it.source.id, 0)
        summary.new, summary.held = new.get(it.source.id, 0), held.get(it.source.id, 0)
        summary.unchanged = len(it.batch) - summary.new - summary.held
    # The region pages' aggregates, in the same transaction, once for the load; the keys come straight from
    # the staging table.
    with summary_once(session):
        refresh_summary_from(session, "SELECT DISTINCT region_id, indicator_id, year FROM load_stage")
    t.drop("load_stage")


def _outside(session: Session, actor: Actor, regions: list[int]) -> list[int] | None:
    """The staged townships REGIONS when ACTOR may not read all of them (only those are checked), else None."""
    inside = set(session.scalars(select(Region.id).where(Region.id.in_(set(regions)), actor.region_clause())))
    return None if inside >= set(regions) else sorted(inside)


def _import_event(it: _Staged, actor: Actor, new: dict[int, int]) -> dict[str, Any]:
    """The "import" AuditEvent of one staged source, as a row."""
    facts = {"filename": it.src.filename, "kind": it.src.kind, "facts": len(it.batch), "new": new.get(it.source.id, 0)}
    return {
        "at": utcnow(),
        "actor": it.src.uploaded_by or actor.name,
        "action": "import",
        "object_type": "source",
        "object_id": it.source.id,
        "new": facts,
    }


def _check_values(src: SourceIn, batch: FactBatch) -> None:
    """Refuse the source when a figure is infinite or absurdly large (1e308 would show as "inf亿人")."""
    if not isinstance(batch, FactList):
        return  # ledger batches come from etl.ledgers.validate, which refuses such cells by name
    for f in batch.facts:
        if not storable(f.value):
            where = f.cell or (f"“{display_name(f.evidence, 40)}”" if f.evidence else f.indicator)
            raise LoadError(f"数值 {f.value:g} 超出可存储的范围（{where}），请核对原文后再导入")
