"""Undoing mistakes: an imported file taken back with all its figures (by the clerk who imported it, or an
administrator), a township merged into another (a duplicate such as 长城乡 beside 长城彝族乡) or deleted.

Each is one audited transaction that also decides the headlines and the region summary of every key it
touched again, so an older figure takes over where there is one. Nothing happens before the page shows what
will change and the user confirms (views/manage.py); the `*_preview` functions say what that is.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from store.access import AccessDenied, Actor, name_chain
from store.models import AuditEvent, Observation, Region, Source, TownshipYear, User, UserGrant
from store.resolve import refresh_headlines
from store.submissions import require_unlocked_source
from store.summary import refresh_summary


@dataclass(frozen=True)
class SourcePreview:
    """What deleting a file removes."""

    source_id: int
    filename: str
    kind: str
    figures: int
    townships: tuple[str, ...]
    years: tuple[int, ...]


@dataclass(frozen=True)
class TownshipPreview:
    """What merging or deleting a township moves or removes."""

    region_id: int
    name: str
    figures: int
    files: int
    users: tuple[str, ...] = ()  # users granted this township (or a place under it): a merge moves their grants


def _source(session: Session, actor: Actor, source_id: int) -> Source:
    """The source ACTOR may delete: an administrator's (power `delete`) inside the grants, or a file the actor
    imported (power `import`); the same refusal for any other, so nothing about it shows."""
    source = session.get(Source, source_id)
    refusal = AccessDenied(f"找不到编号为 {source_id} 的文件，或{actor.who_zh}无权删除它（只能删除自己导入的文件）")
    if source is None:
        raise refusal
    own = actor.can("import") and source.uploaded_by == actor.name
    if not (actor.can("delete") or own):
        raise refusal
    paths = session.scalars(
        select(Region.path)
        .join(Observation, Observation.region_id == Region.id)
        .where(Observation.source_id == source_id)
    ).all()
    if any(not actor.covers(p) for p in paths) or (source.region is not None and not actor.covers(source.region.path)):
        raise refusal
    return source


def source_preview(session: Session, actor: Actor, source_id: int) -> SourcePreview:
    """What deleting SOURCE_ID would remove (AccessDenied when ACTOR may not)."""
    source = _source(session, actor, source_id)
    rows = session.execute(
        select(Region.name, Observation.year)
        .join(Region, Region.id == Observation.region_id)
        .where(Observation.source_id == source_id)
    ).all()
    return SourcePreview(
        source_id,
        source.filename,
        source.kind,
        len(rows),
        tuple(sorted({r[0] for r in rows})),
        tuple(sorted({int(r[1]) for r in rows})),
    )


def delete_file(session: Session, actor: Actor, source_id: int) -> SourcePreview:
    """Delete one imported file and every figure read from it; audited with what it held."""
    preview = source_preview(session, actor, source_id)
    require_unlocked_source(session, actor, source_id)
    keys = session.execute(
        select(Observation.region_id, Observation.indicator_id, Observation.year)
        .where(Observation.source_id == source_id)
        .distinct()
    ).all()
    session.execute(delete(Observation).where(Observation.source_id == source_id))
    session.delete(session.get(Source, source_id))
    session.add(
        AuditEvent(
            actor=actor.name,
            action="delete",
            object_type="source",
            object_id=source_id,
            old={
                "filename": preview.filename,
                "kind": preview.kind,
                "observations": preview.figures,
                "townships": list(preview.townships),
                "years": list(preview.years),
            },
        )
    )
    session.flush()
    refresh_headlines(session, [(k[0], k[1], k[2]) for k in keys])
    refresh_summary(session, {(k[0], k[1], k[2]) for k in keys})
    return preview


def _township(session: Session, actor: Actor, region_id: int) -> Region:
    actor.require("delete")
    region = session.get(Region, region_id)
    if region is None or region.level != "township" or not actor.covers(region.path):
        raise AccessDenied(f"找不到编号为 {region_id} 的乡镇，或{actor.who_zh}无权修改它")
    return region


def township_preview(session: Session, actor: Actor, region_id: int) -> TownshipPreview:
    """How many figures and files name township REGION_ID (an administrator's view)."""
    region = _township(session, actor, region_id)
    figures = session.scalar(select(func.count(Observation.id)).where(Observation.region_id == region_id)) or 0
    files = session.scalar(select(func.count(Source.id)).where(Source.region_id == region_id)) or 0
    users = _granted(session, name_chain(session, region_id))
    return TownshipPreview(region_id, region.name, int(figures), int(files), users)


def merge_township(session: Session, actor: Actor, region_id: int, into_id: int) -> TownshipPreview:
    """Merge township REGION_ID into INTO_ID: its figures and files move over, its names become aliases of
    INTO_ID (a later file naming it finds INTO_ID), and it is removed. Audited."""
    source, target = _township(session, actor, region_id), _township(session, actor, into_id)
    if source.id == target.id:
        raise ValueError("不能把乡镇合并到它自己")
    if session.scalar(select(func.count(Region.id)).where(Region.parent_id == source.id)):
        raise ValueError(f"“{source.name}”下还有村（社区），不能合并；请先处理其下级地区")
    preview = township_preview(session, actor, region_id)
    keys = session.execute(
        select(Observation.indicator_id, Observation.year).where(Observation.region_id == source.id).distinct()
    ).all()
    session.execute(
        update(Observation)
        .where(Observation.region_id == source.id)
        .values(region_id=target.id)
        .execution_options(synchronize_session=False)
    )
    session.execute(update(Source).where(Source.region_id == source.id).values(region_id=target.id))
    target.aliases = list(dict.fromkeys([*(target.aliases or []), source.name, *(source.aliases or [])]))
    moved = _move_grants(session, name_chain(session, source.id), name_chain(session, target.id))
    session.add(
        AuditEvent(
            actor=actor.name,
            action="merge",
            object_type="region",
            object_id=source.id,
            old={"name": source.name, "aliases": list(source.aliases or []), "path": source.path},
            new={
                "into": target.name,
                "into_id": target.id,
                "observations": preview.figures,
                "files": preview.files,
                "grants_moved": moved,
            },
        )
    )
    # Its reporting years go with it; its old county's rows (and above) are refreshed from the county itself.
    session.execute(delete(TownshipYear).where(TownshipYear.region_id == source.id))
    old_parent = source.parent_id
    session.delete(source)
    session.flush()
    refresh_headlines(session, [(target.id, k[0], k[1]) for k in keys])
    touched = {(target.id, k[0], k[1]) for k in keys}
    if old_parent is not None:
        touched |= {(old_parent, k[0], k[1]) for k in keys}
    refresh_summary(session, touched)
    return preview


def _grants_on(chain: str):  # type: ignore[no-untyped-def]
    return (UserGrant.region == chain) | UserGrant.region.startswith(chain + "/", autoescape=True)


def _granted(session: Session, chain: str) -> tuple[str, ...]:
    """Names of the users with a grant on the region CHAIN names or a place under it."""
    stmt = select(User.username).join(UserGrant, UserGrant.user_id == User.id).where(_grants_on(chain))
    return tuple(sorted(set(session.scalars(stmt))))


def _move_grants(session: Session, old_chain: str, new_chain: str) -> list[str]:
    """Grants naming the merged township (or a place under it) name the township it went into, so its 填报员 keep
    working there; a grant the user already holds is not doubled. Their sessions end (rights_version), as on
    any change of rights. The user names whose grants moved."""
    grants = session.scalars(select(UserGrant).where(_grants_on(old_chain))).all()
    moved: list[str] = []
    for grant in grants:
        user = session.get(User, grant.user_id)
        new = new_chain + grant.region[len(old_chain) :]
        held = {g.region for g in user.grants} if user else set()
        if new in held:
            session.delete(grant)
        else:
            grant.region = new
        if user is not None and user.username not in moved:
            user.rights_version += 1
            moved.append(user.username)
    return moved


def delete_township(session: Session, actor: Actor, region_id: int) -> TownshipPreview:
    """Delete a township that holds no figure and no file (a mistaken name); audited. One with data is merged
    into the right township instead, or its files are deleted first."""
    preview = township_preview(session, actor, region_id)
    if preview.figures or preview.files:
        raise ValueError(
            f"“{preview.name}”还有 {preview.figures} 条数据、{preview.files} 个文件：请先把它合并到正确的乡镇，"
            "或先删除这些文件"
        )
    region = session.get(Region, region_id)
    if session.scalar(select(func.count(Region.id)).where(Region.parent_id == region_id)):
        raise ValueError(f"“{preview.name}”下还有村（社区），不能删除")
    session.add(
        AuditEvent(
            actor=actor.name,
            action="delete",
            object_type="region",
            object_id=region_id,
            old={"name": preview.name, "aliases": list(region.aliases or []) if region else []},
        )
    )
    session.delete(region)
    session.flush()
    return preview
