"""Accounts: argon2-hashed passwords, a role and the region subtree a user may see."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import ROLES, AuditEvent, User

_hasher = PasswordHasher()


def add_user(
    session: Session, username: str, password: str, role: str = "viewer", region_id: int | None = None
) -> User:
    """Create a user (or reset an existing one's password, role and region)."""
    if role not in ROLES:
        raise ValueError(f"角色必须是 {'/'.join(ROLES)} 之一")
    if len(password) < 8:
        raise ValueError("密码至少 8 位")
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        user = User(username=username, password_hash="", role=role, region_id=region_id)
        session.add(user)
    user.password_hash = _hasher.hash(password)
    user.role, user.region_id = role, region_id
    session.flush()
    session.add(
        AuditEvent(
            actor="system",
            action="user",
            object_type="user",
            object_id=user.id,
            new={"username": username, "role": role, "region_id": region_id},
        )
    )
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user when USERNAME and PASSWORD match, else None."""
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user
