"""The region tree is cached per engine and region_version token (Alembic 0011): every kind of write to region
(ORM, bulk Core, rename, alias, delete, in another process's connection) shows in the next read, and a read
without a write in between answers from the cache. SQLite, and PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest
from sqlalchemy import Engine, delete, insert, select, text, update

from store import queries as q
from store.access import SYSTEM, Actor
from store.models import Region
from store.regions import add_region
from store.session import session_factory


def _fresh(engine: Engine, actor: Actor) -> pd.DataFrame:
    """The tree read straight from the table, as region_tree answered before the cache."""
    stmt = (
        select(Region.id, Region.name, Region.level, Region.parent_id, Region.path, Region.aliases, Region.population)
        .where(actor.region_clause())
        .order_by(Region.path)
    )
    return q.frame(engine, stmt, ["id", "name", "level", "parent_id", "path", "aliases", "population"])


@pytest.fixture
def tree(engine: Engine) -> tuple[Engine, dict[str, int]]:
    with session_factory(engine)() as s, s.begin():
        county = add_region(s, "宁远县", "county")
        other = add_region(s, "远山县", "county")
        towns = [add_region(s, n, "township", county) for n in ("青石镇", "白沙乡")]
        far = add_region(s, "北岭镇", "township", other)
        ids = {r.name: r.id for r in (county, other, *towns, far)}
    return engine, ids


def _orm_add(s, ids):  # type: ignore[no-untyped-def]
    add_region(s, "新设镇", "township", s.get(Region, ids["宁远县"]))


def _core_insert(s, ids):  # type: ignore[no-untyped-def]
    s.execute(insert(Region), [{"name": "批量镇", "level": "township", "parent_id": ids["宁远县"], "path": "/x/"}])


def _rename(s, ids):  # type: ignore[no-untyped-def]
    s.get(Region, ids["白沙乡"]).name = "白沙镇"


def _alias(s, ids):  # type: ignore[no-untyped-def]
    s.execute(update(Region).where(Region.id == ids["青石镇"]).values(aliases=["青石"]))


def _delete(s, ids):  # type: ignore[no-untyped-def]
    s.execute(delete(Region).where(Region.id == ids["北岭镇"]))


def _raw_sql(s, ids):  # type: ignore[no-untyped-def]
    s.execute(text("UPDATE region SET population = 12345 WHERE id = :i"), {"i": ids["青石镇"]})


@pytest.mark.parametrize("write", [_orm_add, _core_insert, _rename, _alias, _delete, _raw_sql])
def test_a_write_to_region_shows_in_the_next_tree(tree, write: Callable) -> None:
    engine, ids = tree
    before = q.region_tree(engine, SYSTEM)
    pd.testing.assert_frame_equal(before, _fresh(engine, SYSTEM))
    with session_factory(engine)() as s, s.begin():
        write(s, ids)
    after = q.region_tree(engine, SYSTEM)
    assert not after.equals(before)
    pd.testing.assert_frame_equal(after, _fresh(engine, SYSTEM))


def test_a_rolled_back_write_keeps_the_cached_tree(tree) -> None:
    engine, ids = tree
    first = q.region_tree(engine, SYSTEM)
    cached = q._TREES[engine][2]
    with session_factory(engine)() as s:
        _rename(s, ids)
        s.flush()
        s.rollback()
    pd.testing.assert_frame_equal(q.region_tree(engine, SYSTEM), first)
    assert q._TREES[engine][2] is cached  # answered from the cache: the token did not move


def test_reads_without_a_write_answer_from_the_cache_and_callers_cannot_spoil_it(tree) -> None:
    engine, _ = tree
    first = q.region_tree(engine, SYSTEM)
    cached = q._TREES[engine][2]
    first.loc[0, "name"] = "改掉"
    second = q.region_tree(engine, SYSTEM)
    assert q._TREES[engine][2] is cached
    pd.testing.assert_frame_equal(second, _fresh(engine, SYSTEM))


@pytest.mark.parametrize(
    ("grants", "names"),
    [
        (("宁远县",), {"宁远县", "青石镇", "白沙乡"}),
        (("远山县",), {"远山县", "北岭镇"}),
        (("青石镇", "北岭镇"), {"青石镇", "北岭镇"}),
        ((), set()),
    ],
)
def test_an_actor_reads_only_its_subtrees(tree, grants: tuple[str, ...], names: set[str]) -> None:
    engine, ids = tree
    paths = dict(q.region_tree(engine, SYSTEM)[["name", "path"]].values.tolist())
    actor = Actor("v", "viewer", tuple(paths[g] for g in grants))
    got = q.region_tree(engine, actor)
    assert set(got["name"]) == names
    pd.testing.assert_frame_equal(got, _fresh(engine, actor), check_index_type=False)


def test_siblings_come_in_the_order_they_were_entered(engine: Engine) -> None:
    """Past nine regions the path as text sorted /…/10/ before /…/4/: the county's list came out shuffled."""
    names = [f"第{i}镇" for i in range(1, 14)]
    with session_factory(engine)() as s, s.begin():
        county = add_region(s, "宁远县", "county")
        for n in names:
            add_region(s, n, "township", county)
    tree = q.region_tree(engine, SYSTEM)
    assert tree["name"].tolist() == ["宁远县", *names]
