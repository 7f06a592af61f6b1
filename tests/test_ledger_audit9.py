"""Held-out audit ledgers, round 9 (tests/fixtures/ledgers_audit9): shapes rounds 1–8 did not have (stocks at two dates
of one year, 指标：数值 cards below row 40, year-formatted date cells over a header's columns, pandas' three-level
header, a 汇总 sheet before a sheet a month, townships merged down their year rows with 合计 before the quarters, a
WPS-saved workbook with cell pictures and full-width text numbers, numbered 填报说明 notes below the table, a chart
sheet first, Excel's 分类汇总 output, a ranked 村级集体经济 table, a 网格化 sheet per township) and a refusal
(a 党员花名册).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's
README); the comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT9 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit9"

test_audit9_ledgers_present, test_audit9_ledger_matches_hand_written_expectation = audit_round(AUDIT9, 13)

if __name__ == "__main__":
    print_round(AUDIT9)
