"""Report ingest rate: `python -m etl ingest DIR` over N plain-text reports, SQLite and PostgreSQL.

    python benchmarks/bench_ingest.py [N] [URL ...]     # default 300 reports into a new SQLite file

The reports are the demo county's .txt reports with the township renamed per copy (青石镇 → 青石3镇 …), so
each copy is a new file with new keys in a new township (created on import), as a county's reports are.
Printed: files per second for the whole command (read, extract, store), and extraction alone (no database),
so the store's share can be told apart. Target (issue 16): ≥ 100 reports/s on SQLite, ≥ 50/s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import contextlib
import io
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


def ingest_rate(url: str, directory: Path, n: int) -> float:
    get_engine(url)  # migrate first: the schema is not what is timed
    args = argparse.Namespace(
        paths=[str(directory)], township=None, year=None, county="宁远县", no_create=False, user="bench",
        database_url=url,
    )  # fmt: skip
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = ingest_cmd.run(args)
    elapsed = time.perf_counter() - t0
    if code != 0:
        raise SystemExit(f"ingest failed on {url}:\n{out.getvalue()[-2000:]}")
    return n / elapsed


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 300
    with tempfile.TemporaryDirectory() as tmp:
        reports = Path(tmp) / "reports"
        reports.mkdir()
        files = write_reports(reports, n)
        t0 = time.perf_counter()
        for p in files:
            read_and_extract(p.name, p.read_bytes())
        extract_rate = n / (time.perf_counter() - t0)
        urls = argv[1:] or [f"sqlite:///{tmp}/ingest.db"]
        print(f"{n} reports; extraction alone {extract_rate:.0f}/s")
        for url in urls:
            rate = ingest_rate(url, reports, n)
            backend = url.split(":")[0].split("+")[0]
            print(f"{backend:<12} ingest {rate:6.1f} reports/s (target {'≥ 100' if backend == 'sqlite' else '≥ 50'}/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
