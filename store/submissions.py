"""多级上报: a township's figures for a year go 草稿 → 已上报 → 已审核, or back 已退回 with a reason.

A 填报员 granted the township submits (上报): they confirm the figures the store already holds from reports,
ledgers and 在线填报 — nothing is typed again; the number of headline figures confirmed is kept. A 审核员 (or
管理员) granted the township approves (已审核) or returns it with a reason; a returned year can be submitted
again. Approved figures are locked: an import that would change one stores the new value as 可疑 with the
reason (`hold_locked`, called by etl.load in the same transaction), so it reaches the figure only when a
审核员 confirms it in 数据审核, which is audited. The county 催报 (a reminder shown in-app to the township's
填报员 until the year is submitted) and its administrator sets the due date per county and year in settings.
Every transition is audited; an action made against an older state than the stored one is refused.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, and_, func, select
from sqlalchemy.orm import Session

from store.access import ACTION_ZH, AccessDenied, Actor, name_chain
from store.check_rules import EXPLAIN
from store.locks import lock_for_write
from store.models import ACTIVE_STATUSES, AuditEvent, Observation, Region, Reminder, Setting, Submission, utcnow
from store.resolve import TempTables
from store.session import session_factory

STATE_ZH = {"draft": "草稿", "submitted": "已上报", "approved": "已审核", "returned": "已退回"}
# action → (the states it starts from, the state it leads to)
TRANSITIONS = {
    "submit": (("draft", "returned"), "submitted"),
    "approve": (("submitted",), "approved"),
    "return": (("submitted",), "returned"),
}
ACTION_POWER = {"submit": "submit", "approve": "review", "return": "review"}
DUE_KEY = "report_due"
HELD_NOTE = "该乡镇本年度数据已审核锁定：新导入的数值与已审核的不同，须县审核员确认后才生效"
MAX_REASON = 500


class SubmissionError(ValueError):
    """The transition is not allowed in the current state; the message says why, in Chinese."""


def _township(session: Session, actor: Actor, region_id: int, power: str) -> Region:
    """The township REGION_ID when ACTOR may use POWER there; the refusal names no region outside the grants."""
    actor.require(power)
    region = session.get(Region, region_id)
    if region is None or region.level != "township" or not actor.covers(region.path):
        raise AccessDenied(f"{actor.who_zh}无权{_power_zh(power)}：找不到该乡镇，或它不在授权范围内")
    return region


def _power_zh(power: str) -> str:
    return ACTION_ZH.get(power, power)


def _row(session: Session, region_id: int, year: int) -> Submission | None:
    stmt = select(Submission).where(Submission.region_id == region_id, Submission.year == year)
    return session.scalars(stmt.execution_options(populate_existing=True)).first()


def _figures(session: Session, region_id: int, year: int) -> int:
    """Headline figures (plans included) the store holds for the township and year."""
    stmt = select(func.count(Observation.id)).where(
        Observation.region_id == region_id, Observation.year == year, Observation.is_headline.is_(True)
    )
    return int(session.scalar(stmt) or 0)


def state_of(session: Session, actor: Actor, region_id: int, year: int) -> tuple[str, int]:
    """(state, version) of the township's year; ('draft', 0) before the first submission."""
    _township(session, actor, region_id, "read")
    row = _row(session, region_id, year)
    return (row.status, row.version) if row else ("draft", 0)


