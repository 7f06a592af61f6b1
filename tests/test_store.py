"""Store: migrations, catalog, regions, the load API's idempotency/supersede rules, headlines, reset."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from etl.load import FactIn, LoadError, SourceIn, load_source
from store import queries, rollups
from store.access import SYSTEM, AccessDenied, Actor
from store.admin import reset_data, was_reset
from store.catalog import CatalogError, load_catalog, parse_catalog, sync_catalog
from store.models import AuditEvent, Indicator, Observation, Region, Source
from store.regions import TownshipIndex, UnknownRegion, add_region, base_name, ensure_chain
from store.session import is_current, session_factory
from store.users import add_user, authenticate

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "core_indicators.csv"


def _county(session):
    county = ensure_chain(session, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
    add_region(session, "青石镇", "township", county)
    add_region(session, "马鞍彝族乡", "township", county, aliases=["马鞍乡"])
    return county


def _report(name="r.txt", content=b"report-1", township="青石镇"):
    return SourceIn(kind="report", filename=name, content=content, text="共有党员412名", township=township, year=2023)


def _ledger(name="l.xlsx", content=b"ledger-1"):
    return SourceIn(kind="ledger", filename=name, content=content)


def test_migration_creates_every_table(engine):
    assert is_current(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"region", "indicator", "source", "observation", "audit_event", "app_user", "alembic_version"} <= tables


def test_catalog_holds_every_core_key(session):
    keys = {r["key"] for r in csv.DictReader(SPEC.open(encoding="utf-8"))} if SPEC.exists() else set()
    sync_catalog(session)
    stored = set(session.scalars(select(Indicator.key)))
    assert len(stored) >= 32
    assert keys <= stored
    assert sync_catalog(session) == 0  # second sync changes nothing


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("indicators:\n- key: a\n  name: A\n  category: X\n  unit: 个\n", "缺少字段：kind"),
        ("indicators:\n- {key: a, name: A, category: X, unit: 个, kind: weight}\n", "kind 必须是"),
        (
            "indicators:\n- {key: a, name: A, category: X, unit: 个, kind: count}\n"
            "- {key: a, name: B, category: X, unit: 个, kind: count}\n",
            "重复出现",
        ),
    ],
)
def test_catalog_errors_name_the_entry(text, message):
    with pytest.raises(CatalogError, match=message):
        parse_catalog(text)


def test_catalog_keeps_unknown_fields_and_defaults_aggregate():
    spec = parse_catalog("indicators:\n- {key: r, name: R, category: X, unit: '%', kind: percent, triggers: [a]}\n")[0]
    assert spec.extra == {"triggers": ["a"]}
    assert spec.aggregate == "mean"
    assert {s.key: s.aggregate for s in load_catalog()}["rural_income_per_capita"] == "mean"


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("长城彝族乡", "长城乡"),
        ("马鞍彝族苗族乡", "马鞍乡"),
        ("青石镇", "青石镇"),
        (" 青 石镇 ", "青石镇"),
        ("土家族镇", "土家族镇"),
        ("白族乡", "白族乡"),
    ],
)
def test_base_name_drops_ethnic_suffix(name, base):
    assert base_name(name) == base


def test_township_index_matches_aliases_and_suggests(session):
    county = _county(session)
    idx = TownshipIndex(session.scalars(select(Region).where(Region.parent_id == county.id)).all())
    assert idx.get("马鞍乡").name == "马鞍彝族乡"
    assert idx.get("马鞍彝族乡").name == "马鞍彝族乡"
    with pytest.raises(UnknownRegion) as err:
        idx.get("青石乡")
    assert "青石镇" in str(err.value)


def test_load_is_idempotent_by_content(session):
    _county(session)
    facts = [FactIn("party_members_total", 2023, 412, evidence="共有党员412名", span=(0, 8))]
    first = load_source(session, SYSTEM, _report(), facts)
    again = load_source(session, SYSTEM, _report(name="renamed.txt"), facts)
    assert first.new == 1 and not first.already_loaded
    assert again.already_loaded and again.source_id == first.source_id
    assert session.scalar(select(func.count(Observation.id))) == 1
    assert session.scalar(select(func.count(Source.id))) == 1


def test_unknown_township_is_refused_with_candidates_or_created(session):
    _county(session)
    with pytest.raises(UnknownRegion, match="青石镇"):
        load_source(session, SYSTEM, _report(township="青石乡"), [FactIn("party_members_total", 2023, 5)])
    summary = load_source(
        session,
        SYSTEM,
        _report(township="白沙乡", content=b"x"),
        [FactIn("party_members_total", 2023, 5)],
        create_townships=True,
    )
    assert summary.created_townships == ["白沙乡"]


def test_unknown_indicator_is_refused(session):
    _county(session)
    with pytest.raises(LoadError, match="no_such_key"):
        load_source(session, SYSTEM, _report(), [FactIn("no_such_key", 2023, 5)])


def test_newer_ledger_supersedes_and_audits(session):
    _county(session)
    cell = {"township": "青石镇", "cell": "Sheet1!C5"}
    load_source(session, SYSTEM, _ledger(), [FactIn("party_members_total", 2023, 400, **cell)])
    same = load_source(
        session, SYSTEM, _ledger("l2.xlsx", b"ledger-2"), [FactIn("party_members_total", 2023, 400, **cell)]
    )
    newer = load_source(
        session, SYSTEM, _ledger("l3.xlsx", b"ledger-3"), [FactIn("party_members_total", 2023, 420, **cell)]
    )
    assert (same.unchanged, same.new) == (1, 0)
    assert (newer.superseded, newer.new) == (1, 1)
    rows = session.execute(
        select(Observation.value, Observation.status, Observation.is_headline).order_by(Observation.id)
    ).all()
    assert rows == [(400, "superseded", False), (420, "extracted", True)]
    assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "supersede")) == 1


def test_headline_prefers_ledger_skips_parts_and_flags_conflicts(session):
    _county(session)
    load_source(
        session,
        SYSTEM,
        _report(),
        [
            FactIn("party_branches", 2023, 30, span=(0, 4)),
            FactIn("party_branches", 2023, 12, attrs={"type": "农村"}, span=(5, 9)),
        ],
    )
    rows = session.execute(select(Observation.value, Observation.is_headline).order_by(Observation.id)).all()
    assert rows == [(30, True), (12, False)]
    load_source(session, SYSTEM, _ledger(), [FactIn("party_branches", 2023, 31, township="青石镇", cell="S!B3")])
    rows = session.execute(
        select(Observation.value, Observation.is_headline, Observation.conflict)
        .where(Observation.attrs_key == "")
        .order_by(Observation.id)
    ).all()
    assert rows == [(30, False, True), (31, True, True)]


def test_thresholds_are_separate_headlines(session):
    _county(session)
    load_source(
        session,
        SYSTEM,
        _report(),
        [
            FactIn("villages_income_above", 2023, 7, attrs={"threshold": 5}, span=(0, 3)),
            FactIn("villages_income_above", 2023, 2, attrs={"threshold": 10}, span=(4, 8)),
        ],
    )
    heads = session.scalars(select(Observation.value).where(Observation.is_headline.is_(True))).all()
    assert sorted(heads) == [2, 7]


def test_queries_roll_up_sum_and_mean(engine):
    with session_factory(engine)() as s, s.begin():
        county = _county(s)
        add_region(s, "白沙乡", "township", county)
        for town, members, income, content in [("青石镇", 400, 12000, b"a"), ("白沙乡", 200, 10000, b"b")]:
            load_source(
                s,
                SYSTEM,
                SourceIn(kind="ledger", filename="l", content=content),
                [
                    FactIn("party_members_total", 2023, members, township=town, cell="S!A1"),
                    FactIn("rural_income_per_capita", 2023, income, township=town, cell="S!A2"),
                    FactIn("party_members_total", 2022, members - 20, township=town, cell="S!A3"),
                ],
            )
        path = county.path
    df = rollups.rollup(engine, SYSTEM, queries.Filters(region_path=path))
    got = {(r.indicator, r.year): (r.value, r.reporting) for r in df.itertuples()}
    assert got[("party_members_total", 2023)] == (600, 2)
    assert got[("party_members_total", 2022)] == (560, 2)
    assert got[("rural_income_per_capita", 2023)] == (11000, 2)
    ranks = rollups.ranking_table(engine, SYSTEM, queries.Filters(region_path=path), "party_members_total", 2023)
    assert ranks[["township", "rank"]].values.tolist() == [["青石镇", 1], ["白沙乡", 2]]
    assert queries.year_bounds(engine, SYSTEM) == (2022, 2023)


def test_reset_clears_data_and_keeps_users_and_grants(session):
    _county(session)
    load_source(session, SYSTEM, _report(), [FactIn("party_members_total", 2023, 412)])
    add_user(session, SYSTEM, "clerk1", "Qs-4wb!kz81", "clerk", ("宁远县",))
    assert not was_reset(session)
    counts = reset_data(session, SYSTEM)
    assert counts["observations"] == 1 and counts["regions"] == 5
    assert session.scalar(select(func.count(Region.id))) == 0
    assert was_reset(session)
    kept = authenticate(session, "clerk1", "Qs-4wb!kz81").actor
    assert kept is not None and kept.paths == ()  # the grant stays; its county is gone for now
    _county(session)  # loaded again: the grant applies again by name
    again = authenticate(session, "clerk1", "Qs-4wb!kz81").actor
    assert again is not None and again.paths and again.covers(again.paths[0])


def test_reset_needs_an_administrator_of_every_region(session):
    _county(session)
    with pytest.raises(AccessDenied):
        reset_data(session, Actor("a", "admin", ("/1/",)))
    with pytest.raises(AccessDenied):
        reset_data(session, Actor("r", "reviewer", None))


@pytest.mark.parametrize(
    ("value", "qualifier", "ledger", "conflict"),
    [
        (1700, "over", 1736, False),
        (1700, "over", 1650, True),
        (30, "approx", 32, False),
        (30, "approx", 40, True),
        (10, "under", 9, False),
        (10, "under", 11, True),
        (31, "exact", 31, False),
        (30, "exact", 31, True),
    ],
)
def test_report_qualifier_decides_whether_ledger_conflicts(session, value, qualifier, ledger, conflict):
    _county(session)
    load_source(
        session, SYSTEM, _report(), [FactIn("training_participants", 2023, value, qualifier=qualifier, span=(0, 3))]
    )
    load_source(
        session, SYSTEM, _ledger(), [FactIn("training_participants", 2023, ledger, township="青石镇", cell="S!B2")]
    )
    flags = session.scalars(select(Observation.conflict)).all()
    assert flags == [conflict, conflict]


def test_year_bounds_ignore_targets(engine):
    with session_factory(engine)() as s, s.begin():
        _county(s)
        load_source(
            s,
            SYSTEM,
            _report(),
            [FactIn("party_members_total", 2023, 5), FactIn("party_members_total", 2024, 9, target=True, span=(1, 2))],
        )
    assert queries.year_bounds(engine, SYSTEM) == (2023, 2023)
