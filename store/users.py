"""Accounts: argon2 passwords under a policy, roles and region grants, lockout with back-off, login sessions.

Every change is made by an Actor holding the 'users' power over the user's regions and is audited. A change of
role, grants, password or the disabled flag bumps the user's rights_version, which ends their sessions at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from store.access import ROLE_ZH, AccessDenied, Actor, chain_path, grant_paths, name_chain
from store.models import ROLES, AppSession, AuditEvent, LoginThrottle, Region, User, UserGrant, utcnow

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so both cases cost one argon2 verification. Made by the first
# login (an argon2 hash costs ~0.2 s of CPU), not on import: every process that imports the importer imports this.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash(secrets.token_hex(16))
    return _DUMMY_HASH


MIN_PASSWORD = 10
FREE_ATTEMPTS = 5  # failures allowed before the first lockout
LOCK_BASE_SECONDS = 2  # the first lockout; each further failure doubles it …
LOCK_CAP_SECONDS = 15 * 60  # … up to this
FAILURE_MEMORY = timedelta(hours=24)  # failures older than this are forgotten
SESSION_LIFETIME = timedelta(hours=12)  # a login survives refreshes this long at most
SESSION_IDLE = timedelta(minutes=30)  # and ends after this long without use


class AccountError(ValueError):
    """An account change that cannot be made; the message (Chinese) says why."""


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"])


def password_problem(username: str, password: str) -> str | None:
    """Why PASSWORD is not acceptable for USERNAME (Chinese), or None when it is."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 位"
    low = password.lower()
    if username and username.lower() in low:
        return "密码不能包含用户名"
    if low in _common_passwords() or len(set(password)) < 4:
        return "密码过于常见或简单，请换一个"
    return None


def lockout_seconds(failures: int) -> int:
    """How long an account stays locked after its FAILURES-th consecutive failed login (0 = not locked)."""
    if failures <= FREE_ATTEMPTS:
        return 0
    return min(LOCK_BASE_SECONDS * 2 ** min(failures - FREE_ATTEMPTS - 1, 20), LOCK_CAP_SECONDS)


# --- who may manage whom ---------------------------------------------------------------------------------------


