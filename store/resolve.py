"""Headline resolution: which observation the dashboard shows for each (region, indicator, year, target).

A township-year may hold several observations of one indicator: the report's figure, a ledger cell, a
clerk's correction, parts such as 农村党支部. Exactly one active observation per headline group is
flagged `is_headline`, so read-side queries stay a plain indexed filter. Every writer calls
`refresh_headlines` for the keys it touched, inside its own transaction.

Two implementations of one rule set: `refresh_headlines` loads the group's ORM objects and decides in
Python (`rank`, `agrees`), for the few keys a review touches; `refresh_headlines_bulk` decides the same
in SQL (window functions over a temporary table of keys), for loads that touch a million keys.
tests/test_resolve.py holds them to the same answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime, bindparam, select, text, tuple_
from sqlalchemy.orm import Session

from store.models import ACTIVE_STATUSES, Observation, Source, utcnow

# attrs that make an observation a *part* (农村党支部, 一级网格, 严重警告): never the headline total.
PART_ATTRS = ("type", "level", "severity")
# attrs that state another 口径 than the year's (截至6月底, 上半年, 上年底: etl.reports.periods): kept on the fact,
# never the year's headline, so they are not summed, compared or ranked with year figures.
PERIOD_ATTRS = ("period",)
NOT_HEADLINE_ATTRS = PART_ATTRS + PERIOD_ATTRS
_AUTHORITATIVE_KINDS = ("ledger", "manual", "demo", "form")
_REVIEWED = ("confirmed", "corrected")

Key = tuple[int, int, int]  # region_id, indicator_id, year


# attrs that make another series of the indicator, with its own headline (like a threshold): 村集体经营性收入
# (measure 经营性) beside 总收入 is another 农经 series, never the total nor compared with it.
SERIES_ATTRS = ("threshold", "measure")


def group_of(obs: Observation) -> tuple[bool, str, str]:
    """Observations compete within (target, threshold, measure); other attrs only disqualify parts."""
    attrs = obs.attrs or {}
    threshold = attrs.get("threshold")
    return obs.is_target, "" if threshold is None else str(float(threshold)), str(attrs.get("measure") or "")


def is_part(obs: Observation) -> bool:
    return any(k in (obs.attrs or {}) for k in NOT_HEADLINE_ATTRS)


def rank(obs: Observation, source_kind: str) -> tuple[int, int, int, float, int]:
    """Sort key, best first when reversed: reviewed > ledger > report, then unmasked, larger, newer."""
    reviewed = int(obs.status in _REVIEWED)
    authoritative = int(source_kind in _AUTHORITATIVE_KINDS)
    return (reviewed, authoritative, int(not obs.masked), obs.value or 0.0, obs.id or 0)


# How far an approximate figure (约/近/左右) may be from the exact one and still agree with it.
APPROX_TOLERANCE = 0.1


def agrees(stated: Observation, exact: float) -> bool:
    """Does a report's figure, read with its qualifier, agree with an exact value? 1700余 agrees with 1736."""
    v = stated.value or 0.0
    if stated.qualifier == "over":
        return exact >= v
    if stated.qualifier == "under":
        return exact <= v
    if stated.qualifier == "approx":
        return abs(exact - v) <= APPROX_TOLERANCE * max(abs(v), 1.0)
    return abs(exact - v) < 1e-9


def refresh_headlines(session: Session, keys: Iterable[Key] | None = None) -> None:
    """Recompute is_headline and conflict for the given keys (all observations when keys is None)."""
    session.flush()
    stmt = select(Observation, Source.kind).join(Source, Observation.source_id == Source.id)
    key_list = sorted(set(keys)) if keys is not None else None
    if key_list is not None and not key_list:
        return
    batches = [None] if key_list is None else [key_list[i : i + 500] for i in range(0, len(key_list), 500)]
    for batch in batches:
        q = stmt
        if batch is not None:
            q = q.where(tuple_(Observation.region_id, Observation.indicator_id, Observation.year).in_(batch))
        groups: dict[tuple, list[tuple[Observation, str]]] = defaultdict(list)
        for obs, kind in session.execute(q):
            groups[(obs.region_id, obs.indicator_id, obs.year, *group_of(obs))].append((obs, kind))
        for members in groups.values():
            _resolve_group(members)
    session.flush()


def _resolve_group(members: list[tuple[Observation, str]]) -> None:
    active = [(o, k) for o, k in members if o.status in ACTIVE_STATUSES]
    candidates = [(o, k) for o, k in active if not is_part(o)]
    best = max(candidates, key=lambda ok: rank(*ok))[0] if candidates else None
    # A ledger figure that agrees with none of the report's figures for the same key is a conflict for
    # 数据审核 (a report may state several, e.g. two training programmes' people-times).
    ledger = [o for o, k in candidates if k in _AUTHORITATIVE_KINDS and not o.masked and o.value is not None]
    report = [o for o, k in candidates if k == "report" and not o.masked and o.value is not None]
    reviewed = any(o.status in _REVIEWED for o, _ in candidates)
    disputed = bool(
        ledger
        and report
        and not any(agrees(r, lv.value) for r in report for lv in ledger)  # type: ignore[arg-type]
        and not reviewed
    ) or (self_contradicting(report) and not reviewed)
    for o, k in members:
        want_head = o is best
        want_conflict = disputed and (o, k) in candidates
        if o.is_headline != want_head:
            o.is_headline = want_head
        if o.conflict != want_conflict:
            o.conflict = want_conflict


def self_contradicting(report: list[Observation]) -> bool:
    """One report stating different exact figures for one key (三个不同的培训班期数): a clerk must choose."""
    seen: dict[int, set[float]] = defaultdict(set)
    for o in report:
        if o.qualifier == "exact":
            seen[o.source_id].add(float(o.value))  # type: ignore[arg-type]
    return any(len(values) > 1 for values in seen.values())


# --- the same rules, set-based ----------------------------------------------------------------------


class TempTables:
    """Temporary tables on the session's connection, in SQL both SQLite and PostgreSQL accept."""

    def __init__(self, session: Session):
        self.conn: Connection = session.connection()
        self.postgres = self.conn.dialect.name == "postgresql"
        self.types = {
            "bool": "BOOLEAN",
            "float": "DOUBLE PRECISION",
            "int": "INTEGER",
            "text": "TEXT",
            "json": "JSON" if self.postgres else "TEXT",
            "key": "BIGINT" if self.postgres else "INTEGER",
        }

    def qualified(self, name: str) -> str:
        """NAME in the session's temporary schema (never a permanent table of that name)."""
        return f"pg_temp.{name}" if self.postgres else f"temp.{name}"

    def create(
        self, name: str, columns: str, *, as_select: str | None = None, params: dict[str, Any] | None = None
    ) -> None:
        """(Re)create temporary table NAME: COLUMNS is its column list, or AS_SELECT fills it.

        On PostgreSQL a table of the same definition made earlier in this transaction is emptied and reused: a
        table dropped and made again is a new relation, and every relation a transaction touched stays locked to
        its end (the demo's 79 files in one transaction held 17,836 locks, past the server's lock table with the
        default max_locks_per_transaction: "out of shared memory")."""
        definition = columns if as_select is None else f"AS {as_select}"
        if self.postgres and self._defined.get(name) == definition and self._live(name):
            self.execute(f"TRUNCATE {self.qualified(name)}")
            if as_select is not None:
                self.execute(f"INSERT INTO {self.qualified(name)} {as_select}", params)
            return
        self._drop(name)
        tail = " ON COMMIT DROP" if self.postgres else ""
        if as_select is not None:
            self.execute(f"CREATE TEMPORARY TABLE {name}{tail} AS {as_select}", params)
        else:
            self.execute(f"CREATE TEMPORARY TABLE {name} ({columns.format(**self.types)}){tail}")
        self._defined[name] = definition

    @property
    def _defined(self) -> dict[str, str]:
        """The definition each temporary table was made with on this connection (PostgreSQL drops them at commit:
        _live says whether one is still there)."""
        defined: dict[str, str] = self.conn.info.setdefault("temp_table_definitions", {})
        return defined

    def _live(self, name: str) -> bool:
        return self.execute(f"SELECT to_regclass('{self.qualified(name)}')").scalar() is not None

    def analyze(self, *names: str) -> None:
        """Give PostgreSQL the statistics of temporary tables NAMES (autovacuum never analyzes them: a join over
        a million staged rows planned blind ran nested loops for minutes); SQLite needs none."""
        if self.postgres:
            for name in names:
                self.execute(f"ANALYZE {self.qualified(name)}")

    def drop(self, *names: str) -> None:
        """Done with NAMES: dropped, or on PostgreSQL emptied for the next create of the same definition in this
        transaction (see create)."""
        for name in names:
            if self.postgres and name in self._defined and self._live(name):
                self.execute(f"TRUNCATE {self.qualified(name)}")
            else:
                self._drop(name)

    def _drop(self, name: str) -> None:
        self.execute(f"DROP TABLE IF EXISTS {self.qualified(name)}")

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        stmt = text(sql)
        if params and "now" in params:
            stmt = stmt.bindparams(bindparam("now", type_=DateTime))
        return self.conn.execute(stmt, params or {})

    def stamp(self, value: datetime) -> Any:
        """VALUE as the driver is given it for a DateTime column (SQLite stores SQLAlchemy's text form)."""
        process = DateTime().dialect_impl(self.conn.dialect).bind_processor(self.conn.dialect)
        return process(value) if process else value

    def stream(self, sql: str, size: int) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of SQL (no parameters) as tuples, SIZE at a time, read as they are consumed (a server-side
        cursor on PostgreSQL): hundreds of thousands of rows in one statement, never all in memory, and no
        SQLAlchemy Row per row. Other statements may run on the session between two chunks."""
        raw = self.conn.connection.driver_connection
        cur = raw.cursor(name="temp_tables_stream") if self.postgres else raw.cursor()  # type: ignore[union-attr, call-arg]
        try:
            cur.execute(sql)
            while rows := cur.fetchmany(size):
                yield rows
        finally:
            cur.close()

    def fill(self, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Add ROWS (tuples in COLUMNS order, values as the driver takes them) to table NAME: COPY on
        PostgreSQL, executemany on SQLite."""
        raw = self.conn.connection.driver_connection
        cols = ", ".join(columns)
        if self.postgres:
            with raw.cursor() as cur, cur.copy(f"COPY {name} ({cols}) FROM STDIN") as copy:  # type: ignore[union-attr]
                for row in rows:
                    copy.write_row(row)
            return
        cur = raw.cursor()  # type: ignore[union-attr]
        try:
            cur.executemany(f"INSERT INTO {name} ({cols}) VALUES ({', '.join('?' * len(columns))})", rows)
        finally:
            cur.close()


def _threshold(t: TempTables) -> str:
    if t.postgres:
        return "CAST((o.attrs ->> 'threshold') AS DOUBLE PRECISION)"
    return "CAST(json_extract(o.attrs, '$.threshold') AS REAL)"


def _measure(t: TempTables) -> str:
    if t.postgres:
        return "COALESCE(o.attrs ->> 'measure', '')"
    return "COALESCE(json_extract(o.attrs, '$.measure'), '')"


def _part(t: TempTables) -> str:
    if t.postgres:
        return "jsonb_exists_any(CAST(o.attrs AS jsonb), array['" + "','".join(NOT_HEADLINE_ATTRS) + "'])"
    return "(" + " OR ".join(f"json_type(o.attrs, '$.{k}') IS NOT NULL" for k in NOT_HEADLINE_ATTRS) + ")"


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


_SAME_GROUP = (
    "{a}.region_id = {b}.region_id AND {a}.indicator_id = {b}.indicator_id AND {a}.year = {b}.year "
    "AND {a}.is_target = {b}.is_target AND ({a}.thr = {b}.thr OR ({a}.thr IS NULL AND {b}.thr IS NULL)) "
    "AND {a}.meas = {b}.meas"
)


_OBSERVATIONS = "observation", "JOIN source s ON s.id = o.source_id", "s.kind"


def _members_sql(t: TempTables, observed: tuple[str, str, str] = _OBSERVATIONS) -> str:
    """Every observation of the keys with what the rules look at, as 0/1 flags. OBSERVED: the relation read as
    observations, how to join their source and the expression of its kind (a preview reads staged figures
    beside the stored ones: etl.preview)."""
    table, kind_join, kind = observed
    return f"""
        SELECT o.id, o.region_id, o.indicator_id, o.year, o.is_target, {_threshold(t)} AS thr, {_measure(t)} AS meas,
               o.source_id,
               o.value, o.qualifier, o.is_headline AS old_head, o.conflict AS old_conflict,
               CASE WHEN o.status IN {_in(ACTIVE_STATUSES)} AND NOT {_part(t)} THEN 1 ELSE 0 END AS cand,
               CASE WHEN o.status IN {_in(_REVIEWED)} THEN 1 ELSE 0 END AS reviewed,
               CASE WHEN {kind} IN {_in(_AUTHORITATIVE_KINDS)} THEN 1 ELSE 0 END AS auth,
               CASE WHEN {kind} = 'report' THEN 1 ELSE 0 END AS report,
               CASE WHEN o.masked THEN 1 ELSE 0 END AS masked,
               CASE WHEN NOT o.masked AND o.value IS NOT NULL THEN 1 ELSE 0 END AS valued
        FROM resolve_keys k
        JOIN {table} o ON o.region_id = k.region_id AND o.indicator_id = k.indicator_id AND o.year = k.year
        {kind_join}"""


def _agreeing_pair() -> str:
    """A report figure and a ledger figure of group g that agree (see agrees())."""
    tol = f"CAST({APPROX_TOLERANCE!r} AS DOUBLE PRECISION)"
    return f"""EXISTS (SELECT 1 FROM resolve_members r JOIN resolve_members l ON {_SAME_GROUP.format(a="r", b="l")}
        WHERE {_SAME_GROUP.format(a="r", b="g")} AND r.cand = 1 AND r.report = 1 AND r.valued = 1
          AND l.cand = 1 AND l.auth = 1 AND l.valued = 1
          AND CASE r.qualifier
                WHEN 'over' THEN l.value >= r.value
                WHEN 'under' THEN l.value <= r.value
                WHEN 'approx' THEN abs(l.value - r.value)
                                   <= {tol} * CASE WHEN abs(r.value) > 1.0 THEN abs(r.value) ELSE 1.0 END
                ELSE abs(l.value - r.value) < CAST(1e-9 AS DOUBLE PRECISION) END)"""


def _disputed_sql() -> str:
    """Groups with a ledger figure and a report figure that agree nowhere, or one report stating different
    exact figures (self_contradicting), and nothing reviewed."""
    return f"""
        SELECT g.region_id, g.indicator_id, g.year, g.is_target, g.thr, g.meas FROM (
            SELECT region_id, indicator_id, year, is_target, thr, meas FROM resolve_members WHERE cand = 1
            GROUP BY region_id, indicator_id, year, is_target, thr, meas
            HAVING SUM(auth * valued) > 0 AND SUM(report * valued) > 0 AND SUM(reviewed) = 0) g
        WHERE NOT {_agreeing_pair()}
        UNION
        SELECT c.region_id, c.indicator_id, c.year, c.is_target, c.thr, c.meas FROM (
            SELECT region_id, indicator_id, year, is_target, thr, meas FROM resolve_members
            WHERE cand = 1 AND report = 1 AND valued = 1 AND qualifier = 'exact'
            GROUP BY region_id, indicator_id, year, is_target, thr, meas, source_id
            HAVING COUNT(DISTINCT value) > 1) c
        WHERE NOT EXISTS (SELECT 1 FROM resolve_members r
                          WHERE {_SAME_GROUP.format(a="r", b="c")} AND r.cand = 1 AND r.reviewed = 1)"""


_WANT = f"""
    SELECT m.id, m.old_head, m.old_conflict,
           (m.cand = 1 AND ROW_NUMBER() OVER (
                PARTITION BY m.region_id, m.indicator_id, m.year, m.is_target, m.thr, m.meas, m.cand
                ORDER BY m.reviewed DESC, m.auth DESC, m.masked ASC, COALESCE(m.value, 0.0) DESC, m.id DESC) = 1)
             AS head,
           (m.cand = 1 AND EXISTS (SELECT 1 FROM resolve_disputed g WHERE {_SAME_GROUP.format(a="g", b="m")}))
             AS conflict
    FROM resolve_members m"""


def refresh_headlines_bulk(
    session: Session,
    keys: Iterable[Key] | None = None,
    *,
    keys_sql: str | None = None,
    params: dict[str, Any] | None = None,
) -> None:
    """refresh_headlines in SQL: the same choices for many keys at once, without loading objects.

    The keys are KEYS, or the rows (region_id, indicator_id, year) of the SELECT KEYS_SQL (with PARAMS),
    which may name the caller's temporary tables."""
    session.flush()
    t = TempTables(session)
    decide_headlines(t, keys, keys_sql=keys_sql, params=params)
    t.execute(
        """
        UPDATE observation SET is_headline = w.head, conflict = w.conflict, updated_at = :now
        FROM resolve_want w
        WHERE observation.id = w.id AND (w.old_head <> w.head OR w.old_conflict <> w.conflict)""",
        {"now": utcnow()},
    )
    drop_decisions(t)
    expire_observations(session, ("is_headline", "conflict", "updated_at"))


def decide_headlines(
    t: TempTables,
    keys: Iterable[Key] | None = None,
    *,
    keys_sql: str | None = None,
    params: dict[str, Any] | None = None,
    observed: tuple[str, str, str] = _OBSERVATIONS,
    observed_params: dict[str, Any] | None = None,
) -> None:
    """What refresh_headlines_bulk sets, in temporary tables only: resolve_want (id, old_head, old_conflict,
    head, conflict) for every member of the keys (see refresh_headlines_bulk; OBSERVED: see _members_sql).
    drop_decisions removes them."""
    t.create(
        "resolve_keys",
        "region_id {int} NOT NULL, indicator_id {int} NOT NULL, year {int} NOT NULL, "
        "PRIMARY KEY (region_id, indicator_id, year)",
    )
    if keys_sql is not None:
        t.execute(
            f"INSERT INTO resolve_keys (region_id, indicator_id, year) SELECT DISTINCT * FROM ({keys_sql}) q", params
        )
    else:
        t.fill("resolve_keys", ("region_id", "indicator_id", "year"), sorted(set(keys or ())))
    t.create("resolve_members", "", as_select=_members_sql(t, observed), params=observed_params)
    t.execute(
        "CREATE INDEX IF NOT EXISTS resolve_members_group ON resolve_members (region_id, indicator_id, year, is_target)"
    )
    t.create("resolve_disputed", "", as_select=_disputed_sql())
    t.create("resolve_want", "", as_select=_WANT)


def drop_decisions(t: TempTables) -> None:
    t.drop("resolve_want", "resolve_disputed", "resolve_members", "resolve_keys")


def expire_observations(session: Session, attributes: Sequence[str]) -> None:
    """Forget ATTRIBUTES of the Observation objects the session holds (SQL changed them underneath)."""
    for obj in _observations_in(session):
        session.expire(obj, list(attributes))


def _observations_in(session: Session) -> Iterator[Observation]:
    return (o for o in list(session.identity_map.values()) if isinstance(o, Observation))
