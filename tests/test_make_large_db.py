"""The benchmark generator at a tiny size: bulk rows land with headlines set and the pages' queries read them."""

from benchmarks.make_large_db import generate
from store import queries, rollups
from store.access import SYSTEM


def test_tiny_generated_database_is_readable(tmp_path):
    url = f"sqlite:///{tmp_path / 'tiny.db'}"
    stats = generate(url, n_townships=4, n_counties=2, n_years=2, quiet=True)
    assert stats["townships"] == 4 and stats["indicators"] >= 32 and stats["observations"] > 200
    from store.session import get_engine

    engine = get_engine(url)
    df = rollups.rollup(engine, SYSTEM, queries.Filters(indicators=("party_members_total",)))
    assert df["reporting"].max() <= 4 and len(df) == 2
    targets = rollups.rollup(engine, SYSTEM, queries.Filters(indicators=("party_members_new",), include_targets=True))
    assert targets["is_target"].any()