def _find(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise AccountError(f"找不到用户“{username}”")
    return user


def _require_manage(session: Session, actor: Actor, user: User | None) -> None:
    """ACTOR must hold the users power and cover every region USER is granted."""
    actor.require("users")
    if user is None or actor.everywhere:
        return
    for g in user.grants:
        path = chain_path(session, g.region) if g.region else None
        if path is None or not actor.covers(path):
            raise AccessDenied(f"{actor.who_zh}无权管理用户“{user.username}”：其授权范围超出您的范围")


def _audit(session: Session, actor: Actor, action: str, user: User, new: dict[str, Any] | None = None) -> None:
    session.add(
        AuditEvent(
            actor=actor.name,
            action=action,
            object_type="user",
            object_id=user.id,
            new={"username": user.username, **(new or {})},
        )
    )


def _bump(user: User) -> None:
    user.rights_version = (user.rights_version or 1) + 1


def region_chain(session: Session, actor: Actor, region: str) -> str:
    """The grant chain for REGION: '' or '全部' for every region, a region name, or a chain 省/市/县."""
    if region in ("", "全部", "全部地区"):
        if not actor.everywhere:
            raise AccessDenied(f"{actor.who_zh}无权授予全部地区")
        return ""
    if "/" in region:
        path = chain_path(session, region)
        if path is None or not actor.covers(path):
            raise AccountError(f"找不到地区“{region}”")
        return region
    found = [r for r in session.scalars(select(Region).where(Region.name == region)) if actor.covers(r.path)]
    if not found:
        raise AccessDenied(f"找不到地区“{region}”，或不在您的授权范围内")
    if len(found) > 1:
        chains = "、".join(name_chain(session, r.id) for r in found)
        raise AccountError(f"有多个地区叫“{region}”，请写完整：{chains}")
    return name_chain(session, found[0].id)


def add_user(
    session: Session, actor: Actor, username: str, password: str, role: str = "viewer", regions: tuple[str, ...] = ()
) -> User:
    """Create an account with ROLE and grants on REGIONS (names or chains; '全部' for every region)."""
    _require_manage(session, actor, None)
    username = username.strip()
    if not username:
        raise AccountError("用户名不能为空")
    if role not in ROLES:
        raise AccountError(f"角色必须是 {'/'.join(ROLES)} 之一")
    if session.scalars(select(User).where(User.username == username)).first() is not None:
        raise AccountError(f"用户“{username}”已存在；改密码请用 passwd，改权限请用 grant/revoke")
    problem = password_problem(username, password)
    if problem:
        raise AccountError(problem)
    chains = sorted({region_chain(session, actor, r) for r in regions})
    user = User(username=username, password_hash=_hasher.hash(password), role=role)
    user.grants = [UserGrant(region=c) for c in chains]
    session.add(user)
    session.flush()
    _audit(session, actor, "user_add", user, {"role": role, "regions": chains})
    return user


def set_password(session: Session, actor: Actor, username: str, password: str) -> None:
    user = _find(session, username)
    _require_manage(session, actor, user)
    problem = password_problem(username, password)
    if problem:
        raise AccountError(problem)
    user.password_hash = _hasher.hash(password)
    _bump(user)
    _audit(session, actor, "passwd", user)


def set_disabled(session: Session, actor: Actor, username: str, disabled: bool) -> None:
    user = _find(session, username)
    _require_manage(session, actor, user)
    if actor.user_id == user.id and disabled:
        raise AccountError("不能停用自己的账号")
    user.disabled = disabled
    _bump(user)
    _audit(session, actor, "user_disable" if disabled else "user_enable", user)


def set_role(session: Session, actor: Actor, username: str, role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"角色必须是 {'/'.join(ROLES)} 之一")
    user = _find(session, username)
    _require_manage(session, actor, user)
    old = user.role
    user.role = role
    _bump(user)
    _audit(session, actor, "role", user, {"old": old, "role": role})


def grant(session: Session, actor: Actor, username: str, region: str) -> str:
    """Grant USERNAME the subtree REGION; returns the stored chain."""
    user = _find(session, username)
    _require_manage(session, actor, user)
    chain = region_chain(session, actor, region)
    if all(g.region != chain for g in user.grants):
        user.grants.append(UserGrant(region=chain))
    _bump(user)
    _audit(session, actor, "grant", user, {"region": chain or "全部地区"})
    return chain


def revoke(session: Session, actor: Actor, username: str, region: str) -> str:
    user = _find(session, username)
    _require_manage(session, actor, user)
    chain = region_chain(session, actor, region)
    kept = [g for g in user.grants if g.region != chain]
    if len(kept) == len(user.grants):
        raise AccountError(f"用户“{username}”没有“{chain or '全部地区'}”的授权")
    user.grants = kept
    _bump(user)
    _audit(session, actor, "revoke", user, {"region": chain or "全部地区"})
    return chain


@dataclass(frozen=True)
class UserRow:
    username: str
    role: str
    role_zh: str
    regions: tuple[str, ...]
    disabled: bool
    created_at: datetime


def list_users(session: Session, actor: Actor) -> list[UserRow]:
    """The accounts ACTOR may manage (all of them for an actor granted every region)."""
    actor.require("users")
    out = []
    for u in session.scalars(select(User).order_by(User.username)):
        try:
            _require_manage(session, actor, u)
        except AccessDenied:
            continue
        regions = tuple(g.region or "全部地区" for g in u.grants)
        out.append(UserRow(u.username, u.role, ROLE_ZH.get(u.role, u.role), regions, u.disabled, u.created_at))
    return out


# --- logging in --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginResult:
    actor: Actor | None
    message: str  # Chinese; the same for an unknown name and a wrong password
    locked_for: int = 0  # seconds


def actor_for(session: Session, user: User) -> Actor:
    paths = grant_paths(session, (g.region for g in user.grants))
    return Actor(name=user.username, role=user.role, paths=paths, user_id=user.id)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def authenticate(session: Session, username: str, password: str, now: datetime | None = None) -> LoginResult:
    """Check a login. Unknown names cost the same argon2 verification and lock out the same way as known ones."""
    now = now or utcnow()
    username = username.strip()[:64]
    dummy = _dummy_hash()  # before the lookup: the first login costs the same whether the name is known or not
    throttle = session.get(LoginThrottle, username)
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        wait = int((throttle.locked_until - now).total_seconds()) + 1
        session.add(AuditEvent(actor=username, action="login_locked", object_type="login", new={"wait": wait}))
        return LoginResult(None, f"登录失败次数过多，请 {wait} 秒后再试", wait)
    user = session.scalars(select(User).where(User.username == username)).first()
    ok = _verify(user.password_hash if user is not None else dummy, password)
    if ok and user is not None and not user.disabled:
        if throttle is not None:
            session.delete(throttle)
        session.add(AuditEvent(actor=username, action="login", object_type="user", object_id=user.id))
        return LoginResult(actor_for(session, user), "已登录")
    if ok and user is not None:
        session.add(AuditEvent(actor=username, action="login_failed", object_type="user", new={"why": "disabled"}))
        return LoginResult(None, "该账号已停用，请联系管理员")
    if throttle is None:
        throttle = LoginThrottle(username=username, failures=0)
        session.add(throttle)
    if throttle.last_failure is not None and now - throttle.last_failure > FAILURE_MEMORY:
        throttle.failures = 0
    throttle.failures += 1
    throttle.last_failure = now
    lock = lockout_seconds(throttle.failures)
    throttle.locked_until = now + timedelta(seconds=lock) if lock else None
    session.add(
        AuditEvent(actor=username, action="login_failed", object_type="login", new={"failures": throttle.failures})
    )
    if lock:
        return LoginResult(None, f"用户名或密码不正确；登录失败次数过多，请 {lock} 秒后再试", lock)
    return LoginResult(None, "用户名或密码不正确")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, actor: Actor, now: datetime | None = None) -> str:
    """A new login session for ACTOR's user; returns the token the browser keeps (only its hash is stored)."""
    now = now or utcnow()
    user = session.get(User, actor.user_id)
    if user is None:
        raise AccountError("找不到该用户")
    token = secrets.token_urlsafe(32)
    session.add(
        AppSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            rights_version=user.rights_version,
            created_at=now,
            last_seen=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    return token


def resume_session(session: Session, token: str, now: datetime | None = None) -> Actor | None:
    """The actor of a live session, refreshing its idle timer; None (and the session ended) when it is over:
    expired, idle too long, the user disabled or their rights changed since it began."""
    if not token:
        return None
    now = now or utcnow()
    row = session.scalars(select(AppSession).where(AppSession.token_hash == _token_hash(token))).first()
    if row is None:
        return None
    user = session.get(User, row.user_id)
    live = (
        user is not None
        and not user.disabled
        and user.rights_version == row.rights_version
        and row.expires_at > now
        and now - row.last_seen < SESSION_IDLE
    )
    if not live or user is None:
        session.delete(row)
        return None
    row.last_seen = now
    return actor_for(session, user)


def end_session(session: Session, token: str) -> None:
    """Log out: the token no longer opens anything."""
    row = session.scalars(select(AppSession).where(AppSession.token_hash == _token_hash(token))).first()
    if row is not None:
        user = session.get(User, row.user_id)
        who = user.username if user is not None else str(row.user_id)
        session.add(AuditEvent(actor=who, action="logout", object_type="user", object_id=row.user_id))
        session.execute(delete(AppSession).where(AppSession.id == row.id))
