"""Backup and restore: restore(backup(db)) is the same database row for row (audit and users included);
backups and databases of a newer schema are refused with both versions named, never a traceback."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import Engine, select, text, update

from etl.demo.sample import build_sample
from store.access import SYSTEM, Actor
from store.backup import BackupError, backup, file_revision, restore
from store.models import AuditEvent, Base, Observation
from store.review import correct
from store.schema import SchemaTooNew, program_revision
from store.session import make_engine, session_factory, upgrade
from store.users import add_user
from tests.apptest_support import ROOT


def _populate(engine: Engine) -> None:
    with session_factory(engine)() as s, s.begin():
        build_sample(s)
        add_user(s, SYSTEM, "clerk1", "Bk7-qz!x9Qwm", "clerk", ("全部",))
    with session_factory(engine)() as s, s.begin():
        first = s.scalars(select(Observation.id).where(Observation.value.is_not(None)).limit(1)).one()
        correct(s, Actor("clerk1", "reviewer", None), first, value=123.0, reason="核对原件后更正")


def _snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every table's rows in primary-key order, alembic_version included."""
    tables = [*Base.metadata.sorted_tables]
    with engine.connect() as conn:
        out = {t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))] for t in tables}
        out["alembic_version"] = [tuple(r) for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
    return out


def _scribble(engine: Engine) -> None:
    """Changes after the backup that the restore must undo."""
    with session_factory(engine)() as s, s.begin():
        add_user(s, SYSTEM, "late", "Bk7-qz!x9Qwm", "viewer", ("全部",))
        s.add(AuditEvent(actor="x", action="noise", object_type="database"))
        s.execute(update(Observation).values(value=0))


def test_restore_of_a_backup_is_the_same_database_row_for_row(engine, tmp_path):
    _populate(engine)
    before = _snapshot(engine)
    assert before["audit_event"] and before["app_user"] and before["observation"]
    info = backup(engine, tmp_path / "db.backup")
    assert info.revision == program_revision() == file_revision(info.path)
    _scribble(engine)
    assert _snapshot(engine) != before
    restore(engine, info.path)
    assert _snapshot(engine) == before
    with session_factory(engine)() as s, s.begin():  # ids keep counting after the restored rows
        add_user(s, SYSTEM, "after", "Bk7-qz!x9Qwm", "viewer", ("全部",))


def test_sqlite_backup_restores_into_another_file(sqlite_engine, tmp_path):
    _populate(sqlite_engine)
    info = backup(sqlite_engine, tmp_path / "copy.db")
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    restore(other, info.path)
    assert _snapshot(other) == _snapshot(sqlite_engine)


def _make_newer(path, revision: str = "9999") -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))


def test_restore_refuses_a_backup_of_a_newer_schema_and_changes_nothing(sqlite_engine, tmp_path):
    _populate(sqlite_engine)
    info = backup(sqlite_engine, tmp_path / "db.backup")
    _make_newer(info.path)
    _scribble(sqlite_engine)
    after_scribble = _snapshot(sqlite_engine)
    with pytest.raises(SchemaTooNew) as err:
        restore(sqlite_engine, info.path)
    assert "备份文件的结构版本为 9999" in str(err.value) and program_revision() in str(err.value)
    assert _snapshot(sqlite_engine) == after_scribble


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"just some text", "不是本程序的备份文件"), (b"", "不是本程序的备份文件")],
)
def test_restore_refuses_a_file_that_is_no_backup(sqlite_engine, tmp_path, content, message):
    path = tmp_path / "x.backup"
    path.write_bytes(content)
    with pytest.raises(BackupError, match=message):
        restore(sqlite_engine, path)


def test_a_database_of_a_newer_schema_is_named_not_migrated(tmp_path):
    db = tmp_path / "new.db"
    upgrade(make_engine(f"sqlite:///{db}"))
    _make_newer(db, "0042")
    with pytest.raises(SchemaTooNew) as err:
        upgrade(make_engine(f"sqlite:///{db}"))
    assert "数据库的结构版本为 0042" in str(err.value) and f"本程序的结构版本为 {program_revision()}" in str(err.value)


def _cli(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    return subprocess.run(
        [sys.executable, "-m", "etl", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def test_cli_backup_restore_and_newer_database(tmp_path):
    db = tmp_path / "a.db"
    url = f"sqlite:///{db}"
    done = _cli("backup", str(tmp_path / "b.db"), url=url)
    assert done.returncode == 0 and "已备份到" in done.stdout
    refused = _cli("restore", str(tmp_path / "b.db"), url=url)
    assert refused.returncode == 1 and "--yes" in refused.stdout
    restored = _cli("restore", str(tmp_path / "b.db"), "--yes", url=url)
    assert restored.returncode == 0 and "已恢复" in restored.stdout
    _make_newer(db, "0077")
    newer = _cli("reset", "--yes", url=url)
    assert newer.returncode == 1
    assert "结构版本为 0077" in newer.stderr and "Traceback" not in newer.stderr


def test_settings_show_the_last_backup(tmp_path, monkeypatch):
    from store.backup import record_backup
    from tests.apptest_support import app, fresh_app_db, shown

    engine = fresh_app_db(tmp_path, monkeypatch)
    at = app("views/users.py").run()
    assert not at.exception and any("尚无备份记录" in w.value for w in at.warning)
    info = backup(engine, tmp_path / "b.db")
    record_backup(engine, info, actor="admin")
    at = app("views/users.py").run()
    captions = " ".join(shown(c.value) for c in at.caption)
    assert "最近一次备份" in captions and str(tmp_path / "b.db") in captions and info.revision in captions
    with pytest.raises(PermissionError):
        from store.backup import last_backup

        last_backup(engine, Actor("v", "viewer", None))
