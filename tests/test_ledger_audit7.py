"""Held-out audit ledgers, round 7 (tests/fixtures/ledgers_audit7): shapes rounds 1–6 did not have (an Excel pivot
pasted as values, a December 月报 with 本月 | 本年累计 | 上年同期累计, a system export with 统计用区划代码, a long
台账 dated by 统计截止日期, vertical headers and spaced names, 网格 levels with 万 in counts, 本年 | 上年 | 增减,
label：value cards, an .xls renamed .xlsx, a macro template with hidden list sheets, dated year groups) and refusals
(a 考核 score sheet, the county's own form).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's
README); the comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT7 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit7"

test_audit7_ledgers_present, test_audit7_ledger_matches_hand_written_expectation = audit_round(AUDIT7, 13)

if __name__ == "__main__":
    print_round(AUDIT7)
