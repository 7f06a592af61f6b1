"""Classes of rules from the real development set dev4 (issue #11): its fact misses, each a table of short phrasings
in the way real reports write them, with the negatives that keep the rule from reaching too far."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text


def values_of(text: str, indicator: str) -> set[float]:
    return {f["value"] for f in extract_text(text)["facts"] if f["indicator"] == indicator}


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
