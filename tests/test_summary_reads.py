"""Region pages above township read the region summary: the answers are the same as aggregating the township
observations, on the demo county and on a second county in another city (masked, 余/约, targets, gaps)."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from etl.demo import generate, load_demo
from etl.demo.values import DEFAULT_SEED
from etl.load import FactIn, SourceIn, load_source
from store import queries as q
from store import rollups as r
from store.access import SYSTEM, Actor
from store.regions import add_region, ensure_chain
from store.session import transaction


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory):
    directory = tmp_path_factory.mktemp("demo")
    generate(directory, DEFAULT_SEED)
    return directory


@pytest.fixture
def two_counties(engine, demo_dir):
    load_demo(engine, demo_dir, via="truth")
    rng = random.Random(3)
    with transaction(engine) as s:  # a second county in another city, 2020–2023 with gaps, masks and 余
        county = ensure_chain(s, [("青山省", "province"), ("东川市", "city"), ("白河县", "county")])
        towns = [add_region(s, f"白河{i}镇", "township", county, population=20000 + i) for i in range(5)]
        # a street office straight under the city (no county between): the city adds both
        towns.append(add_region(s, "东川街道", "township", county.parent, population=30000))
        facts = []
        for town in towns:
            for year in range(2020, 2024):
                for key in ("party_members_total", "party_branches", "discipline_cases"):
                    x = rng.random()
                    if x < 0.15:
                        continue
                    masked = x < 0.25
                    value = None if masked else round(rng.uniform(5, 500), 1)
                    qualifier = "over" if 0.25 <= x < 0.4 else "exact"
                    facts.append(FactIn(key, year, value, masked=masked, qualifier=qualifier, township=town.name))
                facts.append(FactIn("party_members_new", year, 10 + year % 7, target=True, township=town.name))
        load_source(s, SYSTEM, SourceIn(kind="ledger", filename="白河.xlsx", content=b"baihe"), facts, county=county)
    return engine


def _from_observations(monkeypatch: pytest.MonkeyPatch, fn, *args):  # type: ignore[no-untyped-def]
    with monkeypatch.context() as m:
        m.setattr(r, "_summary_regions", lambda *a: None)
        return fn(*args)


def _same(a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
    a = a.sort_values(keys).reset_index(drop=True)
    b = b.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)


def test_summary_answers_equal_the_observations(two_counties, monkeypatch):
    engine = two_counties
    tree = q.region_tree(engine, SYSTEM)
    above = tree[tree["level"] != "township"]
    assert set(above["level"]) == {"province", "city", "county"} and (above["level"] == "county").sum() >= 2
    years = sorted(r.towns_reporting(engine, SYSTEM)["year"])
    cats = sorted(q.indicator_catalog(engine, SYSTEM)["category"].unique())
    checked = 0
    for path in [None, *above["path"]]:
        assert r._summary_regions(engine, SYSTEM, q.Filters(path)) is not None
        for f in (
            q.Filters(path),
            q.Filters(path, categories=(cats[0],)),
            q.Filters(path, years[-1], years[-1], ("party_members_new", "party_members_total"), include_targets=True),
        ):
            got = r.rollup(engine, SYSTEM, f)
            _same(got, _from_observations(monkeypatch, r.rollup, engine, SYSTEM, f), ["indicator", "variant", "year"])
            checked += len(got)
        for year in years:
            f = q.Filters(path)
            got = r.comparable_change(engine, SYSTEM, f, year)
            want = _from_observations(monkeypatch, r.comparable_change, engine, SYSTEM, f, year)
            _same(got, want, ["indicator", "variant"])
            checked += len(got)
        every = q.Filters(path, categories=tuple(cats))  # a category filter reads the observations
        pd.testing.assert_frame_equal(
            r.towns_reporting(engine, SYSTEM, q.Filters(path)), r.towns_reporting(engine, SYSTEM, every)
        )
    assert checked > 1000


def test_township_or_partial_grant_reads_the_observations(two_counties):
    engine = two_counties
    tree = q.region_tree(engine, SYSTEM)
    town = tree[tree["level"] == "township"].iloc[0]
    county = tree[tree["level"] == "county"].iloc[0]
    province = tree[tree["level"] == "province"].iloc[0]
    assert r._summary_regions(engine, SYSTEM, q.Filters(str(town["path"]))) is None
    clerk = Actor("v", "viewer", (str(county["path"]),))
    assert r._summary_regions(engine, clerk, q.Filters(str(province["path"]))) is None
    assert r._summary_regions(engine, clerk, q.Filters(None)) is None
    assert r._summary_regions(engine, clerk, q.Filters(str(county["path"]))) == [int(county["id"])]
    # What the clerk sees of the province is the county's figures only.
    keys = ["indicator", "variant", "year"]
    _same(r.rollup(engine, clerk, q.Filters(None)), r.rollup(engine, SYSTEM, q.Filters(str(county["path"]))), keys)
