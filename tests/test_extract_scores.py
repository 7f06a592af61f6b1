"""Extraction quality bars over whole labelled corpora: the seeds (F1 ≥ 0.95) and the demo county (≥ 0.98)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.demo.load import generate
from tests.scoring import score_directory

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("demo")).directory


def test_demo_county_reports_meet_the_bar(demo_files: Path) -> None:
    score = score_directory(demo_files / "reports", demo_files / "gold")
    assert score.docs >= 40
    assert score.f1 >= 0.98, score.misses[:20]
    assert score.township_ok / score.docs >= 0.95 and score.year_ok == score.docs


@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="shared/ (seeds and gold) is not beside this checkout")
def test_seed_reports_meet_the_bar() -> None:
    score = score_directory(SHARED / "seeds", SHARED / "gold")
    assert score.docs == 5
    assert score.f1 >= 0.95, score.misses
    assert score.township_ok == score.year_ok == score.docs
