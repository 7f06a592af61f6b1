"""The region summary: per region above township (county, city, province), indicator, variant (attrs_key),
target flag and year, the headline township figures of its subtree aggregated: sum, reporting townships
(count of values), townships with a row, masked, min and max.

Region pages of a province read thousands of townships; this table holds what they aggregate. Every writer
keeps it current in its own transaction: etl.load for each (indicator, year) a source touched, store.review
for the reviewed key, store.admin.reset_data clears it. `python -m etl rebuild-summary` recomputes it whole;
`summary_differences` compares it with a fresh aggregation (the test of the write paths, and --check).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from sqlalchemy import Row, delete, text
from sqlalchemy.orm import Session

from store.models import RegionSummary

COLUMNS = (
    "region_id, indicator_id, attrs_key, is_target, year, total, reporting, townships, masked, min_value, max_value"
)
KEY = ("region_id", "indicator_id", "attrs_key", "is_target", "year")
# Headline township observations joined to every region above them by materialised path (/1/5/17/ under /1/).
_AGGREGATE = """
    SELECT a.id, o.indicator_id, o.attrs_key, o.is_target, o.year,
           SUM(o.value), COUNT(o.value), COUNT(*), SUM(CASE WHEN o.masked THEN 1 ELSE 0 END),
           MIN(o.value), MAX(o.value)
    FROM observation o
    JOIN region t ON t.id = o.region_id AND t.level = 'township'
    JOIN region a ON a.level <> 'township' AND t.path LIKE a.path || :any
    WHERE o.is_headline {where}
    GROUP BY a.id, o.indicator_id, o.attrs_key, o.is_target, o.year"""
_PAIR = "AND o.indicator_id = :indicator_id AND o.year = :year"


def refresh_summary(session: Session, pairs: Iterable[tuple[int, int]]) -> None:
    """Recompute the summary rows of each (indicator_id, year) in PAIRS, for every region."""
    for indicator_id, year in sorted(set(pairs)):
        params = {"indicator_id": indicator_id, "year": year, "any": "%"}
        session.execute(
            delete(RegionSummary).where(RegionSummary.indicator_id == indicator_id, RegionSummary.year == year)
        )
        session.execute(text(f"INSERT INTO region_summary ({COLUMNS}) " + _AGGREGATE.format(where=_PAIR)), params)


def rebuild_summary(session: Session) -> int:
    """Recompute the whole table; returns its row count."""
    session.execute(delete(RegionSummary))
    session.execute(text(f"INSERT INTO region_summary ({COLUMNS}) " + _AGGREGATE.format(where="")), {"any": "%"})
    return int(session.execute(text("SELECT COUNT(*) FROM region_summary")).scalar_one())


def _rows(rows: Iterable[Row[tuple[object, ...]]]) -> dict[tuple[object, ...], tuple[object, ...]]:
    return {tuple(r[:5]): tuple(r[5:]) for r in rows}


def summary_differences(session: Session) -> list[str]:
    """Where the stored summary differs from a fresh aggregation (empty when they agree); sums compare with a
    relative tolerance, since SQL may add the same figures in another order."""
    stored = _rows(session.execute(text(f"SELECT {COLUMNS} FROM region_summary")).all())
    fresh = _rows(session.execute(text(_AGGREGATE.format(where="")), {"any": "%"}).all())
    out = [f"缺少汇总行 {k}" for k in fresh.keys() - stored.keys()]
    out += [f"多余汇总行 {k}" for k in stored.keys() - fresh.keys()]
    for k in fresh.keys() & stored.keys():
        if not all(_same(a, b) for a, b in zip(fresh[k], stored[k], strict=True)):
            out.append(f"汇总行 {k} 不一致：应为 {fresh[k]}，存的是 {stored[k]}")
    return sorted(out)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]
    return a == b
