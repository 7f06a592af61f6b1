"""The staging table of etl.load: a batch of facts of one or more sources, and each decision about them as one
SQL statement (executemany on SQLite, COPY on PostgreSQL into a temporary table): which figures already
exist, which an older ledger value equals (unchanged) or loses to (superseded), which keys share new figures
and so need their headline recomputed, and the insert of the new ones. `src` names each fact's source."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session

from store.check_rules import EXPLAIN
from store.checks_sql import Staged, part_sql, period_sql
from store.models import ACTIVE_STATUSES, Source, utcnow
from store.resolve import TempTables, decide_headlines, expire_observations

RegionOf = Callable[[str | None], int]


class _Rows(Protocol):
    """What stage_batch reads of an etl.facts_in.FactBatch (which imports this module)."""

    columns: tuple[str, ...]

    def rows(self, region_of: RegionOf, indicator_ids: dict[str, int]) -> Iterator[tuple[Any, ...]]: ...


# Staging columns: the first eight every fact batch gives; the rest default to a plain figure. src (the
# source's id) is given per row when several sources share the table, else it is the table's default.
STAGE_COLUMNS: tuple[str, ...] = tuple(
    "n region_id indicator_id year value masked qualifier locator attrs attrs_key "
    "is_target evidence span_start span_end part unit".split()
)
_STAGE = (
    "n {key} PRIMARY KEY, region_id {int} NOT NULL, indicator_id {int} NOT NULL, year {int} NOT NULL, "
    "value {float}, masked {bool} NOT NULL, qualifier {text} NOT NULL, locator {text} NOT NULL, "
    "attrs {json} NOT NULL DEFAULT '{{}}', attrs_key {text} NOT NULL DEFAULT '', "
    "is_target {bool} NOT NULL DEFAULT FALSE, evidence {text}, span_start {int}, span_end {int}, "
    "part {bool} NOT NULL DEFAULT FALSE, unit {text}, prior {bool} NOT NULL DEFAULT FALSE, "
    "skip {bool} NOT NULL DEFAULT FALSE, repeated {bool} NOT NULL DEFAULT FALSE, "
    "held {bool} NOT NULL DEFAULT FALSE, src {int} NOT NULL DEFAULT "
)


def create_stage(t: TempTables, default_source: int) -> None:
    """(Re)create load_stage; facts staged without a src belong to DEFAULT_SOURCE."""
    t.create("load_stage", _STAGE + str(int(default_source)))


@dataclass
class Columnar:
    """A fact batch column-wise (etl.ledgers.batch): FIGURES, runs of (n, sheet, record, series, column, value,
    flags) tuples, numbered from 0 in order (flags: the index of the qualifier in QUALIFIERS | MASKED | EMPTY, no
    value); what figures share is given once: RECORDS (record, region_id, year, row index: the locator's row is
    index + 1), SERIES (series, indicator_id, attrs JSON, attrs_key, stated unit or None), CELLS (sheet, column,
    "Sheet!C"), SPANS (n, ":C5" for a figure summed over rows)."""

    figures: Iterable[Iterable[tuple[Any, ...]]]
    records: Iterable[tuple[Any, ...]]
    series: Iterable[tuple[Any, ...]]
    cells: Iterable[tuple[Any, ...]]
    spans: Sequence[tuple[Any, ...]]
    qualifiers: Sequence[str]
    masked: int
    empty: int


_COLUMNAR = (
    (
        "stage_fig",
        "n {key} PRIMARY KEY, sheet {int} NOT NULL, rec {int} NOT NULL, k {int} NOT NULL, "
        "col {int} NOT NULL, v {float} NOT NULL, fl {int} NOT NULL",
    ),
    ("stage_rec", "rec {int} PRIMARY KEY, region_id {int} NOT NULL, year {int} NOT NULL, r {int} NOT NULL"),
    (
        "stage_series",
        "k {int} PRIMARY KEY, indicator_id {int} NOT NULL, attrs {json} NOT NULL, "
        "attrs_key {text} NOT NULL, unit {text}",
    ),
    ("stage_cell", "sheet {int} NOT NULL, col {int} NOT NULL, cell {text} NOT NULL, PRIMARY KEY (sheet, col)"),
    ("stage_span", "n {key} PRIMARY KEY, tail {text} NOT NULL"),
)
_FROM_COLUMNAR = """
    INSERT INTO load_stage (n, region_id, indicator_id, year, value, masked, qualifier, locator, attrs, attrs_key,
                            unit)
    SELECT f.n, r.region_id, s.indicator_id, r.year, CASE WHEN (f.fl & {empty}) <> 0 THEN NULL ELSE f.v END,
           (f.fl & {masked}) <> 0, CASE f.fl & 3 {qualifiers} END,
           c.cell || CAST(r.r + 1 AS TEXT){tail}, s.attrs, s.attrs_key, s.unit
    FROM stage_fig f JOIN stage_rec r ON r.rec = f.rec JOIN stage_series s ON s.k = f.k
    JOIN stage_cell c ON c.sheet = f.sheet AND c.col = f.col{spans}"""


def stage_batch(t: TempTables, batch: _Rows, region_of: RegionOf, indicator_ids: dict[str, int]) -> None:
    """Fill load_stage (created, empty) with BATCH: column-wise on SQLite when it can (Columnar: a wide ledger's
    million figures bound as seven numbers each, their strings built by one INSERT … SELECT), else a tuple per
    fact."""
    # (SQLite only: PostgreSQL's COPY takes the tuples as cheaply, and the server's join cost more wall time)
    columnar = None if t.postgres else getattr(batch, "columnar", None)
    parts: Columnar | None = columnar(region_of, indicator_ids) if columnar is not None else None
    if parts is None:
        t.fill("load_stage", batch.columns, batch.rows(region_of, indicator_ids))
        return
    for name, columns in _COLUMNAR:
        t.create(name, columns)
    for run in parts.figures:
        t.fill("stage_fig", ("n", "sheet", "rec", "k", "col", "v", "fl"), run)
    t.fill("stage_rec", ("rec", "region_id", "year", "r"), parts.records)
    t.fill("stage_series", ("k", "indicator_id", "attrs", "attrs_key", "unit"), parts.series)
    t.fill("stage_cell", ("sheet", "col", "cell"), parts.cells)
    t.fill("stage_span", ("n", "tail"), parts.spans)
    t.analyze(*(name for name, _ in _COLUMNAR))
    qualifiers = " ".join(f"WHEN {i} THEN '{q}'" for i, q in enumerate(parts.qualifiers))
    tail, spans = (" || COALESCE(p.tail, '')", " LEFT JOIN stage_span p ON p.n = f.n") if parts.spans else ("", "")
    sql = _FROM_COLUMNAR.format(
        empty=int(parts.empty), masked=int(parts.masked), qualifiers=qualifiers, tail=tail, spans=spans
    )
    t.execute(sql)
    t.drop(*(name for name, _ in _COLUMNAR))


def per_source(t: TempTables, where: str) -> dict[int, int]:
    """Source id → how many staged facts match WHERE."""
    rows = t.execute(f"SELECT src, COUNT(*) FROM load_stage WHERE {where} GROUP BY src").all()
    return {int(r[0]): int(r[1]) for r in rows}


def json_serializer(session: Session) -> Callable[[Any], str]:
    """The engine's JSON serializer, so staged attrs are stored as the ORM would store them."""
    return getattr(session.get_bind().dialect, "_json_serializer", None) or json.dumps


