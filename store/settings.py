"""Administrator settings: the region open to anonymous read-only viewing (none by default)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from store.access import Actor, chain_path
from store.models import AuditEvent, Setting
from store.users import region_chain

ANONYMOUS_SCOPE = "anonymous_scope"


def anonymous_scope(session: Session) -> str | None:
    """The name chain of the region visitors may read without logging in ('' = every region), or None (off)."""
    row = session.get(Setting, ANONYMOUS_SCOPE)
    if row is None or not row.value or row.value.get("region") is None:
        return None
    return str(row.value["region"])


def set_anonymous_scope(session: Session, actor: Actor, region: str | None) -> str | None:
    """Open REGION (a name or chain; '全部' for every region) to anonymous reading, or close it (None)."""
    actor.require("settings")
    chain = None if region is None else region_chain(session, actor, region)
    old = anonymous_scope(session)
    if old is not None and not actor.everywhere:
        path = chain_path(session, old) if old else None
        actor.require_region(path, "settings")
    row = session.get(Setting, ANONYMOUS_SCOPE)
    if row is None:
        row = Setting(key=ANONYMOUS_SCOPE, value={})
        session.add(row)
    row.value = {"region": chain}
    session.add(
        AuditEvent(
            actor=actor.name,
            action="setting",
            object_type="setting",
            old={ANONYMOUS_SCOPE: old},
            new={ANONYMOUS_SCOPE: chain},
        )
    )
    return chain


def anonymous_actor(session: Session) -> Actor | None:
    """The read-only actor for visitors, limited to the open region; None when anonymous viewing is off."""
    chain = anonymous_scope(session)
    if chain is None:
        return None
    if chain == "":
        return Actor(name="访客", role="viewer", paths=None, anonymous=True)
    path = chain_path(session, chain)
    return Actor(name="访客", role="viewer", paths=(path,) if path else (), anonymous=True)
