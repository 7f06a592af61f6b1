"""Serialising writers across processes: imports and review actions, and the first start of the app.

- `lock_for_write(session)` at the start of a write transaction: on PostgreSQL a transaction-scoped
  advisory lock (released at commit or rollback); on SQLite the transaction becomes BEGIN IMMEDIATE (the
  database's one write lock, taken before the first read, so what the writer read is still true when it
  writes). Concurrent imports then queue instead of failing on unique constraints or both superseding the
  same old value.
- `startup_lock(engine)` around migration, catalog sync and the demo's first load: a session-level advisory
  lock on PostgreSQL, a lock file beside the SQLite database (filelock). Two app processes starting on one
  empty database: the second waits, then finds everything done.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from filelock import FileLock
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

# Advisory lock ids (any two bigints; the same in every process of this program).
WRITE_LOCK = 0x5A_4442_5752  # "ZDBWR"
STARTUP_LOCK = 0x5A_4442_5354  # "ZDBST"
# How long a writer waits for another process's write to finish before giving up (SQLite busy timeout).
SQLITE_WAIT_SECONDS = 300.0
STARTUP_WAIT_SECONDS = 900.0


def lock_for_write(session: Session) -> None:
    """Take the database's write lock for the rest of SESSION's transaction (see the module docstring)."""
    conn = session.connection()
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
    elif dialect == "sqlite":
        dbapi = conn.connection.driver_connection
        if dbapi is not None and not dbapi.in_transaction:
            # pysqlite opens its own (deferred) transaction only at the first write; taking the write lock
            # now makes the reads in between part of the same serialised transaction.
            conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def startup_lock(engine: Engine) -> Iterator[None]:
    """Hold the first-start lock of ENGINE's database while the block runs (see the module docstring)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": STARTUP_LOCK})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": STARTUP_LOCK})
                conn.commit()
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    with FileLock(database + ".lock", timeout=STARTUP_WAIT_SECONDS):
        yield
