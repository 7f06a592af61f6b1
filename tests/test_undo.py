"""Undo (文件与乡镇): a clerk deletes a file they imported with all its figures, an administrator merges a
duplicate township into the right one or deletes an empty one; each is previewed, confirmed and audited."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from etl.load import FactIn, SourceIn, load_source
from store.access import SYSTEM, AccessDenied, Actor
from store.models import AuditEvent, Observation, Region, Source, User
from store.regions import add_region, ensure_chain
from store.session import session_factory, transaction
from store.summary import summary_differences
from store.undo import delete_file, merge_township, township_preview
from store.users import actor_for, add_user
from tests.apptest_support import app, fresh_app_db, shown

CLERK = Actor("clerk1", "clerk", None)


@pytest.fixture
def db(tmp_path, monkeypatch) -> Engine:  # type: ignore[no-untyped-def]
    """宁远县 with 青石镇 and 长城彝族乡, and a mistaken 新城镇 a report created (it is 长城彝族乡); a ledger by admin,
    a report by clerk1."""
    engine = fresh_app_db(tmp_path, monkeypatch)
    with transaction(engine) as s:
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        add_region(s, "青石镇", "township", county)
        add_region(s, "长城彝族乡", "township", county)
        ledger = SourceIn(kind="ledger", filename="台账.xlsx", content=b"l", uploaded_by="admin")
        load_source(s, SYSTEM, ledger, [FactIn("party_branches", 2023, 31, township="青石镇", cell="Sheet1!C3")])
        report = SourceIn(
            kind="report", filename="青石镇2023.txt", content=b"r", township="青石镇", year=2023, uploaded_by="clerk1"
        )
        load_source(s, SYSTEM, report, [FactIn("party_members_total", 2023, 412, span=(0, 6), evidence="党员412名")])
        wrong = SourceIn(
            kind="report", filename="新城镇2023.txt", content=b"c", township="新城镇", year=2023, uploaded_by="clerk1"
        )
        load_source(
            s,
            SYSTEM,
            wrong,
            [FactIn("party_members_total", 2023, 205, span=(0, 6), evidence="党员205名")],
            create_townships=True,
            county=county,
        )
    return engine


def _count(engine: Engine, model: type, *where) -> int:  # type: ignore[no-untyped-def]
    with session_factory(engine)() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_a_clerk_deletes_their_own_file_after_confirming(db):
    at = app("views/manage.py", actor=CLERK).run()
    assert not at.exception, [e.value for e in at.exception]
    listed = set(at.dataframe[0].value["文件"])
    assert listed == {"青石镇2023.txt", "新城镇2023.txt"}  # the administrator's ledger is not theirs
    row = list(at.dataframe[0].value["文件"]).index("青石镇2023.txt")
    at.session_state["manage_files"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert any("1 条数据" in w.value for w in at.warning)
    assert at.button(key="manage_file_delete").disabled  # nothing happens before the check box
    at.checkbox(key="manage_file_sure").check().run()
    at.button(key="manage_file_delete").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已删除《青石镇2023.txt》" in shown(s.value) for s in at.success)
    assert _count(db, Source, Source.filename == "青石镇2023.txt") == 0
    assert _count(db, Observation, Observation.value == 412) == 0
    assert _count(db, AuditEvent, AuditEvent.action == "delete", AuditEvent.actor == "clerk1") == 1


@pytest.mark.parametrize("actor", [CLERK, Actor("r", "reviewer", None), Actor("v", "viewer", None)])
def test_only_the_importer_or_an_administrator_may_delete_a_file(db, actor):
    with session_factory(db)() as s:
        ledger_id = s.scalar(select(Source.id).where(Source.filename == "台账.xlsx"))
    with pytest.raises(AccessDenied, match="无权删除"), transaction(db) as s:
        delete_file(s, actor, ledger_id)
    assert _count(db, Source, Source.id == ledger_id) == 1


def test_deleting_a_file_gives_the_headline_back_to_the_other_source(db):
    with transaction(db) as s:
        src = SourceIn(kind="report", filename="b.txt", content=b"b", township="青石镇", year=2023, uploaded_by="x")
        load_source(s, SYSTEM, src, [FactIn("party_branches", 2023, 29, span=(0, 3), evidence="29个党支部")])
    with session_factory(db)() as s:
        ledger_id = s.scalar(select(Source.id).where(Source.filename == "台账.xlsx"))
    with transaction(db) as s:
        delete_file(s, Actor("admin", "admin", None), ledger_id)
    with session_factory(db)() as s:
        heads = s.scalars(select(Observation.value).where(Observation.is_headline.is_(True))).all()
        assert summary_differences(s) == []
    assert 29 in heads and 31 not in heads


def test_an_administrator_merges_a_duplicate_township_after_confirming(db):
    at = app("views/manage.py").run()
    with session_factory(db)() as s:
        wrong = s.scalar(select(Region.id).where(Region.name == "新城镇"))
        right = s.scalar(select(Region.id).where(Region.name == "长城彝族乡"))
    at.selectbox(key="manage_town").set_value(wrong).run()
    at.radio(key="manage_op").set_value("merge").run()
    at.selectbox(key="manage_into").set_value(right).run()
    assert any("1 条数据和 1 个文件移到“长城彝族乡”" in w.value for w in at.warning)
    at.checkbox(key="manage_town_sure").check().run()
    at.button(key="manage_town_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已将“新城镇”合并到“长城彝族乡”" in s.value for s in at.success)
    with session_factory(db)() as s:
        assert s.get(Region, wrong) is None
        assert "新城镇" in s.get(Region, right).aliases
        assert s.scalars(select(Observation.region_id).where(Observation.value == 205)).all() == [right]
        assert s.scalar(select(Source.region_id).where(Source.filename == "新城镇2023.txt")) == right
        assert s.scalar(select(func.count()).where(AuditEvent.action == "merge")) == 1
        assert summary_differences(s) == []  # the region pages' summary follows the figures to their township


def test_a_township_with_data_is_not_deleted_an_empty_one_is(db):
    with session_factory(db)() as s:
        wrong = s.scalar(select(Region.id).where(Region.name == "新城镇"))
        county = s.scalar(select(Region.id).where(Region.name == "宁远县"))
    admin = Actor("admin", "admin", None)
    with pytest.raises(ValueError, match="还有 1 条数据"), transaction(db) as s:
        from store.undo import delete_township

        delete_township(s, admin, wrong)
    with transaction(db) as s:
        region = add_region(s, "白沙乡", "township", s.get(Region, county))
        s.flush()
        empty = region.id
    at = app("views/manage.py").run()
    at.selectbox(key="manage_town").set_value(empty).run()
    at.radio(key="manage_op").set_value("delete").run()
    at.checkbox(key="manage_town_sure").check().run()
    at.button(key="manage_town_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _count(db, Region, Region.name == "白沙乡") == 0
    with pytest.raises(AccessDenied), transaction(db) as s:
        merge_township(s, CLERK, wrong, county)


def test_the_audit_log_reads_in_chinese(db):
    """The undo's events (and the imports before them) as a user reads them: no English object, kind or name."""
    import re

    with session_factory(db)() as s:
        wrong = s.scalar(select(Region.id).where(Region.name == "新城镇"))
        right = s.scalar(select(Region.id).where(Region.name == "长城彝族乡"))
        ledger_id = s.scalar(select(Source.id).where(Source.filename == "台账.xlsx"))
    admin = Actor("admin", "admin", None)
    with transaction(db) as s:
        merge_township(s, admin, wrong, right)
        delete_file(s, admin, ledger_id)
    at = app("views/audit.py").run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert {"合并乡镇", "删除", "导入"} <= set(table["类别"])
    text = " ".join(str(v) for v in table.drop(columns=["时间"]).to_numpy().ravel())
    text = re.sub(r"[\w.-]+\.(?:txt|xlsx)|admin|clerk1", " ", text)  # file and user names are names
    assert not re.findall(r"[A-Za-z]{3,}", text), text


