"""Peak memory and time of the hostile corpus (tests/hostile/make_corpus.py) through the real importers.

    python benchmarks/bench_hostile.py [URL]      # default: a temporary SQLite database

Each case runs in one process, one after the other; the process's peak resident memory (ru_maxrss) is printed
after each, with the case's outcome. Target: peak ≤ 1 GB over the whole corpus.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.ingest import IngestError, ingest_bytes  # noqa: E402
from etl.ledgers.importer import LedgerOptions, import_ledger  # noqa: E402
from etl.textsafe import display_name  # noqa: E402
from store.access import SYSTEM  # noqa: E402
from store.regions import add_region, ensure_chain  # noqa: E402
from store.session import get_engine, transaction  # noqa: E402
from tests.hostile.make_corpus import CASES  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(url: str | None) -> None:
    url = url or f"sqlite:///{tempfile.mkdtemp(prefix='hostile-')}/bench.db"
    engine = get_engine(url)
    with transaction(engine) as s:
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        for name in ("青石镇", "白沙乡"):
            add_region(s, name, "township", county)
    print(f"start: peak {_peak_mb():.0f} MB ({engine.dialect.name})")
    print(f"{'case':<28}{'outcome':<10}{'s':>7}{'peak MB':>9}")
    total = time.perf_counter()
    for i, case in enumerate(CASES):
        data = case.build()
        t0 = time.perf_counter()
        if case.kind == "report":
            try:
                with transaction(engine) as s:
                    ingest_bytes(s, SYSTEM, f"{i}_{case.name}", data, township="青石镇", year=2023, county="宁远县")
                outcome = "stored"
            except IngestError:
                outcome = "refused"
        else:
            result = import_ledger(
                engine, SYSTEM, data, case.name, LedgerOptions(create_townships=True, county="宁远县")
            )
            outcome = "refused" if result.errors else ("warning" if result.warnings else "stored")
        del data
        seconds, name = time.perf_counter() - t0, display_name(case.name)[:24]
        print(f"{i:02d} {name:<25}{outcome:<10}{seconds:>7.2f}{_peak_mb():>9.0f}", flush=True)
    print(
        f"whole corpus: {time.perf_counter() - total:.1f} s, peak resident memory {_peak_mb():.0f} MB (target ≤ 1024)"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
