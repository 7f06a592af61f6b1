"""Held-out audit ledgers, round 8 (tests/fixtures/ledgers_audit8): shapes rounds 1–7 did not have (流动党员 with group
labels repeated after unmerging, a 党费 summary by township, a row-sum 合计 column, qualified headers of 设岗定责,
quarters with a 合计, an Excel 表格 with a 汇总 row and year-formatted dates, a protected 填报 template with comments,
a 乡镇年报 form with 本年 | 上年, headers carrying a date span, a tab-separated .csv, a transposed form with a 栏次
column) and refusals (a 党费 roster of persons, a register of dispute cases).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's
README); the comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT8 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit8"

test_audit8_ledgers_present, test_audit8_ledger_matches_hand_written_expectation = audit_round(AUDIT8, 13)

if __name__ == "__main__":
    print_round(AUDIT8)
