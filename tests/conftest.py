"""Shared fixtures: a migrated database per test, on SQLite always and on PostgreSQL when TEST_DATABASE_URL is set
and answers (each test gets its own schema, dropped afterwards). Without it the PostgreSQL variants skip with one
line, or fail when REQUIRE_POSTGRES=1 (tests/components.py). The header names every optional part found."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.session import make_engine, session_factory, upgrade  # noqa: E402
from tests import components  # noqa: E402
from tests.db_templates import Templates, migrated  # noqa: E402

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pytest_report_header(config: pytest.Config) -> list[str]:
    return ["optional parts: " + " | ".join(part.header() for part in components.all_parts())]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per skip reason with its count (addopts leaves skips out of -r, which lists one per test)."""
    groups: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        groups[reason] = groups.get(reason, 0) + 1
    if groups:
        terminalreporter.section("skipped, by reason")
        for reason, count in sorted(groups.items(), key=lambda kv: -kv[1]):
            terminalreporter.line(f"SKIPPED {count} tests: {reason}")


def _with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path, db_templates: Templates) -> Iterator[Engine]:
    """A migrated, empty database: a SQLite file (a copy of one migrated once per process), or a fresh
    PostgreSQL schema."""
    if request.param == "sqlite":
        eng = db_templates.sqlite_copy(migrated, tmp_path / "test.db")
        yield eng
        eng.dispose()
        return
    pg_url = components.need(components.postgres())
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    eng = make_engine(_with_search_path(pg_url, schema))
    upgrade(eng)
    try:
        yield eng
    finally:
        eng.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def db_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    """Databases built once per process and copied per test (tests/db_templates.py)."""
    templates = Templates(tmp_path_factory.mktemp("templates"))
    templates.sqlite_template(migrated)  # now, before any test's own monkeypatching could be in effect
    yield templates
    templates.close()


@pytest.fixture
def sqlite_engine(tmp_path: Path, db_templates: Templates) -> Iterator[Engine]:
    """A migrated SQLite file database (for tests that need exactly one backend, e.g. AppTest)."""
    eng = db_templates.sqlite_copy(migrated, tmp_path / "app.db")
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_factory(engine)() as s:
        yield s
