"""Write side: store one source (a report or a ledger) and its figures in one transaction.

Every importer (reports, ledgers, the demo) ends here, so idempotency, superseding and the audit
trail live in one place. Functions take an open Session; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, DateTime, bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from store.catalog import sync_catalog
from store.models import ACTIVE_STATUSES, AuditEvent, Indicator, Observation, Region, Source, attrs_key, utcnow
from store.regions import TownshipIndex, UnknownRegion, add_region, default_county, townships
from store.resolve import PART_ATTRS, refresh_headlines


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
    created_townships: list[str] = field(default_factory=list)


class LoadError(ValueError):
    """The source cannot be stored as given; nothing of it was written."""


def find_source(session: Session, content: bytes) -> Source | None:
    return session.scalars(select(Source).where(Source.sha256 == hashlib.sha256(content).hexdigest())).first()


def resolve_townships(session: Session, names: set[str], *, create: bool,
                      county: Region | None = None) -> tuple[dict[str, Region], list[str]]:
    """Map each name to its township; create missing ones under COUNTY when CREATE, else raise."""
    index = TownshipIndex(townships(session))
    found: dict[str, Region] = {}
    created: list[str] = []
    unknown = sorted(n for n in names if index.find(n) is None)
    if unknown and not create:
        raise UnknownRegion(unknown[0], index.closest(unknown[0]))
    parent = county or default_county(session)
    for name in sorted(names):
        region = index.find(name)
        if region is None:
            if parent is None:
                raise LoadError(f"无法新建乡镇“{name}”：请先指定所属县（区）")
            region = add_region(session, name, "township", parent)
            index.add(region)
            created.append(name)
        found[name] = region
    return found, created


def load_source(session: Session, src: SourceIn, facts: Sequence[FactIn], *, create_townships: bool = False,
                county: Region | None = None, actor: str = "system") -> LoadSummary:
    """Store SRC and FACTS. Loading the same bytes again is a no-op; see module docstring."""
    summary = LoadSummary()
    existing = find_source(session, src.content)
    if existing is not None:
        return LoadSummary(source_id=existing.id, already_loaded=True, unchanged=len(facts))
    sync_catalog(session)
    indicators = {i.key: i for i in session.scalars(select(Indicator))}
    unknown_keys = sorted({f.indicator for f in facts} - indicators.keys())
    if unknown_keys:
        raise LoadError(f"指标目录中没有这些指标：{'、'.join(unknown_keys)}")
    names = {n for n in [src.township, *(f.township for f in facts)] if n}
    if any(not (f.township or src.township) for f in facts):
        raise LoadError(f"{src.filename}：无法确定乡镇名称，请先补充乡镇后再保存")
    regions, summary.created_townships = resolve_townships(session, names, create=create_townships, county=county)

    source = Source(kind=src.kind, filename=src.filename, sha256=src.sha256, size=len(src.content),
                    uploaded_by=src.uploaded_by, region_id=regions[src.township].id if src.township else None,
                    year=src.year, doc_type=src.doc_type, text=src.text, meta=src.meta)
    session.add(source)
    session.flush()
    summary.source_id = source.id
    region_ids = {name: r.id for name, r in regions.items()}
    ind_ids = {k: i.id for k, i in indicators.items()}

    def key_of(f: FactIn) -> Key:
        return region_ids[f.township or src.township], ind_ids[f.indicator], f.year  # type: ignore[index]

    # One batched read of what is stored for these regions, indicators and years replaces a query per fact
    # (a 100,000-row ledger would otherwise need 100,000 queries); the decisions below are the same as per
    # fact, in the same order. Bookkeeping stays compact (a byte and a packed key per fact).
    prior = _prior_observations(session, set(region_ids.values()), {ind_ids[f.indicator] for f in facts},
                                {f.year for f in facts})
    new = bytearray(len(facts))
    new_keys: array[int] = array("q")
    refresh: set[Key] = set()
    superseded: dict[int, _Prior] = {}
    audits: list[dict[str, Any]] = []
    for n, fact in enumerate(facts):
        key = key_of(fact)
        older = prior.get(key)
        if older is not None:
            refresh.add(key)
            if src.kind != "report" and _supersede_or_skip(summary, older, fact, source, actor, superseded, audits):
                continue
        new[n] = 1
        new_keys.append(_pack(key))
        summary.new += 1
    repeated = _repeated(new_keys)
    del new_keys
    refresh |= {_unpack(k) for k in repeated}
    _mark_superseded(session, superseded, audits)
    _insert_new(session, facts, new, key_of, source.id, lambda key: key not in prior and _pack(key) not in repeated)
    session.add(AuditEvent(actor=src.uploaded_by or actor, action="import", object_type="source",
                           object_id=source.id, new={"filename": src.filename, "kind": src.kind,
                                                     "facts": len(facts), "new": summary.new}))
    # Keys seen for the first time with a single figure got their headline on insert (what
    # refresh_headlines would decide); only keys that met stored or repeated figures need a second pass.
    refresh_headlines(session, refresh)
    summary.conflicts = _count_conflicts(session, source.id)
    return summary


Key = tuple[int, int, int]  # region_id, indicator_id, year
_BATCH = 500
_INSERT_BATCH = 2000
_OBS_COLUMNS = ("region_id", "indicator_id", "year", "value", "masked", "qualifier", "attrs", "attrs_key",
                "is_target", "source_id", "locator", "evidence", "span_start", "span_end", "status", "is_headline",
                "conflict", "created_at", "updated_at")
# Plain executemany: the ORM's per-row bookkeeping costs more than SQLite's own insert for big ledgers.
_INSERT_OBS = text(f"INSERT INTO observation ({', '.join(_OBS_COLUMNS)}) "
                   f"VALUES ({', '.join(':' + c for c in _OBS_COLUMNS)})").bindparams(
    bindparam("attrs", type_=JSON), bindparam("created_at", type_=DateTime), bindparam("updated_at", type_=DateTime))


def _pack(key: Key) -> int:
    return (key[0] << 32) | (key[1] << 16) | key[2]


def _unpack(packed: int) -> Key:
    return packed >> 32, (packed >> 16) & 0xFFFF, packed & 0xFFFF


def _repeated(packed: array[int]) -> set[int]:
    """Packed keys that occur more than once."""
    ordered = sorted(packed)
    return {a for a, b in zip(ordered, ordered[1:], strict=False) if a == b}


@dataclass
class _Prior:
    """An observation already stored for a key this load touches (a row, not an ORM object)."""

    id: int
    is_target: bool
    attrs_key: str
    status: str
    value: float | None
    masked: bool
    source_id: int
    kind: str


def _prior_observations(session: Session, regions: set[int], inds: set[int],
                        years: set[int]) -> dict[Key, list[_Prior]]:
    """Every stored observation for these regions × indicators × years, read in batches of regions."""
    session.flush()
    out: dict[Key, list[_Prior]] = {}
    region_list = sorted(regions)
    cols = (Observation.region_id, Observation.indicator_id, Observation.year, Observation.id, Observation.is_target,
            Observation.attrs_key, Observation.status, Observation.value, Observation.masked,
            Observation.source_id, Source.kind)
    for i in range(0, len(region_list), _BATCH):
        stmt = (select(*cols).join(Source, Observation.source_id == Source.id)
                .where(Observation.region_id.in_(region_list[i: i + _BATCH]), Observation.indicator_id.in_(inds),
                       Observation.year.in_(years)))
        for r, ind, year, *rest in session.execute(stmt):
            out.setdefault((r, ind, year), []).append(_Prior(*rest))
    return out


def _supersede_or_skip(summary: LoadSummary, prior: list[_Prior], fact: FactIn, source: Source, actor: str,
                       superseded: dict[int, _Prior], audits: list[dict[str, Any]]) -> bool:
    """For ledger-like sources: an equal earlier value means skip (True); a different one is superseded."""
    key = attrs_key(fact.attrs)
    older = [o for o in prior if o.is_target == fact.target and o.attrs_key == key and o.kind != "report"
             and o.status in ACTIVE_STATUSES and o.source_id != source.id]
    if any(o.value == fact.value and o.masked == fact.masked for o in older):
        summary.unchanged += 1
        return True
    for o in older:
        audits.append({"actor": source.uploaded_by or actor, "action": "supersede", "object_type": "observation",
                       "object_id": o.id, "reason": f"新台账 {source.filename} 覆盖旧值",
                       "old": {"value": o.value, "masked": o.masked, "status": o.status, "source_id": o.source_id},
                       "new": {"value": fact.value, "source_id": source.id}})
        o.status = "superseded"
        superseded[o.id] = o
        summary.superseded += 1
    return False


def _mark_superseded(session: Session, superseded: dict[int, _Prior], audits: list[dict[str, Any]]) -> None:
    ids = sorted(superseded)
    for i in range(0, len(ids), _BATCH):
        session.execute(update(Observation).where(Observation.id.in_(ids[i: i + _BATCH]))
                        .values(status="superseded"), execution_options={"synchronize_session": "fetch"})
    for i in range(0, len(audits), _INSERT_BATCH):
        session.execute(insert(AuditEvent), audits[i: i + _INSERT_BATCH])


def _insert_new(session: Session, facts: Sequence[FactIn], new: bytearray, key_of: Callable[[FactIn], Key],
                source_id: int, fresh: Callable[[Key], bool]) -> None:
    """Insert the facts flagged in NEW, a batch at a time (memory stays flat for big ledgers)."""
    now = utcnow()
    batch: list[dict[str, Any]] = []
    for n, fact in enumerate(facts):
        if not new[n]:
            continue
        key = key_of(fact)
        batch.append({
            "region_id": key[0], "indicator_id": key[1], "year": fact.year, "value": fact.value,
            "masked": fact.masked, "qualifier": fact.qualifier, "attrs": dict(fact.attrs),
            "attrs_key": attrs_key(fact.attrs), "is_target": fact.target, "source_id": source_id,
            "locator": fact.locator, "evidence": fact.evidence, "span_start": fact.span[0] if fact.span else None,
            "span_end": fact.span[1] if fact.span else None, "status": "extracted",
            "is_headline": fresh(key) and not any(k in fact.attrs for k in PART_ATTRS), "conflict": False,
            "created_at": now, "updated_at": now,
        })
        if len(batch) >= _INSERT_BATCH:
            session.execute(_INSERT_OBS, batch)
            batch = []
    if batch:
        session.execute(_INSERT_OBS, batch)


def _count_conflicts(session: Session, source_id: int) -> int:
    stmt = select(Observation.id).where(Observation.source_id == source_id, Observation.conflict.is_(True))
    return len(session.scalars(stmt).all())
