"""Helpers for AppTest-based page tests: a fresh SQLite app database and clean Streamlit caches."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from store.session import get_engine

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


def app(page: str, timeout: float = 60) -> AppTest:
    """An AppTest for PAGE given relative to the project root (e.g. "views/review.py")."""
    return AppTest.from_file(str(ROOT / page), default_timeout=timeout)