def _move(
    session: Session, actor: Actor, action: str, region_id: int, year: int, version: int | None, reason: str | None
) -> Submission:
    region = _township(session, actor, region_id, ACTION_POWER[action])
    lock_for_write(session)  # a clerk submitting and a reviewer returning at once: one of them sees the other
    row = _row(session, region_id, year)
    state = row.status if row else "draft"
    if version is not None and version != (row.version if row else 0):
        raise SubmissionError(f"{region.name}{year}年的上报状态已被他人修改：现在是“{STATE_ZH[state]}”，请刷新页面")
    starts, target = TRANSITIONS[action]
    if state not in starts:
        raise SubmissionError(_refusal(action, state, f"{region.name}{year}年"))
    old = {"status": state, "version": row.version if row else 0}
    if row is None:
        row = Submission(region_id=region_id, year=year, status="draft", version=0, figures=0)
        session.add(row)
    now = utcnow()
    if action == "submit":
        n = _figures(session, region_id, year)
        if n == 0:
            raise SubmissionError(
                f"{region.name}{year}年还没有任何数据：请先导入报告、台账或在线填报，再确认上报（上报不需要重新填写数字）"
            )
        row.figures, row.submitted_by, row.submitted_at = n, actor.name, now
        row.reviewed_by = row.reviewed_at = None
    else:
        row.reviewed_by, row.reviewed_at = actor.name, now
    row.status, row.reason, row.version = target, reason, row.version + 1
    session.flush()
    new = {"status": target, "version": row.version, "year": year, "township": region.name, "figures": row.figures}
    session.add(
        AuditEvent(
            actor=actor.name, action=action, object_type="submission", object_id=row.id, old=old, new=new, reason=reason
        )
    )
    return row


def _refusal(action: str, state: str, what: str) -> str:
    """Why ACTION cannot start from STATE, in Chinese."""
    if action == "submit":
        if state == "submitted":
            return f"{what}数据已上报，正在等待县审核员审核，不能重复上报"
        return f"{what}数据已审核锁定，不能再次上报；如需更正请联系县审核员"
    verb = "审核" if action == "approve" else "退回"
    if state == "draft":
        return f"{what}数据尚未上报，不能{verb}"
    if state == "returned":
        return f"{what}数据已退回乡镇修改，等待重新上报，不能{verb}"
    return f"{what}数据已审核通过，不能再{verb}；如需更正请在“数据审核”中更正单项数据"


def submit(session: Session, actor: Actor, region_id: int, year: int, *, version: int | None = None) -> Submission:
    """上报: a 填报员 of the township confirms the figures the store holds for YEAR (草稿 or 已退回 → 已上报)."""
    return _move(session, actor, "submit", region_id, year, version, None)


def approve(session: Session, actor: Actor, region_id: int, year: int, *, version: int | None = None) -> Submission:
    """审核通过: a 审核员 granted the township locks its figures for YEAR (已上报 → 已审核)."""
    return _move(session, actor, "approve", region_id, year, version, None)


def return_(
    session: Session, actor: Actor, region_id: int, year: int, reason: str, *, version: int | None = None
) -> Submission:
    """退回: a 审核员 sends the year back to the township with REASON (已上报 → 已退回)."""
    reason = (reason or "").strip()
    if not reason:
        raise SubmissionError("退回必须填写原因，让乡镇知道要改什么")
    if len(reason) > MAX_REASON:
        raise SubmissionError(f"退回原因过长（上限 {MAX_REASON} 字）")
    return _move(session, actor, "return", region_id, year, version, reason)


def is_approved(session: Session, region_id: int, year: int) -> bool:
    """True when the township's figures for YEAR are approved (locked); a check inside a caller's write."""
    stmt = select(Submission.id).where(
        Submission.region_id == region_id, Submission.year == year, Submission.status == "approved"
    )
    return session.scalar(stmt) is not None


def hold_locked(t: TempTables, first_id: int, found: str) -> int:
    """Store the staged facts mark_held chose (etl.load's load_stage) as 可疑 with HELD_NOTE, in their order, the
    one with FIRST_ID + n first; a fact the checks found (table FOUND: id, note) as 需说明 with HELD_NOTE and its
    note after it. They supersede nothing and head nothing until a 审核员 confirms them in 数据审核. How many."""
    held = t.execute(
        f"""INSERT INTO observation (region_id, indicator_id, year, value, masked, qualifier, attrs, attrs_key,
            is_target, source_id, locator, evidence, span_start, span_end, status, is_headline, conflict,
            review_note, created_at, updated_at, unit)
        SELECT s.region_id, s.indicator_id, s.year, s.value, s.masked, s.qualifier, s.attrs, s.attrs_key,
            s.is_target, s.src, s.locator, s.evidence, s.span_start, s.span_end,
            CASE WHEN f.id IS NULL THEN 'suspect' ELSE '{EXPLAIN}' END, FALSE, FALSE,
            CASE WHEN f.id IS NULL THEN :note ELSE :note || '；' || f.note END, :now, :now, s.unit
        FROM load_stage s LEFT JOIN {found} f ON f.id = {int(first_id)} + s.n WHERE s.held ORDER BY s.n""",
        {"note": HELD_NOTE, "now": utcnow()},
    ).rowcount
    return int(held)


