"""Write side: store one source (a report or a ledger) and its figures in one transaction.

Every importer (reports, ledgers, the demo) ends here, so idempotency, superseding and the audit
trail live in one place. Functions take an open Session; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from store.catalog import sync_catalog
from store.models import ACTIVE_STATUSES, AuditEvent, Indicator, Observation, Region, Source, attrs_key
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


def load_source(session: Session, src: SourceIn, facts: list[FactIn], *, create_townships: bool = False,
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
    keyed = [(f, regions[f.township or src.township].id, indicators[f.indicator].id) for f in facts]  # type: ignore[index]
    touched: set[Key] = {(r, i, f.year) for f, r, i in keyed}
    # One batched read of what is already stored for these keys replaces a query per fact (a 100,000-row
    # ledger would otherwise need 100,000 queries); the decisions below are the same as per fact.
    prior = _prior_observations(session, touched)
    rows: list[dict[str, Any]] = []
    superseded: dict[int, _Prior] = {}
    audits: list[dict[str, Any]] = []
    for fact, region_id, ind_id in keyed:
        if src.kind != "report" and _supersede_or_skip(summary, prior.get((region_id, ind_id, fact.year), []),
                                                       fact, source, actor, superseded, audits):
            continue
        rows.append(_observation_row(fact, region_id, ind_id, source.id))
        summary.new += 1
    _write(session, rows, superseded, audits, prior)
    session.add(AuditEvent(actor=src.uploaded_by or actor, action="import", object_type="source",
                           object_id=source.id, new={"filename": src.filename, "kind": src.kind,
                                                     "facts": len(facts), "new": summary.new}))
    refresh_headlines(session, touched - _fresh_keys(rows, prior))
    summary.conflicts = _count_conflicts(session, source.id)
    return summary


Key = tuple[int, int, int]  # region_id, indicator_id, year
_BATCH = 500


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


def _prior_observations(session: Session, keys: set[Key]) -> dict[Key, list[_Prior]]:
    """Every stored observation of KEYS, read in batches of regions (then filtered to the exact keys)."""
    session.flush()
    out: dict[Key, list[_Prior]] = {}
    regions = sorted({k[0] for k in keys})
    inds = sorted({k[1] for k in keys})
    years = sorted({k[2] for k in keys})
    cols = (Observation.region_id, Observation.indicator_id, Observation.year, Observation.id, Observation.is_target,
            Observation.attrs_key, Observation.status, Observation.value, Observation.masked,
            Observation.source_id, Source.kind)
    for i in range(0, len(regions), _BATCH):
        stmt = (select(*cols).join(Source, Observation.source_id == Source.id)
                .where(Observation.region_id.in_(regions[i: i + _BATCH]), Observation.indicator_id.in_(inds),
                       Observation.year.in_(years)))
        for r, ind, year, *rest in session.execute(stmt):
            if (r, ind, year) in keys:
                out.setdefault((r, ind, year), []).append(_Prior(*rest))
    return out


def _observation_row(fact: FactIn, region_id: int, ind_id: int, source_id: int) -> dict[str, Any]:
    return {
        "region_id": region_id, "indicator_id": ind_id, "year": fact.year, "value": fact.value,
        "masked": fact.masked, "qualifier": fact.qualifier, "attrs": dict(fact.attrs),
        "attrs_key": attrs_key(fact.attrs), "is_target": fact.target, "source_id": source_id,
        "locator": fact.locator, "evidence": fact.evidence, "span_start": fact.span[0] if fact.span else None,
        "span_end": fact.span[1] if fact.span else None, "status": "extracted", "is_headline": False,
        "conflict": False,
    }


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


def _write(session: Session, rows: list[dict[str, Any]], superseded: dict[int, _Prior],
           audits: list[dict[str, Any]], prior: dict[Key, list[_Prior]]) -> None:
    """Bulk-write the new observations, the superseded statuses and their audit events."""
    fresh = _fresh_keys(rows, prior)
    for row in rows:
        # A key seen for the first time with a single figure: that figure is its headline (what
        # refresh_headlines would decide), so those keys need no second pass.
        key = (row["region_id"], row["indicator_id"], row["year"])
        row["is_headline"] = key in fresh and not any(k in row["attrs"] for k in PART_ATTRS)
    ids = sorted(superseded)
    for i in range(0, len(ids), _BATCH):
        session.execute(update(Observation).where(Observation.id.in_(ids[i: i + _BATCH]))
                        .values(status="superseded"), execution_options={"synchronize_session": "fetch"})
    for i in range(0, len(rows), 5000):
        session.execute(insert(Observation), rows[i: i + 5000])
    if audits:
        session.execute(insert(AuditEvent), audits)


def _fresh_keys(rows: list[dict[str, Any]], prior: dict[Key, list[_Prior]]) -> set[Key]:
    """Keys with nothing stored before and exactly one new row."""
    counts: dict[Key, int] = {}
    for row in rows:
        key = (row["region_id"], row["indicator_id"], row["year"])
        counts[key] = counts.get(key, 0) + 1
    return {k for k, n in counts.items() if n == 1 and k not in prior}


def _count_conflicts(session: Session, source_id: int) -> int:
    stmt = select(Observation.id).where(Observation.source_id == source_id, Observation.conflict.is_(True))
    return len(session.scalars(stmt).all())
