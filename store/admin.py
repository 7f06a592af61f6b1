"""Whole-database maintenance: clearing data (demo or real) while keeping schema, catalog and accounts."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from store.access import AccessDenied, Actor
from store.models import AuditEvent, Observation, Region, Reminder, Source, Submission
from store.resolve import refresh_headlines
from store.summary import clear_summary, refresh_summary


def reset_data(session: Session, actor: Actor) -> dict[str, int]:
    """Delete every observation, source and region; log a 'reset' event so the demo is not reloaded.

    Accounts and their grants stay (grants name regions by their names, so they apply again once the
    regions are loaded anew). Only an actor with the delete power over every region may do this."""
    actor.require("delete")
    if not actor.everywhere:
        raise AccessDenied(f"{actor.who_zh}无权清空全部数据：只能由授权全部地区的管理员操作")
    counts = {
        "observations": session.scalar(select(func.count(Observation.id))) or 0,
        "sources": session.scalar(select(func.count(Source.id))) or 0,
        "regions": session.scalar(select(func.count(Region.id))) or 0,
    }
    clear_summary(session)
    session.execute(delete(Submission))
    session.execute(delete(Reminder))
    session.execute(delete(Observation))
    session.execute(delete(Source))
    # Children first: deepest paths go before their parents (foreign keys are enforced).
    for region in sorted(session.scalars(select(Region)), key=lambda r: -len(r.path)):
        session.delete(region)
        session.flush()
    session.add(AuditEvent(actor=actor.name, action="reset", object_type="database", new=counts))
    return counts


def was_reset(session: Session) -> bool:  # a system check before any user exists (the demo bootstrap)
    """True once someone cleared the data on purpose: the app must not load the demo again."""
    return session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "reset")) != 0


def delete_source(session: Session, actor: Actor, source_id: int) -> dict[str, int]:
    """Delete one source file and its figures (an administrator whose grants cover all of them); audited.

    The headlines of the keys it touched are recomputed, so an older figure takes over where there is one."""
    actor.require("delete")
    source = session.get(Source, source_id)
    if source is None:
        raise AccessDenied(f"找不到编号为 {source_id} 的来源文件，或无权删除")
    keys = session.execute(
        select(Observation.region_id, Observation.indicator_id, Observation.year, Region.path)
        .join(Region, Region.id == Observation.region_id)
        .where(Observation.source_id == source_id)
        .distinct()
    ).all()
    if any(not actor.covers(k.path) for k in keys) or (
        source.region is not None and not actor.covers(source.region.path)
    ):
        raise AccessDenied(f"找不到编号为 {source_id} 的来源文件，或无权删除")
    n = session.execute(delete(Observation).where(Observation.source_id == source_id)).rowcount  # type: ignore[attr-defined]
    info = {"filename": source.filename, "kind": source.kind, "observations": int(n or 0)}
    session.delete(source)
    session.add(AuditEvent(actor=actor.name, action="delete", object_type="source", object_id=source_id, old=info))
    touched = [(k.region_id, k.indicator_id, k.year) for k in keys]
    refresh_headlines(session, touched)
    refresh_summary(session, touched)
    return {"observations": int(n or 0)}
