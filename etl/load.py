"""Write side: store one source (a report or a ledger) and its figures in one transaction.

Every importer (reports, ledgers, the demo) ends here, so idempotency, superseding and the audit
trail live in one place. Functions take an open Session; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.catalog import sync_catalog
from store.models import ACTIVE_STATUSES, AuditEvent, Indicator, Observation, Region, Source, attrs_key
from store.regions import TownshipIndex, UnknownRegion, add_region, default_county, townships
from store.resolve import refresh_headlines


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
    touched: set[tuple[int, int, int]] = set()
    for fact in facts:
        region = regions[fact.township or src.township]  # type: ignore[index]
        ind = indicators[fact.indicator]
        touched.add((region.id, ind.id, fact.year))
        if src.kind != "report" and _supersede_or_skip(session, summary, region, ind, fact, source, actor):
            continue
        session.add(_observation(fact, region, ind, source))
        summary.new += 1
    session.add(AuditEvent(actor=src.uploaded_by or actor, action="import", object_type="source",
                           object_id=source.id, new={"filename": src.filename, "kind": src.kind,
                                                     "facts": len(facts), "new": summary.new}))
    refresh_headlines(session, touched)
    summary.conflicts = _count_conflicts(session, source.id)
    return summary


def _observation(fact: FactIn, region: Region, ind: Indicator, source: Source) -> Observation:
    return Observation(
        region_id=region.id, indicator_id=ind.id, year=fact.year, value=fact.value, masked=fact.masked,
        qualifier=fact.qualifier, attrs=dict(fact.attrs), attrs_key=attrs_key(fact.attrs), is_target=fact.target,
        source_id=source.id, locator=fact.locator, evidence=fact.evidence,
        span_start=fact.span[0] if fact.span else None, span_end=fact.span[1] if fact.span else None,
        status="extracted",
    )


def _supersede_or_skip(session: Session, summary: LoadSummary, region: Region, ind: Indicator,
                       fact: FactIn, source: Source, actor: str) -> bool:
    """For ledger-like sources: an equal earlier value means skip (True); a different one is superseded."""
    stmt = (
        select(Observation).join(Source, Observation.source_id == Source.id)
        .where(Observation.region_id == region.id, Observation.indicator_id == ind.id,
               Observation.year == fact.year, Observation.is_target == fact.target,
               Observation.attrs_key == attrs_key(fact.attrs), Observation.status.in_(ACTIVE_STATUSES),
               Source.kind != "report", Source.id != source.id)
    )
    older = list(session.scalars(stmt))
    if any(o.value == fact.value and o.masked == fact.masked for o in older):
        summary.unchanged += 1
        return True
    for o in older:
        old = {"value": o.value, "masked": o.masked, "status": o.status, "source_id": o.source_id}
        o.status = "superseded"
        session.add(AuditEvent(actor=source.uploaded_by or actor, action="supersede", object_type="observation",
                               object_id=o.id, old=old, new={"value": fact.value, "source_id": source.id},
                               reason=f"新台账 {source.filename} 覆盖旧值"))
        summary.superseded += 1
    return False


def _count_conflicts(session: Session, source_id: int) -> int:
    stmt = select(Observation.id).where(Observation.source_id == source_id, Observation.conflict.is_(True))
    return len(session.scalars(stmt).all())
