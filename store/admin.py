"""Whole-database maintenance: clearing data (demo or real) while keeping schema, catalog and accounts."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from store.models import AuditEvent, Observation, Region, RegionSummary, Source, User


def reset_data(session: Session, actor: str = "system") -> dict[str, int]:
    """Delete every observation, source and region; log a 'reset' event so the demo is not reloaded."""
    counts = {
        "observations": session.scalar(select(func.count(Observation.id))) or 0,
        "sources": session.scalar(select(func.count(Source.id))) or 0,
        "regions": session.scalar(select(func.count(Region.id))) or 0,
    }
    session.execute(delete(RegionSummary))
    session.execute(delete(Observation))
    session.execute(delete(Source))
    session.execute(update(User).values(region_id=None))
    # Children first: deepest paths go before their parents (foreign keys are enforced).
    for region in sorted(session.scalars(select(Region)), key=lambda r: -len(r.path)):
        session.delete(region)
        session.flush()
    session.add(AuditEvent(actor=actor, action="reset", object_type="database", new=counts))
    return counts


def was_reset(session: Session) -> bool:
    """True once someone cleared the data on purpose: the app must not load the demo again."""
    return session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "reset")) != 0
