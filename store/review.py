"""Review actions on observations (数据审核): confirm, correct, reject — each audited, headlines refreshed."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from store.learned import observation_reviewed
from store.locks import lock_for_write
from store.models import AuditEvent, Observation
from store.resolve import refresh_headlines
from store.summary import refresh_summary


class ReviewError(ValueError):
    """The review action cannot be applied; the message says why, in Chinese."""


def _snapshot(o: Observation) -> dict[str, Any]:
    return {"value": o.value, "masked": o.masked, "qualifier": o.qualifier, "status": o.status}


def _get(session: Session, observation_id: int) -> Observation:
    lock_for_write(session)  # concurrent reviews of one key queue: its headline is decided once
    obs = session.get(Observation, observation_id)
    if obs is None:
        raise ReviewError(f"找不到编号为 {observation_id} 的数据，可能已被他人删除，请刷新页面")
    return obs


def _finish(
    session: Session, obs: Observation, actor: str, action: str, old: dict[str, Any], reason: str | None
) -> Observation:
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            object_type="observation",
            object_id=obs.id,
            old=old,
            new=_snapshot(obs),
            reason=reason,
        )
    )
    observation_reviewed(session, obs, actor, action)
    refresh_headlines(session, [(obs.region_id, obs.indicator_id, obs.year)])
    refresh_summary(session, [(obs.indicator_id, obs.year)])
    return obs


def confirm(session: Session, observation_id: int, actor: str) -> Observation:
    """Mark a figure as checked by ACTOR; it then wins its headline group over unreviewed ones."""
    obs = _get(session, observation_id)
    old = _snapshot(obs)
    obs.status, obs.confirmed_by = "confirmed", actor
    return _finish(session, obs, actor, "confirm", old, None)


def correct(
    session: Session,
    observation_id: int,
    actor: str,
    value: float | None,
    *,
    masked: bool = False,
    qualifier: str = "exact",
    reason: str,
) -> Observation:
    """Replace a figure's value (the old one stays in the audit trail). A reason is required."""
    if not (reason or "").strip():
        raise ReviewError("更正数据必须填写原因")
    if not masked and value is None:
        raise ReviewError("请填写更正后的数值，或勾选“已脱敏”")
    if value is not None and value < 0:
        raise ReviewError(f"数值不能为负数：{value}")
    obs = _get(session, observation_id)
    if value is not None and obs.indicator.kind == "percent" and value > 100:
        raise ReviewError(f"百分比不能超过 100：{value}")
    old = _snapshot(obs)
    obs.value, obs.masked, obs.qualifier = (None if masked else value), masked, qualifier
    obs.status, obs.confirmed_by = "corrected", actor
    return _finish(session, obs, actor, "correct", old, reason.strip())


def reject(session: Session, observation_id: int, actor: str, reason: str) -> Observation:
    """Drop a wrongly extracted figure from every chart (kept in the database and the audit trail)."""
    if not (reason or "").strip():
        raise ReviewError("驳回数据必须填写原因")
    obs = _get(session, observation_id)
    old = _snapshot(obs)
    obs.status, obs.confirmed_by = "rejected", actor
    return _finish(session, obs, actor, "reject", old, reason.strip())


def confirm_all(session: Session, observation_ids: list[int], actor: str) -> int:
    """Confirm every figure in OBSERVATION_IDS (one file's queue) that is not confirmed yet, each audited;
    returns how many changed."""
    done = 0
    for oid in observation_ids:
        obs = _get(session, oid)
        if obs.status in ("extracted",) or obs.conflict:
            confirm(session, oid, actor)
            done += 1
    return done
