"""总览, 指标趋势, 乡镇对比, 数据覆盖 under AppTest: with data, on an empty database, with a filter that matches
nothing, and widget changes that change what is shown."""

from __future__ import annotations

import json

import pytest

from etl.load import FactIn, SourceIn, load_source
from store import queries
from store.access import SYSTEM
from store.catalog import load_catalog
from store.session import transaction
from tests.apptest_support import app, fresh_app_db, shown
from tests.pages_fixtures import load_county

DASHBOARD_PAGES = ["views/overview.py", "views/trends.py", "views/compare.py", "views/coverage.py"]


@pytest.fixture
def app_engine(tmp_path, monkeypatch):
    return fresh_app_db(tmp_path, monkeypatch)


@pytest.fixture
def county_db(app_engine):
    load_county(app_engine)
    return app_engine


def _ids(engine) -> dict[str, int]:
    return {r.name: r.id for r in queries.region_tree(engine, SYSTEM).itertuples()}


def _figures(at) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def _run(page: str, **params: str):
    at = app(page)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", DASHBOARD_PAGES)
def test_empty_database_says_so(app_engine, page):
    at = _run(page)
    assert any("还没有数据" in i.value for i in at.info)


@pytest.mark.parametrize("page", DASHBOARD_PAGES)
def test_filter_matching_nothing_gives_a_plain_message(county_db, page):
    at = _run(page, cat="干部队伍")  # no township reported 后备干部数 nor the 书记 rates
    assert at.info and not at.get("plotly_chart") or page.endswith("coverage.py")
    if page.endswith("coverage.py"):  # coverage shows the gap itself: everything is 缺报
        cadres = sum(s.category == "干部队伍" for s in load_catalog())
        assert at.metric[2].value == str(3 * 3 * cadres)  # townships × years × indicators


def test_overview_cards_values_deltas_and_year_switch(county_db):
    at = _run("views/overview.py")
    cards = {m.label: m for m in at.metric}
    # 白沙乡 masked 2022, so the change compares only the two townships with figures in both years.
    assert cards["党员总数"].value == "822人" and cards["党员总数"].delta == "+0.3%"
    assert cards["党纪立案数"].value == "7人" and cards["党纪立案数"].delta == "+16.7%"
    assert cards["党纪立案数"].proto.color != cards["党员总数"].proto.color  # a rise is not good
    assert list(cards["党员总数"].proto.chart_data) == [790, 650, 822]
    # No township's figures are approved (多级上报): each card says 未审核, the page says how many.
    assert "3/3 个乡镇上报；增减按两年均有数据的 2 个乡镇可比口径计算 · 未审核" in [c.value for c in at.caption]
    assert "未审核：3/3 个乡镇的 2023 年数据尚未经县审核，标有“未审核”的数字可能还会更正。" in [
        c.value for c in at.caption
    ]
    at.selectbox(key="overview_year").select(2022).run()
    cards = {m.label: m for m in at.metric}
    assert cards["党员总数"].value == "650人"
    assert "2022年：2/3 个乡镇已上报，1 个已脱敏；增减按两年均有数据的 2 个乡镇可比口径计算 · 未审核" in [
        c.value for c in at.caption
    ]


def test_overview_cards_say_when_part_of_a_sum_is_not_approved(county_db):
    """A county mostly approved: each card says its figure 含未审核 (not 未审核, as if nothing were approved)."""
    from store import submissions as sub

    with transaction(county_db) as s:
        town = _ids(county_db)["青石镇"]
        sub.submit(s, SYSTEM, town, 2023)
        sub.approve(s, SYSTEM, town, 2023)
    captions = [c.value for c in _run("views/overview.py").caption]
    assert "3/3 个乡镇上报；增减按两年均有数据的 2 个乡镇可比口径计算 · 含未审核" in captions
    assert "未审核：2/3 个乡镇的 2023 年数据尚未经县审核，标有“含未审核”的数字可能还会更正。" in captions
    assert not any(c.endswith("· 未审核") for c in captions)
    captions = [c.value for c in _run("views/overview.py", region=str(town)).caption]
    assert not any("未审核" in c for c in captions)  # the township alone: all of it approved


