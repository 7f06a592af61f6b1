"""The region summary stays equal to a fresh aggregation through every writer (imports, superseding ledgers,
reviews, reset), and rebuild-summary restores it."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from etl.demo.sample import build_sample
from etl.load import FactIn, SourceIn, load_source
from store.access import SYSTEM, Actor
from store.admin import reset_data
from store.models import Observation, Region, RegionSummary
from store.review import correct, reject
from store.session import session_factory
from store.summary import rebuild_summary, summary_differences


def _differences(engine) -> list[str]:
    with session_factory(engine)() as s:
        return summary_differences(s)


def test_summary_follows_every_writer(engine):
    with session_factory(engine)() as s, s.begin():
        build_sample(s)
    assert _differences(engine) == []
    with session_factory(engine)() as s:
        rows = s.scalar(select(func.count()).select_from(RegionSummary))
        levels = set(s.scalars(select(Region.level).join(RegionSummary, RegionSummary.region_id == Region.id)))
    assert rows and levels == {"province", "city", "county"}
    with session_factory(engine)() as s, s.begin():  # a ledger superseding report figures of one key
        load_source(
            s,
            SYSTEM,
            SourceIn(kind="ledger", filename="l.xlsx", content=b"ledger"),
            [FactIn("party_branches", 2023, 99, township="青石镇", cell="Sheet1!C2")],
        )
    assert _differences(engine) == []
    with session_factory(engine)() as s, s.begin():
        ids = s.scalars(select(Observation.id).where(Observation.is_headline).order_by(Observation.id).limit(2)).all()
        correct(s, Actor("clerk", "reviewer", None), ids[0], 12345.0, reason="核对原件")
        reject(s, Actor("clerk", "reviewer", None), ids[1], "重复填报")
    assert _differences(engine) == []
    with session_factory(engine)() as s, s.begin():
        reset_data(s, SYSTEM)
    assert _differences(engine) == []


def test_rebuild_restores_a_damaged_summary(engine):
    with session_factory(engine)() as s, s.begin():
        build_sample(s)
    with session_factory(engine)() as s, s.begin():
        s.execute(delete(RegionSummary).where(RegionSummary.year == 2023))
    assert _differences(engine)
    with session_factory(engine)() as s, s.begin():
        assert rebuild_summary(s) > 0
    assert _differences(engine) == []


def test_ingest_command_batches_refresh_the_summary_once_per_transaction(sqlite_engine, tmp_path, monkeypatch):
    import argparse

    from benchmarks.bench_ingest import write_reports
    from etl.commands import ingest as ingest_cmd

    write_reports(tmp_path, 6)
    calls = []
    real = ingest_cmd.flush_summary
    monkeypatch.setattr(ingest_cmd, "BATCH", 4)
    monkeypatch.setattr(ingest_cmd, "flush_summary", lambda s: (calls.append(1), real(s)))
    args = argparse.Namespace(
        paths=[str(tmp_path)], township=None, year=None, county="宁远县", no_create=False, user="t",
        database_url=str(sqlite_engine.url),
    )  # fmt: skip
    assert ingest_cmd.run(args) == 0
    assert len(calls) == 2  # 6 files: a batch of 4, then 2
    assert _differences(sqlite_engine) == []
    with session_factory(sqlite_engine)() as s:
        assert s.scalar(select(func.count()).select_from(RegionSummary))
