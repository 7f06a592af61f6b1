"""Every page runs on its own; the catalog and review pages show and change real data."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from etl.load import FactIn, SourceIn, load_source
from store.access import SYSTEM, Actor
from store.catalog import load_catalog
from store.models import Observation, Region, Source
from store.regions import add_region, ensure_chain
from store.session import session_factory, transaction
from store.users import add_user
from tests.apptest_support import PAGE_FILES, app, fresh_app_db, login
from ui.fmt import md


@pytest.fixture
def app_engine(tmp_path, monkeypatch):
    return fresh_app_db(tmp_path, monkeypatch)


@pytest.fixture
def conflict_db(app_engine):
    with transaction(app_engine) as s:
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        add_region(s, "青石镇", "township", county)
        load_source(
            s,
            SYSTEM,
            SourceIn(kind="report", filename="2023_青石镇.txt", content=b"r", township="青石镇", year=2023),
            [FactIn("party_branches", 2023, 30, span=(0, 6), evidence="下设30个党支部")],
        )
        load_source(
            s,
            SYSTEM,
            SourceIn(kind="ledger", filename="台账.xlsx", content=b"l"),
            [FactIn("party_branches", 2023, 31, township="青石镇", cell="Sheet1!C3")],
        )
    return app_engine


# A developer's path (data/catalog.yaml, narrative/templates/) in what a clerk or leader reads.
DEV_PATH = re.compile(r"\b(?:data|narrative|store|etl|views|ui|tests)/|\.ya?ml\b|\.py\b")


def _no_developer_paths(at) -> None:  # type: ignore[no-untyped-def]
    texts = [
        e.value for kind in ("caption", "markdown", "info", "success", "warning", "error") for e in getattr(at, kind)
    ]
    texts += [b.label for b in at.button]
    assert not [t for t in texts if DEV_PATH.search(str(t))]


@pytest.mark.parametrize("page", PAGE_FILES)
def test_page_runs_alone_on_an_empty_database(app_engine, page):
    at = app(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value
    _no_developer_paths(at)


@pytest.mark.parametrize("page", PAGE_FILES)
def test_page_runs_alone_with_figures_and_accounts(conflict_db, page):
    """Every page over a database holding figures, files and a second account (sections that only appear then
    must render too: 用户管理's edit section once failed on a duplicate widget key)."""
    with transaction(conflict_db) as s:
        add_user(s, SYSTEM, "clerk1", "Qz7-rw!Nb3xL", "clerk", ("青石镇",))
    at = app(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value
    _no_developer_paths(at)


def test_catalog_page_lists_every_indicator(app_engine):
    at = app("views/catalog.py").run()
    assert at.dataframe[0].value.shape[0] >= 32
    at.selectbox(key="catalog_category").select("纪律监督").run()
    names = set(at.dataframe[0].value["指标"])
    assert {"党纪立案数", "诫勉谈话人次"} <= names and "党员总数" not in names
    table = at.dataframe[0].value.set_index("指标")
    assert table.loc["党纪立案数", "口径"] == "年度" and table.loc["党纪立案数", "统计来源"] == "纪委"
    at.selectbox(key="catalog_category").select("党员队伍").run()
    table = at.dataframe[0].value.set_index("指标")
    assert table.loc["党员总数", "口径"] == "时点" and table.loc["党员总数", "统计名称"] == "党员总数（本年底实有数）"
    # the rules are sentences a grid cell cuts at any width: in full as wrapping text below the table
    rule = next(s.counting_rule for s in load_catalog() if s.key == "party_members_total")
    assert len(rule) > 30 and any(md(rule) in m.value for m in at.markdown)
    # shown in full now: no attribute names of the data model (带 type 属性的分项, attrs.threshold) in them
    words = {s.key: re.findall(r"[A-Za-z_]{2,}", s.description + s.counting_rule) for s in load_catalog()}
    assert not {k: w for k, w in words.items() if w}


def test_review_page_lists_conflicts_and_read_only_viewer_cannot_act(conflict_db):
    at = app("views/review.py", actor=Actor("v", "viewer", None)).run()
    table = at.dataframe[0].value
    assert sorted(table["数值"]) == ["30个", "31个"]
    at.session_state["review_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert any("需要审核员或管理员账号" in i.value for i in at.info)
    titles = [e.value for e in [*at.subheader, *at.markdown] if " 年 · " in e.value]
    assert len(titles) == 1, f"the picked figure is named once, not as a heading and again in bold: {titles}"


def test_clerk_confirms_a_value(conflict_db):
    at = app("views/review.py")
    at.session_state["actor"] = Actor("clerk1", "reviewer", None)
    at.run()
    first = at.dataframe[0].value.iloc[0]
    at.session_state["review_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    at.radio(key="review_action").set_value("confirm")
    next(b for b in at.button if b.label == "提交").click().run()
    assert not at.exception
    assert any("已确认" in s.value for s in at.success)
    with session_factory(conflict_db)() as s:
        status = dict(s.execute(select(Observation.value, Observation.status)).all())
    assert status[float(first["数值"].rstrip("个"))] == "confirmed"


def test_reviewer_runs_the_continuity_checks(conflict_db):
    at = app("views/review.py")
    at.session_state["actor"] = Actor("clerk1", "reviewer", None)
    at.run()
    at.button(key="review_run_checks").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("核查完成" in s.value for s in at.success)
    assert any(o.startswith("需说明（") for o in at.radio(key="review_state").options)  # with its count


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """The demo county loaded through the real ETL, once for this module (first-start behaviour)."""
    from etl.demo.load import bootstrap
    from store.session import get_engine

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    engine = get_engine(f"sqlite:///{path}")
    assert bootstrap(engine, tmp_path_factory.mktemp("files")) is True
    return f"sqlite:///{path}"


@pytest.fixture
def on_demo(demo_db, monkeypatch):
    return fresh_app_db(monkeypatch=monkeypatch, url=demo_db)


def test_dashboard_asks_for_a_login_and_shows_no_data(on_demo):
    at = app("dashboard.py", actor=None).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["乡镇党建指标看板"] and any("请先登录" in i.value for i in at.info)
    assert not at.dataframe and not at.metric and not at.sidebar.selectbox


def test_dashboard_on_the_demo_county_opens_every_page(on_demo):
    at = login(app("dashboard.py", actor=None), on_demo).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("演示数据" in i.value for i in at.sidebar.info)
    assert at.sidebar.selectbox(key="flt_region").value is not None
    for page in PAGE_FILES:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.title, page


@pytest.mark.parametrize(("role", "offered"), [("reviewer", False), ("viewer", False), ("clerk", True)])
def test_import_pages_are_offered_only_to_accounts_that_may_import(on_demo, role, offered):
    """A 审核员 or a leader's 查看 account found 报告导入 and 台账上传 in the menu, each saying only 需要填报员."""
    at = login(app("dashboard.py", actor=None), on_demo, username=f"{role}1", role=role, regions=("宁远县",)).run()
    assert not at.exception, [e.value for e in at.exception]
    for page in ("views/report_import.py", "views/ledger_upload.py"):
        if not offered:  # not in the menu (a link to it says 当前账号不能打开, ui.notfound)
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(page)
            continue
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        assert not any("需要填报员" in i.value for i in at.info)


def test_a_failing_page_shows_a_chinese_error_number_that_is_in_the_log(app_engine, monkeypatch, tmp_path):
    import ui.data
    from tests.pages_fixtures import load_county

    load_county(app_engine)
    monkeypatch.setenv("ERROR_LOG", str(tmp_path / "errors.log"))

    def boom(*args, **kwargs):
        raise RuntimeError("rollup exploded")

    monkeypatch.setattr(ui.data, "rollup", boom)
    at = login(app("dashboard.py", actor=None), app_engine).run()
    assert not at.exception, [e.value for e in at.exception]
    message = at.error[0].value
    assert "错误编号 E" in message and "rollup" not in message
    number = message.split("错误编号 ")[1].split("）")[0]
    log = (tmp_path / "errors.log").read_text(encoding="utf-8")
    assert number in log and "RuntimeError: rollup exploded" in log and "总览" in log
    assert at.sidebar.selectbox(key="flt_region").value is not None  # the rest of the app still works


@pytest.fixture
def big_queue_db(app_engine):
    """620 figures awaiting review from one report file, and 2 from another."""
    with transaction(app_engine) as s:
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        add_region(s, "青石镇", "township", county)
        add_region(s, "白沙乡", "township", county)
        big = [
            FactIn("party_members_total", 1400 + i, 400 + i, span=(0, 3), evidence=f"党员{400 + i}名")
            for i in range(620)
        ]
        load_source(
            s, SYSTEM, SourceIn(kind="report", filename="大报告.txt", content=b"big", township="青石镇", year=2000), big
        )
        small = [FactIn("party_branches", 2023, 12, span=(0, 2), evidence="12个党支部")]
        load_source(
            s, SYSTEM, SourceIn(kind="report", filename="小报告.txt", content=b"s", township="白沙乡", year=2023), small
        )
    return app_engine


def _pick_file(at, engine, name: str) -> None:  # type: ignore[no-untyped-def]
    with session_factory(engine)() as s:
        source_id = s.scalar(select(Source.id).where(Source.filename == name))
    at.selectbox(key="review_file").set_value(source_id).run()


def test_review_filters_pages_confirms_a_file_and_tells_the_history(big_queue_db):
    at = app("views/review.py")
    at.session_state["actor"] = Actor("张三", "reviewer", None)
    at.run()
    at.radio(key="review_state").set_value("待审核").run()
    assert "共 621 条" in " ".join(c.value for c in at.caption)
    at.number_input(key="review_page").set_value(7).run()
    assert len(at.dataframe[0].value) == 21  # 600 on six pages, the rest on the seventh
    _pick_file(at, big_queue_db, "小报告.txt")
    assert list(at.dataframe[0].value["乡镇"]) == ["白沙乡"]
    _pick_file(at, big_queue_db, "大报告.txt")
    at.button(key="review_confirm_file").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("620 条" in s.value for s in at.success)
    with session_factory(big_queue_db)() as s:
        statuses = dict(s.execute(select(Observation.status, func.count()).group_by(Observation.status)).all())
    assert statuses == {"confirmed": 620, "extracted": 1}
    at.radio(key="review_state").set_value("待审核").run()
    assert "共 1 条" in " ".join(c.value for c in at.caption)
    at.session_state["review_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    at.radio(key="review_action").set_value("correct")
    at.number_input(key="review_value").set_value(13.0)
    at.text_input(key="review_reason").set_value("以组织部台账为准")
    at.button[-1].click().run()
    at.radio(key="review_state").set_value("已更正").run()
    at.session_state["review_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    history = " ".join(m.value for m in at.markdown)
    assert "张三 将 2023年 白沙乡 党支部数 由 12 更正为 13，理由：以组织部台账为准" in history


@pytest.mark.parametrize(
    ("reason", "rows"),
    [
        ("全部原因", {("青石镇", "党支部数"), ("白沙乡", "党员总数")}),
        ("台账与报告不一致", {("青石镇", "党支部数")}),
        ("同一报告内数值不一致", {("白沙乡", "党员总数")}),
        ("超出合理范围", set()),
    ],
)
def test_review_filters_by_reason(conflict_db, reason, rows):
    with transaction(conflict_db) as s:
        county = s.scalar(select(Region).where(Region.name == "宁远县"))
        add_region(s, "白沙乡", "township", county)
        facts = [
            FactIn("party_members_total", 2023, 400, span=(0, 6), evidence="党员400名"),
            FactIn("party_members_total", 2023, 410, span=(10, 16), evidence="党员410名"),
        ]
        src = SourceIn(kind="report", filename="白沙乡.txt", content=b"b", township="白沙乡", year=2023)
        load_source(s, SYSTEM, src, facts)
    at = app("views/review.py").run()
    at.radio(key="review_state").set_value("冲突").run()
    at.selectbox(key="review_why").set_value(reason).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = {(r["乡镇"], r["指标"]) for _, r in at.dataframe[0].value.iterrows()} if at.dataframe else set()
    assert shown == rows


@pytest.mark.parametrize(
    ("db", "opens_on", "says"),
    [
        ("conflict_db", "冲突", None),
        ("big_queue_db", "待审核", None),  # no conflict: not an empty 冲突 tab
        ("app_engine", "冲突", "没有需要审核的数据"),
    ],
)
def test_review_opens_on_the_first_tab_with_work(request, db, opens_on, says):
    request.getfixturevalue(db)
    at = app("views/review.py")
    at.session_state["actor"] = Actor("张三", "reviewer", None)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="review_state").value == opens_on
    shown = " ".join(s.value for s in at.success)
    assert (says in shown) if says else ("没有符合条件" not in shown and at.dataframe)
    if says:
        return
    at.session_state["review_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    box = at.number_input(key="review_value")
    assert isinstance(box.value, int) and box.step == 1  # a count is corrected as 74, not 74.00


def test_review_names_parts_as_a_reader_does(conflict_db):
    """分项 and the evidence heading said severity=严重警告 / severity：严重警告 (the stored key)."""
    with transaction(conflict_db) as s:
        src = SourceIn(kind="report", filename="纪律.txt", content=b"d", township="青石镇", year=2023)
        fact = FactIn(
            "discipline_warnings", 2023, 2, span=(0, 4), evidence="严重警告2人", attrs={"severity": "严重警告"}
        )
        load_source(s, SYSTEM, src, [fact])
    at = app("views/review.py")
    at.session_state["actor"] = Actor("张三", "reviewer", None)
    at.session_state["review_state"] = "待审核"
    at.run()
    table = at.dataframe[0].value.reset_index(drop=True)
    row = int(table.index[table["来源"] == "纪律.txt"][0])
    assert table.loc[row, "分项"] == "严重警告" and set(table["分项"]) == {"", "严重警告"}
    at.session_state["review_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    shown = " ".join(m.value for m in at.markdown)
    assert "严重警告" in shown and "severity" not in shown


def _address_note(flag, withheld, login):  # type: ignore[no-untyped-def]
    import streamlit as st

    from ui.notfound import _FLAG, not_found_note

    st.session_state[_FLAG] = flag
    not_found_note(withheld, login=login)


@pytest.mark.parametrize(
    ("flag", "login", "says"),
    [
        ("no-such-page", False, "找不到您打开的网址对应的页面"),
        (True, False, "找不到您打开的网址对应的页面"),
        # a 填报员's link to 用户管理 said 找不到…可能已改名: the page is there, the account may not open it
        ("users", False, "当前账号不能打开“用户管理”页面，已为您打开总览。如需使用，请联系管理员"),
        ("summary", True, "当前账号不能打开“综述生成”页面，已为您打开总览。请先登录"),
    ],
)
def test_an_address_the_account_may_not_open_says_so(flag, login, says):
    from streamlit.testing.v1 import AppTest

    withheld = {"users": "用户管理", "audit": "审计日志", "summary": "综述生成"}
    at = AppTest.from_function(_address_note, args=(flag, withheld, login)).run()
    assert not at.exception and says in " ".join(w.value for w in at.warning)


@pytest.mark.parametrize(
    ("actor", "scope"),
    [(Actor("admin", "admin", None), False), (Actor("县管理员", "admin", ("青山省/临江市/宁远县",)), True)],
)
def test_an_empty_audit_log_says_so_in_chinese(app_engine, actor, scope):
    """No grid with Streamlit's English 'empty' in it; a county administrator is told whose events it shows."""
    at = app("views/audit.py", actor=actor).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.dataframe
    said = " ".join(i.value for i in at.info)
    assert "没有符合条件的记录" in said and ("所管理账号" in said) == scope
