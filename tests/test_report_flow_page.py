"""上报进度 page (AppTest): a 填报员 confirms the figures already held, a 审核员 returns with a reason and
approves, the county sends a 催报 the clerk sees; a viewer gets no buttons; the overview marks 未审核."""

from __future__ import annotations

from datetime import date

import pytest
import streamlit as st
from sqlalchemy import select

from etl.load import FactIn, SourceIn, load_source
from store import submissions as sub
from store.access import SYSTEM, Actor
from store.models import AuditEvent, Region
from store.regions import add_region, ensure_chain
from store.session import session_factory, transaction
from tests.apptest_support import app, fresh_app_db

YEAR = 2023


@pytest.fixture
def county_db(tmp_path, monkeypatch):
    engine = fresh_app_db(tmp_path, monkeypatch)
    with transaction(engine) as s:
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        add_region(s, "青石镇", "township", county)
        add_region(s, "[点此](http://x.invalid)乡", "township", county)
        led = SourceIn(kind="ledger", filename="台账.xlsx", content=b"l")
        load_source(
            s,
            SYSTEM,
            led,
            [
                FactIn("party_branches", YEAR, 31, township="青石镇", cell="S!C3"),
                FactIn("party_members_total", YEAR, 400, township="青石镇", cell="S!D3"),
            ],
        )
        sub.set_due_date(s, SYSTEM, county.id, YEAR, date(2020, 1, 31))
    with session_factory(engine)() as s:
        town = s.scalar(select(Region.id).where(Region.name == "青石镇"))
    return engine, town


CLERK = Actor("clerk1", "clerk", None)
REVIEWER = Actor("reviewer1", "reviewer", None)


def page(actor: Actor, town: int):
    at = app("views/report_flow.py", actor=actor)
    at.query_params["year"] = str(YEAR)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="flow_town").set_value(town).run()
    return at


def board(at) -> dict[str, dict]:
    return at.dataframe[0].value.set_index("乡镇").to_dict("index")


def test_clerk_submits_reviewer_returns_and_approves(county_db):
    engine, town = county_db
    at = page(REVIEWER, town)
    assert board(at)["青石镇"]["状态"] == "草稿" and board(at)["青石镇"]["逾期"] == "逾期"
    assert not [b for b in at.button if b.key in ("flow_approve", "flow_return", "flow_submit")]
    at.button(key="flow_remind").click().run()
    assert any("已催报" in s.value for s in at.success)

    at = page(CLERK, town)
    assert any("催报" in i.value and "青石镇" in i.value for i in at.info)
    assert at.dataframe[1].value.shape[0] == 2  # confirmed as held, nothing typed
    assert not at.text_input  # no field to type a figure into
    at.button(key="flow_submit").click().run()
    assert any("已上报" in s.value for s in at.success)
    row = board(at)["青石镇"]
    assert (row["状态"], row["上报人"], row["逾期"], row["数据项"]) == ("已上报", "clerk1", "", 2)
    assert not [i for i in at.info if "催报" in i.value]

    at = page(REVIEWER, town)
    at.button(key="flow_return").click().run()
    assert any("退回必须填写原因" in e.value for e in at.error)
    at.text_input(key="flow_reason").input("党员数与台账不符").run()
    at.button(key="flow_return").click().run()
    assert board(at)["青石镇"]["状态"] == "已退回" and board(at)["青石镇"]["退回原因"] == "党员数与台账不符"

    at = page(CLERK, town)
    assert any("党员数与台账不符" in w.value for w in at.warning)
    at.button(key="flow_submit").click().run()
    at = page(REVIEWER, town)
    at.button(key="flow_approve").click().run()
    assert board(at)["青石镇"]["状态"] == "已审核" and board(at)["青石镇"]["审核人"] == "reviewer1"
    with session_factory(engine)() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.object_type.in_(("submission", "reminder"))))
        assert list(actions) == ["remind", "submit", "return", "submit", "approve"]


def test_a_township_without_figures_has_nothing_to_submit(county_db):
    """No empty table (Streamlit writes "empty" in it) and no 确认上报 of nothing: a sentence saying what to do."""
    engine, _town = county_db
    with session_factory(engine)() as s:
        empty = s.scalar(select(Region.id).where(Region.name.startswith("[点此]")))
    at = page(CLERK, empty)
    assert any("还没有任何数据，无需上报" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "flow_submit"]
    assert not [d for d in at.dataframe if d.key == "flow_figures"]


def test_viewer_sees_the_board_without_buttons_and_names_stay_text(county_db):
    engine, town = county_db
    at = page(Actor("v", "viewer", None), town)
    assert set(board(at)) == {"青石镇", "[点此](http://x.invalid)乡"}
    assert not [b for b in at.button if str(b.key).startswith("flow_")]
    with transaction(engine) as s:
        odd = s.scalar(select(Region.id).where(Region.name.startswith("[")))
        sub.remind(s, SYSTEM, odd, YEAR)
    at = page(CLERK, town)
    shown = [i.value for i in at.info if "催报" in i.value]
    assert shown and "\\[点此\\]\\(http" in shown[0]  # escaped: shown as the name, never a link


def test_overview_marks_figures_not_yet_approved(county_db):
    engine, town = county_db
    at = app("views/overview.py", actor=SYSTEM)
    at.query_params["year"] = str(YEAR)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("未审核：1/1 个乡镇" in c.value for c in at.caption)
    with transaction(engine) as s:
        sub.submit(s, SYSTEM, town, YEAR)
        sub.approve(s, SYSTEM, town, YEAR)
    st.cache_data.clear()  # another session's approval: this one's cached counts would last their TTL
    at = app("views/overview.py", actor=SYSTEM)
    at.query_params["year"] = str(YEAR)
    at.run()
    assert not any("未审核" in c.value for c in at.caption)


def test_county_administrator_sets_the_due_date_in_settings(county_db):
    engine, town = county_db
    at = app("views/users.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.number_input(key="settings_due_year").set_value(YEAR).run()
    assert any("当前：2020-01-31" in c.value for c in at.caption)
    with transaction(engine) as s:
        county = s.scalar(select(Region.id).where(Region.name == "宁远县"))
    at.date_input(key=f"settings_due_date_{county}_{YEAR}").set_value(date(2099, 6, 30)).run()
    at.button(key="settings_due_save").click().run()
    with transaction(engine) as s:
        assert sub.due_date(s, SYSTEM, county, YEAR) == date(2099, 6, 30)
    at = page(Actor("v", "viewer", None), town)
    assert board(at)["青石镇"]["逾期"] == "" and board(at)["青石镇"]["截止日期"] == "2099-06-30"


def test_the_figures_to_submit_name_their_threshold(county_db):
    """A threshold count is said with its threshold (集体经济收入达标村数（≥10万元）), not as a bare 达标村数."""
    engine, town = county_db
    with transaction(engine) as s:
        led = SourceIn(kind="ledger", filename="台账2.xlsx", content=b"l2")
        fact = FactIn("villages_income_above", YEAR, 9, township="青石镇", cell="S!E3", attrs={"threshold": 10.0})
        load_source(s, SYSTEM, led, [fact])
    at = page(CLERK, town)
    names = list(at.dataframe[1].value["指标"])
    assert "集体经济收入达标村数（≥10万元）" in names, names
