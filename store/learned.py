"""Learned phrasings: what clerks taught the extractor on 报告导入 (see etl.reports.learned for how they read).

Every assignment of a number the rules left, and every 不是指标, is kept as a phrasing (side, word, unit →
indicator or None). Later extractions apply pending and approved phrasings; a phrasing whose figures are
corrected or rejected twice is suspended until an administrator looks at it. Administrators approve, edit,
remove and export approved phrasings into data/catalog.yaml. Every change is an AuditEvent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from store.access import Actor
from store.models import AuditEvent, LearnedPhrasing, Observation

SUSPEND_AFTER = 2  # corrections or rejections of a phrasing's figures before it is suspended
STATUS_ZH = {"pending": "待审核", "approved": "已批准", "suspended": "已暂停"}


@dataclass(frozen=True)
class Phrasing:
    """A learned phrasing as the extractor uses it (no session attached)."""

    id: int
    indicator: str | None  # None: 不是指标
    side: str
    word: str
    unit: str
    status: str = "pending"
    attrs: dict[str, Any] = field(default_factory=dict)


class PhrasingError(ValueError):
    """A phrasing action cannot be applied; the message says why, in Chinese."""


def _frozen(row: LearnedPhrasing) -> Phrasing:
    return Phrasing(row.id, row.indicator_key, row.side, row.word, row.unit, row.status, dict(row.attrs or {}))


def active_phrasings(session: Session) -> list[Phrasing]:
    """The phrasings later extractions apply: pending and approved, not suspended."""
    rows = session.scalars(select(LearnedPhrasing).where(LearnedPhrasing.status != "suspended"))
    return [_frozen(r) for r in rows]


def all_phrasings(session: Session) -> list[Phrasing]:
    return [_frozen(r) for r in session.scalars(select(LearnedPhrasing).order_by(LearnedPhrasing.id))]


def phrasings_frame(engine: Engine, actor: Actor) -> pd.DataFrame:
    """Every learned phrasing for 指标目录: id, indicator, phrasing (N个支部), status, uses, confirmations,
    corrections, example, created_by."""
    actor.require("read")
    with Session(engine) as s:
        rows = list(s.scalars(select(LearnedPhrasing).order_by(LearnedPhrasing.indicator_key, LearnedPhrasing.id)))
    cols = ["id", "indicator", "side", "word", "unit", "phrasing", "status", "uses", "confirmations", "corrections"]
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "indicator": r.indicator_key,
                "side": r.side,
                "word": r.word,
                "unit": r.unit,
                "phrasing": catalog_phrasing(_frozen(r)),
                "status": r.status,
                "uses": r.uses,
                "confirmations": r.confirmations,
                "corrections": r.corrections,
                "example": r.example,
                "created_by": r.created_by,
            }
            for r in rows
        ],
        columns=[*cols, "example", "created_by"],
    )


def _audit(session: Session, actor: str, action: str, row: LearnedPhrasing, old: dict[str, Any] | None) -> None:
    session.flush()
    session.add(
        AuditEvent(
            actor=actor, action=action, object_type="learned_phrasing", object_id=row.id, old=old, new=_snap(row)
        )
    )


def _snap(row: LearnedPhrasing) -> dict[str, Any]:
    return {
        "indicator": row.indicator_key,
        "side": row.side,
        "word": row.word,
        "unit": row.unit,
        "attrs": dict(row.attrs or {}),
        "status": row.status,
    }


def _find(session: Session, side: str, word: str, unit: str) -> LearnedPhrasing | None:
    stmt = select(LearnedPhrasing).where(
        LearnedPhrasing.side == side, LearnedPhrasing.word == word, LearnedPhrasing.unit == unit
    )
    return session.scalars(stmt).first()


def teach(
    session: Session,
    *,
    side: str,
    word: str,
    unit: str,
    indicator: str | None,
    actor: str,
    example: str = "",
    attrs: dict[str, Any] | None = None,
) -> LearnedPhrasing:
    """Keep a clerk's assignment (INDICATOR) or dismissal (None) as a phrasing. The same phrasing taught the
    same way again counts as a confirmation; taught another way, as a correction of the one kept."""
    row = _find(session, side, word, unit)
    if row is None:
        row = LearnedPhrasing(
            indicator_key=indicator,
            side=side,
            word=word,
            unit=unit,
            attrs=dict(attrs or {}),
            status="pending",
            uses=1,
            confirmations=0,
            corrections=0,
            example=example[:200],
            created_by=actor,
        )
        session.add(row)
        _audit(session, actor, "learn", row, None)
        return row
    if row.indicator_key == indicator:
        row.uses += 1
        row.confirmations += 1
        return row
    count_correction(session, row, actor, f"录入员将“{example[:60]}”指派为 {indicator or '不是指标'}")
    return row


def count_use(session: Session, phrasing_id: int, *, kept: bool, actor: str, reason: str = "") -> None:
    """A figure a phrasing read was saved (KEPT: a confirmation) or dropped / changed by the clerk (a
    correction)."""
    row = session.get(LearnedPhrasing, phrasing_id)
    if row is None:
        return
    row.uses += 1
    if kept:
        row.confirmations += 1
    else:
        count_correction(session, row, actor, reason or "录入员在导入时删除或更改了学习所得的数字")


def count_correction(session: Session, row: LearnedPhrasing, actor: str, reason: str) -> None:
    """One more correction or rejection; the second suspends the phrasing (listed for the administrator)."""
    row.corrections += 1
    if row.corrections >= SUSPEND_AFTER and row.status != "suspended":
        old = _snap(row)
        row.status = "suspended"
        session.flush()
        session.add(
            AuditEvent(
                actor=actor,
                action="suspend",
                object_type="learned_phrasing",
                object_id=row.id,
                old=old,
                new=_snap(row),
                reason=f"学习所得的说法“{row.word}”已被更正或驳回 {row.corrections} 次，暂停使用：{reason}",
            )
        )


def observation_reviewed(session: Session, obs: Observation, actor: str, action: str) -> None:
    """Feedback from 数据审核 on a figure a phrasing read or taught: confirm counts for it, correct and reject
    against it."""
    if obs.phrasing_id is None:
        return
    row = session.get(LearnedPhrasing, obs.phrasing_id)
    if row is None:
        return
    if action == "confirm":
        row.confirmations += 1
    else:
        count_correction(session, row, actor, f"数据审核中被{'更正' if action == 'correct' else '驳回'}")


def _get(session: Session, phrasing_id: int) -> LearnedPhrasing:
    row = session.get(LearnedPhrasing, phrasing_id)
    if row is None:
        raise PhrasingError(f"找不到编号为 {phrasing_id} 的学习说法，可能已被删除，请刷新页面")
    return row


def approve(session: Session, actor: Actor, phrasing_id: int) -> None:
    """An administrator vouches for the phrasing: its figures get the higher confidence."""
    actor.require("catalog")
    row = _get(session, phrasing_id)
    old = _snap(row)
    row.status, row.corrections = "approved", 0
    _audit(session, actor.name, "approve", row, old)


def edit(
    session: Session, actor: Actor, phrasing_id: int, *, word: str, indicator: str | None, known: set[str]
) -> None:
    """Change a phrasing's words or indicator (KNOWN: the catalog keys). An edited phrasing is pending again."""
    actor.require("catalog")
    word = (word or "").strip()
    if not word or len(word) > 32 or re.search(r"[\s\dN]", word):
        raise PhrasingError("说法必须是 1–32 个汉字或字母，不含数字和空格")
    if indicator is not None and indicator not in known:
        raise PhrasingError(f"指标目录中没有指标 {indicator}")
    row = _get(session, phrasing_id)
    other = _find(session, row.side, word, row.unit)
    if other is not None and other.id != row.id:
        raise PhrasingError(f"已有相同的说法“{word}”（编号 {other.id}），请直接编辑那一条")
    old = _snap(row)
    row.word, row.indicator_key, row.status, row.corrections = word, indicator, "pending", 0
    _audit(session, actor.name, "edit", row, old)


