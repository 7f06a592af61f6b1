"""The region summary: per region above township (county, city, province), indicator, variant (attrs_key),
target flag and year, the headline township figures of its subtree aggregated: sum, reporting townships
(count of values), townships with a row, masked, inexact, min and max, and the year-on-year pairs (townships
with an achieved value this year and the year before: how many, their sums both years). Beside it
`township_year`: which townships reported any achieved headline figure in a year (towns_reporting).

Region pages of a province read thousands of townships; these tables hold what they aggregate. Every writer
keeps them current in its own transaction: etl.load for each (township, indicator, year) a source touched,
store.review for the reviewed key, store.admin.reset_data clears them. `python -m etl rebuild-summary`
recomputes them whole; `summary_differences` compares them with a fresh aggregation written another way
(ancestors by materialised path instead of the parent chain): the test of the write paths, and --check.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Row, text
from sqlalchemy.orm import Session

from store.resolve import TempTables

COLUMNS = (
    "region_id, indicator_id, attrs_key, is_target, year, total, reporting, townships, masked, min_value, max_value,"
    " inexact, paired, paired_total, paired_prev, unit_min, unit_max, unit_n"
)
KEY = ("region_id", "indicator_id", "attrs_key", "is_target", "year")
_GROUP = "indicator_id, attrs_key, is_target, year"
_MEASURES = COLUMNS.split("year, ", 1)[1]
# A region's rows are its direct townships' headline observations and its child regions' summary rows,
# combined. A pair is this year's achieved value with the same township's achieved headline value of the
# year before (one headline per key, so at most one match). On PostgreSQL `+p.year` keeps the year out of index
# choice: the year before is looked up by (region, indicator) in ix_obs_key; on a database not yet ANALYZEd it
# otherwise scanned the whole year through ix_obs_year for every figure (2.6 s instead of 36 ms per refresh).
# SQLite finds it by all three columns of ix_obs_key (with `+` it read every year of the township's indicator:
# 0.63 s instead of 0.38 s of CPU for a 20,000-row wide ledger).
_TOWNS = """
    SELECT t.parent_id AS region_id, o.indicator_id, o.attrs_key, o.is_target, o.year,
           SUM(o.value) AS total, COUNT(o.value) AS reporting, COUNT(*) AS townships,
           SUM(CASE WHEN o.masked THEN 1 ELSE 0 END) AS masked, MIN(o.value) AS min_value, MAX(o.value) AS max_value,
           SUM(CASE WHEN o.qualifier <> 'exact' THEN 1 ELSE 0 END) AS inexact,
           COUNT(p.value) AS paired, SUM(CASE WHEN p.value IS NOT NULL THEN o.value END) AS paired_total,
           SUM(p.value) AS paired_prev, MIN(o.unit) AS unit_min, MAX(o.unit) AS unit_max, COUNT(o.unit) AS unit_n
    FROM observation o
    JOIN region t ON t.id = o.region_id AND t.level = 'township'
    LEFT JOIN observation p ON NOT o.is_target AND o.value IS NOT NULL AND p.region_id = o.region_id
         AND p.indicator_id = o.indicator_id AND p.attrs_key = o.attrs_key AND {p_year} = o.year - 1
         AND p.is_headline AND NOT p.is_target AND p.value IS NOT NULL
    WHERE o.is_headline AND t.parent_id IN ({ids}) {pairs_o}
    GROUP BY t.parent_id, o.indicator_id, o.attrs_key, o.is_target, o.year"""
_CHILDREN = f"""
    SELECT r.parent_id AS region_id, c.indicator_id, c.attrs_key, c.is_target, c.year, {_MEASURES}
    FROM region_summary c JOIN region r ON r.id = c.region_id
    WHERE r.parent_id IN ({{ids}}) {{pairs_c}}"""
_ROLL = (
    "SUM(total), SUM(reporting), SUM(townships), SUM(masked), MIN(min_value), MAX(max_value),"
    " SUM(inexact), SUM(paired), SUM(paired_total), SUM(paired_prev), MIN(unit_min), MAX(unit_max), SUM(unit_n)"
)
_COMBINE = f"""
    INSERT INTO region_summary ({COLUMNS})
    SELECT region_id, {_GROUP}, {_ROLL} FROM ({_TOWNS} UNION ALL {_CHILDREN}) u
    GROUP BY region_id, {_GROUP}"""
_TOWNSHIP_YEAR = """
    INSERT INTO township_year (region_id, year)
    SELECT DISTINCT o.region_id, o.year FROM observation o
    JOIN region t ON t.id = o.region_id AND t.level = 'township'
    WHERE o.is_headline AND NOT o.is_target {where}"""


def _levels(session: Session | Connection, townships: Iterable[int] | None) -> list[list[int]]:
    """The regions above TOWNSHIPS (every region above township when None), deepest first: each list only
    holds regions whose children come in earlier lists."""
    rows = session.execute(text("SELECT id, parent_id, path, level FROM region")).all()
    parent = {int(r[0]): r[1] for r in rows}
    depth = {int(r[0]): str(r[2]).count("/") for r in rows}
    if townships is None:
        wanted = {int(r[0]) for r in rows if r[3] != "township"}
    else:
        wanted = set()
        level = {int(r[0]): r[3] for r in rows}
        for t in townships:  # a region above township given here (a merged township's county) counts itself
            if level.get(int(t), "township") != "township":
                wanted.add(int(t))
            p = parent.get(int(t))
            while p is not None and int(p) not in wanted:
                wanted.add(int(p))
                p = parent.get(int(p))
    by_depth: dict[int, list[int]] = {}
    for rid in wanted:
        by_depth.setdefault(depth[rid], []).append(rid)
    return [sorted(by_depth[d]) for d in sorted(by_depth, reverse=True)]


def _recompute(session: Session | Connection, levels: list[list[int]], pairs: set[tuple[int, int]] | None) -> None:
    """Delete and recompute the rows of the regions in LEVELS (of the (indicator, year) PAIRS, or all)."""
    if pairs is not None and not pairs:
        return
    bind = session.get_bind() if isinstance(session, Session) else session
    p_year = "p.year" if bind.dialect.name == "sqlite" else "+p.year"
    values = ", ".join(f"({int(i)}, {int(y)})" for i, y in sorted(pairs or ()))
    in_pairs = "AND ({a}.indicator_id, {a}.year) IN (VALUES " + values + ")" if pairs else ""
    for ids in levels:
        for i in range(0, len(ids), 1000):
            chunk = ", ".join(str(r) for r in ids[i : i + 1000])
            session.execute(
                text(f"DELETE FROM region_summary WHERE region_id IN ({chunk}) {in_pairs.format(a='region_summary')}")
            )
            sql = _COMBINE.format(
                ids=chunk, pairs_o=in_pairs.format(a="o"), pairs_c=in_pairs.format(a="c"), p_year=p_year
            )
            session.execute(text(sql))


def refresh_summary(session: Session, keys: Iterable[tuple[int, int, int]]) -> None:
    """Recompute what the (region_id, indicator_id, year) KEYS a writer touched feed: the summary rows of each
    (indicator, year) and (indicator, year + 1) (whose pairs look back at year) of the regions above those
    townships, county first and each level from the one below; and those townships' reporting years."""
    keys = set(keys)
    if not keys and _DEFERRED not in session.info:
        return
    with summary_once(session):
        rows = sorted((int(r), int(i), int(y)) for r, i, y in keys)
        TempTables(session).fill(_KEYS, ("region_id", "indicator_id", "year"), rows)