def mark_held(t: TempTables) -> int:
    """The staged facts (etl.load's load_stage) of an approved township year that would change its figures — no
    headline (or, for a part, no active figure) of the key has the same value — are held: marked held and skip
    (taken out of the load, no prior), for hold_locked to store. How many. Runs before etl.load decides anything
    else about the staged facts."""
    if t.execute("SELECT 1 FROM submission WHERE status = 'approved' LIMIT 1").first() is None:
        return 0  # no approved township year anywhere (a new store): no pass over the staged facts
    active = "', '".join(ACTIVE_STATUSES)
    held = t.execute(f"""UPDATE load_stage SET skip = TRUE, held = TRUE, prior = FALSE WHERE EXISTS (
          SELECT 1 FROM submission sb
          WHERE sb.region_id = load_stage.region_id AND sb.year = load_stage.year AND sb.status = 'approved')
        AND NOT EXISTS (SELECT 1 FROM observation o WHERE o.region_id = load_stage.region_id
          AND o.indicator_id = load_stage.indicator_id AND o.year = load_stage.year
          AND o.is_target = load_stage.is_target AND o.attrs_key = load_stage.attrs_key AND o.masked = load_stage.masked
          AND (o.value = load_stage.value OR (o.value IS NULL AND load_stage.value IS NULL))
          AND (o.is_headline OR (load_stage.part AND o.status IN ('{active}'))))""").rowcount
    return int(held)


def require_unlocked_source(session: Session, actor: Actor, source_id: int) -> None:
    """Refuse deleting a file holding figures of an approved township year to anyone who may not review (a
    填报员 undoing an import): removing them would change locked figures."""
    if actor.can("review"):
        return
    locked = session.execute(
        select(Region.name, Observation.year)
        .join(Region, Region.id == Observation.region_id)
        .join(Submission, and_(Submission.region_id == Observation.region_id, Submission.year == Observation.year))
        .where(Observation.source_id == source_id, Submission.status == "approved")
        .distinct()
        .order_by(Region.name, Observation.year)
    ).all()
    if locked:
        what = "、".join(f"{name}{year}年" for name, year in locked)
        raise AccessDenied(
            f"{actor.who_zh}无权删除此文件：其中有已审核（锁定）的数据（{what}），如需更正请联系县审核员"
        )


# --- 催报 and due dates ----------------------------------------------------------------------------------


def remind(session: Session, actor: Actor, region_id: int, year: int) -> Reminder:
    """催报: the county reminds the township's 填报员 in-app to submit YEAR (refused once it is submitted)."""
    region = _township(session, actor, region_id, "remind")
    row = _row(session, region_id, year)
    if row is not None and row.status in ("submitted", "approved"):
        raise SubmissionError(f"{region.name}{year}年数据已{STATE_ZH[row.status][1:]}，无需催报")
    reminder = Reminder(region_id=region_id, year=year, sent_by=actor.name)
    session.add(reminder)
    session.flush()
    session.add(
        AuditEvent(
            actor=actor.name,
            action="remind",
            object_type="reminder",
            object_id=reminder.id,
            new={"township": region.name, "year": year},
        )
    )
    return reminder


def _county(session: Session, actor: Actor, county_id: int, power: str) -> Region:
    actor.require(power)
    county = session.get(Region, county_id)
    if county is None or county.level != "county" or not actor.covers(county.path):
        raise AccessDenied(f"{actor.who_zh}无权{_power_zh(power)}：找不到该县（区），或它不在授权范围内")
    return county


