"""Held-out audit ledgers, round 17 (tests/fixtures/ledgers_audit17): shapes rounds 1–16 did not have (a Strict Open
XML workbook, phonetic guides in shared strings, prefixed SpreadsheetML, amounts in 千元, a two-panel township form,
a GB18030 CSV, the 纪委's 四种形态 table, a 学习台账 of ✓ marks, 发展党员 stages as headers, 入格户数 beside 网格员
counts, a 公文 attachment with 续表, 本年 / 上年 rows).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's README); the
comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT17 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit17"

test_audit17_ledgers_present, test_audit17_ledger_matches_hand_written_expectation = audit_round(AUDIT17, 28)

if __name__ == "__main__":
    print_round(AUDIT17)
