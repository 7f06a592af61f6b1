"""Dashboard page speed on a large database: cold first render, a filter change, and the bare SQL behind them.

    python benchmarks/bench_dashboard.py [URL]       # default: benchmarks/out/large.db, generated when missing

For each page: the AppTest first render with cold Streamlit caches (Python imports warmed up on a tiny
database first, so the figure is the page and its queries), a filter change (region → one county, then
category → 党员队伍, written to the URL the way the sidebar does), and the store.queries calls that page
makes, timed bare (no Streamlit, no cache). Targets: first render ≤ 2.0 s, filter change ≤ 0.5 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import logging  # noqa: E402

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks.make_large_db import DEFAULT_URL, generate  # noqa: E402
from store import queries as q  # noqa: E402
from store import rollups  # noqa: E402
from store.access import SYSTEM, Actor  # noqa: E402
from store.session import get_engine  # noqa: E402
from ui.state import ACTOR_KEY  # noqa: E402

PAGES = ["views/overview.py", "views/trends.py", "views/compare.py", "views/coverage.py"]
# Pages run on their own act as the actor in their session state (dashboard.py puts the logged-in one there);
# without one they would render the anonymous view, which sees nothing by default.
ADMIN = Actor(name="bench", role="admin", paths=None)


def _bare_sql(engine, page: str, path: str, cat: str | None, y0: int, y1: int) -> None:  # type: ignore[no-untyped-def]
    """The queries PAGE issues for one view, uncached (mirrors the page code)."""
    cats = (cat,) if cat else ()
    q.region_tree(engine, SYSTEM)
    q.year_bounds(engine, SYSTEM)
    q.indicator_catalog(engine, SYSTEM)
    first = q.indicator_catalog(engine, SYSTEM)
    first = first[first["category"] == cat] if cat else first
    ind = str(first["key"].iloc[0])
    rollups.towns_reporting(engine, SYSTEM, q.Filters(path))
    if page.endswith("overview.py"):
        rollups.rollup(engine, SYSTEM, q.Filters(path, categories=cats))
        rollups.comparable_change(engine, SYSTEM, q.Filters(path, categories=cats), y1)
        rollups.township_values(engine, SYSTEM, q.Filters(path, y1, y1, (ind,)))
    elif page.endswith("trends.py"):
        rollups.rollup(engine, SYSTEM, q.Filters(path, y0, y1, (ind,), include_targets=True))
        rollups.township_values(engine, SYSTEM, q.Filters(path, y1, y1, (ind,)))
    elif page.endswith("compare.py"):
        rollups.rollup(engine, SYSTEM, q.Filters(path, y1, y1, (ind,)))
        ranked = rollups.ranking_table(engine, SYSTEM, q.Filters(path), ind, y1)
        rollups.rank_matrix(engine, SYSTEM, q.Filters(path, categories=cats), y1, tuple(ranked["region_id"].head(20)))
    else:
        f = q.Filters(path, y0, y1, categories=cats)
        summary = rollups.coverage_by_township(engine, SYSTEM, f)
        rollups.coverage_cells(
            engine, SYSTEM, q.Filters(path, y1, y1, categories=cats), tuple(summary["region_id"].head(60))
        )


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _clear() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    get_engine.cache_clear()  # the app calls get_engine() without a URL: forget the one for the last $DATABASE_URL


def _run(at: AppTest) -> AppTest:
    at.run()
    if at.exception:
        raise SystemExit(f"page failed: {at.exception[0].value}")
    return at


def bench(url: str) -> list[dict]:
    os.environ["DATABASE_URL"] = url
    _clear()
    engine = get_engine(url)
    regions = q.region_tree(engine, SYSTEM)
    root = regions.iloc[0]
    county = regions[regions["level"] == "county"].iloc[0]
    y0, y1 = q.year_bounds(engine, SYSTEM) or (0, 0)
    results = []
    for page in PAGES:
        _clear()
        at = AppTest.from_file(str(ROOT / page), default_timeout=120)
        at.session_state[ACTOR_KEY] = ADMIN
        at.query_params["region"] = str(root["id"])  # the first province (a national database has 31)
        cold = _timed(lambda at=at: _run(at))
        at.query_params["region"] = str(county["id"])
        region_change = _timed(lambda at=at: _run(at))
        at.query_params["region"] = str(root["id"])
        at.query_params["cat"] = "党员队伍"
        cat_change = _timed(lambda at=at: _run(at))
        sql_cold = _timed(lambda page=page: _bare_sql(engine, page, str(root["path"]), None, y0, y1))
        sql_county = _timed(lambda page=page: _bare_sql(engine, page, str(county["path"]), None, y0, y1))
        sql_cat = _timed(lambda page=page: _bare_sql(engine, page, str(root["path"]), "党员队伍", y0, y1))
        results.append(
            {
                "page": page,
                "cold": cold,
                "region": region_change,
                "cat": cat_change,
                "sql_cold": sql_cold,
                "sql_region": sql_county,
                "sql_cat": sql_cat,
            }
        )
    return results


def warm_up() -> None:
    """Import Streamlit, plotly and the pages once on a tiny database so the timings are not import time."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/warm.db"
        generate(url, n_townships=4, n_counties=2, n_years=2, quiet=True)
        os.environ["DATABASE_URL"] = url
        for page in PAGES:
            _clear()
            at = AppTest.from_file(str(ROOT / page), default_timeout=120)
            at.session_state[ACTOR_KEY] = ADMIN
            _run(at)
        get_engine(url).dispose()


def main(argv: list[str]) -> int:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    url = argv[0] if argv else DEFAULT_URL
    if url == DEFAULT_URL and not Path(url.removeprefix("sqlite:///")).exists():
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        generate(url)
    warm_up()
    obs = q.is_empty(get_engine(url), SYSTEM)
    if obs:
        raise SystemExit(f"{url} 是空库：先运行 python benchmarks/make_large_db.py {url}")
    print(f"database: {get_engine(url).url.render_as_string(hide_password=True)}")
    print(
        f"{'page':<20}{'cold render':>12}{'SQL':>8}{'ratio':>7}{'→county':>10}{'SQL':>8}{'ratio':>7}"
        f"{'→党员队伍':>9}{'SQL':>8}{'ratio':>7}"
    )
    worst_cold = worst_change = 0.0
    for r in bench(url):
        worst_cold = max(worst_cold, r["cold"])
        worst_change = max(worst_change, r["region"], r["cat"])
        print(
            f"{Path(r['page']).stem:<20}{r['cold']:>11.2f}s{r['sql_cold']:>7.2f}s{r['cold'] / r['sql_cold']:>6.1f}x"
            f"{r['region']:>9.2f}s{r['sql_region']:>7.2f}s{r['region'] / r['sql_region']:>6.1f}x"
            f"{r['cat']:>9.2f}s{r['sql_cat']:>7.2f}s{r['cat'] / r['sql_cat']:>6.1f}x"
        )
    ok = worst_cold <= 2.0 and worst_change <= 0.5
    print(
        f"worst first render {worst_cold:.2f}s (target ≤ 2.0s), worst filter change {worst_change:.2f}s "
        f"(target ≤ 0.5s): {'OK' if ok else 'OVER TARGET'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
