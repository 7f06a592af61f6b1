"""Built databases shared by the tests of one process (one xdist worker): a builder (the demo county, the
narrative sample, …) runs once per backend on a template database, and each test gets its own copy of it — a
SQLite file copy, or a PostgreSQL `CREATE DATABASE … TEMPLATE` — so a test may change its copy freely and tests
stay independent in any order, under xdist or -n0. Building the demo county takes seconds on SQLite and tens of
seconds on PostgreSQL; a copy takes milliseconds (SQLite) or a fraction of a second (PostgreSQL)."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine, make_url, text

from store.session import make_engine, upgrade

Builder = Callable[[Engine, Path], None]


def _database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


class Templates:
    """Templates built in this process, keyed by (backend, builder); dropped by close()."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.built: dict[tuple[str, str], str] = {}
        self.pg_url: str | None = None
        self._admin: Engine | None = None

    def _key(self, backend: str, build: Builder) -> tuple[str, str]:
        return backend, f"{build.__module__}.{build.__qualname__}"

    def _scratch(self) -> Path:
        folder = self.root / f"build_{uuid.uuid4().hex[:8]}"
        folder.mkdir(parents=True)
        return folder

    def sqlite_copy(self, build: Builder, target: Path) -> Engine:
        shutil.copyfile(self.sqlite_template(build), target)
        return make_engine(f"sqlite:///{target}")

    def sqlite_template(self, build: Builder) -> str:
        """The SQLite file BUILD made (built now when it is not yet)."""
        key = self._key("sqlite", build)
        if key not in self.built:
            folder = self._scratch()
            path = folder / "template.db"
            eng = make_engine(f"sqlite:///{path}")
            upgrade(eng)
            build(eng, folder)
            with eng.connect() as conn:  # everything into the main file: the copy needs no -wal file
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            eng.dispose()
            self.built[key] = str(path)
        return self.built[key]

    def admin(self, pg_url: str) -> Engine:
        if self._admin is None:
            self.pg_url = pg_url
            self._admin = make_engine(pg_url).execution_options(isolation_level="AUTOCOMMIT")
        return self._admin

    def pg_copy(self, build: Builder, pg_url: str) -> tuple[Engine, str]:
        """A new database copied from the built template; the caller drops it with drop()."""
        admin = self.admin(pg_url)
        key = self._key("postgresql", build)
        if key not in self.built:
            name = f"tpl_{uuid.uuid4().hex[:12]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            self.built[key] = name  # registered before building: close() drops it even when the build fails
            eng = make_engine(_database(pg_url, name))
            upgrade(eng)
            build(eng, self._scratch())
            eng.dispose()  # no session may stay on a template while it is copied
        name = f"t_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.built[key]}"'))
        return make_engine(_database(pg_url, name)), name

    def drop(self, name: str) -> None:
        assert self._admin is not None
        with self._admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        if self._admin is None:
            return
        for (backend, _), name in self.built.items():
            if backend == "postgresql":
                self.drop(name)
        self._admin.dispose()


def built_database(backend: str, templates: Templates, tmp_path: Path, build: Builder) -> Iterator[Engine]:
    """The body of a fixture parametrized by conftest.BACKENDS: a private copy of what BUILD makes on a migrated,
    empty database (BUILD gets the engine and a scratch folder), dropped after the test."""
    if backend == "sqlite":
        eng = templates.sqlite_copy(build, tmp_path / "test.db")
        yield eng
        eng.dispose()
        return
    from tests import components

    eng, name = templates.pg_copy(build, components.need(components.postgres()))
    try:
        yield eng
    finally:
        eng.dispose()
        templates.drop(name)


# ---- builders shared by several test files (one template per process for all of them) -------------------------


def migrated(engine: Engine, folder: Path) -> None:
    """Nothing beyond the migrations: the empty database every `engine` test starts from."""


def demo_county(engine: Engine, folder: Path) -> None:
    """The demo county (etl.demo.load) generated and loaded through the extraction engine and ledger importer."""
    from etl.demo.load import generate, load_demo

    generate(folder / "demo")
    load_demo(engine, folder / "demo")


def sample_county(engine: Engine, folder: Path) -> None:
    """The narrative sample county (etl.demo.sample)."""
    from etl.demo.sample import build_sample
    from store.session import session_factory

    with session_factory(engine)() as s, s.begin():
        build_sample(s)
