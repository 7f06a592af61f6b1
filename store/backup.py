"""Backup and restore of the whole database, and the schema-version check every start goes through.

SQLite: the online backup API (a consistent copy while the dashboard keeps reading and writing) into a
plain SQLite file; restore copies such a file back with the same API. PostgreSQL: pg_dump's custom format
(one consistent snapshot of the current schema) and pg_restore. A backup of a newer schema than this
program is refused before anything is touched; an older one is restored and then migrated to head.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url

from store.access import Actor
from store.models import AuditEvent
from store.schema import SchemaTooNew, check_revision, database_revision
from store.session import session_factory, transaction

__all__ = ["BackupError", "BackupInfo", "SchemaTooNew", "backup", "last_backup", "record_backup", "restore"]

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is Chinese and says what to do."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    revision: str
    backend: str


def backend(engine: Engine) -> str:
    return engine.dialect.name


def _sqlite_path(engine: Engine) -> str:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("内存数据库无法备份或恢复：请使用数据库文件（DATABASE_URL=sqlite:///路径）。")
    return database


def _libpq(engine: Engine) -> str:
    """The engine's URL as pg_dump/pg_restore understand it (no SQLAlchemy driver suffix)."""
    url = make_url(str(engine.url.render_as_string(hide_password=False))).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"找不到 {name}：PostgreSQL 的备份与恢复需要安装 PostgreSQL 客户端工具"
            "（如 apt-get install postgresql-client），且版本不低于服务器版本。"
        )
    return path


def _current_schema(engine: Engine) -> str:
    with engine.connect() as conn:
        schema = conn.scalar(text("SELECT current_schema()"))
    if not schema:
        raise BackupError("无法确定 PostgreSQL 的当前 schema（search_path 为空）。")
    return str(schema)


def backup(engine: Engine, target: Path) -> BackupInfo:
    """Write a consistent copy of ENGINE's database to TARGET (replaced only once the copy is complete)."""
    revision = database_revision(engine) or ""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    if backend(engine) == "sqlite":
        source = sqlite3.connect(_sqlite_path(engine))
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
    elif backend(engine) == "postgresql":
        cmd = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
        cmd += ["--schema", _current_schema(engine), "--file", str(partial), _libpq(engine)]
        _run(cmd, "pg_dump")
    else:
        raise BackupError(f"不支持备份 {backend(engine)} 数据库（仅支持 SQLite 和 PostgreSQL）。")
    partial.replace(target)
    return BackupInfo(target, target.stat().st_size, revision, backend(engine))


def _run(cmd: list[str], tool: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{tool} 失败（退出码 {done.returncode}）：{done.stderr.strip()[:500]}")


def file_backend(path: Path) -> str:
    """'sqlite' or 'postgresql' by the file's first bytes; BackupError for anything else."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as e:
        raise BackupError(f"无法读取备份文件 {path}：{e.strerror or e}") from e
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} 不是本程序的备份文件（既不是 SQLite 数据库，也不是 pg_dump 自定义格式）。")


def file_revision(path: Path) -> str | None:
    """The schema revision recorded in a backup file (None when it has no alembic_version table)."""
    if file_backend(path) == "sqlite":
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
        finally:
            conn.close()
        return str(row[0]) if row else None
    cmd = [_pg_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"无法读取备份文件 {path}：{done.stderr.strip()[:300]}")
    match = re.search(r"^COPY \S*alembic_version.*?FROM stdin;\n(.*?)\n\\\.", done.stdout, re.M | re.S)
    return match.group(1).strip() if match else None


def restore(engine: Engine, source: Path) -> BackupInfo:
    """Replace ENGINE's database with the backup SOURCE; refuse a backup of a newer schema first."""
    source = Path(source)
    kind = file_backend(source)
    if kind != backend(engine):
        raise BackupError(f"{source} 是 {kind} 的备份，当前数据库是 {backend(engine)}：只能恢复到同一种数据库。")
    revision = file_revision(source)
    if revision is None:
        raise BackupError(f"{source} 里没有结构版本记录（alembic_version），不是本程序的备份。")
    check_revision(revision, what="备份文件")
    engine.dispose()
    if kind == "sqlite":
        _restore_sqlite(engine, source)
    else:
        _restore_pg(engine, source)
    engine.dispose()
    return BackupInfo(source, source.stat().st_size, revision, kind)


def _restore_sqlite(engine: Engine, source: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dest = sqlite3.connect(_sqlite_path(engine), timeout=60)
    try:
        src.backup(dest)  # one write transaction on the target: readers see the old or the new database
    finally:
        dest.close()
        src.close()


def _restore_pg(engine: Engine, source: Path) -> None:
    """pg_restore's script run by psql in one transaction after dropping the schema: all or nothing."""
    schema = _current_schema(engine).replace('"', '""')
    dump = subprocess.Popen(
        [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    cmd = [_pg_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
    cmd += ["-c", f'DROP SCHEMA IF EXISTS "{schema}" CASCADE', "-f", "-", _libpq(engine)]
    done = subprocess.run(cmd, stdin=dump.stdout, capture_output=True, text=True, check=False)
    assert dump.stdout is not None
    dump.stdout.close()
    dump_err = dump.stderr.read().decode(errors="replace") if dump.stderr else ""
    if dump.wait() != 0:
        raise BackupError(f"pg_restore 失败（退出码 {dump.returncode}）：{dump_err.strip()[:500]}")
    if done.returncode != 0:
        raise BackupError(f"psql 恢复失败，数据库未改动（退出码 {done.returncode}）：{done.stderr.strip()[:500]}")


def record_backup(engine: Engine, info: BackupInfo, actor: str = "system") -> None:
    """Log the backup (after the copy, so the file does not contain its own event)."""
    with transaction(engine) as s:
        new = {"file": str(info.path), "size": info.size, "revision": info.revision}
        s.add(AuditEvent(actor=actor, action="backup", object_type="database", new=new))


def last_backup(engine: Engine, actor: Actor) -> dict[str, object] | None:
    """The newest recorded backup: file, size, revision and time (None when there was none); for those who
    may change the settings (the file's path is not for every reader)."""
    actor.require("settings")
    with session_factory(engine)() as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "backup").order_by(AuditEvent.id.desc()).limit(1)
        ).first()
    if event is None or not event.new:
        return None
    return {**event.new, "at": event.at}
