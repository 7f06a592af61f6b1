"""Schema versions: which Alembic revision the program has and a database (or backup) carries.

A database written by a newer program must stop with a Chinese message naming both versions, never with
Alembic's "Can't locate revision" traceback; store.session and store.backup both check through here.
"""

from __future__ import annotations

from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class SchemaTooNew(Exception):
    """The database (or backup file) was written by a newer program than this one."""

    def __init__(self, found: str, program: str, what: str = "数据库") -> None:
        self.found, self.program = found, program
        super().__init__(
            f"{what}的结构版本为 {found}，本程序的结构版本为 {program}：{what}来自更新版本的程序。"
            "请升级本程序后再使用（不要用旧程序打开，以免损坏数据）。"
        )


def scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))


def program_revision() -> str:
    head = scripts().get_current_head()
    assert head is not None, "store/migrations has no revision"
    return head


def database_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_revision(found: str | None, what: str = "数据库") -> None:
    """Raise SchemaTooNew when FOUND is a revision this program does not know (written by a newer one)."""
    if found is None:
        return
    try:
        known = scripts().get_revision(found)
    except Exception:  # alembic raises ResolutionError / CommandError subclasses for unknown ids
        known = None
    if known is None:
        raise SchemaTooNew(found, program_revision(), what)
