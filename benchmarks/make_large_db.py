"""Generate a large synthetic database for the dashboard benchmarks.

    python benchmarks/make_large_db.py [URL] [--townships 2000] [--counties 100] [--years 10] [--replace]

Default: 2,000 townships in 100 counties (10 cities, 1 province) × 10 years × every catalog indicator
(32) ≈ 640,000 headline observations, plus ~1% report/ledger conflicts and plan targets for one
indicator. Rows are bulk-inserted (Core executemany on SQLite, COPY on PostgreSQL) with is_headline
and conflict set directly: running store.resolve over 640k rows would take minutes and is not what
is being measured.
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

from sqlalchemy import Engine, delete, func, insert, select, text  # noqa: E402

from store.catalog import sync_catalog  # noqa: E402
from store.models import AuditEvent, Indicator, Observation, Region, Source  # noqa: E402
from store.session import get_engine, session_factory  # noqa: E402

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
    while True:
        name = "".join(rng.sample(SYLLABLES, 2)) + suffix
        if name not in used:
            used.add(name)
            return name


def build_regions(n_townships: int, n_counties: int, rng: random.Random, first_id: int) -> list[dict]:
    """Province → 10 cities → counties → townships, ids assigned here so paths need no round trip."""
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

    province = add("云岭省", "province", None)
    n_cities = max(1, min(10, n_counties))
    cities = [add(f"{_name(rng, set(), '')}{i + 1}市", "city", province) for i in range(n_cities)]
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
) -> list[dict]:
    """Headline rows for every township × indicator × year, with gaps, masks, conflicts and targets."""
    now = datetime(2026, 1, 1)
    rows: list[dict] = []
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
                rows.append(row)
                if 0.05 <= r < 0.06:  # a report that disagrees with the ledger
                    row["conflict"] = True
                    rows.append(
                        dict(
                            row,
                            value=round(value * 1.1, 1),
                            is_headline=False,
                            locator=f"span:{year}",
                            evidence=f"{t['name']}{year}年报告：数值{round(value * 1.1, 1)}",
                        )
                    )
                if key == "party_members_new":
                    rows.append(
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
    return rows


def _copy_pg(engine: Engine, rows: list[dict]) -> None:
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


def generate(
    url: str,
    n_townships: int = 2000,
    n_counties: int = 100,
    n_years: int = 10,
    seed: int = 7,
    replace: bool = False,
    quiet: bool = False,
) -> dict[str, float]:
    """Fill the database at URL; returns counts and seconds. Refuses a database with data unless replace."""
    rng = random.Random(seed)
    engine = get_engine(url)
    t0 = time.perf_counter()
    with session_factory(engine)() as s, s.begin():
        if s.scalar(select(func.count(Observation.id))):
            if not replace:
                raise SystemExit(f"{url} 中已有数据；加 --replace 清空后重新生成")
            for table in (Observation, Source, AuditEvent):
                s.execute(delete(table))
            s.execute(Region.__table__.update().values(parent_id=None))
            s.execute(delete(Region))
        sync_catalog(s)
        first_id = (s.scalar(select(func.max(Region.id))) or 0) + 1
        regions = build_regions(n_townships, n_counties, rng, first_id)
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
    rows = observation_rows(townships, indicators, sources, years, rng)
    t1 = time.perf_counter()
    if engine.dialect.name == "postgresql":
        _copy_pg(engine, rows)
    else:
        with engine.begin() as conn:
            for i in range(0, len(rows), 50_000):
                conn.execute(insert(Observation), rows[i : i + 50_000])
    t2 = time.perf_counter()
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    stats = {
        "townships": len(townships),
        "indicators": len(indicators),
        "years": n_years,
        "observations": len(rows),
        "headline": sum(r["is_headline"] for r in rows),
        "generate_s": t1 - t0,
        "insert_s": t2 - t1,
        "analyze_s": time.perf_counter() - t2,
    }
    if not quiet:
        print(
            f"{url}: {stats['townships']} 乡镇 × {stats['indicators']} 指标 × {n_years} 年 → "
            f"{stats['observations']:,} 条观测（headline {stats['headline']:,}）；"
            f"生成 {stats['generate_s']:.1f}s，写入 {stats['insert_s']:.1f}s，ANALYZE {stats['analyze_s']:.1f}s"
        )
    return stats


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("url", nargs="?", default=DEFAULT_URL, help="数据库 URL（默认 benchmarks/out/large.db）")
    p.add_argument("--townships", type=int, default=2000)
    p.add_argument("--counties", type=int, default=100)
    p.add_argument("--years", type=int, default=10)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--replace", action="store_true", help="先清空已有数据")
    args = p.parse_args(argv)
    if args.url.startswith("sqlite:///"):
        Path(args.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    generate(args.url, args.townships, args.counties, args.years, args.seed, args.replace)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