def refresh_summary_from(session: Session, keys_sql: str, params: dict[str, Any] | None = None) -> None:
    """refresh_summary for the rows (region_id, indicator_id, year) of the SELECT KEYS_SQL (with PARAMS), which
    may name the caller's temporary tables: a wide ledger's million keys never become Python tuples."""
    with summary_once(session):
        TempTables(session).execute(f"INSERT INTO {_KEYS} (region_id, indicator_id, year) {keys_sql}", params)


# The keys collected until the refresh: a temporary table on the session's connection.
_KEYS = "summary_keys"
# township_year of the touched (township, year) pairs, recomputed set-based from the keys; `+o.year` keeps
# the lookup on ix_obs_key (SQLite otherwise searched ix_obs_year: the whole year per pair, 17 s for 10,000).
_TOWNSHIP_YEAR_KEYS = f"""
    INSERT INTO township_year (region_id, year)
    SELECT k.region_id, k.year FROM (SELECT DISTINCT region_id, year FROM {_KEYS}) k
    JOIN region t ON t.id = k.region_id AND t.level = 'township'
    WHERE EXISTS (SELECT 1 FROM observation o WHERE o.region_id = k.region_id AND +o.year = k.year
                  AND o.is_headline AND NOT o.is_target)"""


def _refresh_from_keys(session: Session) -> None:
    """The refresh for the keys collected in the keys table: regions and (indicator, year) pairs are read
    distinct (a few thousand at most), township_year is recomputed in SQL."""
    t = TempTables(session)
    t.analyze(_KEYS)
    towns = [int(r) for (r,) in t.execute(f"SELECT DISTINCT region_id FROM {_KEYS}").all()]
    if not towns:
        return
    years = t.execute(f"SELECT DISTINCT indicator_id, year FROM {_KEYS}").all()
    pairs = {(int(i), int(y)) for i, y in years} | {(int(i), int(y) + 1) for i, y in years}
    _recompute(session, _levels(session, towns), pairs)
    t.execute(f"DELETE FROM township_year WHERE (region_id, year) IN (SELECT region_id, year FROM {_KEYS})")
    t.execute(_TOWNSHIP_YEAR_KEYS)


