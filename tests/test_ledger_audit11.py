"""Held-out audit ledgers, round 11 (tests/fixtures/ledgers_audit11): shapes rounds 1–10 did not have (bilingual
统计年鉴 headers with `#` for 其中, a transposed yearbook table with a `△` group of townships, one township's yearly
series, 农经 income bands, age bands, mediations taken up vs resolved, groups centred across columns, figures
followed by their parts in brackets, training by level over 期数 | 人次, flows of stock indicators, a count row and
a share row per township, an import template with a notes row) and a refusal (a report of January to July).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's
README); the comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT11 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit11"

test_audit11_ledgers_present, test_audit11_ledger_matches_hand_written_expectation = audit_round(AUDIT11, 13)

if __name__ == "__main__":
    print_round(AUDIT11)
