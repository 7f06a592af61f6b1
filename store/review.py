"""Review actions on observations (数据审核): confirm, correct, reject — each audited, headlines refreshed.

Only a 审核员 (or 管理员) granted the figure's region may review it. Review is the only way to change a figure
of an approved township year (store.submissions); such events carry "locked": true. Each action claims the
figure's version first (one conditional UPDATE, atomic on SQLite and PostgreSQL): an action made against an
older version than the stored one is refused with StaleVersion, which carries the newer value, so no
correction is lost unseen.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from store.access import Actor
from store.learned import observation_reviewed
from store.locks import lock_for_write
from store.models import AuditEvent, Observation
from store.resolve import refresh_headlines
from store.submissions import is_approved
from store.summary import refresh_summary


class ReviewError(ValueError):
    """The review action cannot be applied; the message says why, in Chinese."""


class StaleVersion(ReviewError):
    """Someone changed the figure since the reviewer saw it; NEWER is its current snapshot."""

    def __init__(self, newer: dict[str, Any]):
        self.newer = newer
        shown = "已脱敏" if newer["masked"] else newer["value"]
        super().__init__(f"此数据已被他人修改：现在的值是 {shown}（状态：{newer['status']}），请刷新后再审核")


def _snapshot(o: Observation) -> dict[str, Any]:
    return {"value": o.value, "masked": o.masked, "qualifier": o.qualifier, "status": o.status, "version": o.version}


def _claim(session: Session, actor: Actor, observation_id: int, version: int | None) -> Observation:
    """Bump the figure's version (only if it is still VERSION, when given) and return it, scope-checked."""
    actor.require("review")
    lock_for_write(session)  # concurrent reviews of one key queue: its headline is decided once
    stmt = update(Observation).where(Observation.id == observation_id)
    if version is not None:
        stmt = stmt.where(Observation.version == version)
    claimed = session.execute(stmt.values(version=Observation.version + 1)).rowcount  # type: ignore[attr-defined]
    obs = session.get(Observation, observation_id, populate_existing=True)
    if obs is None:
        raise ReviewError(f"找不到编号为 {observation_id} 的数据，可能已被他人删除，请刷新页面")
    actor.require_region(obs.region.path, "review")
    if not claimed:
        raise StaleVersion(_snapshot(obs))
    return obs


def _finish(
    session: Session, obs: Observation, actor: Actor, action: str, old: dict[str, Any], reason: str | None
) -> Observation:
    session.add(
        AuditEvent(
            actor=actor.name,
            action=action,
            object_type="observation",
            object_id=obs.id,
            old=old,
            new={**_snapshot(obs), **({"locked": True} if is_approved(session, obs.region_id, obs.year) else {})},
            reason=reason,
        )
    )
    observation_reviewed(session, obs, actor.name, action)
    refresh_headlines(session, [(obs.region_id, obs.indicator_id, obs.year)])
    refresh_summary(session, [(obs.region_id, obs.indicator_id, obs.year)])
    return obs


def _before(obs: Observation) -> dict[str, Any]:
    """The snapshot as the reviewer saw it (the claim already bumped the version)."""
    return {**_snapshot(obs), "version": obs.version - 1}


def confirm(
    session: Session, actor: Actor, observation_id: int, *, version: int | None = None, explanation: str = ""
) -> Observation:
    """Mark a figure as checked by ACTOR; it then wins its headline group over unreviewed ones. A figure held
    back as 需说明 (store.checks) needs EXPLANATION, the written 说明: stored on it and in the audit trail."""
    explanation = (explanation or "").strip()
    obs = _claim(session, actor, observation_id, version)
    if obs.status == "explain" and not explanation:
        raise ReviewError(f"这个数据未通过核查（{obs.review_note or '需说明'}），确认前请填写说明（如：因…调整）")
    old = _before(obs)
    obs.status, obs.confirmed_by = "confirmed", actor.name
    if explanation:
        obs.explanation = explanation
    return _finish(session, obs, actor, "confirm", old, explanation or None)


def correct(
    session: Session,
    actor: Actor,
    observation_id: int,
    value: float | None,
    *,
    masked: bool = False,
    qualifier: str = "exact",
    reason: str,
    version: int | None = None,
) -> Observation:
    """Replace a figure's value (the old one stays in the audit trail). A reason is required."""
    if not (reason or "").strip():
        raise ReviewError("更正数据必须填写原因")
    if not masked and value is None:
        raise ReviewError("请填写更正后的数值，或勾选“已脱敏”")
    if value is not None and value < 0:
        raise ReviewError(f"数值不能为负数：{value}")
    obs = _claim(session, actor, observation_id, version)
    if value is not None and obs.indicator.kind == "percent" and value > 100:
        raise ReviewError(f"百分比不能超过 100：{value}")
    old = _before(obs)
    obs.value, obs.masked, obs.qualifier = (None if masked else value), masked, qualifier
    obs.status, obs.confirmed_by = "corrected", actor.name
    return _finish(session, obs, actor, "correct", old, reason.strip())


def reject(
    session: Session, actor: Actor, observation_id: int, reason: str, *, version: int | None = None
) -> Observation:
    """Return a wrongly extracted figure (退回): dropped from every chart, kept in the database and the trail."""
    if not (reason or "").strip():
        raise ReviewError("驳回数据必须填写原因")
    obs = _claim(session, actor, observation_id, version)
    old = _before(obs)
    obs.status, obs.confirmed_by = "rejected", actor.name
    return _finish(session, obs, actor, "reject", old, reason.strip())


def confirm_all(session: Session, actor: Actor, observation_ids: list[int]) -> int:
    """Confirm every figure in OBSERVATION_IDS (one file's queue) that is not confirmed yet, each audited;
    returns how many changed."""
    done = 0
    for oid in observation_ids:
        obs = session.get(Observation, oid)
        if obs is None:
            raise ReviewError(f"找不到编号为 {oid} 的数据，可能已被他人删除，请刷新页面")
        if obs.status in ("extracted",) or obs.conflict:
            confirm(session, actor, oid)
            done += 1
    return done
