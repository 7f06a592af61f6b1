"""Held-out audit ledgers, round 12 (tests/fixtures/ledgers_audit12): shapes rounds 1–11 did not have (two years over
the same indicators, a fourth-quarter report with 本季 | 累计, a township's 年报 with 上年同期, a 合计 row first with
text percentages, 约 / 余 and text dates, frozen panes and hidden columns, a GBK .csv 党费 summary, a 换届 form in .xls,
village rows under township names merged down in .xls, a long BOM .csv with text dates) and a refusal (a ledger of
persons).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's README); the
comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT12 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit12"

test_audit12_ledgers_present, test_audit12_ledger_matches_hand_written_expectation = audit_round(AUDIT12, 16)

if __name__ == "__main__":
    print_round(AUDIT12)
