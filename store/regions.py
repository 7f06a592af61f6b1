"""Regions: the 省/市/县/乡镇 tree, name matching with aliases and ethnic-township suffixes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.access import SYSTEM, Actor
from store.models import LEVELS, Region

# 长城彝族乡 and 长城乡 are one township: the ethnic part of the name is dropped for matching.
_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|"
    "景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|"
    "德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺"
)
_ETHNIC_SUFFIX = re.compile(rf"(?<=.)(?:(?:{_ETHNIC})族)+(?=(?:民族)?[乡镇]$)")


class UnknownRegion(LookupError):
    """A name that matches no region; carries the closest known names for the message."""

    def __init__(self, name: str, candidates: Sequence[str]):
        self.name = name
        self.candidates = list(candidates)
        hint = f"，最接近的有：{'、'.join(self.candidates)}" if self.candidates else ""
        super().__init__(f"找不到乡镇“{name}”{hint}")


@lru_cache(maxsize=4096)  # pure; the township finder asks it for the same candidate names again and again
def base_name(name: str) -> str:
    """The name used for matching: trimmed, ethnic suffix removed (长城彝族乡 → 长城乡)."""
    name = re.sub(r"\s+", "", name or "")
    return _ETHNIC_SUFFIX.sub("", name)


def subtree_path(region: Region) -> str:
    return region.path


def _make_path(parent: Region | None, region_id: int) -> str:
    return f"{parent.path if parent else '/'}{region_id}/"


def add_region(
    session: Session,
    name: str,
    level: str,
    parent: Region | None = None,
    aliases: Sequence[str] = (),
    population: int | None = None,
) -> Region:
    """Create a region under PARENT (flushes to get its id and path)."""
    if level not in LEVELS:
        raise ValueError(f"unknown region level {level!r}")
    region = Region(
        name=name,
        level=level,
        parent_id=parent.id if parent else None,
        aliases=sorted(set(aliases) - {name}),
        population=population,
    )
    session.add(region)
    session.flush()
    region.path = _make_path(parent, region.id)
    session.flush()
    return region


def ensure_chain(session: Session, names: Sequence[tuple[str, str]]) -> Region:
    """Get or create a chain such as [("云岭省","province"), ("青川市","city"), ("宁远县","county")]."""
    parent: Region | None = None
    for name, level in names:
        stmt = select(Region).where(Region.name == name, Region.level == level)
        stmt = stmt.where(Region.parent_id == parent.id) if parent else stmt.where(Region.parent_id.is_(None))
        found = session.scalars(stmt).first()
        parent = found or add_region(session, name, level, parent)
    assert parent is not None
    return parent


def townships(session: Session, under: Region | None = None, actor: Actor = SYSTEM) -> list[Region]:
    """The townships (under UNDER) ACTOR may see."""
    stmt = select(Region).where(Region.level == "township", actor.region_clause())
    if under is not None:
        stmt = stmt.where(Region.path.startswith(under.path))
    return list(session.scalars(stmt.order_by(Region.id)))


class TownshipIndex:
    """Looks township names up by name, alias or base name; built once per import."""

    def __init__(self, regions: Sequence[Region]):
        self._by: dict[str, Region] = {}
        for r in regions:
            for n in (r.name, *r.aliases):
                self._by.setdefault(n, r)
                self._by.setdefault(base_name(n), r)
        self._names = sorted({r.name for r in regions})

    def find(self, name: str) -> Region | None:
        name = re.sub(r"\s+", "", name or "")
        return self._by.get(name) or self._by.get(base_name(name))

    def closest(self, name: str, limit: int = 3) -> list[str]:
        hits = process.extract(base_name(name), self._names, scorer=fuzz.ratio, limit=limit, score_cutoff=40)
        return [h[0] for h in hits]

    def get(self, name: str) -> Region:
        found = self.find(name)
        if found is None:
            raise UnknownRegion(name, self.closest(name))
        return found

    def add(self, region: Region) -> None:
        for n in (region.name, *region.aliases):
            self._by.setdefault(n, region)
            self._by.setdefault(base_name(n), region)
        self._names = sorted({*self._names, region.name})


def default_county(session: Session, actor: Actor = SYSTEM) -> Region | None:
    """The county new townships go under when none is named: the only county ACTOR may see, if there is one."""
    stmt = select(Region).where(Region.level == "county", actor.region_clause())
    counties = list(session.scalars(stmt).all())
    return counties[0] if len(counties) == 1 else None
