"""What is recorded per figure of a stored report, after etl.load stored it: how it came to be (a clerk's
assignment, a learned phrasing) and the 可疑 holds of etl.reports.plausible. Each figure is found by its
indicator and span."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Indicator, Observation
from store.resolve import refresh_headlines
from store.summary import refresh_summary


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
