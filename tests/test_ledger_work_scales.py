"""A ledger imported over a store that already holds many figures of the same keys does work in proportion to the
ledger, not to ledger × store: SQLite's virtual-machine steps (a count, not a time) for twice the rows stay near twice.
Without an index on the staged keys, each stored figure scanned the whole stage (100,000 rows over a million stored
figures never finished)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import event

from etl.ledgers.importer import import_ledger
from store.access import SYSTEM
from store.regions import add_region, ensure_chain
from store.session import make_engine, session_factory, upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_ledger import generate  # noqa: E402


def _steps_of_long_over_wide(tmp: Path, rows: int) -> int:
    """SQLite VM steps (in thousands) of importing the long bench ledger of ROWS over the wide one of ROWS."""
    wide, long = tmp / f"wide{rows}.xlsx", tmp / f"long{rows}.xlsx"
    generate(wide, rows, "wide")
    generate(long, rows, "long")
    towns = {
        *json.loads(wide.with_suffix(".towns.json").read_text()),
        *json.loads(long.with_suffix(".towns.json").read_text()),
    }
    engine = make_engine(f"sqlite:///{tmp / f'store{rows}.db'}")
    upgrade(engine)
    with session_factory(engine)() as s, s.begin():
        county = ensure_chain(s, [("测试省", "province"), ("测试市", "city"), ("测试县", "county")])
        for name in sorted(towns):
            add_region(s, name, "township", county)
    import_ledger(engine, SYSTEM, wide.read_bytes(), wide.name, uploaded_by="test")
    engine.dispose()  # the connections opened from here on count their steps
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    event.listen(engine, "connect", lambda conn, _record: conn.set_progress_handler(count, 1000))
    result = import_ledger(engine, SYSTEM, long.read_bytes(), long.name, uploaded_by="test")
    engine.dispose()
    assert not result.errors and result.summary is not None and result.summary.new == rows
    return steps[0]


def test_a_ledger_over_a_full_store_does_work_in_proportion_to_the_ledger(tmp_path: Path) -> None:
    small, large = _steps_of_long_over_wide(tmp_path, 600), _steps_of_long_over_wide(tmp_path, 1200)
    assert large < 2.6 * small, (small, large)
