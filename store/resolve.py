"""Headline resolution: which observation the dashboard shows for each (region, indicator, year, target).

A township-year may hold several observations of one indicator: the report's figure, a ledger cell, a
clerk's correction, parts such as 农村党支部. Exactly one active observation per headline group is
flagged `is_headline`, so read-side queries stay a plain indexed filter. Every writer calls
`refresh_headlines` for the keys it touched, inside its own transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from store.models import ACTIVE_STATUSES, Observation, Source

# attrs that make an observation a *part* (农村党支部, 一级网格, 严重警告): never the headline total.
PART_ATTRS = ("type", "level", "severity")
_AUTHORITATIVE_KINDS = ("ledger", "manual", "demo")

Key = tuple[int, int, int]  # region_id, indicator_id, year


def group_of(obs: Observation) -> tuple[bool, str]:
    """Observations compete within (target, threshold); other attrs only disqualify parts."""
    threshold = (obs.attrs or {}).get("threshold")
    return obs.is_target, "" if threshold is None else str(float(threshold))


def is_part(obs: Observation) -> bool:
    return any(k in (obs.attrs or {}) for k in PART_ATTRS)


def rank(obs: Observation, source_kind: str) -> tuple[int, int, int, float, int]:
    """Sort key, best first when reversed: reviewed > ledger > report, then unmasked, larger, newer."""
    reviewed = int(obs.status in ("confirmed", "corrected"))
    authoritative = int(source_kind in _AUTHORITATIVE_KINDS)
    return (reviewed, authoritative, int(not obs.masked), obs.value or 0.0, obs.id or 0)


# How far an approximate figure (约/近/左右) may be from the exact one and still agree with it.
APPROX_TOLERANCE = 0.1


def agrees(stated: Observation, exact: float) -> bool:
    """Does a report's figure, read with its qualifier, agree with an exact value? 1700余 agrees with 1736."""
    v = stated.value or 0.0
    if stated.qualifier == "over":
        return exact >= v
    if stated.qualifier == "under":
        return exact <= v
    if stated.qualifier == "approx":
        return abs(exact - v) <= APPROX_TOLERANCE * max(abs(v), 1.0)
    return abs(exact - v) < 1e-9


def refresh_headlines(session: Session, keys: Iterable[Key] | None = None) -> None:
    """Recompute is_headline and conflict for the given keys (all observations when keys is None)."""
    session.flush()
    stmt = select(Observation, Source.kind).join(Source, Observation.source_id == Source.id)
    key_list = sorted(set(keys)) if keys is not None else None
    if key_list is not None and not key_list:
        return
    batches = [None] if key_list is None else [key_list[i : i + 500] for i in range(0, len(key_list), 500)]
    for batch in batches:
        q = stmt
        if batch is not None:
            q = q.where(tuple_(Observation.region_id, Observation.indicator_id, Observation.year).in_(batch))
        groups: dict[tuple, list[tuple[Observation, str]]] = defaultdict(list)
        for obs, kind in session.execute(q):
            groups[(obs.region_id, obs.indicator_id, obs.year, *group_of(obs))].append((obs, kind))
        for members in groups.values():
            _resolve_group(members)
    session.flush()


def _resolve_group(members: list[tuple[Observation, str]]) -> None:
    active = [(o, k) for o, k in members if o.status in ACTIVE_STATUSES]
    candidates = [(o, k) for o, k in active if not is_part(o)]
    best = max(candidates, key=lambda ok: rank(*ok))[0] if candidates else None
    # A ledger figure that agrees with none of the report's figures for the same key is a conflict for
    # 数据审核 (a report may state several, e.g. two training programmes' people-times).
    ledger = [o for o, k in candidates if k in _AUTHORITATIVE_KINDS and not o.masked and o.value is not None]
    report = [o for o, k in candidates if k == "report" and not o.masked and o.value is not None]
    disputed = bool(ledger and report
                    and not any(agrees(r, lv.value) for r in report for lv in ledger)  # type: ignore[arg-type]
                    and not any(o.status in ("confirmed", "corrected") for o, _ in candidates))
    for o, k in members:
        want_head = o is best
        want_conflict = disputed and (o, k) in candidates
        if o.is_headline != want_head:
            o.is_headline = want_head
        if o.conflict != want_conflict:
            o.conflict = want_conflict
