"""Held-out audit ledgers, round 18 (tests/fixtures/ledgers_audit18): shapes rounds 1–17 did not have (a 党组织换届
table, a 党费收缴 ledger to refuse, the 村（社区）“两委” structure table, a 流动党员 group with a 小计 column, a
training register with 经费 in 元, a 三会一课 table, 集体经济收入 split 经营性 / 非经营性 in 元, a WPS-saved 网格 table,
a December 矛盾纠纷 return with 本月 | 1-12月累计 | 上年同期, an assessment summary beside base figures, a protected
sheet with hidden columns) and round 17's leftovers (`数量` under township headings, a date in the title's row, an
ambiguous short township name, an example row naming a real township).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's README); the
comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT18 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit18"

test_audit18_ledgers_present, test_audit18_ledger_matches_hand_written_expectation = audit_round(
    AUDIT18, 18, frozenset({"short_name_before_full.xlsx"})
)

if __name__ == "__main__":
    print_round(AUDIT18)
