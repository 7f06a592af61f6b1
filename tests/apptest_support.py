"""Helpers for AppTest-based page tests: a fresh SQLite app database and clean Streamlit caches."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from store.access import SYSTEM, Actor
from store.session import get_engine, transaction
from store.users import add_user, start_session
from ui.auth import TOKEN_KEY
from ui.state import ACTOR_KEY

ROOT = Path(__file__).resolve().parent.parent
PAGE_FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "views").glob("*.py"))


def fresh_app_db(tmp_path: Path | None = None, monkeypatch=None, url: str | None = None) -> Engine:  # type: ignore[no-untyped-def]
    """Point the app at a migrated SQLite file (a new empty one under TMP_PATH, or URL) and forget every
    cached engine and query."""
    url = url or f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    get_engine.cache_clear()
    assert os.environ["DATABASE_URL"] == url
    return get_engine(url)


# A page run on its own (not through dashboard.py's login) acts as the actor put in its session state.
ADMIN = Actor(name="admin", role="admin", paths=None)
PASSWORD = "Lj-7kq!m2Zx9"


def app(page: str, timeout: float = 60, actor: Actor | None = ADMIN) -> AppTest:
    """An AppTest for PAGE given relative to the project root (e.g. "views/review.py"), acting as ACTOR."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=timeout)
    if actor is not None:
        at.session_state[ACTOR_KEY] = actor
    return at


def login(at: AppTest, engine: Engine, username: str = "admin", role: str = "admin", regions=("全部",)) -> AppTest:  # type: ignore[no-untyped-def]
    """Log AT in as USERNAME (created with ROLE and REGIONS when missing) through a real session token."""
    from sqlalchemy import select

    from store.models import User
    from store.users import actor_for

    with transaction(engine) as s:
        user = s.scalars(select(User).where(User.username == username)).first()
        if user is None:
            user = add_user(s, SYSTEM, username, PASSWORD, role, tuple(regions))
        at.session_state[TOKEN_KEY] = start_session(s, actor_for(s, user))
    return at


def shown(markdown: str) -> str:
    """The text a Markdown value shows: ui.fmt.md's backslash escapes and word joiners taken out."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
