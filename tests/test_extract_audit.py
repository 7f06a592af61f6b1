"""The generalisation audit set (tests/corpus_audit, built from audit.yaml): sixteen report excerpts in styles the
seeds and tests/corpus lack, labelled by hand before the extractor was tuned on them. Scored with the shared
scorer's key rules (tests/scoring.py, as shared/tools/score_extraction.py): per document, sets of
(indicator, value|"masked", target) plus the threshold of villages_income_above; micro-averaged. Guards against
regressions on unseen phrasing.
"""

from __future__ import annotations

from pathlib import Path

from tests.scoring import score_directory

AUDIT = Path(__file__).resolve().parent / "corpus_audit"
MIN_F1 = 0.95


def test_audit_set_is_complete() -> None:
    golds = sorted(AUDIT.glob("[0-9][0-9][0-9]_*.json"))
    assert len(golds) >= 12
    assert all(g.with_suffix(".txt").exists() for g in golds)


def test_audit_f1() -> None:
    s = score_directory(AUDIT, AUDIT)
    print(f"audit: {s.summary()}")
    assert s.f1 >= MIN_F1, s.misses
    assert s.township_ok >= 0.9 * s.docs and s.year_ok >= 0.9 * s.docs, s.summary()
