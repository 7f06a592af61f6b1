"""Report ingest rate: `python -m etl ingest DIR` over N plain-text reports, SQLite and PostgreSQL.

    python benchmarks/bench_ingest.py [N] [URL ...]     # default 300 reports into a new SQLite file

The reports are the demo county's .txt reports with the township renamed per copy (青石镇 → 青石3镇 …), so
each copy is a new file with new keys in a new township (created on import), as a county's reports are.
Printed: files per second for the whole command (read, extract, store), and extraction alone (no database),
so the store's share can be told apart; and the CPU time per report of this process (reading, storing: the
serial part) and of the extraction helpers, which do not depend on what else the shared machine runs.
Target (issue 16): ≥ 100 reports/s on SQLite, ≥ 50/s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.commands import ingest as ingest_cmd  # noqa: E402
from etl.demo.load import demo_contents  # noqa: E402
from etl.demo.values import DEFAULT_SEED  # noqa: E402
from etl.ingest import read_and_extract  # noqa: E402
from store.session import get_engine  # noqa: E402

PREFIX = "东西南北上中前后左右金银铜铁"


def write_reports(directory: Path, n: int) -> list[Path]:
    county, files = demo_contents(DEFAULT_SEED)
    names = [t.name for t in county.townships]
    texts = [
        (p, files[p].decode())
        for p in sorted(files)
        if p.startswith("reports/") and p.endswith(".txt") and any(n in files[p].decode()[:60] for n in names)
    ]  # the reports whose title names their township (a masked name needs --township)
    out = []
    for i in range(n):
        rel, text = texts[i % len(texts)]
        copy = i // len(texts)
        prefix = PREFIX[copy % len(PREFIX)] + PREFIX[copy // len(PREFIX) % len(PREFIX)]
        for name in names:
            text = text.replace(name, prefix + name)
        path = directory / f"{i:05d}_{Path(rel).name}"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def ingest_rate(url: str, directory: Path, n: int) -> tuple[float, float, float]:
    """Reports per second, and CPU ms per report in this process and in the extraction helpers."""
    get_engine(url)  # migrate first: the schema is not what is timed
    args = argparse.Namespace(
        paths=[str(directory)], township=None, year=None, county="宁远县", no_create=False, user="bench",
        database_url=url,
    )  # fmt: skip
    t0, c0 = time.perf_counter(), os.times()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = ingest_cmd.run(args)
    elapsed, c1 = time.perf_counter() - t0, os.times()
    if code != 0:
        raise SystemExit(f"ingest failed on {url}:\n{out.getvalue()[-2000:]}")
    own = c1.user + c1.system - c0.user - c0.system
    helpers = c1.children_user + c1.children_system - c0.children_user - c0.children_system
    return n / elapsed, own / n * 1000, helpers / n * 1000


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 300
    with tempfile.TemporaryDirectory() as tmp:
        reports = Path(tmp) / "reports"
        reports.mkdir()
        files = write_reports(reports, n)
        t0, c0 = time.perf_counter(), time.process_time()
        for p in files:
            read_and_extract(p.name, p.read_bytes())
        extract_rate = n / (time.perf_counter() - t0)
        extract_cpu = (time.process_time() - c0) / n * 1000
        urls = argv[1:] or [f"sqlite:///{tmp}/ingest.db"]
        print(f"{n} reports; extraction alone {extract_rate:.0f}/s ({extract_cpu:.1f} ms CPU per report)")
        for url in urls:
            rate, own, helpers = ingest_rate(url, reports, n)
            backend = url.split(":")[0].split("+")[0]
            print(
                f"{backend:<12} ingest {rate:6.1f} reports/s (target {'≥ 100' if backend == 'sqlite' else '≥ 50'}/s); "
                f"CPU per report {own:.1f} ms reading and storing + {helpers:.1f} ms in extraction helpers"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
