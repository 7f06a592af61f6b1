"""Accounts: password policy, lockout with back-off (the arithmetic, not the clock), unknown names treated
like known ones, sessions that expire, idle out and end when rights change."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher

from store import users
from store.access import SYSTEM
from store.models import LoginThrottle
from store.regions import ensure_chain
from store.session import transaction

PASSWORD = "Mv8-ke!Wq2zR"
T0 = datetime(2026, 1, 1, 8, 0, 0)


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    """Cheap argon2 parameters (benchmarks/bench_login.py measures the real ones)."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "_hasher", cheap)
    monkeypatch.setattr(users, "_DUMMY_HASH", cheap.hash("dummy"))


@pytest.mark.parametrize(
    ("username", "password", "problem"),
    [
        ("zhang", "short1!", "至少 10 位"),
        ("zhang", "1234567890", "过于常见"),
        ("zhang", "qwertyuiop", "过于常见"),
        ("zhang", "aaaaaaaaaaaa", "过于常见或简单"),
        ("zhang", "zhang-Pa55-word", "不能包含用户名"),
        ("zhang", PASSWORD, None),
    ],
)
def test_password_policy(username, password, problem):
    got = users.password_problem(username, password)
    assert (got is None) if problem is None else (problem in got)


def test_lockout_arithmetic_of_a_thousand_wrong_passwords():
    waits = [users.lockout_seconds(n) for n in range(1, 1001)]
    assert waits[: users.FREE_ATTEMPTS] == [0] * users.FREE_ATTEMPTS
    assert waits[users.FREE_ATTEMPTS : users.FREE_ATTEMPTS + 4] == [2, 4, 8, 16]
    assert max(waits) == users.LOCK_CAP_SECONDS == 15 * 60
    print(f"1000 wrong passwords: {sum(waits) / 3600:.1f} hours of lockout in total")
    assert sum(waits) >= 15 * 60


@pytest.mark.parametrize("known", [True, False])
def test_a_thousand_attempts_against_one_name_spend_at_least_fifteen_minutes_locked(engine, known):
    """Each attempt comes the moment the lock ends (as fast as the lockout lets a client try)."""
    with transaction(engine) as s:
        if known:
            users.add_user(s, SYSTEM, "target", PASSWORD, "viewer", ("全部",))
        now, locked, tried = T0, 0, 0
        while tried < 1000:
            res = users.authenticate(s, "target", f"wrong-{tried}", now=now)
            if res.locked_for and "请" in res.message and "不正确" not in res.message:
                now += timedelta(seconds=res.locked_for)  # refused without a check: wait it out
                locked += res.locked_for
                continue
            assert res.actor is None
            tried += 1
            now += timedelta(milliseconds=1)
        row = s.get(LoginThrottle, "target")
        assert row is not None and row.failures == 1000
        # The right password is refused while the lock stands, even for a known user.
        assert users.authenticate(s, "target", PASSWORD, now=now - timedelta(milliseconds=1)).actor is None
    print(f"{'known' if known else 'unknown'} user: 1000 wrong passwords took {locked / 60:.0f} minutes of lockout")
    assert locked >= 15 * 60


def test_unknown_and_known_names_get_the_same_message(engine):
    with transaction(engine) as s:
        users.add_user(s, SYSTEM, "known", PASSWORD, "viewer", ("全部",))
        a = users.authenticate(s, "known", "wrong-password", now=T0)
        b = users.authenticate(s, "nobody", "wrong-password", now=T0)
    assert a.message == b.message == "用户名或密码不正确"


def test_sessions_expire_idle_out_and_end_when_rights_change(engine):
    with transaction(engine) as s:
        ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        users.add_user(s, SYSTEM, "clerk", PASSWORD, "clerk", ("宁远县",))
        actor = users.authenticate(s, "clerk", PASSWORD, now=T0).actor
        assert actor is not None
    with transaction(engine) as s:
        token = users.start_session(s, actor, now=T0)
        assert users.resume_session(s, token, now=T0 + users.SESSION_IDLE + timedelta(seconds=1)) is None
        token = users.start_session(s, actor, now=T0)
        assert users.resume_session(s, token, now=T0 + timedelta(minutes=1)) is not None
        users.set_role(s, SYSTEM, "clerk", "viewer")
        assert users.resume_session(s, token, now=T0 + timedelta(minutes=2)) is None  # at once
        again = users.authenticate(s, "clerk", PASSWORD, now=T0).actor
        assert again is not None and again.role == "viewer"
        token = users.start_session(s, again, now=T0)
        users.set_disabled(s, SYSTEM, "clerk", True)
        assert users.resume_session(s, token, now=T0 + timedelta(minutes=1)) is None
        assert users.authenticate(s, "clerk", PASSWORD, now=T0).actor is None
        users.set_disabled(s, SYSTEM, "clerk", False)
        token = users.start_session(s, users.authenticate(s, "clerk", PASSWORD, now=T0).actor, now=T0)
        users.end_session(s, token)
        assert users.resume_session(s, token, now=T0) is None


def test_absolute_session_lifetime(engine):
    with transaction(engine) as s:
        users.add_user(s, SYSTEM, "u", PASSWORD, "viewer", ("全部",))
        actor = users.authenticate(s, "u", PASSWORD, now=T0).actor
        token = users.start_session(s, actor, now=T0)
        t = T0
        while t < T0 + users.SESSION_LIFETIME - timedelta(minutes=10):
            t += timedelta(minutes=10)
            assert users.resume_session(s, token, now=t) is not None
        assert users.resume_session(s, token, now=T0 + users.SESSION_LIFETIME + timedelta(minutes=1)) is None
