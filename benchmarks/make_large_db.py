"""Generate a large synthetic database for the dashboard benchmarks.

    python benchmarks/make_large_db.py [URL] [--townships 2000] [--counties 100] [--years 10] [--provinces 1]
                                       [--replace]

Default: 2,000 townships in 100 counties (10 cities, 1 province) × 10 years × every catalog indicator
(32) ≈ 640,000 headline observations, plus ~1% report/ledger conflicts and plan targets for one
indicator. Rows are bulk-inserted (Core executemany on SQLite, COPY on PostgreSQL) with is_headline
and conflict set directly: running store.resolve over 640k rows would take minutes and is not what
is being measured; the region summary is then built once (rebuild-summary). Rows are generated as they are
written, so a national database (--provinces 31 --counties 2800 --townships 40000) does not need its
observations in memory.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collections.abc import Iterable, Iterator  # noqa: E402
from itertools import islice  # noqa: E402

from sqlalchemy import Engine, delete, func, insert, select, text  # noqa: E402

from store.catalog import sync_catalog  # noqa: E402
from store.models import AuditEvent, Indicator, Observation, Region, Source  # noqa: E402
from store.session import get_engine, session_factory  # noqa: E402
from store.summary import clear_summary, rebuild_summary  # noqa: E402

DEFAULT_URL = f"sqlite:///{ROOT / 'benchmarks' / 'out' / 'large.db'}"
SYLLABLES = "青白红黄金银石水山河湖林松竹梅兰桃李杨柳龙凤云霞东西南北安平和兴隆盛丰泰宁康福寿永长新"
FIRST_YEAR = 2015
# Rough township-level magnitudes per unit, so the charts look plausible.
SCALE = {
    "人": 300,
    "个": 20,
    "次": 30,
    "期": 10,
    "人次": 1500,
    "%": 85,
    "万元": 400,
    "元": 15000,
    "户": 3000,
    "件": 40,
    "场次": 60,
}
OBS_COLUMNS = [
    "region_id",
    "indicator_id",
    "year",
    "value",
    "masked",
    "qualifier",
    "attrs",
    "attrs_key",
    "is_target",
    "source_id",
    "locator",
    "evidence",
    "span_start",
    "span_end",
    "status",
    "is_headline",
    "conflict",
    "confirmed_by",
    "created_at",
    "updated_at",
]


def _name(rng: random.Random, used: set[str], suffix: str) -> str:
    """A two-syllable name not in USED; once those run short (2,450 pairs, fewer than a nation's counties)
    a number tells them apart, so a national build never loops forever looking for a free name."""
    for attempt in range(100_000):
        name = "".join(rng.sample(SYLLABLES, 2)) + (str(attempt // 20) if attempt >= 20 else "") + suffix
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("no free name")


def build_regions(
    n_townships: int, n_counties: int, rng: random.Random, first_id: int, n_provinces: int = 1
) -> list[dict]:
    """Provinces → 10 cities each → counties → townships, ids assigned here so paths need no round trip."""
    rows: list[dict] = []
    next_id = first_id

    def add(name: str, level: str, parent: dict | None, population: int | None = None) -> dict:
        nonlocal next_id
        row = {
            "id": next_id,
            "name": name,
            "level": level,
            "parent_id": parent["id"] if parent else None,
            "path": f"{parent['path'] if parent else '/'}{next_id}/",
            "aliases": [],
            "population": population,
        }
        next_id += 1
        rows.append(row)
        return row

    names: set[str] = set()
    provinces = [add("云岭省", "province", None)]
    provinces += [add(_name(rng, names, "省"), "province", None) for _ in range(n_provinces - 1)]
    n_cities = max(1, min(10 * n_provinces, n_counties))
    cities = [add(f"{_name(rng, set(), '')}{i + 1}市", "city", provinces[i % n_provinces]) for i in range(n_cities)]
    used: set[str] = set()
    counties = [add(_name(rng, used, "县"), "county", cities[i % n_cities]) for i in range(n_counties)]
    for i in range(n_townships):
        county = counties[i % n_counties]
        add(
            _name(rng, set(), "镇" if i % 3 else "乡") + f"{i // n_counties + 1}",
            "township",
            county,
            population=rng.randint(8000, 60000),
        )
    return rows


def observation_rows(
    townships: list[dict],
    indicators: list[tuple[int, str, str]],
    sources: dict[int, int],
    years: range,
    rng: random.Random,
) -> Iterator[dict]:
    """Headline rows for every township × indicator × year, with gaps, masks, conflicts and targets, made as
    they are written (a national database does not fit in memory as a list)."""
    now = datetime(2026, 1, 1)
    base = {
        "qualifier": "exact",
        "attrs": {},
        "attrs_key": "",
        "is_target": False,
        "evidence": None,
        "span_start": None,
        "span_end": None,
        "status": "extracted",
        "is_headline": True,
        "conflict": False,
        "confirmed_by": None,
        "created_at": now,
        "updated_at": now,
    }
    for t in townships:
        size = t["population"] / 30000
        source_id = sources[t["parent_id"]]
        for ind_id, key, unit in indicators:
            level = SCALE.get(unit, 50) * (1 if unit in ("%", "元") else size) * rng.uniform(0.6, 1.4)
            for year in years:
                r = rng.random()
                if r < 0.01:  # not reported
                    continue
                value = round(level * (1 + 0.04 * (year - years.start)) * rng.uniform(0.9, 1.1), 1)
                if unit == "%":
                    value = min(value, 100.0)
                masked = r < 0.03
                row = dict(
                    base,
                    region_id=t["id"],
                    indicator_id=ind_id,
                    year=year,
                    source_id=source_id,
                    value=None if masked else value,
                    masked=masked,
                    locator=f"{key}!{year}",
                    qualifier="over" if 0.03 <= r < 0.05 else "exact",
                )
                if 0.05 <= r < 0.06:  # a report that disagrees with the ledger
                    row["conflict"] = True
                    yield row
                    yield (
                        dict(
                            row,
                            value=round(value * 1.1, 1),
                            is_headline=False,
                            locator=f"span:{year}",
                            evidence=f"{t['name']}{year}年报告：数值{round(value * 1.1, 1)}",
                        )
                    )
                else:
                    yield row
                if key == "party_members_new":
                    yield (
                        dict(
                            base,
                            region_id=t["id"],
                            indicator_id=ind_id,
                            year=year,
                            source_id=source_id,
                            value=round(value * 1.05),
                            masked=False,
                            is_target=True,
                            locator=f"plan!{year}",
                        )
                    )


class _Counted:
    """Rows passing through, counted (all, headline)."""

    def __init__(self, rows: Iterable[dict]) -> None:
        self.rows, self.n, self.headline = iter(rows), 0, 0

    def __iter__(self) -> Iterator[dict]:
        for row in self.rows:
            self.n += 1
            self.headline += bool(row["is_headline"])
            yield row


def _copy_pg(engine: Engine, rows: Iterable[dict]) -> None:
    import json

    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        with cur.copy(f"COPY observation ({', '.join(OBS_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c]) if c == "attrs" else row[c] for c in OBS_COLUMNS])
        raw.commit()
    finally:
        raw.close()


def _insert_sqlite(engine: Engine, rows: Iterable[dict]) -> None:
    it = iter(rows)
    with engine.begin() as conn:
        while batch := list(islice(it, 50_000)):
            conn.execute(insert(Observation), batch)


def generate(
    url: str,
    n_townships: int = 2000,
    n_counties: int = 100,
    n_years: int = 10,
    seed: int = 7,
    replace: bool = False,
    quiet: bool = False,
    n_provinces: int = 1,
) -> dict[str, float]:
    """Fill the database at URL; returns counts and seconds. Refuses a database with data unless replace."""
    rng = random.Random(seed)
    engine = get_engine(url)
    t0 = time.perf_counter()
    with session_factory(engine)() as s, s.begin():
        if s.scalar(select(func.count(Observation.id))):
            if not replace:
                raise SystemExit(f"{url} 中已有数据；加 --replace 清空后重新生成")
            clear_summary(s)
            for table in (Observation, Source, AuditEvent):
                s.execute(delete(table))
            s.execute(Region.__table__.update().values(parent_id=None))
            s.execute(delete(Region))
        sync_catalog(s)
        first_id = (s.scalar(select(func.max(Region.id))) or 0) + 1
        regions = build_regions(n_townships, n_counties, rng, first_id, n_provinces)
        s.execute(insert(Region), regions)
        if engine.dialect.name == "postgresql":  # ids were given explicitly: move the sequence past them
            s.execute(text("SELECT setval(pg_get_serial_sequence('region', 'id'), (SELECT max(id) FROM region))"))
        counties = [r for r in regions if r["level"] == "county"]
        src_rows = [
            {
                "kind": "demo",
                "filename": f"{c['name']}台账.xlsx",
                "sha256": f"bench-{seed}-{c['id']}",
                "size": 0,
                "region_id": c["id"],
                "uploaded_at": datetime(2026, 1, 1),
                "meta": {"bench": True},
                "text": None,
            }
            for c in counties
        ]
        s.execute(insert(Source), src_rows)
        by_county = select(Source.region_id, Source.id).where(Source.sha256.like(f"bench-{seed}-%"))
        sources: dict[int, int] = {row[0]: row[1] for row in s.execute(by_county)}
        indicators = [(i.id, i.key, i.unit) for i in s.scalars(select(Indicator).order_by(Indicator.sort_order))]
    townships = [r for r in regions if r["level"] == "township"]
    years = range(FIRST_YEAR, FIRST_YEAR + n_years)
    rows = _Counted(observation_rows(townships, indicators, sources, years, rng))
    t1 = time.perf_counter()
    if engine.dialect.name == "postgresql":
        _copy_pg(engine, rows)
    else:
        _insert_sqlite(engine, rows)
    t2 = time.perf_counter()
    # The rows went in around the write path: the region pages' summary is built once, as rebuild-summary does.
    with session_factory(engine)() as s, s.begin():
        rebuild_summary(s)
    t3 = time.perf_counter()
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    stats = {
        "townships": len(townships),
        "counties": len(counties),
        "indicators": len(indicators),
        "years": n_years,
        "observations": rows.n,
        "headline": rows.headline,
        "generate_s": t1 - t0,
        "insert_s": t2 - t1,
        "summary_s": t3 - t2,
        "analyze_s": time.perf_counter() - t3,
    }
    if not quiet:
        print(
            f"{url}: {stats['townships']} 乡镇（{len(counties)} 个县）× {stats['indicators']} 指标 × {n_years} 年 → "
            f"{stats['observations']:,} 条观测（headline {stats['headline']:,}）；"
            f"区域准备 {stats['generate_s']:.1f}s，生成并写入 {stats['insert_s']:.1f}s，"
            f"汇总表 {stats['summary_s']:.1f}s，ANALYZE {stats['analyze_s']:.1f}s"
        )
    return stats


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("url", nargs="?", default=DEFAULT_URL, help="数据库 URL（默认 benchmarks/out/large.db）")
    p.add_argument("--townships", type=int, default=2000)
    p.add_argument("--counties", type=int, default=100)
    p.add_argument("--years", type=int, default=10)
    p.add_argument("--provinces", type=int, default=1, help="全国库：31 个省、2,800 个县以上")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--replace", action="store_true", help="先清空已有数据")
    args = p.parse_args(argv)
    if args.url.startswith("sqlite:///"):
        Path(args.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    generate(args.url, args.townships, args.counties, args.years, args.seed, args.replace, n_provinces=args.provinces)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
