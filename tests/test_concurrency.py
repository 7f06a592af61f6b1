"""Concurrent processes on one database: imports queue behind the write lock (no unique-constraint crash,
one active value per key, the same file stored once), and app processes starting together on an empty
database all come up with one catalog and one demo. Process counts are kept small for CI time; the
benchmark benchmarks/bench_concurrency.py runs 72."""

from __future__ import annotations

import multiprocessing
import sys
import types
import uuid
from concurrent.futures import ProcessPoolExecutor
from functools import partial

import pytest
from sqlalchemy import func, select, text

from etl.demo.load import generate, read_truth
from etl.load import FactIn, SourceIn, load_source
from store.access import SYSTEM
from store.catalog import load_catalog
from store.models import AuditEvent, Indicator, Observation, Region, Source
from store.regions import add_region, ensure_chain
from store.session import make_engine, session_factory
from tests import components
from tests import concurrency_support as work
from tests.conftest import BACKENDS, _with_search_path

PROCESSES = 4


@pytest.fixture(autouse=True)
def plain_main(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spawned workers re-run the parent's __main__ by its path; after a page test (AppTest runs a view as
    __main__) that would run the page in every worker and kill it. The workers get a blank __main__."""
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    """The URL of a database with no tables at all, and a function making an engine for it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
        engines = []
        yield url, lambda: engines.append(make_engine(url)) or engines[-1]
        for e in engines:
            e.dispose()
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    pg_url = components.need(components.postgres())
    admin = make_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _with_search_path(pg_url, schema)
    engines = []
    try:
        yield url, lambda: engines.append(make_engine(url)) or engines[-1]
    finally:
        for e in engines:
            e.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _run(fn, url: str, ns: list[int], *args: str) -> list[str]:
    with ProcessPoolExecutor(PROCESSES, mp_context=multiprocessing.get_context("spawn")) as pool:
        return [e for e in pool.map(partial(fn, url, *args), ns) if e]


def _regions(engine) -> None:
    with session_factory(engine)() as s, s.begin():
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        for name in work.TOWNSHIPS:
            add_region(s, name, "township", county)


def test_concurrent_ledgers_supersede_one_another_without_a_crash(engine):
    _regions(engine)
    ledgers = list(range(12)) + [1000, 1001, 1002, 1003]  # the last four repeat the bytes of ledgers 0–3
    assert _run(work.import_ledger, _url(engine), ledgers) == []
    keys = len(work.TOWNSHIPS) * len(work.INDICATORS)
    with session_factory(engine)() as s:
        assert s.scalar(work.DOUBLE_ACTIVE) == 0
        assert s.scalar(select(func.count(Source.id))) == 12
        assert s.scalar(select(func.count(Observation.id)).where(Observation.status == "superseded")) == 11 * keys
        assert s.scalar(select(func.count(Observation.id)).where(Observation.is_headline)) == keys


def test_concurrent_reports_create_a_new_township_once(engine):
    _regions(engine)
    assert _run(work.import_report, _url(engine), list(range(8))) == []
    with session_factory(engine)() as s:
        assert s.scalar(select(func.count(Region.id)).where(Region.name == "新建镇")) == 1
        assert s.scalar(select(func.count(Source.id))) == 8


def test_thirty_concurrent_corrections_lose_no_update_and_every_loser_is_told(engine):
    """30 reviewers correct one figure at once, all against the version they saw: one goes in, each other one
    is refused with the newer value and tries again; the audit trail is one unbroken chain of 30 corrections."""
    _regions(engine)
    with session_factory(engine)() as s, s.begin():
        src = SourceIn(kind="report", filename="r.txt", content=b"r", township="青石镇", year=2023)
        load_source(s, SYSTEM, src, [FactIn("party_branches", 2023, 0.0, span=(0, 3))])
        obs_id = s.scalar(select(Observation.id))
    outcomes = _run_all(work.correct_figure, _url(engine), list(range(1, 31)), str(obs_id))
    told = [int(o.split()[1]) for o in outcomes]
    assert len(told) == 30 and all(o.startswith("told ") for o in outcomes), outcomes
    with session_factory(engine)() as s:
        trail = s.execute(
            select(AuditEvent.old, AuditEvent.new).where(AuditEvent.action == "correct").order_by(AuditEvent.id)
        ).all()
        final = s.get(Observation, obs_id)
        assert final is not None
        final_value, final_version = final.value, final.version
    print(f"30 concurrent corrections: {sum(told)} refusals told, {len(trail)} corrections applied")
    assert len(trail) == 30 and sorted(t.new["value"] for t in trail) == [float(n) for n in range(1, 31)]
    for before, after in zip(trail, trail[1:], strict=False):
        assert after.old["value"] == before.new["value"]  # each correction saw the one before it: none lost
        assert after.old["version"] == before.new["version"]
    assert (final_value, final_version) == (trail[-1].new["value"], 31)
    assert sum(told) >= 29  # everyone but the first to get in was refused at least once


def _run_all(fn, url: str, ns: list[int], *args: str) -> list[str]:
    with ProcessPoolExecutor(PROCESSES, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(partial(fn, url, *args), ns))


def test_app_processes_starting_together_on_an_empty_database_all_come_up(empty_database, tmp_path):
    url, engine_of = empty_database
    demo = tmp_path / "demo"
    generate(demo)
    assert _run(work.start_app, url, [0, 1, 2], str(demo)) == []
    engine = engine_of()
    with session_factory(engine)() as s:
        assert s.scalar(select(func.count(Source.id))) == len(read_truth(demo)[1]["files"])
        assert s.scalar(select(func.count(Indicator.id))) == len(load_catalog())
        observations = s.scalar(select(func.count(Observation.id)))
    # a fourth start finds the demo loaded and changes nothing
    assert _run(work.start_app, url, [3], str(demo)) == []
    with session_factory(engine)() as s:
        assert s.scalar(select(func.count(Observation.id))) == observations


def test_concurrent_corrections_of_the_same_figures_leave_one_headline_per_key(engine):
    _regions(engine)
    assert _run(work.import_ledger, _url(engine), [0]) == []
    assert _run(work.correct_some_figure, _url(engine), list(range(12))) == []
    with session_factory(engine)() as s:
        assert s.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "correct")) == 12
        per_key = s.execute(
            select(func.count(Observation.id))
            .where(Observation.is_headline)
            .group_by(Observation.region_id, Observation.indicator_id, Observation.year)
        ).scalars()
        assert set(per_key) == {1}
