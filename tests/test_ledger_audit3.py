"""Held-out audit ledgers, round 3 (tests/fixtures/ledgers_audit3): years as column groups, 万 in cells, 填报说明
rows and sheets, three stacked tables, a form per township with years across, merged long blocks, zero and
no-figure tokens, groups that carry the unit (.xls), a UTF-8 CSV with text numbers.

The expected .json beside each file was written by hand before the importer ran on it (see the folder's
README); the comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ledger_audit import compare, ledger_files

AUDIT3 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit3"
FILES = ledger_files(AUDIT3)


def test_audit3_ledgers_present() -> None:
    assert len(FILES) == 10
    assert all((AUDIT3 / f"{f}.json").exists() for f in FILES)


@pytest.mark.parametrize("name", FILES)
def test_audit3_ledger_matches_hand_written_expectation(name: str) -> None:
    assert compare(name, AUDIT3) == []


if __name__ == "__main__":
    for f in FILES:
        diff = compare(f, AUDIT3)
        print(("OK   " if not diff else "FAIL ") + f)
        for d in diff:
            print("     ", d)
