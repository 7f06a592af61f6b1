"""The checks of store.check_rules, set-based: the figures to check, the township-years' values and every rule
are SQL statements over temporary tables, so a wide ledger's million figures never become Python objects.
Python words only the figures that fail (store.check_rules' notes, the same text reasons_for gives) and the
rare sums (民主评议 优秀 + 不合格 ≤ 参评), whose rule reads several figures at once.

Tables, all temporary: check_fig (the figures checked: period and part from attrs), check_val (the year's
figure of each township × indicator × year: the stored headline, overridden by the checked figures as
reasons_for's callers did), check_hit (one row per rule a figure breaks, with the numbers its note needs),
check_start (a township-year's stated 上年底 total), check_flow (the member-flow balance per township-year).
tests/test_checks_sql.py keeps it equal to reasons_for.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from sqlalchemy import case, column, insert, literal_column, select, table
from sqlalchemy.orm import Session

from store.check_rules import (
    CHANGE_FLOOR,
    FLOW_KEYS,
    FLOW_PARTS,
    PREV_END,
    TOTAL,
    Fig,
    Rule,
    at_most_note,
    change_note,
    flow_note,
    part_note,
    parts_note,
    percent_note,
    prev_end_note,
    rules,
    stocks,
    sum_reasons,
    sums_of,
)
from store.check_rules import (
    parts_of as parts_index,
)
from store.models import Indicator, Observation, Region
from store.resolve import PART_ATTRS, TempTables

TABLES = (
    "check_hit",
    "check_flow",
    "check_start",
    "check_val",
    "check_rule",
    "check_at_most",
    "check_parts",
    "check_tol",
    "check_fig",
)
_FIG_COLUMNS = ("id", "region_id", "key", "year", "value", "period", "part", "headline")


_ATTRS_KEY = "observation.attrs_key"


def _json_text(t: TempTables, key: str, col: str = _ATTRS_KEY) -> str:
    if t.postgres:
        return f"(CAST({col} AS jsonb) ->> '{key}')"
    return f"json_extract({col}, '$.{key}')"


def period_sql(t: TempTables, col: str = _ATTRS_KEY) -> str:
    """A figure's 口径 other than the year's: attrs period, else "measure:" + attrs measure (经营性收入); COL: the
    attrs_key column read."""
    measure = f"'measure:' || NULLIF({_json_text(t, 'measure', col)}, '')"
    return f"CASE WHEN {col} = '' THEN NULL ELSE COALESCE(NULLIF({_json_text(t, 'period', col)}, ''), {measure}) END"


def part_sql(t: TempTables, col: str = _ATTRS_KEY) -> str:
    """1 when the attrs_key COL names a part (PART_ATTRS), else 0."""
    if t.postgres:
        has = f"jsonb_exists_any(CAST({col} AS jsonb), array['" + "','".join(PART_ATTRS) + "'])"
    else:
        has = "(" + " OR ".join(f"json_type({col}, '$.{k}') IS NOT NULL" for k in PART_ATTRS) + ")"
    return f"CASE WHEN {col} <> '' AND {has} THEN 1 ELSE 0 END"


def _create_fig(t: TempTables) -> None:
    t.create(
        "check_fig",
        "id {key} PRIMARY KEY, region_id {int} NOT NULL, key {text} NOT NULL, year {int} NOT NULL, "
        "value {float} NOT NULL, period {text}, part {int} NOT NULL, headline {int} NOT NULL",
    )


def _index_fig(t: TempTables) -> None:
    t.execute("CREATE INDEX IF NOT EXISTS check_fig_key ON check_fig (region_id, key, year)")
    t.analyze("check_fig")


def stage_figures(session: Session, t: TempTables, where: list[Any]) -> None:
    """check_fig: the achieved, unmasked figures matching WHERE (conditions on Observation and Region)."""
    _create_fig(t)
    stmt = (
        select(
            Observation.id,
            Observation.region_id,
            Indicator.key,
            Observation.year,
            Observation.value,
            literal_column(period_sql(t)),
            literal_column(part_sql(t)),
            case((Observation.is_headline, 1), else_=0),
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Region, Region.id == Observation.region_id)
        .where(*where, Observation.masked.is_(False), Observation.value.is_not(None), Observation.is_target.is_(False))
    )
    target = table("check_fig", *(column(c) for c in _FIG_COLUMNS))
    session.execute(insert(target).from_select(list(_FIG_COLUMNS), stmt))
    _index_fig(t)


# The year's figure of each key the rules read: a checked headline figure (the last), else the stored headline,
# else the first checked figure; `+o.year` keeps the lookup on ix_obs_key. One statement per choice, in that
# order, into the table's unique key (a key filled by an earlier choice is kept: ON CONFLICT DO NOTHING); a
# window over all three took half again as long (sorting every figure). Within a choice the figures come in
# id order (the last first, or the first first) and the unique key keeps the first of a key: no search of the
# other figures of the key per figure (a third fewer SQLite steps for a wide ledger's million figures).
_VALUES = (
    """INSERT INTO check_val (region_id, key, year, value)
    SELECT region_id, key, year, value FROM check_fig f WHERE period IS NULL AND part = 0 AND headline = 1
    ORDER BY id DESC ON CONFLICT DO NOTHING""",
    """INSERT INTO check_val (region_id, key, year, value)
    SELECT o.region_id, i.key, o.year, o.value FROM observation o
    JOIN indicator i ON i.id = o.indicator_id
    JOIN (SELECT DISTINCT region_id, year FROM check_fig
          UNION SELECT DISTINCT region_id, year - 1 FROM check_fig) p
      ON p.region_id = o.region_id AND p.year = +o.year
    WHERE {stored_head} AND NOT o.is_target AND o.attrs_key = '' AND o.value IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM check_fig f WHERE f.id = o.id)
    ON CONFLICT DO NOTHING""",
    """INSERT INTO check_val (region_id, key, year, value)
    SELECT region_id, key, year, value FROM check_fig f WHERE period IS NULL AND part = 0 AND headline = 0
    ORDER BY id ON CONFLICT DO NOTHING""",
)
_CHECKED = (
    "EXISTS (SELECT 1 FROM check_fig c WHERE c.region_id = f.region_id AND c.key = {key} AND c.year = f.year"
    " AND c.period IS NULL AND c.part = 0)"
)
# the same, asked of the value v found: SQLite then tests it only for the figures whose value was found (the
# value's own key is the other indicator's; asked of the figure, it ran for every rule row of every figure)
_CHECKED_V = (
    "EXISTS (SELECT 1 FROM check_fig c WHERE c.region_id = v.region_id AND c.key = v.key AND c.year = v.year"
    " AND c.period IS NULL AND c.part = 0)"
)
_VAL = "JOIN check_val {v} ON {v}.region_id = f.region_id AND {v}.key = {key} AND {v}.year = {year}"
_YEAR_FIG = "f.period IS NULL AND f.part = 0"
# Each rule: the figures that break it, with the numbers its note needs (a: the figure, b: the other one).
# CROSS JOIN keeps SQLite's join order: figure, its rule row, then the value by its whole key (otherwise it
# looked the value up by township alone: 7 s instead of 0.2 s for 100,000 figures; and for the change rule it
# looked up last year's value of every figure, also of indicators without a change rule: twice the time).
_HITS = {
    "prev_end": f"""SELECT f.id, 0, 'prev_end', NULL, f.value, v.value FROM check_fig f
        JOIN check_rule r ON r.key = f.key {_VAL.format(v="v", key="f.key", year="f.year - 1")}
        WHERE f.period = :prev_end AND r.basis = '时点' AND v.value <> f.value""",
    "percent": """SELECT f.id, 1, 'percent', NULL, f.value, NULL FROM check_fig f JOIN check_rule r ON r.key = f.key
        WHERE (f.period IS NULL OR f.period <> :prev_end) AND r.kind = 'percent'
          AND NOT (f.value >= 0 AND f.value <= 100)""",
    "part": f"""SELECT f.id, 2, 'part', NULL, f.value, v.value FROM check_fig f
        JOIN check_rule r ON r.key = f.key {_VAL.format(v="v", key="f.key", year="f.year")}
        WHERE f.period IS NULL AND f.part = 1 AND f.value > v.value
          AND NOT (:not_own = 1 AND {_CHECKED.format(key="f.key")})""",
    "at_most": f"""SELECT f.id, 10 + a.ord, 'at_most', a.total, f.value, v.value FROM check_fig f
        CROSS JOIN check_at_most a {_VAL.format(v="v", key="a.total", year="f.year")}
        WHERE a.key = f.key AND {_YEAR_FIG} AND f.value > v.value
          AND NOT (:not_own = 1 AND {_CHECKED_V})""",
    "parts": f"""SELECT f.id, 100 + p.ord, 'parts', p.part, f.value, v.value FROM check_fig f
        CROSS JOIN check_parts p {_VAL.format(v="v", key="p.part", year="f.year")}
        WHERE p.total = f.key AND {_YEAR_FIG} AND v.value > f.value AND NOT {_CHECKED_V}""",
    "change": f"""SELECT f.id, 300, 'change', NULL, f.value, v.value FROM check_fig f
        CROSS JOIN check_rule r CROSS JOIN check_val v
        WHERE r.key = f.key AND r.change IS NOT NULL AND v.region_id = f.region_id AND v.key = f.key
          AND v.year = f.year - 1 AND {_YEAR_FIG} AND v.value > 0
          AND abs(f.value - v.value) > r.change * v.value AND abs(f.value - v.value) >= :floor""",
}


# A figure carrying the balance: the total, or a flow part whose township-year has no checked total. One IN list
# (not an OR) so the figure is found by (region, key, year) in check_fig_key, not among all its township's. The
# township-years balanced are those of any total or flow part checked (a part beside a checked total brings
# the total's own township-year): _FLOW_KEY alone, no search for the total per part (a fifth fewer steps).
_FLOW_KEY = "f.key IN (:total, " + ", ".join(f"'{k}'" for k in sorted(FLOW_KEYS)) + ")"
_FLOW_FIG = _FLOW_KEY + " AND (f.key = :total OR NOT " + _CHECKED.format(key=":total") + ")"


def _flow_sql() -> str:
    """check_flow: 年底 = 上年底 + 发展 + 转入 − 出党 − 死亡 − 转出 per township-year of a figure carrying the
    balance, where every part is there and it breaks by more than the tolerance (the start is a stated 上年底
    figure, the last one checked, else last year's 年底)."""
    joins = "".join(
        f" JOIN check_val p{n} ON p{n}.region_id = k.region_id AND p{n}.key = '{key}' AND p{n}.year = k.year"
        for n, (key, _sign, _zh) in enumerate(FLOW_PARTS)
    )
    change = "p0.value"
    for n, (_key, sign, _zh) in enumerate(FLOW_PARTS[1:], start=1):
        change = f"({change} {'+' if sign > 0 else '-'} p{n}.value)"
    assert FLOW_PARTS[0][1] > 0  # the sum starts from the first part, added
    return f"""
        INSERT INTO check_flow
        SELECT region_id, year, e, s, {", ".join(f"v{n}" for n in range(len(FLOW_PARTS)))}, x, tol FROM (
            SELECT k.region_id, k.year, e.value AS e, COALESCE(se.value, sp.value) AS s,
                   {", ".join(f"p{n}.value AS v{n}" for n in range(len(FLOW_PARTS)))},
                   COALESCE(se.value, sp.value) + {change} AS x, COALESCE(tl.tol, 0.0) AS tol
            FROM (SELECT DISTINCT region_id, year FROM check_fig f WHERE {_YEAR_FIG} AND {_FLOW_KEY}) k
            JOIN check_val e ON e.region_id = k.region_id AND e.key = :total AND e.year = k.year
            LEFT JOIN check_val sp ON sp.region_id = k.region_id AND sp.key = :total AND sp.year = k.year - 1
            LEFT JOIN check_start se ON se.region_id = k.region_id AND se.year = k.year
            LEFT JOIN check_tol tl ON tl.region_id = k.region_id
            {joins}
        ) b WHERE s IS NOT NULL AND abs(e - x) > tol"""


_FLOW_HITS = f"""SELECT f.id, 400, 'flow', NULL, NULL, NULL FROM check_fig f
    JOIN check_flow b ON b.region_id = f.region_id AND b.year = f.year
    WHERE {_YEAR_FIG} AND {_FLOW_FIG}"""
# check_start: the stated 上年底 total of a township-year (the last one checked), the balance's start. A table
# of its own: joined as a subquery, SQLite searched every figure of the township for each township-year.
_START = """SELECT region_id, year, value FROM check_fig WHERE id IN (
    SELECT MAX(id) FROM check_fig WHERE period = :prev_end AND key = :total GROUP BY region_id, year)"""


def _catalog_tables(t: TempTables, catalog: dict[str, Rule]) -> None:
    t.create("check_rule", "key {text} PRIMARY KEY, basis {text} NOT NULL, kind {text} NOT NULL, change {float}")
    t.fill(
        "check_rule", ("key", "basis", "kind", "change"), [(k, r.basis, r.kind, r.change) for k, r in catalog.items()]
    )
    t.create("check_at_most", "key {text} NOT NULL, total {text} NOT NULL, ord {int} NOT NULL")
    at_most = [
        (key, total, n)
        for key, rule in catalog.items()
        for n, total in enumerate(rule.at_most)
        if total in catalog and stocks(rule, catalog[total])
    ]
    t.fill("check_at_most", ("key", "total", "ord"), at_most)
    t.execute("CREATE INDEX IF NOT EXISTS check_at_most_key ON check_at_most (key)")
    t.create("check_parts", "total {text} NOT NULL, part {text} NOT NULL, ord {int} NOT NULL")
    parts = [
        (total, key, n)
        for total, rule in catalog.items()
        for n, (key, other) in enumerate(parts_index(catalog).get(total, ()))
        if stocks(rule, other)
    ]
    t.fill("check_parts", ("total", "part", "ord"), parts)
    t.execute("CREATE INDEX IF NOT EXISTS check_parts_total ON check_parts (total)")


def find_failing(
    session: Session, where: list[Any], own_totals: bool, tolerance: dict[int, float] | None = None
) -> Iterator[dict[int, list[str]]]:
    """Batches ({observation id: the notes of the rules it breaks}) for the failing figures matching WHERE,
    by id. TOLERANCE: the member-flow tolerance per township (0 where none)."""
    session.flush()  # figures changed through the ORM are checked as they now stand
    t = TempTables(session)
    stage_figures(session, t, where)
    yield from _failing(t, own_totals, tolerance, Staged())


class Staged:
    """How figures not yet stored are checked (etl.load checks a load's staged figures before inserting them):
    FIGURES_SQL, a SELECT of check_fig's columns (id: the id each figure will have), with PARAMS; STORED_HEAD,
    the SQL condition on a stored observation `o` that it heads its key once the figures are in (the headlines
    a load decides again: store.resolve.decide_headlines); UNCHECKED_HEADS, a SELECT (region_id, key, year,
    value) of the staged year figures that will head their key without being checked (masked with a value, out
    of the actor's regions): read with the stored headlines. Default: the stored figures as they stand."""

    def __init__(
        self,
        figures_sql: str | None = None,
        params: dict[str, Any] | None = None,
        stored_head: str = "o.is_headline",
        unchecked_heads: str | None = None,
    ):
        self.figures_sql, self.params = figures_sql, params or {}
        self.stored_head, self.unchecked_heads = stored_head, unchecked_heads


def find_failing_staged(
    session: Session, staged: Staged, own_totals: bool, tolerance: dict[int, float] | None = None
) -> Iterator[dict[int, list[str]]]:
    """find_failing for figures not stored yet (see Staged): batches {the id the figure will have: notes}."""
    assert staged.figures_sql is not None
    session.flush()
    t = TempTables(session)
    _create_fig(t)
    t.execute(f"INSERT INTO check_fig ({', '.join(_FIG_COLUMNS)}) {staged.figures_sql}", staged.params)
    _index_fig(t)
    yield from _failing(t, own_totals, tolerance, staged)


def _failing(
    t: TempTables, own_totals: bool, tolerance: dict[int, float] | None, staged: Staged
) -> Iterator[dict[int, list[str]]]:
    """The rules over check_fig (filled): find_failing's batches."""
    catalog = rules()
    t.create("check_val", "region_id {int} NOT NULL, key {text} NOT NULL, year {int} NOT NULL, value {float} NOT NULL")
    t.execute("CREATE UNIQUE INDEX IF NOT EXISTS check_val_key ON check_val (region_id, key, year)")
    first, stored, last = _VALUES
    t.execute(first)
    t.execute(stored.format(stored_head=staged.stored_head))
    if staged.unchecked_heads:
        t.execute(
            f"INSERT INTO check_val (region_id, key, year, value) {staged.unchecked_heads} ON CONFLICT DO NOTHING",
            staged.params,
        )
    t.execute(last)
    t.analyze("check_val")
    _catalog_tables(t, catalog)
    t.create("check_tol", "region_id {int} PRIMARY KEY, tol {float} NOT NULL")
    t.fill("check_tol", ("region_id", "tol"), sorted((tolerance or {}).items()))
    params = {"prev_end": PREV_END, "not_own": 0 if own_totals else 1, "floor": CHANGE_FLOOR, "total": TOTAL}
    t.create(
        "check_hit", "id {key} NOT NULL, ord {int} NOT NULL, code {text} NOT NULL, other {text}, a {float}, b {float}"
    )
    for sql in _HITS.values():
        t.execute(f"INSERT INTO check_hit {sql}", params)
    cols = "".join(f"v{n} {{float}} NOT NULL, " for n in range(len(FLOW_PARTS)))
    t.create(
        "check_flow",
        f"region_id {{int}} NOT NULL, year {{int}} NOT NULL, e {{float}}, s {{float}}, {cols}x {{float}}, "
        "tol {float}",
    )
    t.create("check_start", "", as_select=_START, params=params)
    t.execute("CREATE INDEX IF NOT EXISTS check_start_key ON check_start (region_id, year)")
    t.execute(_flow_sql(), params)
    # the notes look a flow figure's balance up by township-year: without this index SQLite built an automatic
    # one over the whole table for every batch of notes (quadratic: 6.8 s of a 100,000-row wide ledger)
    t.execute("CREATE INDEX IF NOT EXISTS check_flow_key ON check_flow (region_id, year)")
    t.analyze("check_flow")
    t.execute(f"INSERT INTO check_hit {_FLOW_HITS}", params)
    t.execute("CREATE INDEX IF NOT EXISTS check_hit_id ON check_hit (id, ord)")
    t.analyze("check_hit")
    sums = _sum_notes(t, catalog, own_totals)
    yield from _worded(t, catalog, sums)
    t.drop(*TABLES)


def _sum_notes(t: TempTables, catalog: dict[str, Rule], own_totals: bool) -> dict[int, list[str]]:
    """The sum rule (优秀 + 不合格 ≤ 参评) for the few figures it concerns, by reasons_for's own code."""
    keys = sorted(sums_of(catalog))
    if not keys:
        return {}
    names = ", ".join(f"'{k}'" for k in keys)
    # read as plain tuples (t.stream), not SQLAlchemy Rows: fewer objects for the garbage collector to visit
    figs = [
        Fig(int(r[0]), int(r[1]), r[2], int(r[3]), float(r[4]), r[5], bool(r[6]), bool(r[7]))
        for rows in t.stream(
            f"SELECT {', '.join(_FIG_COLUMNS)} FROM check_fig f WHERE {_YEAR_FIG} AND f.key IN ({names}) ORDER BY id",
            _BATCH,
        )
        for r in rows
    ]
    if not figs:
        return {}
    vals = f"""SELECT v.region_id, v.key, v.year, v.value FROM check_val v WHERE v.key IN ({names})
        AND EXISTS (SELECT 1 FROM check_fig f WHERE f.region_id = v.region_id AND f.year = v.year
                    AND f.key IN ({names}))"""
    values = {(int(r), k, int(y)): float(v) for rows in t.stream(vals, _BATCH) for r, k, y, v in rows}
    checked = {(f.region_id, f.key, f.year) for f in figs}
    out: dict[int, list[str]] = {}
    for f in figs:
        notes = sum_reasons(f, values, catalog, checked, () if own_totals else checked)
        if notes:
            out[f.id] = notes
    return out


# Failing figures worded per batch: a wide ledger's 10,000 (with their hit rows) took 12 MB of heap, its peak. Small
# batches are freed before the garbage collector promotes them: batches of 2,000 made it walk every object of the
# process twice more in a 100,000-row ledger's checks (0.17 s).
_BATCH = 500
_FLOW_NOTES = 1_000  # balance notes remembered (a township-year's flow figures come one after another)
_ORD = itemgetter(0)  # a note's place among its figure's notes
_NOTES = 2_048  # other notes remembered: the same two numbers break the same rule again and again


def _worded(t: TempTables, catalog: dict[str, Rule], sums: dict[int, list[str]]) -> Iterator[dict[int, list[str]]]:
    """The notes of every failing figure in reasons_for's order (the sum rule between parts and change, the
    member-flow balance last), a batch of figures at a time, by id. The hits are read in one statement, by figure
    and rule (check_hit_id), as they are worded: a batch is complete when the next figure's hits begin. A figure's
    notes are one list from its first hit on (no list per batch again: a 100,000-row ledger's checks made 46,000
    more, and the garbage collector walked the whole process for them)."""
    flow_cols = ", ".join(f"b.v{n}" for n in range(len(FLOW_PARTS)))
    pending = deque(sorted(sums))
    flows: dict[tuple[Any, ...], str] = {}  # a township-year's balance note, shared by its flow figures
    worded: dict[tuple[Any, ...], str] = {}
    notes: dict[int, list[str]] = {}
    ords: dict[int, list[int]] = {}  # the rule order of the notes of figures with a sum-rule note to come
    hits = f"""SELECT h.id, h.ord, h.code, h.other, h.a, h.b, f.key, f.year, b.e, b.s, b.x, b.tol, {flow_cols}
        FROM check_hit h JOIN check_fig f ON f.id = h.id
        LEFT JOIN check_flow b ON h.code = 'flow' AND b.region_id = f.region_id AND b.year = f.year
        ORDER BY h.id, h.ord"""
    last = -1
    for rows in t.stream(hits, _BATCH):
        for r in rows:
            oid = r[0]
            if oid != last and len(notes) >= _BATCH:  # every figure before OID has all its notes
                yield _with_sums(notes, ords, pending, sums, last)
                notes, ords = {}, {}
            note = _note(r, catalog, flows, worded)
            if oid == last:
                notes[oid].append(note)
            else:
                notes[oid] = [note]
            if oid in sums:
                ords.setdefault(oid, []).append(r[1])
            last = oid
    if notes:
        yield _with_sums(notes, ords, pending, sums, last)
    if pending:
        yield {oid: sums[oid] for oid in pending}


def _with_sums(
    notes: dict[int, list[str]], ords: dict[int, list[int]], pending: deque[int], sums: dict[int, list[str]], top: int
) -> dict[int, list[str]]:
    """A batch of worded figures (up to id TOP) with the sum rule's notes of the PENDING figures up to TOP
    (taken off PENDING) in their place: after the parts, before the change (ORDS: the rule order of their notes).
    The figures are sorted again only when one had no other note."""
    inserted = False
    while pending and pending[0] <= top:
        oid = pending.popleft()
        got = notes.get(oid)
        if got is None:
            notes[oid] = list(sums[oid])
            inserted = True
            continue
        placed = [*zip(ords[oid], got, strict=True), *((200 + n, note) for n, note in enumerate(sums[oid]))]
        got[:] = [note for _ord, note in sorted(placed, key=_ORD)]
    return dict(sorted(notes.items())) if inserted else notes


def _note(
    r: Any, catalog: dict[str, Rule], flows: dict[tuple[Any, ...], str], worded: dict[tuple[Any, ...], str]
) -> str:
    code = r[2]
    if code == "flow":
        numbers = tuple(r[8:])
        note = flows.get(numbers)
        if note is None:
            if len(flows) > _FLOW_NOTES:
                flows.clear()
            note = flows[numbers] = flow_note(
                float(r[8]), float(r[9]), [float(v) for v in r[12:]], float(r[10]), float(r[11])
            )
        return note
    memo = (code, r[3], r[4], r[5], r[6], r[7] if code == "prev_end" else None)
    note = worded.get(memo)
    if note is None:
        if len(worded) > _NOTES:
            worded.clear()
        note = worded[memo] = _word(code, r[3], r[4], r[5], catalog[r[6]], int(r[7]), catalog)
    return note


def _word(code: str, other: str | None, a: Any, b: Any, rule: Rule, year: int, catalog: dict[str, Rule]) -> str:
    if code == "prev_end":
        return prev_end_note(rule, float(a), float(b), year)
    if code == "percent":
        return percent_note(rule, float(a))
    if code == "part":
        return part_note(rule, float(a), float(b))
    if code in ("at_most", "parts"):
        assert other is not None, code  # (both compare with another indicator, which the hit names)
        note = at_most_note if code == "at_most" else parts_note
        return note(rule, catalog[other], float(a), float(b))
    return change_note(rule, float(a), float(b))