def _due_table(session: Session) -> dict[str, dict[str, str]]:
    row = session.get(Setting, DUE_KEY)
    return dict(row.value) if row is not None and row.value else {}


def set_due_date(session: Session, actor: Actor, county_id: int, year: int, due: date | None) -> None:
    """The county administrator sets (or clears, DUE None) the date by which its townships submit YEAR."""
    county = _county(session, actor, county_id, "settings")
    chain = name_chain(session, county.id)  # names, not ids: settings outlive `python -m etl reset`
    table = _due_table(session)
    per_year = dict(table.get(chain, {}))
    old = per_year.get(str(year))
    if due is None:
        per_year.pop(str(year), None)
    else:
        per_year[str(year)] = due.isoformat()
    table[chain] = per_year
    row = session.get(Setting, DUE_KEY)
    if row is None:
        session.add(Setting(key=DUE_KEY, value=table))
    else:
        row.value = table
    session.add(
        AuditEvent(
            actor=actor.name,
            action="setting",
            object_type="setting",
            old={DUE_KEY: {chain: {str(year): old}}},
            new={DUE_KEY: {chain: {str(year): per_year.get(str(year))}}},
        )
    )


def due_date(session: Session, actor: Actor, county_id: int, year: int) -> date | None:
    """The due date of YEAR in the county (None: not set)."""
    county = _county(session, actor, county_id, "read")
    found = _due_table(session).get(name_chain(session, county.id), {}).get(str(year))
    return date.fromisoformat(found) if found else None


# --- the 上报进度 board and the dashboards' 未审核 marks -------------------------------------------------------

PROGRESS_COLUMNS = [
    "region_id",
    "township",
    "path",
    "county_id",
    "county",
    "year",
    "status",
    "state",
    "version",
    "figures",
    "held",
    "submitted_by",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "reason",
    "due",
    "overdue",
    "reminders",
    "reminded_at",
]


def progress(
    engine: Engine, actor: Actor, year: int, region_path: str | None = None, today: date | None = None
) -> pd.DataFrame:
    """One row per township ACTOR may read (under REGION_PATH) for YEAR: state, who submitted and reviewed,
    figures held now, figures held for review (可疑), due date, overdue, reminders sent. A DataFrame."""
    actor.require("read")
    actor.clip(region_path)
    today = today or date.today()
    county = Region.__table__.alias("county")
    figures = (
        select(Observation.region_id, func.count(Observation.id).label("n"))
        .where(Observation.year == year, Observation.is_headline.is_(True))
        .group_by(Observation.region_id)
        .subquery()
    )
    held = (
        select(Observation.region_id, func.count(Observation.id).label("n"))
        .where(Observation.year == year, Observation.status == "suspect")
        .group_by(Observation.region_id)
        .subquery()
    )
    reminders = (
        select(Reminder.region_id, func.count(Reminder.id).label("n"), func.max(Reminder.sent_at).label("last"))
        .where(Reminder.year == year)
        .group_by(Reminder.region_id)
        .subquery()
    )
    stmt = (
        select(
            Region.id.label("region_id"),
            Region.name.label("township"),
            Region.path,
            county.c.id.label("county_id"),
            county.c.name.label("county"),
            Submission.status,
            Submission.version,
            Submission.figures.label("confirmed"),
            figures.c.n.label("figures"),
            held.c.n.label("held"),
            Submission.submitted_by,
            Submission.submitted_at,
            Submission.reviewed_by,
            Submission.reviewed_at,
            Submission.reason,
            reminders.c.n.label("reminders"),
            reminders.c.last.label("reminded_at"),
        )
        .join(county, county.c.id == Region.parent_id, isouter=True)
        .join(Submission, and_(Submission.region_id == Region.id, Submission.year == year), isouter=True)
        .join(figures, figures.c.region_id == Region.id, isouter=True)
        .join(held, held.c.region_id == Region.id, isouter=True)
        .join(reminders, reminders.c.region_id == Region.id, isouter=True)
        .where(Region.level == "township", actor.region_clause())
        .order_by(county.c.path, Region.id)  # each county's townships in its own order, as the sidebar lists them
    )
    if region_path:
        stmt = stmt.where(Region.path.startswith(region_path))
    with session_factory(engine)() as s:
        rows = s.execute(stmt).all()
        dues = {c: _due_or_none(s, actor, c, year) for c in {r.county_id for r in rows if r.county_id is not None}}
    out = []
    for r in rows:
        status = r.status or "draft"
        due = dues.get(r.county_id)
        confirmed = status in ("submitted", "approved")  # the figures the clerk confirmed, else those held now
        out.append(
            {
                **r._asdict(),
                "year": year,
                "status": status,
                "state": STATE_ZH[status],
                "version": r.version or 0,
                "figures": int((r.confirmed if confirmed else r.figures) or 0),
                "held": int(r.held or 0),
                "due": due,
                "overdue": due is not None and today > due and status in ("draft", "returned"),
                "reminders": int(r.reminders or 0),
            }
        )
    return pd.DataFrame(out, columns=PROGRESS_COLUMNS)


