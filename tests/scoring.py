"""Scoring of extraction output against gold, with the key rules of shared/spec/extraction.md."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etl.reports.extract import extract_text
from etl.reports.readers import read_document

# Keys the project added to the 32 core keys of shared/spec/core_indicators.csv (issue #18). The real and audit
# corpora label core keys only, as the shared scorer scores them by default; tests/corpus_real/koujing_dev labels these.
ADDED_KEYS = frozenset(
    {
        "party_members_transferred_in",
        "party_members_transferred_out",
        "party_members_expelled",
        "party_members_deceased",
        "party_orgs_total",
        "party_members_probationary_confirmed",
        "party_members_female",
        "party_members_minority",
        "party_members_college",
        "party_members_age35_under",
        "party_members_age61_over",
        "party_members_outflow",
        "party_members_inflow",
        "party_members_lost_contact",
        "democratic_review_participants",
        "democratic_review_excellent",
        "democratic_review_unqualified",
        "secretaries_college_rate",
        "secretaries_age35_under_rate",
        "three_meetings_rate",
        "theme_party_day_rate",
    }
)


def fact_key(f: dict[str, Any]) -> tuple:
    """(indicator, value | "masked", target[, threshold]) — a figure repeated in one report is one key."""
    value: Any = "masked" if f.get("masked") else (None if f.get("value") is None else round(float(f["value"]), 4))
    key: tuple = (f["indicator"], value, bool(f.get("target", False)))
    if f["indicator"] == "villages_income_above":
        t = (f.get("attrs") or {}).get("threshold")
        key += (None if t is None else round(float(t), 4),)
    return key


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    docs: int = 0
    township_ok: int = 0
    year_ok: int = 0
    misses: list[str] | None = None

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def __add__(self, other: Score) -> Score:
        """Micro-averaged over both sets of documents."""
        return Score(
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.docs + other.docs,
            self.township_ok + other.township_ok,
            self.year_ok + other.year_ok,
            (self.misses or []) + (other.misses or []),
        )

    def summary(self) -> str:
        return (
            f"docs={self.docs} precision={self.precision:.3f} recall={self.recall:.3f} f1={self.f1:.3f} "
            f"township_acc={self.township_ok / max(self.docs, 1):.3f} year_acc={self.year_ok / max(self.docs, 1):.3f}"
        )


def score_directory(docs: Path, gold: Path, *, added: bool = False) -> Score:
    """Extract every DOCS/<stem>.txt that has a GOLD/<stem>.json and score it (micro-averaged). Only the core keys
    are scored unless ADDED (the gold labels the project-added keys too)."""
    score = Score(misses=[])
    for g in sorted(gold.glob("*.json")):
        doc = docs / f"{g.stem}.txt"
        if not doc.exists():
            continue
        want = json.loads(g.read_text(encoding="utf-8"))
        got = extract_text(read_document(doc.name, doc.read_bytes()), doc.name)
        kept = [f for f in got["facts"] if added or f["indicator"] not in ADDED_KEYS]
        wk, gk = {fact_key(f) for f in want["facts"]}, {fact_key(f) for f in kept}
        score.tp, score.fp, score.fn = score.tp + len(wk & gk), score.fp + len(gk - wk), score.fn + len(wk - gk)
        score.docs += 1
        score.township_ok += got["township"] == want["township"]
        score.year_ok += got["year"] == want["year"]
        assert score.misses is not None
        score.misses += [f"{g.stem} missed {k}" for k in wk - gk] + [f"{g.stem} spurious {k}" for k in gk - wk]
    return score
