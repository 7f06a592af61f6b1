"""Engines and sessions. The database URL is injected; DATABASE_URL and a SQLite file are the defaults."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from store.locks import SQLITE_WAIT_SECONDS, startup_lock
from store.schema import MIGRATIONS, check_revision, database_revision

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "data" / "dashboard.db"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else $DATABASE_URL, else the SQLite file under data/."""
    if url:
        return url
    env = os.environ.get("DATABASE_URL")
    if env:
        return env
    DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # Foreign keys are off by default in SQLite; WAL lets the dashboard read while a clerk imports.
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    """A new engine for URL (see database_url); SQLite gets foreign keys and WAL switched on."""
    url = database_url(url)
    if url.startswith("sqlite"):
        # A writer waits for another process's write lock (store.locks) instead of failing at once.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_WAIT_SECONDS})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest migration."""
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() == head


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already).

    A database written by a newer program raises store.schema.SchemaTooNew (a Chinese message naming both
    versions) instead of Alembic's "Can't locate revision" traceback."""
    check_revision(database_revision(engine))
    if not is_current(engine):
        command.upgrade(alembic_config(engine), "head")


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for URL, migrated to head and with the catalog synced on first use."""
    from store.catalog import sync_catalog  # store.catalog imports models only; no cycle at runtime

    engine = make_engine(url)
    with startup_lock(engine):  # two processes starting on one empty database: one migrates, one waits
        upgrade(engine)
        with transaction(engine) as session:
            sync_catalog(session)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine | None = None) -> Iterator[Session]:
    """One all-or-nothing unit of work: commits on success, rolls back on any exception."""
    factory = session_factory(engine or get_engine())
    with factory() as session, session.begin():
        yield session
