"""Classes of rules from heldout10, development material after its first run (F1 .682, first_run.txt): its fact
misses and spurious facts, each a table of short phrasings in the way real reports write them, with the negatives
that keep the rule from reaching too far."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from tests.test_extract_general8 import values_of


def facts_of(text: str, indicator: str) -> set[tuple[float, bool]]:
    return {(f["value"], f["target"]) for f in extract_text(text)["facts"] if f["indicator"] == indicator}


def parts_of(text: str, indicator: str) -> set[tuple[float, str | None]]:
    return {(f["value"], f["attrs"].get("type")) for f in extract_text(text)["facts"] if f["indicator"] == indicator}


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the township (该镇) and its verb before a county organ are no county's name: the clause stays the township's
        ("石桥镇开展冬训。该镇依托县委党校石桥教学点，为全镇230余名党员集中授课。", "party_members_total", {230}),
        ("石桥镇开展冬训。该乡借助区委讲师团，为全镇230余名党员集中授课。", "party_members_total", {230}),
        # a county organ as the subject still makes the clause the county's
        ("石桥镇开展冬训。东河县委组织部为全县2300余名党员集中授课。", "party_members_total", set()),
        # all of a county's members as the object of its own campaign, in the county's document
        ("全县全面推行党员积分管理，组织全县18650名党员“亮分”定档。", "party_members_total", {18650}),
        # in a township's document 全县 is a wider scope
        ("石桥镇召开党员大会。组织全县18650名党员“亮分”定档。", "party_members_total", set()),
        # a national count of members by occupation: the farmers, herdsmen and fishermen are the rural members
        ("党内统计公报：全国党员总数为9000万名，农牧渔民党员为2531.6万名。", "party_members_rural", {25316000}),
        # members employed elsewhere who registered with the township's communities are not its members
        ("南城街道开展“双报到”，目前已报到在职党员数约920名。", "party_members_total", set()),
        ("南城街道现有党员数920名。", "party_members_total", {920}),
    ],
)
def test_members_of_the_document(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # members a township gathers for a practical class of its members' training are its trainees
        ("石桥镇组织50余名党员围绕茶叶种植开展“田间课堂”实训。", {50}),
        ("石桥镇组织120名村干部进行集中轮训。", {120}),
        # gathered for something else, or for a jobs course, they are not
        ("石桥镇组织50余名党员开展环境整治志愿服务。", set()),
        ("石桥镇组织50余名党员开展电焊技能实训。", set()),
    ],
)
def test_members_gathered_for_a_training(text: str, expected: set[float]) -> None:
    assert values_of(text, "training_participants") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # grids by kind after 其中 are parts of the total (type), each its own 、-item
        (
            "全市划分网格3200个，其中小区网格1500个、行业网格900个、单位网格800个。",
            {(3200, None), (1500, "小区"), (900, "行业"), (800, "单位")},
        ),
        (
            # (the kind as the cleaned text has it: ASCII brackets in Chinese text read as Chinese ones)
            "全镇共划分网格40个，其中农村(自然村)网格30个、城镇网格10个。",
            {(40, None), (30, "农村（自然村）"), (10, "城镇")},
        ),
        # a grid of no kind named stays the total
        ("全镇共划分网格40个。", {(40, None)}),
        # grid leaders are people, not grids
        ("全镇共划分网格40个，配备小区网格长40名。", {(40, None)}),
    ],
)
def test_grids_by_kind(text: str, expected: set) -> None:
    assert parts_of(text.replace("全市", "全镇"), "grids_total") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # cooperatives by model status after the total are its parts (type), one per clause or 、-item
        (
            "全镇有农民合作社210家，其中国家级示范合作社2家，省级示范社5家、市级示范社11家。",
            {(210, None), (2, "国家级示范"), (5, "省级示范"), (11, "市级示范")},
        ),
        ("全镇共有合作社35个，其中县级示范社4个。", {(35, None), (4, "县级示范")}),
        # a breakdown by trade is no part (test_extract_general15); family farms are no cooperatives
        ("全镇共有合作社35个，其中种植专业合作社20个。", {(35, None)}),
        ("全县有省级示范家庭农场6家。", set()),
        # named cooperatives counted after their list are the ones named, not the stock
        ("全区红岩养殖专业合作社、青河果蔬专业合作社2家单位上榜。", set()),
        ("全区专业合作社、家庭农场发展迅速，专业合作社共有96家。", {(96, None)}),
    ],
)
def test_cooperatives_by_status(text: str, expected: set) -> None:
    assert parts_of(text, "cooperatives") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # star ratings awarded: the top one is the count, the one below a part
        ("今年全镇共评出五星级党组织2个、四星级党支部7个。", {(2, None), (7, "四星级")}),
        ("开展星级评定，全街道四星级党支部9个。", {(9, "四星级")}),
        # a rating of a kind of branch (四星级村党组织) names no village
        ("评定五星级村党组织3个、四星级村党组织5个。", {(3, None), (5, "四星级")}),
        # star-rated households or members are no organisations
        ("全镇评出四星级文明户40户。", set()),
        ("全镇评出四星级党员120名。", set()),
    ],
)
def test_star_rated_organisations(text: str, expected: set) -> None:
    assert parts_of(text, "party_orgs_advanced") == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a 个-figure right after the villages counts the noun after it, even with more units listed after
        ("该乡辖12个行政村97个村民小组、2个社区。", "administrative_villages", {12}),
        ("该乡共有12个行政村97个自然社，耕地8000亩。", "administrative_villages", {12}),
        # the villages whose secretaries the township's annual review assessed are all of them
        ("述职结束后，镇班子成员对26个村的支书进行了现场测评。", "administrative_villages", {26}),
        ("镇纪委对26个村的财务进行了抽查。", "administrative_villages", set()),
        # one branch's members (a temporary branch, a community's branch) are not the township's
        ("镇党委批准成立防汛临时党支部，党支部共有党员18人。", "party_members_total", set()),
        ("全镇共有党支部12个，共有党员418人。", "party_members_total", {418}),
    ],
)
def test_counted_noun_review_and_one_branch(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the villages' disposable income is a measure of their collective income
        ("2022年，全镇村级可支配收入达860万元。", "collective_income_total", {860}),
        # the collective's income per head is neither that total nor the residents' income per head
        ("2022年，全镇村级人均可支配收入达到310元。", "collective_income_total", set()),
        ("2022年，全镇村级人均可支配收入达到310元。", "rural_income_per_capita", set()),
        ("力争村集体人均可支配收入达200元以上。", "rural_income_per_capita", set()),
        ("2022年，全镇农村居民人均可支配收入达到15310元。", "rural_income_per_capita", {15310}),
    ],
)
def test_villages_disposable_income(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


def test_villages_disposable_income_is_its_own_measure() -> None:
    facts = extract_text("2022年，全镇村级可支配收入达860万元。")["facts"]
    assert [f["attrs"].get("measure") for f in facts if f["indicator"] == "collective_income_total"] == ["可支配"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a schedule for the year plans its own clause's figure; what was held since is achieved
        ("年初制定学习计划，排出全年干部培训班12期，目前已举办5期。", {(12, True), (5, False)}),
        ("镇党委安排下半年党员培训班3期。", {(3, True)}),
        # no schedule: held
        ("上半年共举办党员培训班5期。", {(5, False)}),
    ],
)
def test_scheduled_sessions(text: str, expected: set) -> None:
    assert facts_of(text, "training_sessions") == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the year's quota of new members is a target; a past yearly quota is a rate
        ("今年，全镇党员发展指标为8个。", "party_members_new", {(8, True)}),
        ("近年来，全镇每年发展党员指标都在10个左右。", "party_members_new", set()),
        ("全镇发展党员示范点3个。", "party_members_new", set()),
        # the people a speaker addresses at a class are its trainees
        ("同志们：今天在座的60余名学员，都将参加为期五天的培训。", "training_participants", {(60, False)}),
        ("今天在座的60余名同志都是各村的书记。", "training_participants", set()),
    ],
)
def test_quota_and_trainees_addressed(text: str, indicator: str, expected: set) -> None:
    assert facts_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a speech that masks 党 as * and its figures as spaced xx: the quota (a target) and the trainees, masked
        (
            "我们县每年发展*员都很严格。今年，我们全县*员发展指标仅 xx 个，希望入*积极分子向*组织靠拢。",
            "party_members_new",
            {(None, True)},
        ),
        (
            "举办入*积极分子培训班。今天在座的 xx 余名同志，都获得了参加这次培训班的机会，要向*组织靠拢，做合格*员。",
            "training_participants",
            {(None, False)},
        ),
        # a page that writes 党 keeps its * as masks
        ("全镇发展党员*名，培训入党积极分子**人次。", "party_members_new", {(None, False)}),
    ],
)
def test_masked_party_and_spaced_masks(text: str, indicator: str, expected: set) -> None:
    assert facts_of(text, indicator) == expected
    for f in extract_text(text)["facts"]:
        assert text[f["span"][0] : f["span"][1]] == f["evidence"]


YEARBOOK = """表3 基层组织情况
        Item 2018 2020 2022
  1.乡镇政府   (个)   Number of Township Governments (unit) 96 94 94
  2.村民委员会   (个)   Number of Villager Committees (unit) 1530 1498 1476
  3.乡村户数   (万户)   Number of Rural Households (10 000 households) 38.5 39.1 40.2
  4.贫困村   (个)   Number of Poor Villages (unit) 210 120 0
