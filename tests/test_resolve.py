"""The set-based headline resolution (refresh_headlines_bulk) decides exactly what the per-key one does:
same headline, same conflict flags, on a dataset mixing every rule (reviewed, ledger vs report, masked,
parts, thresholds, targets, qualifiers at their tolerance edges, ties broken by id), on both databases."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.catalog import sync_catalog
from store.models import Indicator, Observation, Source
from store.regions import add_region, ensure_chain
from store.resolve import refresh_headlines, refresh_headlines_bulk

KINDS = ["report", "report", "ledger", "manual", "demo"]
STATUSES = ["extracted"] * 8 + ["suspect", "confirmed", "corrected", "rejected", "superseded"]
QUALIFIERS = ["exact", "exact", "over", "under", "approx"]
VALUES = [None, 0.0, 1.0, 1.05, 0.95, 90.0, 100.0, 110.0, 111.0, 89.0, 412.0, 412.0]
ATTRS: list[dict[str, Any]] = [
    {},
    {},
    {},
    {"threshold": 50},
    {"threshold": 50.0},
    {"threshold": "50"},
    {"threshold": 100},
    {"type": "rural"},
    {"level": 1},
    {"severity": None},
    {"note": "x"},
    {"threshold": 50, "type": "rural"},
    {"measure": "经营性"},  # another series of the indicator (村集体经营性收入), with its own headline
    {"measure": "经营性", "note": "y"},
]


def _dataset(session: Session, seed: int) -> list[tuple[int, int, int]]:
    """Random observations over a few keys, so groups get many members; returns the keys."""
    rng = random.Random(seed)
    sync_catalog(session)
    county = ensure_chain(session, [("省", "province"), ("市", "city"), ("县", "county")])
    towns = [add_region(session, name, "township", county) for name in ("甲乡", "乙镇")]
    indicators = list(session.scalars(select(Indicator).order_by(Indicator.id)))[:3]
    sources = [Source(kind=k, filename=f"{k}{i}", sha256=f"{seed}-{i}", size=1) for i, k in enumerate(KINDS * 2)]
    session.add_all(sources)
    session.flush()
    keys = [(t.id, i.id, y) for t in towns for i in indicators for y in (2020, 2021, 2022, 2023)]
    for _ in range(200):
        region, indicator, year = rng.choice(keys)
        session.add(
            Observation(
                region_id=region,
                indicator_id=indicator,
                year=year,
                source_id=rng.choice(sources).id,
                value=rng.choice(VALUES),
                masked=rng.random() < 0.15,
                qualifier=rng.choice(QUALIFIERS),
                attrs=rng.choice(ATTRS),
                is_target=rng.random() < 0.2,
                status=rng.choice(STATUSES),
                locator=f"L{rng.random()}",
                is_headline=rng.random() < 0.5,
                conflict=rng.random() < 0.3,
            )
        )
    session.flush()
    return keys


def _flags(session: Session) -> dict[int, tuple[bool, bool]]:
    rows = session.execute(select(Observation.id, Observation.is_headline, Observation.conflict))
    return {r[0]: (bool(r[1]), bool(r[2])) for r in rows}


def _restore(session: Session, flags: dict[int, tuple[bool, bool]]) -> None:
    for oid, (head, conflict) in flags.items():
        session.execute(update(Observation).where(Observation.id == oid).values(is_headline=head, conflict=conflict))
    session.expire_all()


@pytest.mark.parametrize("seed", range(6))
def test_bulk_and_per_key_resolution_agree(session: Session, seed: int) -> None:
    keys = _dataset(session, seed)
    before = _flags(session)
    refresh_headlines(session, keys)
    per_key = _flags(session)
    _restore(session, before)
    assert _flags(session) == before
    refresh_headlines_bulk(session, keys[:4])
    refresh_headlines_bulk(session, keys_sql="SELECT region_id, indicator_id, year FROM observation")
    assert _flags(session) == per_key
    assert sum(h for h, _ in per_key.values()) > 0


CONFLICTS = [
    # (report value, qualifier, ledger value, conflict)
    (100.0, "exact", 100.0, False),
    (100.0, "exact", 101.0, True),
    (100.0, "over", 100.0, False),
    (100.0, "over", 99.0, True),
    (100.0, "under", 101.0, True),
    (100.0, "under", 99.0, False),
    (100.0, "approx", 110.0, False),
    (100.0, "approx", 110.5, True),
    (0.5, "approx", 0.6, False),
    (0.5, "approx", 0.65, True),
    (None, "exact", 5.0, False),
]


@pytest.mark.parametrize("bulk", [False, True])
def test_conflicts_follow_qualifiers(session: Session, bulk: bool) -> None:
    sync_catalog(session)
    county = ensure_chain(session, [("省", "province"), ("市", "city"), ("县", "county")])
    town = add_region(session, "甲乡", "township", county)
    indicator = session.scalars(select(Indicator).order_by(Indicator.id)).first()
    assert indicator is not None
    report, ledger = (
        Source(kind="report", filename="r", sha256="r", size=1),
        Source(kind="ledger", filename="l", sha256="l", size=1),
    )
    session.add_all([report, ledger])
    session.flush()
    for year, (stated, qualifier, exact, _conflict) in enumerate(CONFLICTS, start=2000):
        for source, value, q in ((report, stated, qualifier), (ledger, exact, "exact")):
            session.add(
                Observation(
                    region_id=town.id,
                    indicator_id=indicator.id,
                    year=year,
                    source_id=source.id,
                    value=value,
                    qualifier=q,
                    locator=str(source.id),
                )
            )
    session.flush()
    keys = [(town.id, indicator.id, year) for year in range(2000, 2000 + len(CONFLICTS))]
    (refresh_headlines_bulk if bulk else refresh_headlines)(session, keys)
    flagged = {o.year for o in session.scalars(select(Observation).where(Observation.conflict.is_(True)))}
    assert flagged == {year for year, case in enumerate(CONFLICTS, start=2000) if case[3]}
    heads = session.scalars(select(Observation).where(Observation.is_headline.is_(True))).all()
    assert len(heads) == len(CONFLICTS) and {o.source_id for o in heads} == {ledger.id}


@pytest.mark.parametrize("bulk", [False, True])
@pytest.mark.parametrize(
    ("stated", "conflict"),
    [
        ([(12.0, "exact"), (15.0, "exact"), (18.0, "exact")], True),  # three different 培训班期数 in one report
        ([(12.0, "exact"), (12.0, "exact")], False),  # the same figure said twice
        ([(12.0, "exact"), (15.0, "over")], False),  # 15余 is not an exact rival
    ],
)
def test_one_report_contradicting_itself_is_flagged(session: Session, bulk: bool, stated, conflict) -> None:  # type: ignore[no-untyped-def]
    sync_catalog(session)
    county = ensure_chain(session, [("省", "province"), ("市", "city"), ("县", "county")])
    town = add_region(session, "甲乡", "township", county)
    indicator = session.scalars(select(Indicator).order_by(Indicator.id)).first()
    assert indicator is not None
    report = Source(kind="report", filename="r", sha256="r", size=1)
    session.add(report)
    session.flush()
    for i, (value, qualifier) in enumerate(stated):
        session.add(
            Observation(
                region_id=town.id,
                indicator_id=indicator.id,
                year=2024,
                source_id=report.id,
                value=value,
                qualifier=qualifier,
                locator=f"span:{i}",
            )
        )
    session.flush()
    (refresh_headlines_bulk if bulk else refresh_headlines)(session, [(town.id, indicator.id, 2024)])
    flags = {bool(o.conflict) for o in session.scalars(select(Observation))}
    assert flags == {conflict}


def test_bulk_updates_objects_the_session_holds(session: Session) -> None:
    keys = _dataset(session, 42)
    held = list(session.scalars(select(Observation)))
    refresh_headlines_bulk(session, keys)
    bulk = {o.id: (o.is_headline, o.conflict) for o in held}
    refresh_headlines(session, keys)
    assert {o.id: (o.is_headline, o.conflict) for o in held} == bulk


def test_one_headline_per_group_after_bulk(session: Session) -> None:
    keys = _dataset(session, 7)
    refresh_headlines_bulk(session, keys)
    heads: dict[tuple[Any, ...], int] = {}
    for o in session.scalars(select(Observation).where(Observation.is_headline.is_(True))):
        threshold = o.attrs.get("threshold")
        group = (
            o.region_id,
            o.indicator_id,
            o.year,
            o.is_target,
            None if threshold is None else float(threshold),
            o.attrs.get("measure"),
        )
        heads[group] = heads.get(group, 0) + 1
        assert o.status in ("extracted", "confirmed", "corrected")
        assert not any(k in o.attrs for k in ("type", "level", "severity"))
    assert heads and set(heads.values()) == {1}