def _due_or_none(session: Session, actor: Actor, county_id: int, year: int) -> date | None:
    try:
        return due_date(session, actor, county_id, year)
    except AccessDenied:  # a township granted without its county: its county's date is still its date
        found = _due_table(session).get(name_chain(session, county_id), {}).get(str(year))
        return date.fromisoformat(found) if found else None


def open_reminders(engine: Engine, actor: Actor) -> pd.DataFrame:
    """The 催报 for ACTOR to act on: a 填报员's townships whose year is not submitted yet, the latest first
    (township, year, sent_by, sent_at). Empty for everyone but 填报员 (reminders are addressed to them)."""
    columns = ["region_id", "township", "year", "sent_by", "sent_at"]
    if actor.anonymous or actor.role != "clerk" or not actor.can("submit"):
        return pd.DataFrame(columns=columns)
    latest = (
        select(Reminder.region_id, Reminder.year, func.max(Reminder.id).label("id"))
        .group_by(Reminder.region_id, Reminder.year)
        .subquery()
    )
    stmt = (
        select(Region.id, Region.name, Reminder.year, Reminder.sent_by, Reminder.sent_at)
        .join(latest, latest.c.id == Reminder.id)
        .join(Region, Region.id == Reminder.region_id)
        .join(
            Submission,
            and_(Submission.region_id == Reminder.region_id, Submission.year == Reminder.year),
            isouter=True,
        )
        .where(actor.region_clause(), func.coalesce(Submission.status, "draft").in_(("draft", "returned")))
        .order_by(Reminder.sent_at.desc())
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).all(), columns=columns)


def approval_counts(engine: Engine, actor: Actor, year: int, region_path: str | None = None) -> tuple[int, int]:
    """(townships with figures for YEAR, of them approved) under REGION_PATH within ACTOR's grants: the
    dashboards mark figures not approved yet as 未审核."""
    actor.require("read")
    actor.clip(region_path)
    stmt = (
        select(Region.id, Submission.status)
        .join(Submission, and_(Submission.region_id == Region.id, Submission.year == year), isouter=True)
        .where(
            Region.level == "township",
            actor.region_clause(),
            Region.id.in_(
                select(Observation.region_id).where(Observation.year == year, Observation.is_headline.is_(True))
            ),
        )
    )
    if region_path:
        stmt = stmt.where(Region.path.startswith(region_path))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return len(rows), sum(1 for r in rows if r[1] == "approved")


def approved_townships(engine: Engine, actor: Actor, year: int) -> frozenset[int]:
    """Ids of the townships (within ACTOR's grants) whose figures for YEAR are approved."""
    actor.require("read")
    stmt = (
        select(Submission.region_id)
        .join(Region, Region.id == Submission.region_id)
        .where(Submission.year == year, Submission.status == "approved", actor.region_clause())
    )
    with engine.connect() as conn:
        return frozenset(int(r[0]) for r in conn.execute(stmt))
