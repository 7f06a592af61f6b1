"""Narrative speed on the demo database: a county's full set of paragraphs for one year.

    python benchmarks/bench_narrative.py [URL]     # default: a fresh SQLite file with the demo county loaded

Prints, for the newest year, the median of several runs of: the county's own paragraphs (generate), the
county's plus every township's paragraphs from one query (generate_county_set, what an export of the
whole county does), and the split between the query (facts.gather) and composing the text. Target: the
full set ≤ 0.5 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from narrative import compose_for, generate, generate_county_set  # noqa: E402
from narrative.facts import gather  # noqa: E402
from narrative.templates import load_templates  # noqa: E402
from store import queries  # noqa: E402
from store.access import SYSTEM  # noqa: E402
from store.session import make_engine, upgrade  # noqa: E402

RUNS = 7
TARGET = 0.5


def _median(fn: Callable[[], object]) -> float:
    fn()  # warm: imports, template compilation, SQLite page cache
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _demo_engine(folder: Path):  # type: ignore[no-untyped-def]
    from etl.demo.load import generate as generate_demo
    from etl.demo.load import load_demo

    generate_demo(folder / "demo")
    engine = make_engine(f"sqlite:///{folder / 'demo.db'}")
    upgrade(engine)
    load_demo(engine, folder / "demo")
    return engine


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(argv[0]) if argv else _demo_engine(Path(tmp))
        tree = queries.region_tree(engine, SYSTEM)
        county = str(tree[tree["level"] == "county"]["name"].iloc[0])
        bounds = queries.year_bounds(engine, SYSTEM)  # one query: a national database has millions of rows
        if bounds is None:
            print("数据库中没有数据")
            return 1
        year = bounds[1]
        load_templates()
        sets = generate_county_set(engine, SYSTEM, county, year)
        paragraphs = sum(len(n.paragraphs) for n in sets)
        numbers = sum(len(p.numbers) for n in sets for p in n.paragraphs)
        own = _median(lambda: generate(engine, SYSTEM, county, year))
        full = _median(lambda: generate_county_set(engine, SYSTEM, county, year))
        query = _median(lambda: gather(engine, SYSTEM, county, year))
        ref, data = gather(engine, SYSTEM, county, year)
        text = _median(
            lambda: (
                [compose_for(ref, data)]
                + [compose_for(ref.__class__(-1, t, "township", "", ref.name, ref.path), data) for t in data.reported]
            )
        )
        print(f"narrative · {county} {year} · {len(sets) - 1} townships · {paragraphs} paragraphs · {numbers} numbers")
        print(f"  county paragraphs (generate)            {own * 1000:7.1f} ms")
        print(f"  full set (generate_county_set)          {full * 1000:7.1f} ms   target ≤ {TARGET * 1000:.0f} ms")
        print(f"    of which query (facts.gather)         {query * 1000:7.1f} ms")
        print(f"    of which composing text               {text * 1000:7.1f} ms")
        engine.dispose()
        return 0 if full <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
