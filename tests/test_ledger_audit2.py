"""Held-out audit ledgers, round 2 (tests/fixtures/ledgers_audit2): report forms (栏次, 斜线表头, 填报日期),
transposed tables, number formats, zero tokens, forms per township, stacked tables, parts of the year, flow vs
stock, village rows, units in cells, ranges, a file with no figure.

The expected .json beside each file was written by hand before the importer ran on it (see the folder's
README); the comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT2 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit2"

test_audit2_ledgers_present, test_audit2_ledger_matches_hand_written_expectation = audit_round(AUDIT2, 16)

if __name__ == "__main__":
    print_round(AUDIT2)