"""


def test_yearbook_rows_by_column_year() -> None:
    """A yearbook table flattened to text: the row whose Chinese label names an indicator and states its unit gives one
    figure per year column; rows of other things (townships, households, a part such as 贫困村) give none."""
    facts = extract_text(YEARBOOK)["facts"]
    assert {(f["indicator"], f["value"], f["year"], f["target"]) for f in facts} == {
        ("administrative_villages", 1530, 2018, False),
        ("administrative_villages", 1498, 2020, False),
        ("administrative_villages", 1476, 2022, False),
    }
    for f in facts:
        assert YEARBOOK[f["span"][0] : f["span"][1]] == f["evidence"]


@pytest.mark.parametrize(
    "text",
    [
        # no header of bare years: a row alone is not read as a table
        "  2.村民委员会   (个)   Number of Villager Committees (unit) 1530 1498 1476\n",
        # the row's numbers do not match the header's columns
        "        Item 2018 2020 2022\n  2.村民委员会   (个)   Number of Villager Committees (unit) 1530 1498\n",
        # no unit stated in the label
        "        Item 2018 2020 2022\n  2.村民委员会   Number of Villager Committees 1530 1498 1476\n",
    ],
)
def test_yearbook_rows_need_header_unit_and_columns(text: str) -> None:
    assert [f for f in extract_text(text)["facts"] if f["indicator"] == "administrative_villages"] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # two villages named together set up something for the township: not one village's figure
        ("此外，在东岙村、西岙村党委下分别设立1个党总支，下辖9个渔船网格党支部。", {9}),
        # one village named: its own figure
        ("此外，东岙村党委下设1个党总支，下辖9个渔船网格党支部。", set()),
    ],
)
def test_two_villages_named_together(text: str, expected: set[float]) -> None:
    assert values_of("海门街道。" + text, "party_branches") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # members gathered (组织, with or without the township's scope word) for an event are its attendees
        ("枣林镇组织该镇40余名流动党员开展“返乡”主题党日活动。", set()),
        ("枣林镇组织30名流动党员座谈交流。", set()),
        # all the floating members brought into a group, or the stock stated, are the floating members
        ("枣林镇将23名流动党员纳入微信群开展线上学习。", {23}),
        ("枣林镇现有流动党员40名。", {40}),
    ],
)
def test_floating_members_gathered_are_attendees(text: str, expected: set[float]) -> None:
    assert values_of(text, "party_members_floating") == expected