def remove(session: Session, actor: Actor, phrasing_id: int) -> None:
    """Forget a phrasing; the figures it read stay (their phrasing link is cleared)."""
    actor.require("catalog")
    row = _get(session, phrasing_id)
    old = _snap(row)
    session.execute(update(Observation).where(Observation.phrasing_id == row.id).values(phrasing_id=None))
    session.add(
        AuditEvent(
            actor=actor.name, action="remove", object_type="learned_phrasing", object_id=row.id, old=old, new=None
        )
    )
    session.delete(row)
    session.flush()


def catalog_phrasing(p: Phrasing) -> str:
    """The catalog `phrasings` form of P: 'N个支部' or '其中女党员N名'."""
    return f"N{p.unit}{p.word}" if p.side == "after" else f"{p.word}N{p.unit}"


def add_phrasings(yaml_text: str, additions: dict[str, list[str]]) -> str:
    """YAML_TEXT (data/catalog.yaml) with each indicator's new phrasings appended to its `phrasings:` list
    (created after `synonyms:` when missing); comments and layout elsewhere are kept as they are."""
    lines = yaml_text.splitlines(keepends=True)
    for key, new in additions.items():
        start = next((i for i, ln in enumerate(lines) if ln.rstrip() == f"- key: {key}"), None)
        if start is None:
            raise PhrasingError(f"指标目录中没有指标 {key}，无法导出")
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- key:")), len(lines))
        block = lines[start:end]
        have = {ln.strip()[2:].strip() for ln in block if ln.startswith("  - ")}
        todo = [p for p in new if p not in have]
        if not todo:
            continue
        head = next((i for i, ln in enumerate(block) if ln.rstrip() == "  phrasings:"), None)
        if head is None:
            anchor = next((i for i, ln in enumerate(block) if ln.rstrip() == "  synonyms:"), 0)
            at = _list_end(block, anchor)
            block[at:at] = ["  phrasings:\n"]
            head = at
        at = _list_end(block, head)
        block[at:at] = [f"  - {p}\n" for p in todo]
        lines[start:end] = block
    return "".join(lines)


def _list_end(block: list[str], head: int) -> int:
    """The line after the `  - item` lines that follow BLOCK[HEAD] (the first line when HEAD is 0)."""
    if head == 0:
        return 1
    i = head + 1
    while i < len(block) and block[i].startswith("  - "):
        i += 1
    return i
