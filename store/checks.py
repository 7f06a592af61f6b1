"""Continuity and balance checks (党内统计 审核要点), on every import and in 数据审核: runs the rules of
store.check_rules (what each rule compares, and which figures meet: the same 口径 only) over the figures a load or a
review touched; a figure that fails is held back as 需说明 (status "explain", the rules in Chinese in review_note).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.access import Actor, chain_path
from store.check_rules import (
    EXPLAIN,
    NOTE_PREFIX,
)
from store.checks_sql import Staged, find_failing, find_failing_staged
from store.models import ACTIVE_STATUSES, AuditEvent, Observation, Region, Setting, utcnow
from store.resolve import TempTables, expire_observations, refresh_headlines, refresh_headlines_bulk
from store.summary import refresh_summary_from
from store.users import region_chain

TOLERANCE_KEY = "balance_tolerance"


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


def _check(
    session: Session, actor: Actor, where: list[Any], *, own_totals: bool = True, collect: bool = True
) -> dict[int, list[str]]:
    """check_observations for the figures matching WHERE (SQL conditions on Observation and Region), every rule
    one SQL statement over all of them (store.checks_sql); the failing figures are staged in a temporary table
    and held in one set-based pass. COLLECT False: the answer stays empty (a load keeps no million notes)."""
    actor.require("read")
    where = [*where, Observation.status.in_(("extracted", "suspect")), actor.region_clause()]
    ids = select(Observation.region_id).distinct().join(Region, Region.id == Observation.region_id).where(*where)
    tolerance = _tolerances(session, ids)
    t = TempTables(session)
    t.create(FOUND, "id {key} PRIMARY KEY, note {text} NOT NULL")
    found: dict[int, list[str]] = {}
    for batch in find_failing(session, where, own_totals, tolerance):
        t.fill(FOUND, ("id", "note"), [(oid, NOTE_PREFIX + "；".join(why)) for oid, why in batch.items()])
        if collect:
            found.update(batch)
    _hold(session, t)
    t.drop(FOUND)
    return found


def _tolerances(session: Session, region_ids: Any) -> dict[int, float]:
    """Region id → its member-flow tolerance, for the regions REGION_IDS (a subquery or ids)."""
    chains = _chains(session)  # no county set a tolerance (the default): no region to look at
    if not chains:
        return {}
    regions = session.scalars(select(Region).where(Region.id.in_(region_ids)))
    return {r.id: tolerance_for(session, r, chains) for r in regions}


FOUND = "check_found"  # the failing figures of a check: id, 需说明 note
# Up to this many keys the per-key ORM refresh decides the headlines; above it the same rules in SQL.
_BULK_FROM = 500
_HOLD = f"""
    UPDATE observation SET
        review_note = CASE WHEN observation.status = 'suspect' AND observation.review_note IS NOT NULL
                            AND observation.review_note <> ''
                           THEN observation.review_note || '；' || f.note ELSE f.note END,
        status = '{EXPLAIN}', is_headline = FALSE, updated_at = :now
    FROM {FOUND} f WHERE observation.id = f.id"""
_HELD_KEYS = f"SELECT DISTINCT o.region_id, o.indicator_id, o.year FROM observation o JOIN {FOUND} f ON f.id = o.id"
# The held keys whose headlines may still change: a figure there is active (it may become the headline) or still
# flagged headline or conflict. In the others every figure is held (or otherwise out) with neither flag, which is
# what the refresh would decide: a new wide ledger's held keys are mostly such, and skipping them is exact.
_LIVE = "check_live"
_LIVE_KEYS = f"""
    SELECT k.region_id, k.indicator_id, k.year FROM ({_HELD_KEYS}) k
    WHERE EXISTS (SELECT 1 FROM observation o WHERE o.region_id = k.region_id AND o.indicator_id = k.indicator_id
                  AND o.year = k.year AND (o.status IN ('{"', '".join(ACTIVE_STATUSES)}') OR o.is_headline
                                           OR o.conflict))"""


def _hold(session: Session, t: TempTables) -> None:
    """Hold the figures staged in the found table as 需说明 (a 可疑 one keeps its note before the rules), in one
    UPDATE: a wide ledger may hold hundreds of thousands; then their headlines and the region summary are
    decided again, for the keys read from the same table."""
    if t.execute(f"SELECT 1 FROM {FOUND} LIMIT 1").first() is None:
        return
    session.flush()
    t.execute(_HOLD, {"now": utcnow()})
    expire_observations(session, ("review_note", "status", "is_headline", "updated_at"))
    t.create(_LIVE, "", as_select=_LIVE_KEYS)
    small = t.execute(f"SELECT COUNT(*) FROM {_LIVE}").scalar_one() <= _BULK_FROM
    if small:
        keys = {(int(r), int(i), int(y)) for r, i, y in t.execute(f"SELECT * FROM {_LIVE}").all()}
        refresh_headlines(session, keys)
    else:
        refresh_headlines_bulk(session, keys_sql=f"SELECT region_id, indicator_id, year FROM {_LIVE}")
    t.drop(_LIVE)
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


def check_staged(
    session: Session, actor: Actor, staged: Staged, region_ids: Sequence[int], *, own_totals: bool = True
) -> int:
    """The checks of a load's figures before they are stored (etl.load: STAGED, store.checks_sql.Staged, in the
    townships REGION_IDS): the failing ones' future ids and 需说明 notes in the temporary table FOUND (id, note),
    for the insert to store them held — no UPDATE afterwards, no second headline or summary pass; the notes are
    not kept in memory. How many. drop_found removes the table."""
    actor.require("read")
    t = TempTables(session)
    t.create(FOUND, "id {key} PRIMARY KEY, note {text} NOT NULL")
    held = 0
    for batch in find_failing_staged(session, staged, own_totals, _tolerances(session, list(region_ids))):
        t.fill(FOUND, ("id", "note"), [(oid, NOTE_PREFIX + "；".join(why)) for oid, why in batch.items()])
        held += len(batch)
    return held


def drop_found(session: Session) -> None:
    TempTables(session).drop(FOUND)


def check_region_year(session: Session, actor: Actor, region_path: str | None, year: int) -> dict[int, list[str]]:
    """数据审核: check the unreviewed figures of YEAR in the region at REGION_PATH (None: every region ACTOR has)."""
    where = [Observation.year == year]
    if region_path:
        where.append(Region.path.startswith(region_path))
    return _check(session, actor, where)