_DEFERRED = "summary_deferred"


def defer_summary(session: Session) -> None:
    """Collect what later refresh_summary calls in SESSION touch until flush_summary, which must run before the
    commit (the ingest command stores 25 files per transaction and refreshes the summary once for them)."""
    if _DEFERRED in session.info:
        return
    TempTables(session).create(_KEYS, "region_id {int} NOT NULL, indicator_id {int} NOT NULL, year {int} NOT NULL")
    session.info[_DEFERRED] = True


@contextmanager
def summary_once(session: Session) -> Iterator[None]:
    """Refresh the summary once, at the end, for everything refresh_summary is asked inside (a load and the
    checks that hold some of its figures); inside an outer defer_summary the outer one refreshes."""
    if _DEFERRED in session.info:
        yield
        return
    defer_summary(session)
    try:
        yield
    except BaseException:
        session.info.pop(_DEFERRED, None)
        raise
    flush_summary(session)


def flush_summary(session: Session) -> None:
    """Refresh the summary for everything collected since defer_summary, and stop collecting."""
    if session.info.pop(_DEFERRED, None) is None:
        return
    _refresh_from_keys(session)
    TempTables(session).drop(_KEYS)


def rebuild_summary(session: Session | Connection) -> int:
    """Recompute both tables whole; returns the summary's row count."""
    clear_summary(session)
    _recompute(session, _levels(session, None), None)
    session.execute(text(_TOWNSHIP_YEAR.format(where="")))
    return int(session.execute(text("SELECT COUNT(*) FROM region_summary")).scalar_one())


def clear_summary(session: Session | Connection) -> None:
    session.execute(text("DELETE FROM region_summary"))
    session.execute(text("DELETE FROM township_year"))


# The reference: ancestors found by materialised path (/1/5/17/ under /1/), pairs by a correlated lookup.
_FRESH = """
    SELECT a.id, o.indicator_id, o.attrs_key, o.is_target, o.year,
           SUM(o.value), COUNT(o.value), COUNT(*), SUM(CASE WHEN o.masked THEN 1 ELSE 0 END),
           MIN(o.value), MAX(o.value), SUM(CASE WHEN o.qualifier <> 'exact' THEN 1 ELSE 0 END),
           COUNT(p.value), SUM(CASE WHEN p.value IS NOT NULL THEN o.value END), SUM(p.value),
           MIN(o.unit), MAX(o.unit), COUNT(o.unit)
    FROM observation o
    JOIN region t ON t.id = o.region_id AND t.level = 'township'
    JOIN region a ON a.level <> 'township' AND t.path LIKE a.path || '%'
    LEFT JOIN observation p ON p.id = (SELECT MIN(q.id) FROM observation q WHERE NOT o.is_target
         AND o.value IS NOT NULL AND q.region_id = o.region_id AND q.indicator_id = o.indicator_id
         AND q.attrs_key = o.attrs_key AND q.year = o.year - 1 AND q.is_headline AND NOT q.is_target
         AND q.value IS NOT NULL)
    WHERE o.is_headline
    GROUP BY a.id, o.indicator_id, o.attrs_key, o.is_target, o.year"""
_FRESH_YEARS = """
    SELECT DISTINCT o.region_id, o.year FROM observation o JOIN region t ON t.id = o.region_id
    WHERE t.level = 'township' AND o.is_headline AND NOT o.is_target"""


def _rows(rows: Iterable[Row[tuple[object, ...]]]) -> dict[tuple[object, ...], tuple[object, ...]]:
    return {tuple(r[:5]): tuple(r[5:]) for r in rows}


def summary_differences(session: Session) -> list[str]:
    """Where the stored tables differ from a fresh aggregation (empty when they agree); sums compare with a
    relative tolerance, since SQL may add the same figures in another order."""
    stored = _rows(session.execute(text(f"SELECT {COLUMNS} FROM region_summary")).all())
    fresh = _rows(session.execute(text(_FRESH)).all())
    out = [f"缺少汇总行 {k}" for k in fresh.keys() - stored.keys()]
    out += [f"多余汇总行 {k}" for k in stored.keys() - fresh.keys()]
    for k in fresh.keys() & stored.keys():
        if not all(_same(a, b) for a, b in zip(fresh[k], stored[k], strict=True)):
            out.append(f"汇总行 {k} 不一致：应为 {fresh[k]}，存的是 {stored[k]}")
    years = {tuple(r) for r in session.execute(text("SELECT region_id, year FROM township_year")).all()}
    fresh_years = {tuple(r) for r in session.execute(text(_FRESH_YEARS)).all()}
    out += [f"缺少乡镇年度 {k}" for k in fresh_years - years]
    out += [f"多余乡镇年度 {k}" for k in years - fresh_years]
    return sorted(out)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]
    return a == b
