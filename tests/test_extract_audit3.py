"""Audit round 3 (tests/corpus_audit3): fourteen full-length reports (1,500–4,000 characters) from
provinces, years and genres the other sets lack (广东/浙江 街道, 四川/云南 民族乡, 甘肃/陕西/湖南 镇,
东北 镇, 江苏 镇; 述职述廉, 半年总结, 工作要点), written and labelled by hand before the extractor was
run on them; heldout/ holds the four that were scored only after the fixes for the other ten.
Same key rules as shared/tools/score_extraction.py (tests/scoring.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.scoring import score_directory

AUDIT3 = Path(__file__).resolve().parent / "corpus_audit3"
HELDOUT = AUDIT3 / "heldout"
MIN_F1 = 0.95


def test_audit3_set_is_complete() -> None:
    for d, n in ((AUDIT3, 10), (HELDOUT, 4)):
        golds = sorted(d.glob("[0-9][0-9][0-9]_*.json"))
        assert len(golds) == n
        for g in golds:
            assert 1500 <= len(g.with_suffix(".txt").read_text(encoding="utf-8")) <= 4000


def test_audit3_f1_township_and_year() -> None:
    s = score_directory(AUDIT3, AUDIT3) + score_directory(HELDOUT, HELDOUT)
    print(f"audit3: {s.summary()}")
    assert s.docs == 14
    assert s.f1 >= MIN_F1, s.misses
    assert s.township_ok == s.docs and s.year_ok == s.docs, s.summary()
