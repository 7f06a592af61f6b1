"""Held-out audit ledgers, round 14 (tests/fixtures/ledgers_audit14): shapes rounds 1–13 did not have (a platform's
export of organisations with 党员数 | 正式党员 | 预备党员, a 组织关系转接 summary, a 网格 register a row per grid, years
typed as bare numbers under each indicator, region codes before township names in one cell, the unit only in the
title's brackets, the full-width ％ and negative zero, dates typed 2023/12/31, a semicolon CSV, three different
tables side by side, a notice paragraph above the table, years written 二〇二三 / 二○二二, 上半年 | 下半年 | 全年) and a
refusal (a 主题党日 register of events).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's README); the
comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT14 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit14"

test_audit14_ledgers_present, test_audit14_ledger_matches_hand_written_expectation = audit_round(AUDIT14, 31)

if __name__ == "__main__":
    print_round(AUDIT14)