_OLDER = """
    FROM observation o JOIN source src ON src.id = o.source_id
    WHERE o.region_id = s.region_id AND o.indicator_id = s.indicator_id AND o.year = s.year
      AND o.is_target = s.is_target AND o.attrs_key = s.attrs_key AND src.kind <> 'report'
      AND o.status IN ('{active}') AND o.source_id <> :source""".format(active="', '".join(ACTIVE_STATUSES))


def mark_prior(t: TempTables) -> bool:
    """Flag staged facts whose key already has stored figures; True when there is any."""
    if t.execute("SELECT 1 FROM observation LIMIT 1").first() is None:
        return False
    t.execute("""UPDATE load_stage SET prior = EXISTS (SELECT 1 FROM observation o WHERE o.region_id =
                 load_stage.region_id AND o.indicator_id = load_stage.indicator_id AND o.year = load_stage.year)""")
    return t.execute("SELECT 1 FROM load_stage WHERE prior LIMIT 1").first() is not None


def supersede(session: Session, t: TempTables, source: Source, actor: str) -> int:
    """A ledger-like SOURCE (the only one staged): a fact equal to an active older ledger value is unchanged
    (skipped); the older values of a group (key, target, attrs) are superseded by the group's first fact that
    differs. How many older values were superseded."""
    decide_supersede(t, source.id)
    superseded = _audit_superseded(t, source, actor, json_serializer(session))
    # A superseded figure is never a headline nor in conflict: set here, the headline pass skips them.
    t.execute(
        "UPDATE observation SET status = 'superseded', is_headline = FALSE, conflict = FALSE, updated_at = :now "
        "WHERE id IN (SELECT id FROM load_old)",
        {"now": utcnow()},
    )
    expire_observations(session, ("status", "is_headline", "conflict", "updated_at"))
    drop_supersede(t)
    return superseded


