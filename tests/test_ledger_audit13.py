"""Held-out audit ledgers, round 13 (tests/fixtures/ledgers_audit13): shapes rounds 1–12 did not have (计划 | 完成
pairs, footnote marks after figures, a transposed 农经 收益分配 form with accounting negatives, villages indented
under their township in one column, blank separator columns, rate formulas cached and not, month-end headers over
stocks and a flow, year-on-year change columns, a 调解 monthly export with 统计月份 and 本年累计, a figure merged
across two townships, held/due fractions, a 纪检 table with 上年结转) and a refusal (a 整顿 register of villages).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's README); the
comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT13 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit13"

test_audit13_ledgers_present, test_audit13_ledger_matches_hand_written_expectation = audit_round(AUDIT13, 19)

if __name__ == "__main__":
    print_round(AUDIT13)
