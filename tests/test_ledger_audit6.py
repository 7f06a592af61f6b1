"""Held-out audit ledgers, round 6 (tests/fixtures/ledgers_audit6): shapes rounds 1–5 did not have (a header merged
three deep with 合计 first, a sheet a month with a 全年 sheet, villages under township heading rows, two townships'
forms side by side, 注 rows between data rows with full-width numbers and units in cells, a 党统 .xls with a 填报说明
block, 三会一课 应开 / 实开, a 党组织 export of committees and their branches, a county task 台账 with names and
telephones, inline-string .xlsx, 纪检 四种形态) and refusals (a 学年, a roster of members).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's
README); the comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT6 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit6"

test_audit6_ledgers_present, test_audit6_ledger_matches_hand_written_expectation = audit_round(AUDIT6, 13)

if __name__ == "__main__":
    print_round(AUDIT6)
