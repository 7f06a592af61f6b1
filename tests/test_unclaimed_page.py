"""A clerk on 报告导入 with real reports (tests/corpus_real/dev): assigns a number the rules left and dismisses
two, saves; the assigned figure shows on 指标趋势 with its evidence; a second report with the same phrasing gets
the figure extracted as learned, and 指标目录 lists the phrasings with their counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from store.access import Actor
from store.catalog import catalog_by_key
from store.models import AuditEvent, LearnedPhrasing, Observation
from store.regions import ensure_chain
from store.session import session_factory
from tests.apptest_support import ROOT, app, fresh_app_db

DOCS = ROOT / "tests" / "corpus_real" / "dev" / "docs"
NAMES = {k: s.name for k, s in catalog_by_key().items()}


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    engine = fresh_app_db(tmp_path, monkeypatch)
    with session_factory(engine)() as s, s.begin():
        ensure_chain(s, [("青海省", "province"), ("玉树州", "city"), ("玉树市", "county")])
    return engine


def _import(doc: str, role: str = "clerk") -> tuple[AppTest, str]:
    at = app("views/report_import.py")
    at.session_state["actor"] = Actor(role, role, None)
    at.run()
    data = (DOCS / doc).read_bytes()
    at.file_uploader(key="report_files").set_value([(doc, data, "text/plain")]).run()
    assert not at.exception, [e.value for e in at.exception]
    key = next((s.key for s in at.selectbox if s.key and s.key.startswith("uc_pick_")), "uc_pick_-")
    return at, key.split("_")[2]


def _pick(at: AppTest, clause_part: str, number: str | None = None) -> int:
    """The index of the unclaimed item whose clause holds CLAUSE_PART (and whose figure is NUMBER, when a clause
    holds several)."""
    (item,) = list(at.session_state["report_parsed"].values())
    return next(
        i
        for i, it in enumerate(item["ext"]["unclaimed"])
        if clause_part in it.clause and (number is None or it.text == number)
    )


def _tally(at: AppTest) -> str:
    return next(m.value.strip("*") for m in at.markdown if m.value.startswith("**数字核对"))


def test_clerk_assigns_dismisses_saves_and_the_next_report_learns(app_db: Engine) -> None:
    at, key = _import("r31.txt")
    villages, groups = _pick(at, "深入9个村", "9个"), _pick(at, "102个小组", "102个")
    leaders = _pick(at, "总网格长9名")
    (item,) = list(at.session_state["report_parsed"].values())
    pending = len(item["ext"]["unclaimed"])
    assert _tally(at) == f"数字核对：已提取 4，待确认 {pending}，已排除 0"
    assert any('<mark style="background:#ffd6d6">102个</mark>' in m.value for m in at.markdown)
    at.number_input(key=f"report_year_{key}").set_value(2024).run()
    at.selectbox(key=f"uc_pick_{key}_{villages}").set_value(NAMES["administrative_villages"]).run()
    at.selectbox(key=f"uc_pick_{key}_{groups}").set_value("不是指标").run()
    at.selectbox(key=f"uc_pick_{key}_{leaders}").set_value("不是指标").run()
    assert _tally(at) == f"数字核对：已提取 5，待确认 {pending - 3}，已排除 2"
    at.checkbox(key=f"report_newtown_{key}").check().run()  # the county has no townships yet
    at.button(key=f"report_save_{key}").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]

    with session_factory(app_db)() as s:
        assigned = list(s.scalars(select(Observation).where(Observation.origin == "assigned")))
        got = sorted((o.indicator.key, o.value, o.attrs, o.year, o.assigned_by, o.evidence) for o in assigned)
        assert got == [("administrative_villages", 9, {}, 2024, "clerk", "9个村")]
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "assign")))
        assert sorted(e.object_id for e in events) == sorted(o.id for o in assigned)
        learned = {(p.side, p.word, p.unit): p.indicator_key for p in s.scalars(select(LearnedPhrasing))}
        assert learned[("after", "村", "个")] == "administrative_villages"
        assert learned[("after", "小组", "个")] is None

    trends = app("views/trends.py")
    trends.query_params["ind"] = "administrative_villages"
    trends.run()
    table = trends.dataframe(key="trend_detail_rows").value
    row = int(table.index[(table["年度"] == 2024)][0])
    trends.session_state["trend_detail_rows"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    trends.run()
    shown = trends.dataframe(key="trend_detail_obs").value
    # the clerk's 深入9个村 beside the rules' 将集镇区及9个村共划分9个总网格
    assert shown["数值"].tolist() == ["9个", "9个"] and "录入员指派（clerk）" in shown["得来方式"].tolist()
    html = trends.get("html")[0].proto.body
    assert "<mark>" in html and "9个村" in html

    second, _ = _import("r29.txt")  # (r33's 14个村(社区)划分为14个网格 is the rules' own now)
    (item,) = list(second.session_state["report_parsed"].values())
    learned_facts = [f for f in item["ext"]["facts"] if f.get("origin") == "learned"]
    assert [(f["indicator"], f["value"], f["attrs"]) for f in learned_facts] == [("administrative_villages", 10, {})]
    assert learned_facts[0]["evidence"] == "10個村"

    catalog = app("views/catalog.py")
    catalog.session_state["actor"] = Actor("admin", "admin", None)
    catalog.run()
    shown = catalog.dataframe[1].value
    row = shown[shown["说法"] == "N个村"].iloc[0]
    assert (row["指标"], row["状态"], row["使用次数"]) == (NAMES["administrative_villages"], "待审核", 1)
    catalog.selectbox(key="catalog_learned_pick").set_value(int(row["编号"])).run()
    catalog.button(key="catalog_learned_approve").click().run()
    assert not catalog.exception, [e.value for e in catalog.exception]
    assert catalog.dataframe[1].value.set_index("说法").loc["N个村", "状态"] == "已批准"


def test_one_click_dismisses_the_rest(app_db: Engine) -> None:
    at, key = _import("r31.txt")
    (item,) = list(at.session_state["report_parsed"].values())
    pending, facts = len(item["ext"]["unclaimed"]), len(item["ext"]["facts"])
    villages = _pick(at, "深入9个村", "9个")
    at.selectbox(key=f"uc_pick_{key}_{villages}").set_value(NAMES["administrative_villages"]).run()
    at.button(key=f"uc_rest_{key}").click().run()
    assert not at.exception
    assert _tally(at) == f"数字核对：已提取 {facts + 1}，待确认 0，已排除 {pending - 1}（核对完成）"
    assert at.selectbox(key=f"uc_pick_{key}_{villages}").value == NAMES["administrative_villages"]
    assert not [b for b in at.button if b.key == f"uc_rest_{key}"]
