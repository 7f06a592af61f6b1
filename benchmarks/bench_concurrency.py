"""Concurrent imports on one database: N processes importing ledgers that overwrite the same keys, reports
that create the same new township, and reviews of the same figures at once.

    python benchmarks/bench_concurrency.py [URL] [--processes 72]    # default: a temporary SQLite database

Prints crashes (any exception in a worker), keys with two or more active ledger values (must be 0), sources
stored, and the wall time. The workers are tests/concurrency_support.py's, in spawned processes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from store.models import Observation, Source  # noqa: E402
from store.regions import add_region, ensure_chain  # noqa: E402
from store.session import get_engine, session_factory, transaction  # noqa: E402
from tests import concurrency_support as work  # noqa: E402


def _run(fn, url: str, ns: list[int], processes: int) -> tuple[list[str], float]:
    t0 = time.perf_counter()
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        errors = [e for e in pool.map(partial(fn, url), ns) if e]
    return errors, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url", nargs="?")
    parser.add_argument("--processes", type=int, default=72)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{tempfile.mkdtemp(prefix='concurrency-')}/bench.db"
    engine = get_engine(url)
    with transaction(engine) as s:
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        for name in work.TOWNSHIPS:
            add_region(s, name, "township", county)
    n = args.processes
    ledgers = list(range(n - 8)) + [1000 + i for i in range(8)]  # 8 repeat earlier files' bytes
    errors, seconds = _run(work.import_ledger, url, ledgers, n)
    with session_factory(engine)() as s:
        double = s.scalar(work.DOUBLE_ACTIVE)
        sources = s.scalar(select(func.count(Source.id)))
        headlines = s.scalar(select(func.count(Observation.id)).where(Observation.is_headline))
    print(
        f"{engine.dialect.name}: {n} concurrent ledger imports in {seconds:.1f} s: {len(errors)} crashes, "
        f"{double} keys with two active values, {sources} sources (expected {n - 8}), {headlines} headlines"
    )
    errors, seconds = _run(work.correct_figure, url, list(range(30)), min(n, 30))
    with session_factory(engine)() as s:
        keys = s.execute(
            select(func.count(Observation.id))
            .where(Observation.is_headline)
            .group_by(Observation.region_id, Observation.indicator_id, Observation.year)
        ).scalars()
        bad = sum(1 for k in keys if k != 1)
    print(
        f"{engine.dialect.name}: 30 concurrent corrections of 3 figures in {seconds:.1f} s: {len(errors)} crashes, "
        f"{bad} keys without exactly one headline"
    )
    errors, seconds = _run(work.import_report, url, list(range(n)), n)
    print(
        f"{engine.dialect.name}: {n} concurrent report imports creating one township in {seconds:.1f} s: "
        f"{len(errors)} crashes"
    )
    for e in errors[:3]:
        print(e)


if __name__ == "__main__":
    main()