def decide_supersede(t: TempTables, source_id: int) -> None:
    """supersede's choices in temporary tables only: the unchanged facts skipped in load_stage, and load_old
    (k, id, value, masked, status, source_id, new_value): the older values to supersede, in order."""
    params = {"source": source_id}
    t.create(
        "load_match",
        "",
        as_select=f"""
        SELECT s.n, s.region_id, s.indicator_id, s.year, s.is_target, s.attrs_key, s.value,
               EXISTS (SELECT 1 {_OLDER}
                       AND (o.value = s.value OR (o.value IS NULL AND s.value IS NULL)) AND o.masked = s.masked)
                 AS eq
        FROM load_stage s WHERE s.prior AND EXISTS (SELECT 1 {_OLDER})""",
        params=params,
    )
    t.execute("CREATE INDEX IF NOT EXISTS load_match_group ON load_match (region_id, indicator_id, year, attrs_key)")
    t.create(
        "load_first_miss",
        "",
        as_select="""
        SELECT region_id, indicator_id, year, is_target, attrs_key, MIN(n) AS n FROM load_match WHERE NOT eq
        GROUP BY region_id, indicator_id, year, is_target, attrs_key""",
    )
    t.execute("""UPDATE load_stage SET skip = TRUE WHERE n IN (
        SELECT m.n FROM load_match m WHERE m.eq AND NOT EXISTS (SELECT 1 FROM load_first_miss f
            WHERE f.region_id = m.region_id AND f.indicator_id = m.indicator_id AND f.year = m.year
              AND f.is_target = m.is_target AND f.attrs_key = m.attrs_key AND f.n < m.n))""")
    t.create(
        "load_old",
        "",
        as_select=f"""
        SELECT ROW_NUMBER() OVER (ORDER BY s.n, o.id) AS k, o.id, o.value, o.masked, o.status, o.source_id,
               s.value AS new_value
        FROM load_first_miss f JOIN load_stage s ON s.n = f.n
        JOIN observation o ON o.region_id = s.region_id AND o.indicator_id = s.indicator_id AND o.year = s.year
        JOIN source src ON src.id = o.source_id
        WHERE o.is_target = s.is_target AND o.attrs_key = s.attrs_key AND src.kind <> 'report'
          AND o.status IN ('{"', '".join(ACTIVE_STATUSES)}') AND o.source_id <> :source""",
        params=params,
    )
    t.execute("CREATE INDEX IF NOT EXISTS load_old_k ON load_old (k)")


def drop_supersede(t: TempTables) -> None:
    t.drop("load_old", "load_first_miss", "load_match")


_AUDIT_COLUMNS = ("at", "actor", "action", "object_type", "object_id", "old", "new", "reason")


def _audit_superseded(t: TempTables, source: Source, actor: str, serialize: Callable[[Any], str]) -> int:
    """One AuditEvent per superseded value, in the order the facts came; the number superseded."""
    who, reason, at = source.uploaded_by or actor, f"新台账 {source.filename} 覆盖旧值", t.stamp(utcnow())
    done = last = 0
    while True:
        rows = t.execute(
            "SELECT k, id, value, masked, status, source_id, new_value FROM load_old WHERE k > :last "
            "ORDER BY k LIMIT 10000",
            {"last": last},
        ).all()
        if not rows:
            return done
        was = ({"value": r.value, "masked": bool(r.masked), "status": r.status, "source_id": r.source_id} for r in rows)
        now = ({"value": r.new_value, "source_id": source.id} for r in rows)
        events = zip(rows, was, now, strict=False)  # generators: zip's length check would not see them
        t.fill(
            "audit_event",
            _AUDIT_COLUMNS,
            ((at, who, "supersede", "observation", r.id, serialize(o), serialize(n), reason) for r, o, n in events),
        )
        done, last = done + len(rows), rows[-1].k