def test_overview_cards_come_in_catalog_order_row_by_row(county_db):
    """Four cards a row, each row its own columns: a phone stacks them in the order a desktop reads them (one set
    of four columns stacked the first column's cards first: 理论中心组学习次数, 培训人次, 党委会/班子会次数 …)."""
    keys = [s.key for s in load_catalog() if s.category == "学习培训"][:6]
    with transaction(county_db) as s:
        facts = [FactIn(k, 2023, 10 + i, township="青石镇", cell=f"学习!C{i + 2}") for i, k in enumerate(keys)]
        load_source(s, SYSTEM, SourceIn(kind="ledger", filename="青石镇学习.xlsx", content=b"six"), facts)
    at = _run("views/overview.py", cat="学习培训")
    names = {s.key: s.name for s in load_catalog()}
    assert [m.label for m in at.metric] == [names[k] for k in keys]
    per_column = [len(c.metric) for c in at.columns if len(c.metric)]
    assert per_column == [1] * 6, "six cards: a row of four, then a row of two (never two in one column)"


@pytest.fixture
def early_report_db(county_db):
    """The test county plus one township's 2024 figures, reported before the others."""
    with transaction(county_db) as s:
        facts = [
            FactIn("party_members_total", 2024, 415, township="青石镇", cell="党员!B9"),
            FactIn("grid_coverage_rate", 2024, 97.5, township="青石镇", cell="网格!G9"),
        ]
        load_source(s, SYSTEM, SourceIn(kind="ledger", filename="青石镇2024.xlsx", content=b"early"), facts)
    return county_db


def test_a_partly_reported_year_is_not_the_default_and_says_so(early_report_db):
    at = _run("views/overview.py")
    assert at.selectbox(key="overview_year").value == 2023
    assert {m.label: m.value for m in at.metric}["党员总数"] == "822人"
    assert not at.warning
    at.selectbox(key="overview_year").select(2024).run()
    assert any("2024年：1/3 个乡镇已上报" in w.value for w in at.warning)
    cards = {m.label: m for m in at.metric}
    assert cards["党员总数"].value == "415人" and cards["党员总数"].delta == "+0.7%"  # 青石镇 412 → 415 only
    assert list(cards["党员总数"].proto.chart_data) == [790, 650, 822]  # no point for 2024 (1/3)
    assert cards["网格覆盖率"].delta == "-1个百分点"  # 98.5 → 97.5
    assert "2024年：1/3 个乡镇已上报" in " ".join(shown(c.value) for c in at.caption)
    assert at.query_params["year"] in ("2024", ["2024"])


def test_a_shared_link_keeps_the_year(early_report_db):
    at = _run("views/overview.py", year="2021")
    assert at.selectbox(key="overview_year").value == 2021


def test_compare_defaults_to_the_main_year_and_ranks_only_townships_with_the_figure(early_report_db):
    at = _run("views/compare.py", ind="party_members_total")
    assert at.selectbox(key="cmp_year").value == 2023
    at.selectbox(key="cmp_year").select(2024).run()
    assert any("2024年：1/3 个乡镇已上报" in w.value for w in at.warning)
    bars = _figures(at)[0]["data"][0]
    assert list(bars["y"]) == ["1. 青石镇"]


def test_trend_total_marks_the_partly_reported_year(early_report_db):
    at = _run("views/trends.py", ind="party_members_total")
    assert not at.warning
    at.radio(key="trend_mode").set_value("total").run()
    assert any("2024年：1/3 个乡镇已上报" in w.value for w in at.warning)


