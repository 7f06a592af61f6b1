"""Ledger import benchmark: a 100,000-row ledger read, validated and imported into SQLite.

    python benchmarks/bench_ledger.py [--rows 100000] [--layout long|wide] [--keep] [--reimport]

Prints the seconds for the whole import (read + validate + load in one transaction), the ratio to
pandas.read_excel(engine="calamine") alone on the same file, and peak memory against the file size:
the Python heap peak (tracemalloc) and the process's resident-set growth (which also counts
native memory: the zip inflater, SQLite's page cache). Each measurement runs in a fresh process.
Budgets (issue 14): the long ledger within 3× pandas.read_excel(engine="calamine") on the same file, the
wide one within 8×; peak memory under 8× the file size. No thresholds are asserted here. CPU seconds are
printed beside the wall-clock ones: on a shared machine the CPU ratio is the steadier figure.

With TEST_DATABASE_URL set (postgresql+psycopg://postgres@127.0.0.1:5432/test) the import is measured into
PostgreSQL as well (a fresh schema, dropped afterwards) and printed beside SQLite; the CPU seconds there are
the importer's own, the server's work shows in the wall clock only.

--reimport also measures importing a second version of the ledger, every value changed, over the
first: each figure supersedes a stored one (audit event, headline recomputed).

Layouts: long (default) = 序号 | 乡镇 | 年份 | 指标名称 | 单位 | 数值 | 备注, one figure per row;
wide = 乡镇 | 年份 | 10 indicator columns, ten figures per row.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.access import SYSTEM  # noqa: E402


def townships(n: int) -> list[str]:
    """N distinct township-shaped names (甲1乡 …) built from a fixed syllable list."""
    syllables = "长东青白河石龙山川平安和兴福新城西南北高桥林田花"
    names = []
    for i in range(n):
        a, b = divmod(i, len(syllables))
        names.append(f"{syllables[a % len(syllables)]}{syllables[b]}{i}{'镇' if i % 3 else '乡'}")
    return names


def generate(path: Path, rows: int, layout: str, shift: int = 0) -> None:
    """Write the benchmark ledger with openpyxl's write-only mode (every value + SHIFT)."""
    from openpyxl import Workbook

    from store.catalog import ledger_series, load_catalog

    specs = [s for s in load_catalog() if s.kind != "percent"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(["各乡镇党建工作台账（基准测试）"])
    if layout == "long":
        years = list(range(2014, 2024))
        # one row per ledger series: an indicator counted over a threshold is named with it (集体经济收入10万元以上村数)
        series = [(name, s.unit) for s in specs for name, _threshold in ledger_series(s)]
        per_town = len(series) * len(years)
        towns = townships(rows // per_town + 1)
        ws.append(["序号", "乡镇", "年份", "指标名称", "单位", "数值", "备注"])
        for i in range(rows):
            town, rest = divmod(i, per_town)
            year, k = divmod(rest, len(series))
            name, unit = series[k]
            value = (i * 7919) % 5000 + 0.5 * (i % 2) + shift
            ws.append([i + 1, towns[town], years[year], name, unit, value, ""])
    else:
        chosen = specs[:10]
        years = list(range(2004, 2024))
        towns = townships(rows // len(years) + 1)
        ws.append(["乡镇", "年份", *(f"{s.name}（{s.unit}）" for s in chosen)])
        for i in range(rows):
            town, year = divmod(i, len(years))
            ws.append([towns[town], years[year], *((i * 31 + j * 7) % 900 + shift for j in range(len(chosen)))])
    wb.save(path)
    (path.with_suffix(".towns.json")).write_text(json.dumps(towns, ensure_ascii=False), encoding="utf-8")


def _status_mb(field: str) -> float | None:
    """A memory figure of this process from /proc/self/status (VmRSS, VmHWM) in MB; None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return None


def _rss_start() -> float:
    """The resident set now, with the peak reset to it (Linux: clear_refs 5), so the peak read after the import is
    the import's own; without that, the peak so far (the growth then shows 0 when setting up went higher)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        now = _status_mb("VmRSS")
        if now is not None:
            return now
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _rss_peak() -> float:
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def fresh_database(postgres_url: str | None) -> Iterator[str]:
    """A URL of an empty database: a new SQLite file, or a new schema on POSTGRES_URL (dropped after)."""
    if not postgres_url:
        yield f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
        return
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in postgres_url else "?"
        yield f"{postgres_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def measure_import(path: Path, trace: bool, first: Path | None = None, postgres: str | None = None) -> dict[str, float]:
    """Child process: import PATH into a fresh database (after FIRST, unmeasured, when given);
    seconds, heap peak and RSS growth."""
    with fresh_database(postgres) as url:
        return _measure_import(url, path, trace, first)


def _measure_import(url: str, path: Path, trace: bool, first: Path | None) -> dict[str, float]:
    import tracemalloc

    from etl.ledgers.importer import import_ledger
    from store.regions import add_region, ensure_chain
    from store.session import get_engine, session_factory

    engine = get_engine(url)
    towns = json.loads(path.with_suffix(".towns.json").read_text(encoding="utf-8"))
    with session_factory(engine)() as s, s.begin():
        county = ensure_chain(s, [("基准省", "province"), ("基准市", "city"), ("基准县", "county")])
        for name in towns:
            add_region(s, name, "township", county)
    if first is not None:
        import_ledger(engine, SYSTEM, first.read_bytes(), first.name, uploaded_by="bench")
    data = path.read_bytes()
    rss0 = _rss_start()
    if trace:
        tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    result = import_ledger(engine, SYSTEM, data, path.name, uploaded_by="bench")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if trace else 0.0
    engine.dispose()
    if result.errors:
        raise SystemExit(f"benchmark ledger has errors: {result.errors[:3]}")
    assert result.summary is not None
    return {
        "seconds": seconds,
        "cpu": cpu,
        "heap_peak_mb": peak,
        "rss_growth_mb": _rss_peak() - rss0,
        "observations": float(result.summary.new),
        "superseded": float(result.summary.superseded),
        "warnings": float(len(result.warnings)),
    }


def measure_pandas(path: Path) -> dict[str, float]:
    import pandas as pd

    t0, c0 = time.perf_counter(), time.process_time()
    frame = pd.read_excel(path, engine="calamine")
    return {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "rows": float(len(frame))}


def child(args: list[str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--layout", choices=["long", "wide"], default="long")
    p.add_argument("--keep", action="store_true", help="keep the generated ledger in benchmarks/.cache")
    p.add_argument("--reimport", action="store_true", help="also import a changed version over the first")
    p.add_argument("--child", choices=["generate", "import", "trace", "pandas"], help=argparse.SUPPRESS)
    p.add_argument("--path", help=argparse.SUPPRESS)
    p.add_argument("--first", help=argparse.SUPPRESS)
    p.add_argument("--shift", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--postgres", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        path = Path(args.path)
        if args.child == "generate":
            generate(path, args.rows, args.layout, args.shift)
            print(json.dumps({"ok": 1}))
        elif args.child == "pandas":
            print(json.dumps(measure_pandas(path)))
        else:
            first = Path(args.first) if args.first else None
            trace = args.child == "trace"
            print(json.dumps(measure_import(path, trace=trace, first=first, postgres=args.postgres)))
        return
    cache = ROOT / "benchmarks" / ".cache" if args.keep else Path(tempfile.mkdtemp())
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"ledger_{args.layout}_{args.rows}.xlsx"
    if not path.exists():
        child(["--child", "generate", "--path", str(path), "--rows", str(args.rows), "--layout", args.layout])
    size_mb = path.stat().st_size / 1024 / 1024
    pandas = child(["--child", "pandas", "--path", str(path)])
    budget = 3 if args.layout == "long" else 8
    print(f"ledger: {args.rows:,} rows ({args.layout}), {size_mb:.1f} MB")
    print(f"pandas.read_excel(engine='calamine') alone: {pandas['seconds']:.2f} s (CPU {pandas['cpu']:.2f} s)")
    for label, extra in databases():
        run = child(["--child", "import", "--path", str(path), *extra])
        traced = child(["--child", "trace", "--path", str(path), *extra])
        print(
            f"[{label}] import (read + validate + load): {run['seconds']:.2f} s (CPU {run['cpu']:.2f} s), "
            f"{int(run['observations']):,} figures   ratio {run['seconds'] / pandas['seconds']:.1f}x "
            f"(CPU {run['cpu'] / pandas['cpu']:.1f}x)   [budget {budget}x]"
        )
        _print_memory(label, traced, run, size_mb)
        if args.reimport:
            _reimport(label, extra, path, args, size_mb)
    if not args.keep:
        for f in path.parent.glob(path.stem + "*"):
            os.remove(f)


def databases() -> list[tuple[str, list[str]]]:
    """(label, child arguments) of each database measured: SQLite, and PostgreSQL when TEST_DATABASE_URL is set."""
    out: list[tuple[str, list[str]]] = [("SQLite", [])]
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        out.append(("PostgreSQL", ["--postgres", url]))
    return out


def _print_memory(label: str, traced: dict[str, float], run: dict[str, float], size_mb: float) -> None:
    print(
        f"[{label}] memory: Python heap peak {traced['heap_peak_mb']:.1f} MB = "
        f"{traced['heap_peak_mb'] / size_mb:.1f}x file; "
        f"RSS growth {run['rss_growth_mb']:.1f} MB = {run['rss_growth_mb'] / size_mb:.1f}x file   [budget < 8x]"
    )


def _reimport(label: str, extra: list[str], path: Path, args: argparse.Namespace, size_mb: float) -> None:
    """Import a version with every value changed over PATH: a million superseded figures for wide."""
    changed = path.with_name(path.stem + "_changed.xlsx")
    if not changed.exists():
        child(
            [
                "--child",
                "generate",
                "--path",
                str(changed),
                "--rows",
                str(args.rows),
                "--layout",
                args.layout,
                "--shift",
                "1",
            ]
        )
    run = child(["--child", "import", "--path", str(changed), "--first", str(path), *extra])
    traced = child(["--child", "trace", "--path", str(changed), "--first", str(path), *extra])
    print(
        f"[{label}] re-import with every value changed: {run['seconds']:.2f} s (CPU {run['cpu']:.2f} s), "
        f"{int(run['superseded']):,} superseded"
    )
    _print_memory(label, traced, run, size_mb)


if __name__ == "__main__":
    main()