def mark_repeated(t: TempTables, unique: bool) -> bool:
    """Flag new facts whose key another new fact shares; True when there is any."""
    if unique:
        return False
    t.execute("""UPDATE load_stage SET repeated = TRUE WHERE NOT skip AND (region_id, indicator_id, year) IN (
        SELECT region_id, indicator_id, year FROM load_stage WHERE NOT skip
        GROUP BY region_id, indicator_id, year HAVING COUNT(*) > 1)""")
    return t.execute("SELECT 1 FROM load_stage WHERE repeated LIMIT 1").first() is not None


# The ids the staged facts will have (etl.load inserts the held facts first, then the new ones, each in their
# order): the checks and the headline decision run before the insert and name them so.
# (each MIN/MAX its own subquery: alone in its SELECT, SQLite reads it off the key instead of scanning the stage)
_IDS = """SELECT COALESCE((SELECT MAX(id) FROM observation), 0), (SELECT MIN(n) FROM load_stage),
    (SELECT MAX(n) FROM load_stage)"""


@dataclass(frozen=True)
class StageIds:
    """A staged fact's id once stored: held + n for a held one (store.submissions.mark_held), new + n else."""

    held: int
    new: int

    def of(self, alias: str = "s") -> str:
        """SQL: the id the staged row ALIAS will have."""
        return f"(CASE WHEN {alias}.held THEN {self.held} ELSE {self.new} END + {alias}.n)"


def stage_ids(t: TempTables) -> StageIds:
    """The ids the staged facts will have: above every stored id, in the order they are inserted."""
    top, low, high = t.execute(_IDS).one()
    if low is None:
        return StageIds(int(top) + 1, int(top) + 1)
    held = int(top) + 1 - int(low)
    return StageIds(held, held + int(high) - int(low) + 1)


# The staged facts a headline pass would see beside the stored figures of their keys (etl.load decides the
# headlines of the keys with stored or repeated figures before inserting, for the checks and the conflicts).
_OBSERVED = """(SELECT o.id, o.region_id, o.indicator_id, o.year, o.is_target, o.attrs, o.source_id, o.value,
           o.qualifier, o.is_headline, o.conflict, o.masked, s.kind, o.status
    FROM observation o JOIN source s ON s.id = o.source_id
    WHERE EXISTS (SELECT 1 FROM load_stage g WHERE (g.prior OR g.repeated) AND g.region_id = o.region_id
                  AND g.indicator_id = o.indicator_id AND g.year = o.year)
    UNION ALL
    SELECT {first} + n, region_id, indicator_id, year, is_target, attrs, src, value, qualifier,
           NOT part AND NOT prior AND NOT repeated, FALSE, masked, :kind, 'extracted'
    FROM load_stage WHERE NOT skip)"""


def decide_staged_headlines(t: TempTables, ids: StageIds, kind: str) -> None:
    """store.resolve.decide_headlines for the keys with stored or repeated figures, over the stored figures and
    the staged ones (sources of KIND) as they will be inserted: resolve_want by (future) id."""
    # (the stored figures of those keys are found through it: without, each stored figure scanned the stage)
    t.execute("CREATE INDEX IF NOT EXISTS load_stage_key ON load_stage (region_id, indicator_id, year)")
    decide_headlines(
        t,
        keys_sql="SELECT region_id, indicator_id, year FROM load_stage WHERE prior OR repeated",
        observed=(_OBSERVED.format(first=ids.new), "", "o.kind"),
        observed_params={"kind": kind},
    )
    t.execute("CREATE INDEX IF NOT EXISTS resolve_want_id ON resolve_want (id)")