def test_overview_card_opens_trend_with_the_indicator(county_db):
    at = _run("views/overview.py")
    at.button(key="kpi_discipline_cases").click().run()
    assert at.query_params["ind"] == ["discipline_cases"] or at.query_params["ind"] == "discipline_cases"


def test_overview_category_filter(county_db):
    at = _run("views/overview.py", cat="纪律监督")
    assert [m.label for m in at.metric] == ["党纪立案数"]


def test_trends_modes_masked_gaps_targets_and_qualifiers(county_db):
    at = _run("views/trends.py", ind="party_members_total")
    assert at.radio(key="trend_mode").value == "towns"
    fig = _figures(at)[0]
    lines = {t["name"]: t for t in fig["data"]}
    assert lines["白沙乡"]["y"] == [150, None, 170]  # masked 2022 is a gap
    assert any("已脱敏" in h for t in fig["data"] for h in (t.get("hovertext") or []))
    assert "马鞍彝族乡 2023 年：240余人" in lines["马鞍彝族乡"]["hovertext"]
    at.radio(key="trend_mode").set_value("total").run()
    fig = _figures(at)[0]
    assert [t["name"] for t in fig["data"]] == ["宁远县合计"] and fig["data"][0]["y"] == [790, 650, 822]


def test_trends_draws_targets_dashed_and_several_indicators(county_db):
    at = _run("views/trends.py", ind="party_members_new,discipline_cases")
    figs = _figures(at)
    assert len(figs) == 2
    target = [t for t in figs[0]["data"] if t["name"].endswith("目标")]
    assert target and target[0]["line"]["dash"] == "dash" and target[0]["y"] == [10, 11, 12]


