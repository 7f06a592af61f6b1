"""Held-out audit ledgers, round 15 (tests/fixtures/ledgers_audit15): shapes rounds 1–14 did not have (township
blocks of one template pasted one under another, a 小计 label merged above its villages, 序号 restarting per
township with 小计 below, numbers stored as text with no-break, narrow and zero-width spaces, 数值 | 单位 column
pairs, period cells 2023.1-12 / 2023年1-12月 / 2023.01-2023.12 in a long table, a `乡镇名称（盖章）` column beside
signatures and per-row dates, header cells merged over rows and columns at once, a grid platform's region path,
a platform export's 统计时间 / 导出时间 lines) and a refusal (a 网格员 roster).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's README); the
comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT15 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit15"

test_audit15_ledgers_present, test_audit15_ledger_matches_hand_written_expectation = audit_round(AUDIT15, 16)

if __name__ == "__main__":
    print_round(AUDIT15)
