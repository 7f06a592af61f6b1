"""Region pages on a province-sized database: the queries of 总览 read from the region summary against the same
queries aggregating township observations (what every region page did before the summary), on one database.

    python benchmarks/bench_province.py URL [URL ...]      # e.g. the SQLite 640k file and a PostgreSQL database

Built by benchmarks/make_large_db.py. For each URL: the first province's 总览 cold (region tree, years,
catalog, townships reporting per year, the rollup of every category, the year-on-year change), then on
changing category (党员队伍: rollup and change again), then one county's 总览 (what a region change asks:
townships reporting, rollup, change); each timed as the bare store
calls (no Streamlit cache), with the summary and with the observations. Targets (issue 16): province 总览
≤ 2 s cold and ≤ 0.5 s on changing category, county ≤ 0.1 s; the page render itself is bench_dashboard.py.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, func, select  # noqa: E402

from store import queries as q  # noqa: E402
from store import rollups  # noqa: E402
from store.access import SYSTEM  # noqa: E402
from store.models import Observation  # noqa: E402
from store.session import get_engine  # noqa: E402

CATEGORY = "党员队伍"


@contextmanager
def _observations_only() -> Iterator[None]:
    """Answer every region from the township observations, as before the summary."""
    real = rollups._summary_regions
    rollups._summary_regions = lambda *a: None  # type: ignore[assignment]
    try:
        yield
    finally:
        rollups._summary_regions = real  # type: ignore[assignment]


def overview(engine: Engine, path: str, category: str | None, *, first: bool, region: bool = True) -> None:
    """The store calls of one 总览 view (first: also what the sidebar asks; region: a new region, so also the
    townships reporting per year, which a category change takes from the page cache)."""
    cats = (category,) if category else ()
    if first:
        q.region_tree(engine, SYSTEM)
        q.year_bounds(engine, SYSTEM)
        q.indicator_catalog(engine, SYSTEM)
    y0, y1 = q.year_bounds(engine, SYSTEM) or (0, 0)
    # townships reporting per year: the year filter and the partial-year note (all indicators)
    if region:
        rollups.towns_reporting(engine, SYSTEM, q.Filters(path))
    rollups.rollup(engine, SYSTEM, q.Filters(path, categories=cats))
    rollups.comparable_change(engine, SYSTEM, q.Filters(path, categories=cats), y1)


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def bench(url: str) -> dict[str, object]:
    engine = get_engine(url)
    tree = q.region_tree(engine, SYSTEM)
    province = tree[tree["level"] == "province"].iloc[0]
    county = tree[tree["level"] == "county"].iloc[0]
    with engine.connect() as conn:
        n_obs = conn.scalar(select(func.count()).select_from(Observation))
    towns = int((tree["level"] == "township").sum())
    in_province = int(tree["path"].str.startswith(str(province["path"])).sum())
    out: dict[str, object] = {"url": url, "observations": n_obs, "townships": towns, "province_regions": in_province}
    for mode in ("observations", "summary"):
        ctx = _observations_only() if mode == "observations" else _noop()
        with ctx:
            p, c = str(province["path"]), str(county["path"])
            out[f"{mode}_cold"] = _timed(lambda p=p: overview(engine, p, None, first=True))
            out[f"{mode}_category"] = _timed(lambda p=p: overview(engine, p, CATEGORY, first=False, region=False))
            out[f"{mode}_county"] = _timed(lambda c=c: overview(engine, c, None, first=False))
    engine.dispose()
    return out


@contextmanager
def _noop() -> Iterator[None]:
    yield


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    results = [bench(url) for url in argv]
    print(f"{'database':<46}{'obs':>12}{'':>3}{'province cold':>15}{'→' + CATEGORY:>12}{'county':>10}")
    for r in results:
        url = str(r["url"]).split("@")[-1]
        for mode in ("observations", "summary"):
            print(
                f"{url[-46:]:<46}{r['observations']:>12,}{mode[:3]:>3}{r[f'{mode}_cold']:>14.2f}s"
                f"{r[f'{mode}_category']:>11.2f}s{r[f'{mode}_county']:>9.3f}s"
            )
    print("targets: province cold ≤ 2 s, on changing category ≤ 0.5 s, county ≤ 0.1 s (summary rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