def staged_conflicts(t: TempTables, ids: StageIds) -> dict[int, int]:
    """Source id → how many of its staged facts decide_staged_headlines put in conflict."""
    rows = t.execute(f"""SELECT s.src, COUNT(*) FROM load_stage s JOIN resolve_want w ON w.id = {ids.new} + s.n
        WHERE NOT s.skip AND w.conflict GROUP BY s.src""").all()
    return {int(r[0]): int(r[1]) for r in rows}


def _head_sql(ids: StageIds, decided: bool) -> str:
    """1 when the staged row s heads its key once stored and the headlines decided (see decide_staged_headlines),
    else 0: a held fact never, a fact of a key decided again as decided, else a fact that is not a part."""
    again = f"COALESCE((SELECT CASE WHEN w.head THEN 1 ELSE 0 END FROM resolve_want w WHERE w.id = {ids.new} + s.n), 0)"
    return (
        "CASE WHEN s.held THEN 0 "
        + (f"WHEN s.prior OR s.repeated THEN {again} " if decided else "")
        + "WHEN s.part THEN 0 ELSE 1 END"
    )


def staged_checks(t: TempTables, ids: StageIds, decided: bool, regions: Sequence[int] | None) -> Staged:
    """What store.checks checks of a load before it is inserted (store.checks_sql.Staged): the staged achieved,
    unmasked facts to be stored (new and held), in REGIONS (None: every staged region; the actor's), with
    the headline each will have; DECIDED: decide_staged_headlines ran (the stored figures' headlines then
    come from it)."""
    inside = "TRUE" if regions is None else f"s.region_id IN ({', '.join(str(int(r)) for r in regions) or 'NULL'})"
    head = _head_sql(ids, decided)
    figures = f"""SELECT {ids.of()}, s.region_id, i.key, s.year, s.value, {period_sql(t, "s.attrs_key")},
            {part_sql(t, "s.attrs_key")}, {head}
        FROM load_stage s JOIN indicator i ON i.id = s.indicator_id
        WHERE (s.held OR NOT s.skip) AND NOT s.masked AND s.value IS NOT NULL AND NOT s.is_target AND {inside}"""
    # staged facts that will head their key unchecked (masked with a value, or out of scope): stored headlines
    unchecked = "s.masked" if regions is None else f"(s.masked OR NOT {inside})"
    heads = f"""SELECT s.region_id, i.key, s.year, s.value FROM load_stage s JOIN indicator i ON i.id = s.indicator_id
        WHERE NOT s.skip AND {unchecked} AND NOT s.is_target AND s.attrs_key = '' AND s.value IS NOT NULL
          AND {head} = 1 AND EXISTS (SELECT 1 FROM check_fig f WHERE f.region_id = s.region_id
                                     AND (f.year = s.year OR f.year - 1 = s.year))"""
    stored = (
        "COALESCE((SELECT w.head FROM resolve_want w WHERE w.id = o.id), o.is_headline)" if decided else "o.is_headline"
    )
    return Staged(figures, stored_head=stored, unchecked_heads=heads)


_NEW = """
    INSERT INTO observation (region_id, indicator_id, year, value, masked, qualifier, attrs, attrs_key, is_target,
                             source_id, locator, evidence, span_start, span_end, status, is_headline, conflict,
                             review_note, created_at, updated_at, unit)
    SELECT s.region_id, s.indicator_id, s.year, s.value, s.masked, s.qualifier, s.attrs, s.attrs_key, s.is_target,
           s.src, s.locator, s.evidence, s.span_start, s.span_end,
           CASE WHEN f.id IS NULL THEN 'extracted' ELSE '{explain}' END,
           CASE WHEN f.id IS NULL THEN NOT s.part AND NOT s.prior AND NOT s.repeated ELSE FALSE END, FALSE,
           f.note, :now, :now, s.unit
    FROM load_stage s LEFT JOIN {found} f ON f.id = {first} + s.n WHERE NOT s.skip ORDER BY s.n"""


def insert_new(t: TempTables, ids: StageIds, found: str) -> int:
    """Insert the staged facts that are not unchanged (nor held), in their order, those the checks found (table
    FOUND: id, note) already held as 需说明 with their note; how many."""
    sql = _NEW.format(explain=EXPLAIN, found=found, first=ids.new)
    return int(t.execute(sql, {"now": utcnow()}).rowcount)