@pytest.mark.parametrize(
    ("grants", "after"),
    [
        (("青山省/临江市/宁远县/新城镇",), ["青山省/临江市/宁远县/长城彝族乡"]),  # the clerk of the merged township
        (("新城镇", "长城彝族乡"), ["青山省/临江市/宁远县/长城彝族乡"]),  # already held: not doubled
        (("宁远县",), ["青山省/临江市/宁远县"]),  # a county grant is untouched
    ],
)
def test_a_merge_moves_the_grants_of_the_merged_township(db, grants, after):
    """A 填报员 granted the township merged away keeps working in the township it went into (before: the grant
    named nothing and the clerk saw no region); their session ends, as on any change of rights."""
    admin = Actor("admin", "admin", None)
    with transaction(db) as s:
        user = add_user(s, SYSTEM, "clerk9", "Kx8-pw!Lm2qZ", "clerk", grants)
        version = user.rights_version
        wrong = s.scalar(select(Region.id).where(Region.name == "新城镇"))
        right = s.scalar(select(Region.id).where(Region.name == "长城彝族乡"))
    with transaction(db) as s:
        assert township_preview(s, admin, wrong).users == (("clerk9",) if grants != ("宁远县",) else ())
        merge_township(s, admin, wrong, right)
    with session_factory(db)() as s:
        user = s.scalars(select(User).where(User.username == "clerk9")).one()
        assert sorted(g.region for g in user.grants) == after
        moved = grants != ("宁远县",)
        assert user.rights_version == version + int(moved)
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "merge")).one()
        assert event.new["grants_moved"] == (["clerk9"] if moved else [])
        actor = actor_for(s, user)
        assert actor.covers(s.get(Region, right).path)


def test_the_township_section_opens_with_nothing_picked(db):
    """It opened on a ready-made merge of the first two townships, its warning already showing."""
    at = app("views/manage.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="manage_town").value is None
    assert not [w for w in at.warning if "将把" in w.value or "将删除" in w.value]
    assert any("先显示将发生的变化" in c.value for c in at.caption)
