"""The OCR evidence of facts extracted from a scan: each fact gets an "ocr" entry (etl.reports.scanned.
fact_evidence) for its figure, and totals are cross-checked against their parts (其中 …) of the same document:
parts that add up to more than their total, or one part above it, make all of them 可疑."""

from __future__ import annotations

from typing import Any

from etl.reports.extract import Extraction
from etl.reports.ocr_layout import ScanText
from etl.reports.scan import Mention
from etl.reports.scanned import SUSPECT, fact_evidence

PART_KEYS = ("type", "level", "severity")
_SCALES = (1.0, 10_000.0, 0.0001, 1000.0, 0.001, 100.0, 0.01)


def figure_of(mentions: list[Mention], start: int, end: int, value: float | None) -> Mention | None:
    """The figure in cleaned [START, END) that carries VALUE (up to the unit's scale), else the first there."""
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    if value is not None:
        for scale in _SCALES:
            for m in inside:
                if m.value is not None and abs(m.value * scale - value) <= 1e-6 * max(1.0, abs(value)):
                    return m
    return inside[0] if inside else None


def annotate(ex: Extraction, scan: ScanText) -> None:
    """Add the OCR evidence to each fact of EX (read from SCAN's text), then cross-check totals and parts."""
    assert ex.clean is not None
    mentions = ex.mentions
    for fact, raw in zip(ex.facts, ex.raw, strict=True):
        m = figure_of(mentions, raw.start, raw.end, raw.value)
        figure = ex.clean.span(m.start, m.end) if m else None
        start, end = fact["span"]
        fact["ocr"] = fact_evidence(scan, start, end, figure)
    cross_check(ex.facts)


def cross_check(facts: list[dict[str, Any]]) -> None:
    """Mark as 可疑 the total and parts of one indicator-year whose parts exceed the total."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for f in facts:
        if f.get("value") is None or f.get("masked"):
            continue
        groups.setdefault((f["indicator"], f.get("year"), bool(f.get("target"))), []).append(f)
    for group in groups.values():
        totals = [f for f in group if not any(k in (f.get("attrs") or {}) for k in PART_KEYS)]
        parts = [f for f in group if f not in totals]
        if len(totals) != 1 or not parts:
            continue
        total = float(totals[0]["value"])
        by_kind: dict[str, float] = {}
        for p in parts:
            kind = next(k for k in PART_KEYS if k in p["attrs"])
            by_kind[kind] = by_kind.get(kind, 0.0) + float(p["value"])
        if any(v > total * 1.0001 for v in by_kind.values()):
            for f in [*totals, *parts]:
                _suspect(f, f"分项之和大于合计（{total:g}）")


def _suspect(fact: dict[str, Any], reason: str) -> None:
    info = fact.setdefault("ocr", {"reasons": []})
    if reason not in info.setdefault("reasons", []):
        info["reasons"].append(reason)
    info["review"] = SUSPECT
