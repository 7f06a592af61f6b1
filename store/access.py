"""Who may do what, where: the acting user (Actor) every store entry point takes, roles and region grants.

An Actor carries a role and the materialised paths of the region subtrees granted to it ("/1/5/"); None means
every region (the SYSTEM actor of the CLI, migrations and the demo, or a user granted 全部地区). Store functions
call `actor.require(action)` and restrict their SQL with `actor.region_clause(...)`, so no page, command or
future API can read or write outside the grants. Refusals raise AccessDenied with a Chinese message that names
no region outside the actor's scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, false, or_, select, true
from sqlalchemy.orm import Session

from store.models import ROLES, Observation, Region, Source

__all__ = ["ROLES", "SYSTEM", "AccessDenied", "Actor"]
ROLE_ZH = {"viewer": "查看", "clerk": "填报员", "reviewer": "审核员", "admin": "管理员", "system": "系统"}

# Actions a role may take inside its granted regions (the README's 权限表 is this table).
ACTION_ZH = {
    "read": "查看数据、证据和综述",
    "export": "导出（Excel、Word、复制综述）",
    "import": "导入报告和台账、删除自己导入的文件",
    "assign": "指定乡镇、新建乡镇",
    "review": "审核：确认、更正、退回数据，审核上报",
    "submit": "上报本乡镇年度数据（确认已有数字）",
    "remind": "催报（站内提醒乡镇填报员）",
    "users": "管理用户和授权",
    "settings": "系统设置（匿名只读范围、上报截止日期）",
    "catalog": "维护指标目录（审定、导出学到的说法）",
    "delete": "删除来源文件及其数据、清空数据",
    "audit": "查看审计日志",
}
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"read", "export"}),
    "clerk": frozenset({"read", "export", "import", "assign", "submit"}),
    "reviewer": frozenset({"read", "export", "review", "remind"}),
    "admin": frozenset(ACTION_ZH),
    "system": frozenset(ACTION_ZH),
}
ANONYMOUS_ACTIONS = frozenset({"read"})


class AccessDenied(PermissionError):
    """The actor may not do this here; the message (Chinese) says what is missing, never what is elsewhere."""


@dataclass(frozen=True)
class Actor:
    """The acting user: name, role, granted subtree paths (None = every region)."""

    name: str
    role: str
    paths: tuple[str, ...] | None
    user_id: int | None = None
    anonymous: bool = False

    @property
    def role_zh(self) -> str:
        return ROLE_ZH.get(self.role, self.role)

    def can(self, action: str) -> bool:
        if self.anonymous:
            return action in ANONYMOUS_ACTIONS
        return action in PERMISSIONS.get(self.role, frozenset())

    def require(self, action: str) -> None:
        if not self.can(action):
            who = "未登录的访客" if self.anonymous else f"{self.role_zh}“{self.name}”"
            raise AccessDenied(f"{who}无权{ACTION_ZH.get(action, action)}，请联系管理员")

    @property
    def everywhere(self) -> bool:
        return self.paths is None

    def covers(self, path: str | None) -> bool:
        """True when the region at PATH lies inside a granted subtree (a None path only for unscoped actors)."""
        if self.paths is None:
            return True
        return path is not None and any(path.startswith(p) for p in self.paths)

    def region_clause(self, path_column: ColumnElement[str] | None = None) -> ColumnElement[bool]:
        """SQL condition: PATH_COLUMN (default Region.path) is inside a granted subtree."""
        col = Region.path if path_column is None else path_column
        if self.paths is None:
            return true()
        if not self.paths:
            return false()
        return or_(*(col.startswith(p) for p in self.paths))

    def region_ids(self, level: str | None = None) -> Select[int]:
        """A subquery of the ids of regions (of LEVEL) the actor may see, for `column.in_(...)`."""
        stmt = select(Region.id).where(self.region_clause())
        return stmt.where(Region.level == level) if level else stmt

    def clip(self, region_path: str | None) -> str | None:
        """REGION_PATH when it lies inside the grants (or is None for an unscoped actor), else a refusal."""
        if region_path is None or self.covers(region_path):
            return region_path
        raise AccessDenied(f"{self.who_zh}无权查看所选地区的数据")

    @property
    def who_zh(self) -> str:
        return "未登录的访客" if self.anonymous else f"{self.role_zh}“{self.name}”"

    def require_region(self, path: str | None, action: str) -> None:
        """Refuse ACTION on the region at PATH unless it is inside the grants (the message names no region)."""
        self.require(action)
        if not self.covers(path):
            raise AccessDenied(f"{self.who_zh}无权{ACTION_ZH.get(action, action)}：该地区不在授权范围内")


SYSTEM = Actor(name="system", role="system", paths=None)


def name_chain(session: Session, region_id: int) -> str:
    """'青山省/临江市/宁远县': how a grant names a region (ids change when data is cleared, names do not)."""
    region = session.get(Region, region_id)
    if region is None:
        raise AccessDenied(f"找不到编号为 {region_id} 的地区")
    ids = [int(i) for i in region.path.strip("/").split("/")]
    names = dict(session.execute(select(Region.id, Region.name).where(Region.id.in_(ids))).all())
    return "/".join(names[i] for i in ids)


def chain_path(session: Session, chain: str) -> str | None:
    """The materialised path of the region a grant names, or None when it does not exist (yet)."""
    parent: Region | None = None
    for name in chain.split("/"):
        stmt = select(Region).where(Region.name == name)
        stmt = stmt.where(Region.parent_id == parent.id) if parent else stmt.where(Region.parent_id.is_(None))
        parent = session.scalars(stmt).first()
        if parent is None:
            return None
    return parent.path if parent else None


def grant_paths(session: Session, chains: Iterable[str]) -> tuple[str, ...] | None:
    """Paths of granted subtrees; None when one grant is '' (全部地区). Grants naming no region count for nothing."""
    chains = list(chains)
    if "" in chains:
        return None
    paths = (chain_path(session, c) for c in sorted(chains))
    return tuple(p for p in paths if p)


def require_source(session: Session, actor: Actor, source: Source) -> None:
    """An already stored file counts as loaded only for an actor who may see all of its figures."""
    if actor.everywhere:
        return
    outside = select(Observation.id).where(
        Observation.source_id == source.id, Observation.region_id.not_in(actor.region_ids())
    )
    region_outside = source.region is not None and not actor.covers(source.region.path)
    if region_outside or session.scalar(outside.limit(1)) is not None:
        raise AccessDenied(f"{actor.who_zh}无权导入此文件：其内容不在您的授权范围内")