def test_trends_township_pick_and_detail_with_evidence(county_db):
    ids = _ids(county_db)
    at = _run("views/trends.py", ind="party_members_total")
    at.multiselect(key="trend_towns").set_value([ids["青石镇"]]).run()
    assert [t["name"] for t in _figures(at)[0]["data"]] == ["青石镇"]
    table = at.dataframe(key="trend_detail_rows").value
    row = table.index[(table["年度"] == 2023)][0]
    at.session_state["trend_detail_rows"] = {"selection": {"rows": [int(row)], "columns": [], "cells": []}}
    at.run()
    obs = at.dataframe(key="trend_detail_obs").value
    assert obs["数值"].tolist() == ["412人", "405人"] and obs["采用"].tolist() == ["✔", ""]
    assert "单元格 党员!B4" in " ".join(shown(c.value) for c in at.caption)
    at.session_state["trend_detail_obs"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    html = at.get("html")[0].proto.body
    assert "<mark>" in html and "<b>405</b>" in html
    assert "&lt;b&gt;" in html and "<b>405名</b>" not in html  # report text is escaped, only our tags remain


def test_compare_ranks_normalises_and_heat_map(county_db):
    at = _run("views/compare.py", ind="party_members_total", years="2021-2023")
    bars = _figures(at)[0]["data"][0]
    assert bars["y"] == ["3. 白沙乡", "2. 马鞍彝族乡", "宁远县平均", "1. 青石镇"]  # drawn bottom-up, average in place
    at.radio(key="cmp_norm").set_value("capita").run()
    capita = [y for y in _figures(at)[0]["data"][0]["y"] if y != "宁远县平均"]
    assert capita == ["3. 马鞍彝族乡", "2. 青石镇", "1. 白沙乡"]
    heat = _figures(at)[1]["data"][0]
    assert heat["type"] == "heatmap" and "党员总数" in heat["y"], "indicators down the side (readable on a phone)"
    assert sorted(heat["x"]) == sorted(["白沙乡", "青石镇", "马鞍彝族乡"])
    assert _figures(at)[1]["layout"]["xaxis"]["tickvals"] == heat["x"], "every township named"
    at.selectbox(key="cmp_year").select(2022).run()
    assert any("白沙乡" in c.value and "未参与排名" in c.value for c in at.caption)


def test_the_rank_map_leaves_out_indicators_without_a_better_direction(county_db):
    """流动党员数 (no better direction) ranked its largest township 1 under "1 = 最好"."""
    at = _run("views/compare.py", ind="party_members_total,party_members_floating", years="2021-2023")
    heat = _figures(at)[1]["data"][0]
    assert "党员总数" in heat["y"] and "流动党员数" not in heat["y"]
    assert any("流动党员数没有好坏之分" in c.value for c in at.caption)


def test_compare_of_a_single_township_says_what_it_needs(county_db):
    """A township (picked in the sidebar, or all a 填报员 may see) ranks first of one: no chart of 1s."""
    at = _run("views/compare.py", region=str(_ids(county_db)["青石镇"]))
    assert not at.get("plotly_chart")
    assert any("两个以上乡镇" in i.value and "青石镇范围内只有 1 个乡镇" in i.value for i in at.info)


@pytest.mark.parametrize(
    ("page", "params", "where"),
    [
        ("views/trends.py", {}, "caption"),  # 未选择指标 … 在侧栏“指标”中选择多项
        ("views/compare.py", {"region": "青石镇"}, "info"),  # 请在侧栏“地区”中选择县（区）
    ],
)
def test_a_hint_at_the_sidebar_says_how_to_open_it_on_a_phone(county_db, page, params, where):
    """On a phone the sidebar is folded away: '在左侧…中选择' pointed at nothing there."""
    if "region" in params:
        params = {"region": str(_ids(county_db)[params["region"]])}
    at = _run(page, **params)
    hints = [e.value for e in getattr(at, where) if "侧栏" in e.value]
    assert hints and all("手机上先点左上角的 » 打开侧栏" in h and "左侧" not in h for h in hints)


def test_compare_rates_have_no_normalisation_and_lower_is_better(county_db):
    at = _run("views/compare.py", ind="discipline_cases")
    assert _figures(at)[0]["data"][0]["y"][-1] == "1. 白沙乡"
    at = _run("views/compare.py", ind="grid_coverage_rate")
    assert at.radio(key="cmp_norm").options == ["原始值"]  # a rate per village makes no sense


def test_coverage_matrix_and_problem_rows(county_db):
    at = _run("views/coverage.py", ind="party_members_total,party_members_floating")
    assert [m.value for m in at.metric][:3] == ["18", "9", "7"]
    heat = _figures(at)[0]["data"][0]
    assert heat["y"] == ["党员总数", "流动党员数"], "indicators down the side (readable on a phone)"
    assert heat["x"] == ["马鞍彝族乡", "青石镇", "白沙乡"]
    problems = at.dataframe(key="cov_problems").value
    assert ["马鞍彝族乡", "流动党员数", "缺报"] in problems.values.tolist()
    assert ["青石镇", "党员总数", "有冲突"] in problems.values.tolist()
    missing = problems.index[problems["状态"] == "缺报"][0]
    at.session_state["cov_problems"] = {"selection": {"rows": [int(missing)], "columns": [], "cells": []}}
    at.run()
    assert any("缺报" in i.value and "补报" in i.value for i in at.info)
    at.radio(key="cov_view").set_value("year").run()
    assert _figures(at)[0]["data"][0]["x"] == ["2021年", "2022年", "2023年"]


def test_region_filter_in_the_url_narrows_every_page(county_db):
    ids = _ids(county_db)
    at = _run("views/overview.py", region=str(ids["白沙乡"]))
    assert {m.label: m.value for m in at.metric}["党员总数"] == "170人"


def test_a_shared_link_reopens_the_whole_view(county_db):
    ids = _ids(county_db)
    at = _run("views/trends.py", ind="party_members_total", mode="towns", towns=f"{ids['白沙乡']},{ids['青石镇']}")
    assert at.multiselect(key="trend_towns").value == [ids["白沙乡"], ids["青石镇"]]
    at = _run("views/trends.py", ind="party_members_total", mode="mean")
    assert at.radio(key="trend_mode").value == "mean"
    at.radio(key="trend_mode").set_value("total").run()
    assert at.query_params["mode"] in ("total", ["total"])
    at = _run("views/compare.py", show="discipline_cases", norm="capita", year="2022")
    assert at.selectbox(key="cmp_ind").value == "discipline_cases"
    assert at.radio(key="cmp_norm").value == "capita" and at.selectbox(key="cmp_year").value == 2022


def _every_series() -> list[tuple[str, dict]]:
    """Each catalog indicator once plain (or with its threshold) and once per part attribute it declares."""
    from store.catalog import load_catalog

    out = []
    for spec in load_catalog():
        extract = spec.extra.get("extract") or {}
        out.append((spec.key, {"threshold": 10.0} if "threshold" in extract else {}))
        for part in extract.get("parts") or ():
            values = part.get("values") or list((part.get("from_trigger") or {}).values()) or ["其他"]
            out.append((spec.key, {part["attr"]: str(values[0]).split("=")[-1]}))
    return out


@pytest.fixture
def every_series_db(app_engine):
    from store.regions import add_region, ensure_chain

    with transaction(app_engine) as s:
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        add_region(s, "青石镇", "township", county)
        facts = [
            FactIn(key, 2023, 7.0 + i, attrs=attrs, span=(0, 2), evidence=f"第{i}句")
            for i, (key, attrs) in enumerate(_every_series())
        ]
        load_source(
            s, SYSTEM, SourceIn(kind="report", filename="全部.txt", content=b"x", township="青石镇", year=2023), facts
        )
    return app_engine


def test_every_saved_achieved_figure_shows_on_trends_and_in_its_detail(every_series_db):
    series = _every_series()
    assert any("severity" in a for _, a in series) and any("type" in a for _, a in series)
    for i, (key, attrs) in enumerate(series):
        at = _run("views/trends.py", ind=key)
        table = at.dataframe(key="trend_detail_rows").value
        label = attrs and next(iter(attrs.values()))
        shown = table[table["数值"].str.startswith(f"{7 + i:g}")]
        assert not shown.empty, (key, attrs, table.to_dict("records"))
        if label and "threshold" not in attrs:
            assert shown["指标"].str.contains(str(label)).any(), (key, attrs)


def test_chart_axes_have_chinese_tick_labels(county_db):
    at = _run("views/trends.py", ind="party_members_total")
    axis = _figures(at)[0]["layout"]["yaxis"]
    assert axis["ticktext"] and all(not any(c.isalpha() and c.isascii() for c in t) for t in axis["ticktext"])
    at = _run("views/compare.py", ind="party_members_total")
    assert _figures(at)[0]["layout"]["xaxis"]["ticktext"]


def test_a_township_account_sees_no_county_words(county_db):
    """A 填报员 granted one township: 总览 says nothing of 共 1 个乡镇 or 1/1 个乡镇上报, 乡镇对比 does not send them
    to a county they cannot choose."""
    from store.access import Actor
    from tests.apptest_support import app

    paths = dict(queries.region_tree(county_db, SYSTEM)[["name", "path"]].values.tolist())
    clerk = Actor("clerk1", "clerk", (paths["青石镇"],))
    at = app("views/overview.py", actor=clerk).run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert at.metric and not [c for c in captions if "共 1 个乡镇" in c or "1/1 个乡镇" in c], captions
    at = app("views/compare.py", actor=clerk).run()
    assert [i.value for i in at.info] == [
        "乡镇对比需要两个以上乡镇，您的账号只能查看青石镇。本乡镇的数字和历年变化请在“总览”和“指标趋势”中查看。"
    ]
    at = app("views/compare.py", actor=SYSTEM)
    at.query_params["region"] = str(_ids(county_db)["青石镇"])
    at.run()
    assert any("请在侧栏“地区”中选择县（区）" in i.value for i in at.info)
