"""What etl.load would do with one source, without writing anything: the ledger dry run (`python -m etl ledger
--dry-run`, the upload page's 试导入).

The same refusals (etl.load.refuse, plan_townships: UnknownRegion, LoadError, AccessDenied) and the same staging
decisions (etl.staging, store.submissions.mark_held, store.resolve.decide_headlines) run over temporary tables
only: no write lock is taken and no permanent table is written, so a preview runs on a read-only database and
while another process holds the write lock, and leaves the database byte for byte as it was. Townships to be
created and the source itself stand in with negative ids, which no stored row has.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from etl.facts_in import FactBatch, FactIn, FactList
from etl.load import LoadSummary, SourceIn, plan_townships, refuse, township_index
from etl.staging import (
    create_stage,
    decide_supersede,
    drop_supersede,
    json_serializer,
    mark_prior,
    mark_repeated,
    stage_batch,
)
from store.access import Actor, require_source
from store.catalog import load_catalog
from store.models import Indicator, Region, Source
from store.resolve import TempTables, decide_headlines, drop_decisions
from store.submissions import mark_held

PREVIEW_SOURCE = -1  # the source's stand-in id

# The figures a headline pass would see: the stored ones of the keys (those the load supersedes no longer
# active) and the staged ones it would insert, each with its source's kind.
_OBSERVED = (
    """(SELECT o.id, o.region_id, o.indicator_id, o.year, o.is_target, o.attrs, o.source_id, o.value, o.qualifier,
           o.is_headline, o.conflict, o.masked, s.kind,
           CASE WHEN o.id IN (SELECT id FROM load_old) THEN 'superseded' ELSE o.status END AS status
    FROM observation o JOIN source s ON s.id = o.source_id
    WHERE EXISTS (SELECT 1 FROM load_stage g WHERE (g.prior OR g.repeated) AND g.region_id = o.region_id
                  AND g.indicator_id = o.indicator_id AND g.year = o.year)
    UNION ALL
    SELECT -1 - n, region_id, indicator_id, year, is_target, attrs, src, value, qualifier,
           NOT part AND NOT prior AND NOT repeated, FALSE, masked, :kind, 'extracted'
    FROM load_stage WHERE NOT skip)""",
    "",
    "o.kind",
)


def preview_source(
    session: Session,
    actor: Actor,
    src: SourceIn,
    facts: Sequence[FactIn] | FactBatch,
    *,
    create_townships: bool = False,
    county: Region | None = None,
) -> LoadSummary:
    """etl.load.load_source's summary for SRC and FACTS (new, unchanged, superseded, conflicts, held, townships to
    create), or its refusal raised, reading the store only."""
    actor.require("import")
    existing = session.scalars(select(Source).where(Source.sha256 == src.sha256)).first()
    if existing is not None:
        require_source(session, actor, existing)
        return LoadSummary(source_id=existing.id, already_loaded=True, unchanged=len(facts))
    ind_ids = _indicator_ids(session)
    batch: FactBatch = facts if isinstance(facts, FactBatch) else FactList(facts, json_serializer(session))
    names = refuse(src, batch, ind_ids.keys())
    found, new, _parent = plan_townships(
        session, actor, names, create=create_townships, county=county, index=township_index(session, actor)
    )
    created = list(dict.fromkeys(new.values()))
    region_ids = {name: r.id for name, r in found.items()}
    region_ids.update({name: -1 - created.index(made) for name, made in new.items()})
    summary = LoadSummary(created_townships=created)
    t = TempTables(session)
    create_stage(t, PREVIEW_SOURCE)
    stage_batch(t, batch, lambda n: region_ids[n or src.township], ind_ids)  # type: ignore[index]
    try:
        _decide(t, src, batch, region_ids, summary)
    finally:
        drop_supersede(t)
        drop_decisions(t)
        t.drop("load_stage")
    return summary


def _decide(t: TempTables, src: SourceIn, batch: FactBatch, region_ids: dict[str, int], summary: LoadSummary) -> None:
    """etl.load._store's decisions for one staged source, counted into SUMMARY."""
    refresh = mark_prior(t)
    summary.held = mark_held(t)
    if refresh and src.kind != "report":
        decide_supersede(t, PREVIEW_SOURCE)
        summary.superseded = int(t.execute("SELECT COUNT(*) FROM load_old").scalar_one())
    else:
        t.create("load_old", "id {int}")
    unique = batch.unique_keys(lambda n: region_ids[n or src.township])  # type: ignore[index]
    refresh = mark_repeated(t, unique) or refresh
    summary.new = int(t.execute("SELECT COUNT(*) FROM load_stage WHERE NOT skip").scalar_one())
    summary.unchanged = len(batch) - summary.new - summary.held
    if refresh:
        decide_headlines(
            t,
            keys_sql="SELECT region_id, indicator_id, year FROM load_stage WHERE prior OR repeated",
            observed=_OBSERVED,
            observed_params={"kind": src.kind},
        )
        conflicts = "SELECT COUNT(*) FROM resolve_want w WHERE w.id < 0 AND w.conflict"
        summary.conflicts = int(t.execute(conflicts).scalar_one())


def _indicator_ids(session: Session) -> dict[str, int]:
    """Indicator key → id as a load would have them after syncing the catalog: the stored ones, and stand-ins
    for catalog entries not stored yet (no stored figure can have them)."""
    ids = dict(session.execute(select(Indicator.key, Indicator.id)).all())
    missing = [s.key for s in load_catalog() if s.key not in ids]
    ids.update({key: -1 - i for i, key in enumerate(missing)})
    return ids
