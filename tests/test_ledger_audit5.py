"""Held-out audit ledgers, round 5 (tests/fixtures/ledgers_audit5): shapes rounds 1–4 did not have (党统 增减 and
民主评议 tables, three header rows over categories, years as inner columns, one sheet per indicator, township forms
stacked on a sheet, a 项目 | 情况 form, 纪委 rows, a system CSV export with 统计年度, formula subtotals, one township's
villages) and refusals (villages without a township, a register of dated activities, uncached formulas).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's
README); the comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT5 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit5"

test_audit5_ledgers_present, test_audit5_ledger_matches_hand_written_expectation = audit_round(AUDIT5, 14)

if __name__ == "__main__":
    print_round(AUDIT5)
