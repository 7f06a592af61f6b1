"""Held-out audit ledgers, round 16 (tests/fixtures/ledgers_audit16): shapes rounds 1–15 did not have (a CSV of
`="…"` text formulas, cached formula errors and float noise, ranges Excel turned into dates, an import template's
example row, township names without 乡/镇, spaced out or numbered, ¥ amounts, a 20231231 date column, years in the
leaf headers, hidden zeros) and a refusal (a blank template returned).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's README); the
comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT16 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit16"

test_audit16_ledgers_present, test_audit16_ledger_matches_hand_written_expectation = audit_round(AUDIT16, 33)

if __name__ == "__main__":
    print_round(AUDIT16)
