"""Held-out audit ledgers, round 10 (tests/fixtures/ledgers_audit10): shapes rounds 1–9 did not have (headers written
指标/单位, header levels joined with dots, cards below a 560-line 记实 block, money in 元 shown in 万元 by a scaling
number format, townships across with the years inner, a cut-off date typed as eight digits, the header copied onto
the second printed page, 志愿服务 columns of other units, headers with their scope in brackets, two years' tables side
by side, an indicator's sheet with the years down, townships written with their county in front) and a refusal
(a scanned form pasted as a picture).

The expected .json beside each file was written by hand before the importer ran on it (see the folder's
README); the comparison is round 1's (tests/test_ledger_audit.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ledger_audit import audit_round, print_round

AUDIT10 = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit10"

test_audit10_ledgers_present, test_audit10_ledger_matches_hand_written_expectation = audit_round(AUDIT10, 13)

if __name__ == "__main__":
    print_round(AUDIT10)
