"""Dashboard read side on the small test county (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import pytest

from store import queries as q
from store import rollups as r
from store.access import SYSTEM, Actor
from tests.pages_fixtures import load_county
from ui.data import _clip

ELSEWHERE = Actor("v", "viewer", ("/999/",))


@pytest.fixture
def county(engine):
    path = load_county(engine)
    ids = {r.name: r.id for r in q.region_tree(engine, SYSTEM).itertuples()}
    return engine, path, ids


def test_rollup_sums_reporting_townships_and_counts_masked(county):
    engine, path, _ = county
    df = r.rollup(engine, SYSTEM, q.Filters(path, indicators=("party_members_total",)))
    got = {r.year: (r.value, r.reporting, r.masked, r.inexact) for r in df.itertuples()}
    assert got == {2021: (790, 3, 0, 0), 2022: (650, 2, 1, 0), 2023: (822, 3, 0, 1)}
    assert not df["is_target"].any()
    targets = r.rollup(engine, SYSTEM, q.Filters(path, indicators=("party_members_new",), include_targets=True))
    assert targets["is_target"].all() and targets["value"].tolist() == [30, 33, 36]


def test_rollup_respects_categories_and_years(county):
    engine, path, _ = county
    df = r.rollup(engine, SYSTEM, q.Filters(path, 2023, 2023, categories=("纪律监督",)))
    assert df[["indicator", "year", "value"]].values.tolist() == [["discipline_cases", 2023, 7]]
    assert r.rollup(engine, SYSTEM, q.Filters(path, categories=("干部队伍",))).empty


def test_township_values_keep_masked_rows_without_value(county):
    engine, path, ids = county
    df = r.township_values(engine, SYSTEM, q.Filters(path, 2022, 2022, ("party_members_total",)))
    row = df[df["region_id"] == ids["白沙乡"]].iloc[0]
    assert row["masked"] and row["value"] is None or row["value"] != row["value"]
    assert len(df) == 3


@pytest.mark.parametrize(
    ("indicator", "year", "norm", "order"),
    [
        ("party_members_total", 2023, "none", ["青石镇", "马鞍彝族乡", "白沙乡"]),
        ("party_members_total", 2023, "capita", ["白沙乡", "青石镇", "马鞍彝族乡"]),
        ("party_members_total", 2023, "village", ["青石镇", "白沙乡", "马鞍彝族乡"]),
        ("discipline_cases", 2023, "none", ["白沙乡", "马鞍彝族乡", "青石镇"]),  # lower is better
        ("party_members_total", 2022, "none", ["青石镇", "马鞍彝族乡", "白沙乡"]),
    ],
)
def test_ranking_table_normalises_and_ranks_in_sql(county, indicator, year, norm, order):
    engine, path, _ = county
    df = r.ranking_table(engine, SYSTEM, q.Filters(path), indicator, year, norm=norm)
    assert df["township"].tolist() == order
    if year == 2022:  # 白沙乡 is masked that year: listed last, unranked
        assert df["rank"].tolist()[:2] == [1, 2] and df["rank"].isna().tolist() == [False, False, True]
    if norm == "capita":
        assert df["normed"].iloc[0] == pytest.approx(170.0)


def test_rank_matrix_gives_percentiles_per_indicator(county):
    engine, path, ids = county
    df = r.rank_matrix(engine, SYSTEM, q.Filters(path, indicators=("party_members_total", "discipline_cases")), 2023)
    got = {(r.township, r.indicator): (r.rank, r.rank_pct) for r in df.itertuples()}
    assert got[("青石镇", "party_members_total")] == (1, 0.0)
    assert got[("青石镇", "discipline_cases")] == (3, 1.0)
    only = r.rank_matrix(engine, SYSTEM, q.Filters(path, indicators=("party_members_total",)), 2023, (ids["白沙乡"],))
    assert only[["township", "rank", "n"]].values.tolist() == [["白沙乡", 3, 3]]


def test_coverage_counts_and_cells(county):
    engine, path, ids = county
    f = q.Filters(path, 2021, 2023, ("party_members_total", "party_members_floating"))
    by_town = {
        r.region_id: (r.reported, r.masked, r.conflict, r.cells)
        for r in r.coverage_by_township(engine, SYSTEM, f).itertuples()
    }
    assert by_town[ids["青石镇"]] == (3, 0, 1, 4)  # 2023 members conflict (ledger 412 vs report 405)
    assert by_town[ids["白沙乡"]] == (3, 1, 0, 4)
    assert by_town[ids["马鞍彝族乡"]] == (3, 0, 0, 3)  # no 流动党员 at all
    cells = r.coverage_cells(engine, SYSTEM, f, (ids["青石镇"], ids["白沙乡"]))
    status = {(r.township, r.indicator, r.year): r.status for r in cells.itertuples()}
    assert status[("青石镇", "party_members_total", 2023)] == "conflict"
    assert status[("白沙乡", "party_members_total", 2022)] == "masked"
    assert ("白沙乡", "party_members_floating", 2021) not in status  # missing


def test_observations_at_lists_every_source_headline_first(county):
    engine, path, ids = county
    df = q.observations_at(engine, SYSTEM, ids["青石镇"], "party_members_total", 2023)
    assert df[["value", "is_headline", "source_kind"]].values.tolist() == [
        [412, True, "ledger"],
        [405, False, "report"],
    ]
    assert q.observations_at(engine, ELSEWHERE, ids["青石镇"], "party_members_total", 2023).empty


def test_observation_row_is_scoped(county):
    engine, path, ids = county
    at = q.observations_at(engine, SYSTEM, ids["青石镇"], "party_members_total", 2023)
    obs_id = int(at["observation_id"].iloc[1])
    row = q.observation_row(engine, Actor("v", "viewer", (path,)), obs_id)
    assert row["source_filename"].iloc[0] == "2023_青石镇工作总结.txt" and row["span_start"].iloc[0] > 0
    assert q.observation_row(engine, ELSEWHERE, obs_id).empty


@pytest.mark.parametrize(
    ("asked", "scope", "clipped"),
    [
        (None, None, None),
        ("/1/2/", None, "/1/2/"),
        (None, "/1/2/", None),
        ("/1/", "/1/2/", None),
        ("/1/2/3/", "/1/2/", "/1/2/3/"),
        ("/9/", "/1/2/", None),
    ],
)
def test_cached_queries_are_clipped_to_the_viewer_scope(asked, scope, clipped):
    """A filter outside the grants is dropped (the store then reads the granted subtrees only)."""
    actor = Actor("v", "viewer", None if scope is None else (scope,))
    assert _clip(q.Filters(region_path=asked), actor).region_path == clipped


def test_empty_database_gives_empty_frames(engine):
    f = q.Filters()
    assert r.rollup(engine, SYSTEM, f).empty and r.township_values(engine, SYSTEM, f).empty
    assert r.ranking_table(engine, SYSTEM, f, "party_members_total", 2023).empty
    assert r.rank_matrix(engine, SYSTEM, f, 2023).empty and r.coverage_by_township(engine, SYSTEM, f).empty
    assert r.coverage_cells(engine, SYSTEM, f).empty


def test_comparable_change_pairs_townships_with_both_years(engine):
    path = load_county(engine)
    df = r.comparable_change(engine, SYSTEM, q.Filters(path), 2023).set_index(["indicator", "variant"])
    row = df.loc[("party_members_total", "")]
    # 白沙乡 is masked in 2022: only 青石镇 (400→412) and 马鞍彝族乡 (250→240) are compared.
    assert (row["towns"], row["now_sum"], row["prev_sum"]) == (2, 652, 650)
