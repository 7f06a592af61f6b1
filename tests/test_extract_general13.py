"""Classes of rules from the real development set dev4 (issue #11): its fact misses, each a table of short phrasings
in the way real reports write them, with the negatives that keep the rule from reaching too far."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # one person described (作为/成为/是/的 一名): an article, not a count
        ("全镇共有党员300名。他说：我作为一名流动党员，必须履行好党员的责任。", "party_members_floating", set()),
        ("全镇共有党员300名。她回到白沙村，成为村委会的一名后备干部。", "reserve_cadres", set()),
        ("全镇共有党员300名。他是一名流动党员。", "party_members_floating", set()),
        # a count of one stays
        ("全镇共有党员300名，整顿软弱涣散党组织一个。", "party_orgs_weak_rectified", {1}),
        ("全镇储备后备干部12名。", "reserve_cadres", {12}),
    ],
)
def test_one_person_is_no_count(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the attendees of one event are not the stock of floating members
        ("全镇流动党员2857人，清明节期间573名流动党员返乡参加换届选举。", "party_members_floating", {2857}),
        ("全镇流动党员2857人，其中120名流动党员参与了线上学习。", "party_members_floating", {2857}),
        # a first batch of branches is not the stock
        ("街道第一批已挂牌15个物业小区党支部，定期召开议事会。", "party_branches", set()),
        ("街道首批15个小区党支部挂牌成立。", "party_branches", set()),
        ("街道共有15个党支部。", "party_branches", {15}),
    ],
)
def test_attendees_and_batches_are_no_stock(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a part of an average (其中 after 平均每个村…) is an average too
        ("2018年平均每个村收入为61.72万元(含补助),其中经营性收入为19.06万元。", "collective_income_total", set()),
        # a rate word earlier in the sentence, not in the whole before 其中, does not reach the part
        ("人均纯收入2647元,该乡设有35个支部,其中6个机关党支部,29个村党支部。", "party_branches", {35, 6, 29}),
    ],
)
def test_part_of_an_average(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the organisations of the villages are counted, not the villages
        ("全镇XX个行政村(社区)党组织均按期完成换届。", "administrative_villages", set()),
        ("全镇12个行政村(社区)党组织均按期完成换届。", "administrative_villages", set()),
        ("全镇12个行政村党组织均按期完成换届。", "administrative_villages", set()),
        ("全镇12个行政村均按期完成换届。", "administrative_villages", {12}),
        # the villages boats are grouped by are not stated as all of them; the grids are
        ("将全镇渔船纳入网格管理,按所在的17个村分区编队,共划分17个网格。", "administrative_villages", set()),
        ("将全镇渔船纳入网格管理,按所在的17个村分区编队,共划分17个网格。", "grids_total", {17}),
        ("西城镇在9个行政村设立网格,共划分了106个网格。", "administrative_villages", {9}),
    ],
)
def test_what_a_village_count_counts(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, village",
    [
        # a rank within the city (全市首家) is not the city as the writer's unit: the village's own document
        ("5月28日,全市首家农民夜校——清源镇六合村农民夜校挂牌开课,50余名村民参加了培训。在全村培养更多的土专家。", True),
        ("全市各村积极行动,50余名村民参加了培训。在全村培养更多的土专家。", False),
    ],
)
def test_rank_in_the_city_is_no_self(text: str, village: bool) -> None:
    facts = extract_text(text)["facts"]
    assert (not facts) == village


COUNTY = "我县是农业大县，全县上下狠抓党建。{}全县各乡镇党委书记参加了会议。"
CITY = "我市坚持党建引领，全市上下齐心。{}"
NATION = "全党共有党员9191.4万名。{}全国党的基层组织不断加强。"


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a county's or city's own text counts its villages (各乡镇党委 are the county's townships, not the writer)
        (COUNTY.format("目前,全县412个行政村已全部摸排一遍。"), "administrative_villages", {412}),
        (CITY.format("2018年全市1446个行政村中,平均每个村有资产885万元。"), "administrative_villages", {1446}),
        (COUNTY.format("全县辖23个乡镇,257个村(社区),总人口53万。"), "administrative_villages", {257}),
        # in a township's text 全县/全市 is a wider scope
        ("全镇共有党员300名。2018年全市1446个行政村中,平均每个村有资产885万元。", "administrative_villages", set()),
        ("全镇辖8个行政村。全县412个行政村已全部摸排一遍。", "administrative_villages", {8}),
        # villages over a threshold are a part
        ("全区企业产值在5000万元以上的行政村已达32个。", "administrative_villages", set()),
        # members of the city's own text; the party's national figures in a national text
        (CITY.format("截至2021年6月,全市党员33.81万名,比2019年底净增1.2万名。"), "party_members_total", {338100}),
        ("全镇共有党员300名。截至2021年6月,全市党员33.81万名。", "party_members_total", {300}),
        (NATION.format("全国共设立基层党委24.9万个、总支部30.5万个、支部412.7万个。"), "party_branches", {4127000}),
        (NATION.format("全国纪检监察机关共审查立案78.9万件。"), "discipline_cases", {789000}),
        ("全镇纪委立案5件。全国纪检监察机关共审查立案78.9万件。", "discipline_cases", {5}),
    ],
)
def test_county_city_and_nation_own_scope(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # rural members with the communities' written beside them, then their floating part
        ("全镇农村(社区)党员总共21451人,其中流动党员2857人。", "party_members_rural", {21451}),
        ("全镇农村(社区)党员总共21451人,其中流动党员2857人。", "party_members_floating", {2857}),
        # grids counted in 处, and the units of the grids as their second level
        ("目前,全镇共划分小网格600余处,实现了全覆盖。", "grids_total", {600}),
        ("全镇共划分17个网格102个单元,建立工作格局。", "grids_total", {17, 102}),
        ("全镇设立17个网格,配备102个单元长。", "grids_total", {17}),
        # the households the member-contact system serves
        ("全镇有党员中心户184户,直接联系服务农牧民7.79万户。", "grid_households", {77900}),
        ("全镇党员联系服务群众1200余户。", "grid_households", {1200}),
        ("全镇每名党员联系服务10户。", "grid_households", set()),
    ],
)
def test_members_grids_and_households(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # organisations honoured together with members (…等N个基层党组织和…等N名党员被授予…)
        (
            "今年七一,高桥村党支部、小西关社区党支部等8个基层党组织和陈某、袁某等8名党员被授予十堰市“十星级党组织”"
            "和“十星级党员”荣誉称号。",
            "party_orgs_advanced",
            {8},
        ),
        ("全镇4个党组织被县委表彰为先进基层党组织。", "party_orgs_advanced", {4}),
        # a lower star rating is no honour of the top
        ("全镇8个基层党组织被评为“三星级党组织”。", "party_orgs_advanced", set()),
    ],
)
def test_organisations_honoured_with_members(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected
