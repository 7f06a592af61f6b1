"""store.resolve.TempTables: what a temporary table holds after create / drop, on SQLite and PostgreSQL, and on
PostgreSQL the locks a long transaction keeps (every relation a transaction touched stays locked to its end: the
demo's 79 files in one transaction held 17,836 locks and ran the server out of shared memory)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from store.resolve import TempTables
from store.session import session_factory


def _rows(t: TempTables, name: str) -> list[tuple]:
    return [tuple(r) for r in t.execute(f"SELECT * FROM {t.qualified(name)} ORDER BY 1")]


def test_create_gives_an_empty_table_of_its_definition_each_time(engine: Engine) -> None:
    with session_factory(engine)() as s, s.begin():
        t = TempTables(s)
        t.create("tt_a", "n {int}, word {text}")
        t.execute("CREATE INDEX IF NOT EXISTS tt_a_n ON tt_a (n)")
        t.execute("INSERT INTO tt_a VALUES (1, 'x'), (2, 'y')")
        t.create("tt_a", "n {int}, word {text}")  # the same definition again: empty
        t.execute("CREATE INDEX IF NOT EXISTS tt_a_n ON tt_a (n)")
        assert _rows(t, "tt_a") == []
        t.create("tt_a", "n {int}")  # another definition: that one
        t.execute("INSERT INTO tt_a VALUES (3)")
        assert _rows(t, "tt_a") == [(3,)]
        t.create("tt_b", "", as_select="SELECT n * 2 AS m FROM tt_a")
        t.create("tt_b", "", as_select="SELECT n * 2 AS m FROM tt_a")  # filled again, not twice
        assert _rows(t, "tt_b") == [(6,)]
        t.drop("tt_b")
        t.create("tt_b", "", as_select="SELECT n * 2 AS m FROM tt_a")
        assert _rows(t, "tt_b") == [(6,)]


def test_a_long_transaction_keeps_no_lock_per_round_of_temporary_tables(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("locks of temporary tables: PostgreSQL only")

    def round_(t: TempTables) -> None:
        t.create("tt_stage", "id {key}, v {float}")
        t.execute("CREATE INDEX IF NOT EXISTS tt_stage_id ON tt_stage (id)")
        t.create("tt_sel", "", as_select="SELECT id FROM tt_stage")
        t.drop("tt_sel", "tt_stage")

    with session_factory(engine)() as s, s.begin():
        t = TempTables(s)
        count = "SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid()"
        round_(t)
        round_(t)  # (a reused table adds its TRUNCATE's lock mode once)
        after_two = s.execute(text(count)).scalar()
        for _ in range(50):
            round_(t)
        assert s.execute(text(count)).scalar() == after_two
