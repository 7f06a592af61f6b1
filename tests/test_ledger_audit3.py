"""Held-out audit ledgers, round 3 (tests/fixtures/ledgers_audit3): years as column groups, 万 in cells, 填报说明
rows and sheets, three stacked tables, a form per township with years across, merged long blocks, zero and
no-figure tokens, groups that carry the unit (.xls), a UTF-8 CSV with text numbers.

The expected .json beside each file was written by hand before the importer ran on it (see the folder's
README); the comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT3 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit3"

test_audit3_ledgers_present, test_audit3_ledger_matches_hand_written_expectation = audit_round(AUDIT3, 10)

if __name__ == "__main__":
    print_round(AUDIT3)
