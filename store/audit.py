"""Audit you can read: exports and 综述 copies are recorded here; the 审计日志 page reads audit_log.

Logins, account and grant changes, imports, reviews and deletions are recorded where they happen
(store.users, etl.load, store.review, store.admin). Only an administrator reads the log: one granted every
region sees all of it, a county administrator the events of the accounts they manage and their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store.access import Actor
from store.models import AuditEvent
from store.queries import frame

# What each recorded action is called on the page.
ACTION_ZH = {
    "login": "登录成功",
    "login_failed": "登录失败",
    "login_locked": "登录被锁定",
    "logout": "退出登录",
    "export": "导出",
    "copy": "复制综述",
    "user_add": "新建账号",
    "user_disable": "停用账号",
    "user_enable": "启用账号",
    "passwd": "重设密码",
    "role": "修改角色",
    "grant": "授予地区",
    "revoke": "收回地区",
    "setting": "修改设置",
    "import": "导入",
    "supersede": "新台账覆盖",
    "confirm": "确认",
    "correct": "更正",
    "reject": "退回",
    "submit": "上报",
    "approve": "审核通过上报",
    "return": "退回上报",
    "remind": "催报",
    "delete": "删除",
    "merge": "合并乡镇",
    "reset": "清空数据",
}
COLUMNS = ["at", "actor", "action", "object_type", "object_id", "old", "new", "reason"]


def record(
    session: Session,
    actor: Actor,
    action: str,
    what: str,
    detail: dict[str, Any] | None = None,
    region_path: str | None = None,
) -> None:
    """Record that ACTOR exported (action 'export') or copied (action 'copy') WHAT of the region at REGION_PATH;
    refused without the power or outside the grants."""
    actor.require_region(region_path, "export") if region_path else actor.require("export")
    session.add(AuditEvent(actor=actor.name, action=action, object_type=what[:32], new=detail or {}))


@dataclass(frozen=True)
class AuditFilter:
    since: datetime | None = None
    until: datetime | None = None
    actions: tuple[str, ...] = ()
    who: str = ""
    limit: int = 5000


def audit_log(
    engine: Engine, actor: Actor, f: AuditFilter = AuditFilter(), managed: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Audit events newest first, filtered by F. An administrator of part of the tree sees the events of the
    accounts it manages (MANAGED, from store.users.list_users) and its own."""
    actor.require("audit")
    stmt = select(*(getattr(AuditEvent, c) for c in COLUMNS))
    if not actor.everywhere:
        stmt = stmt.where(AuditEvent.actor.in_([actor.name, *managed]))
    if f.since is not None:
        stmt = stmt.where(AuditEvent.at >= f.since)
    if f.until is not None:
        stmt = stmt.where(AuditEvent.at < f.until)
    if f.actions:
        stmt = stmt.where(AuditEvent.action.in_(f.actions))
    if f.who:
        stmt = stmt.where(AuditEvent.actor.contains(f.who, autoescape=True))
    return frame(engine, stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(f.limit), COLUMNS)
