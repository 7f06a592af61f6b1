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

from sqlalchemy import Row, delete, select, text
from sqlalchemy.orm import Session

from store.models import Region, RegionSummary
from store.resolve import TempTables

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


# Pairs few enough to be found through the headline index; more are read in one pass over the table.
INDEXED_PAIRS = 32
# Stage 1: the headline township figures of the pairs in summary_pairs, per direct parent of the township.
_BY_PARENT = """
    SELECT t.parent_id AS region_id, o.indicator_id, o.attrs_key, o.is_target, o.year,
           SUM(o.value) AS total, COUNT(o.value) AS reporting, COUNT(*) AS townships,
           SUM(CASE WHEN o.masked THEN 1 ELSE 0 END) AS masked, MIN(o.value) AS min_value, MAX(o.value) AS max_value
    FROM {source}
    JOIN region t ON t.id = o.region_id AND t.level = 'township'
    WHERE {where}
    GROUP BY t.parent_id, o.indicator_id, o.attrs_key, o.is_target, o.year"""
_INDEXED = (
    "summary_pairs p CROSS JOIN observation o",
    "o.is_headline = TRUE AND o.indicator_id = p.indicator_id AND o.year = p.year",
)
_SCANNED = (
    "observation o{hint}",
    "o.is_headline AND EXISTS (SELECT 1 FROM summary_pairs p "
    "WHERE p.indicator_id = o.indicator_id AND p.year = o.year)",
)
# Stage 2: each parent's partial aggregates added up into every region on its path (itself included).
_ROLL_UP = """
    SELECT up.ancestor_id, s.indicator_id, s.attrs_key, s.is_target, s.year, SUM(s.total), SUM(s.reporting),
           SUM(s.townships), SUM(s.masked), MIN(s.min_value), MAX(s.max_value)
    FROM summary_part s
    JOIN summary_up up ON up.region_id = s.region_id
    GROUP BY up.ancestor_id, s.indicator_id, s.attrs_key, s.is_target, s.year"""


def refresh_summary(session: Session, pairs: Iterable[tuple[int, int]]) -> None:
    """Recompute the summary rows of each (indicator_id, year) in PAIRS, for every region.

    The same figures as _AGGREGATE, in two steps that avoid trying every region with LIKE for every figure
    (minutes for a ledger of 200 pairs): the figures are summed per township's parent, and those partial
    sums are added into each region on the parent's path. Many pairs are read in one pass over the table
    (SQLite would otherwise walk the index and fetch each row at random); a few through the index."""
    wanted = sorted({(i, y) for i, y in pairs if y is not None})
    if not wanted:
        return
    t = TempTables(session)
    t.create("summary_pairs", "indicator_id {int} NOT NULL, year {int} NOT NULL, PRIMARY KEY (indicator_id, year)")
    t.fill("summary_pairs", ("indicator_id", "year"), wanted)
    source, where = _INDEXED if len(wanted) <= INDEXED_PAIRS else _SCANNED
    t.create(
        "summary_part",
        "",
        as_select=_BY_PARENT.format(source=source.format(hint="" if t.postgres else " NOT INDEXED"), where=where),
    )
    t.create("summary_up", "region_id {int} NOT NULL, ancestor_id {int} NOT NULL")
    t.fill("summary_up", ("region_id", "ancestor_id"), _paths_up(session))
    t.execute(
        "DELETE FROM region_summary WHERE EXISTS (SELECT 1 FROM summary_pairs p "
        "WHERE p.indicator_id = region_summary.indicator_id AND p.year = region_summary.year)"
    )
    t.execute(f"INSERT INTO region_summary ({COLUMNS}) {_ROLL_UP}")
    t.drop("summary_pairs", "summary_part", "summary_up")


def _paths_up(session: Session) -> Iterable[tuple[int, int]]:
    """(region, each region on its path above township level, itself included) for the regions that are a
    township's parent: the regions whose path (/1/5/17/) is a prefix of the township's."""
    parents = select(Region.parent_id).where(Region.level == "township", Region.parent_id.is_not(None)).distinct()
    above = set(session.scalars(select(Region.id).where(Region.level != "township")))
    for rid, path in session.execute(select(Region.id, Region.path).where(Region.id.in_(parents))):
        for part in path.strip("/").split("/"):
            if part.isdigit() and int(part) in above:
                yield rid, int(part)


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
