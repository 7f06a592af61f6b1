"""Classes of rules from the real set dev6 (chosen for the rare core indicators), each a table of short phrasings
in the way real reports write them, with the negatives that keep the rule from reaching too far."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from etl.reports.meta import find_year
from etl.reports.township import find_township
from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a count written with no classifier: the grids a unit is divided into, a township's villages with their
        # communities written beside them
        ("按照一格一员的要求，将全镇26个村（社区）划分为118网格。", "grids_total", {118}),
        ("按照一格一员的要求，将全镇26个村（社区）划分为118个网格。", "grids_total", {118}),
        ("将辖区划分为40网格员责任区。", "grids_total", set()),
        ("今年，柳河镇21村（社区）均建成了党群服务站。", "administrative_villages", {21}),
        ("今年，柳河镇21个村（社区）均建成了党群服务站。", "administrative_villages", {21}),
        ("柳河镇3村党支部书记作了发言。", "administrative_villages", set()),
        # the state before a change (原来的N个) is no current figure (spec: 将原来的74个网格拓展划分为123个网格)
        ("今年将原来的52个网格优化调整为67个网格。", "grids_total", {67}),
        ("将原有的15个村合并为9个村。", "administrative_villages", set()),
        # grid workers and the places they patrol are no grids
        ("本月网格员对41处出租屋开展了走访。", "grids_total", set()),
        ("全镇共划分综合网格64个，网格员对41处出租屋开展了走访。", "grids_total", {64}),
    ],
)
def test_bare_counts_and_grid_workers(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the people counted first, the measure they received after it (被 / 受到)
        ("经核查，这9名村干部均被通报批评。", "circulated_criticism", {9}),
        ("其中3名情节较重的干部还受到了诫勉谈话处理。", "admonishment_talks", {3}),
        ("两名干部受到了责令检查和诫勉处理。", "admonishment_talks", {2}),
        ("对6名干部进行了通报批评。", "circulated_criticism", {6}),
        ("这9名村干部均受到了表彰。", "circulated_criticism", set()),
        ("9名村干部参加了警示教育大会。", "admonishment_talks", set()),
    ],
)
def test_discipline_in_the_passive(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the groups visited, joined by 和, then their households
        ("包村干部累计走访留守老人和困难家庭312户。", "households_visited", {312}),
        ("镇村干部入户走访群众1200户。", "households_visited", {1200}),
        ("走访慰问困难党员和老党员46人。", "households_visited", set()),
        ("走访留守老人和困难家庭312户次。", "households_visited", set()),
        # delegates of the rural members are not the members
        ("现场为20名农村党员代表颁发了纪念章。", "party_members_rural", set()),
        ("全镇共有农村党员425名。", "party_members_rural", {425}),
        # the reserves who stood out and left the pool for an office are no stock
        ("换届中有8名储备人才脱颖而出，进入村两委班子。", "reserve_cadres", set()),
        ("全镇共有储备人才40名。", "reserve_cadres", {40}),
        # the villages the people counted after 的 come from are not all of them
        ("全区共有4个乡镇、37个村的96名青年报名参加考试。", "administrative_villages", set()),
        ("全区共有4个乡镇、37个村。", "administrative_villages", {37}),
        # the volunteer service named, then its activities counted with a generic noun; another kind is not
        ("党员志愿者参与环境整治、政策宣传等志愿服务活动，今年共开展各类活动860余次。", "volunteer_activities", {860}),
        ("镇里开展志愿服务活动，今年共开展党建活动16次。", "volunteer_activities", set()),
        # the lectures members gave, 党课 left implicit
        ("全年，镇班子成员讲的课20次，村支部书记讲的课56次。", "party_lectures", {20, 56}),
    ],
)
def test_visits_delegates_reserves_and_lectures(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a prefecture's own paper (我州 … 全州): 全州 is its own scope, a city's level
        ("我州扎实推进基层党建。全州共有行政村1860个。我州还组建了党员服务队。", {1860}),
        # in a township's paper 全州 is a wider scope
        ("我镇扎实推进基层党建。全州共有行政村1860个。全镇有12个村。", {12}),
    ],
)
def test_a_prefectures_own_scope(text: str, expected: set[float]) -> None:
    assert values_of(text, "administrative_villages") == expected


def test_a_rank_within_the_province_is_not_the_writers_scope() -> None:
    """A county's piece ranks itself within the province (全省排名): its 全县 figures stay its own."""
    text = (
        "今年来，该县加强平安建设。全县按照标准，将全县96个村（社区）划分为300个网格。"
        "群众安全感全省排名上升3位，治安满意度全省排名上升5位。"
    )
    facts = {(f["indicator"], f["value"]) for f in extract_text(text)["facts"]}
    assert {("administrative_villages", 96), ("grids_total", 300)} <= facts


@pytest.mark.parametrize(
    "text, township",
    [
        # a prefecture's own paper (我州 … 全州) names a township once, where a leader went
        ("州委书记在甘堡县龙溪乡调研。\n我州抓住整顿契机，全州120个乡镇召开乡镇党委会部署，全州干部参加。", None),
        ("龙溪乡党委召开会议。全乡12个村参加。我州、全州的部署在龙溪乡落实。", "龙溪乡"),
        # a name may open with 县 when its district is written right before it
        ("近日，凤鸣区县坪镇召开党建工作会议，部署下半年工作。", "县坪镇"),
        ("全区县乡镇干部参加了培训。", None),
        # 软乡弱村 is a pair of kinds, no place
        ("全州开展软乡弱村集中整顿，抓点示范，软乡弱村面貌一新。", None),
    ],
)
def test_township_of_wider_papers_and_district_prefixed_names(text: str, township: str | None) -> None:
    assert find_township(text)[0] == township


@pytest.mark.parametrize(
    "text, year",
    [
        # the end of a span of data years is a data year, not a goal (a headline first: a first line with a year
        # would be the title's)
        ("院坝会上通报违纪问题\n据查，2016年至2019年，该村干部冒领补贴，受到党内警告处分。", 2019),
        ("村集体经济增收工作会议\n力争到2025年全镇村集体收入翻番。2021年全镇发展党员12名。", 2021),
        # the year whose work is planned is not the one reported on
        ("镇召开年终总结会\n会议对2023年党建工作进行了回顾，对2024年工作进行了部署。", 2023),
        ("镇召开年终总结会\n会议总结了2023年党建成绩，并对2024年工作作出安排部署。", 2023),
    ],
)
def test_year_spans_and_planned_years(text: str, year: int) -> None:
    assert find_year(text, []) == year


def test_a_projection_heading_a_list_covers_each_item() -> None:
    """2022年，预计…；…；…: every figure of the semicolon list is projected, not only the first."""
    text = (
        "2022年，预计全镇生产总值5亿元；财政收入2100万元；农民人均纯收入15200元，增长8%。"
        "全镇发展党员9名；培训党员300人次。"
    )
    facts = {f["indicator"]: f["target"] for f in extract_text(text)["facts"]}
    assert facts["rural_income_per_capita"] is True
    assert facts["party_members_new"] is False and facts["training_participants"] is False
