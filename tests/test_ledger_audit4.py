"""Held-out audit ledgers, round 4 (tests/fixtures/ledgers_audit4): shapes of rounds 1–3 combined as published
forms combine them (transposed with year groups, stacked tables with their own unit lines, forms printed in two
halves, villages under merged townships, subtotals between townships, years as sheet names, a units line, quarter
groups in .xls, county organs beside townships, full-width CSV, a long .xls with years across, a refusal).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's
README); the comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT4 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit4"

test_audit4_ledgers_present, test_audit4_ledger_matches_hand_written_expectation = audit_round(AUDIT4, 13)

if __name__ == "__main__":
    print_round(AUDIT4)
