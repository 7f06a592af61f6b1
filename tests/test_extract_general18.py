"""Classes of rules from heldout11's first run (F1 .886) and the leftovers of dev5, dev6, heldout9 and heldout: each a
table of short phrasings in the way real reports write them, with the negatives that keep the rule from reaching
too far."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from tests.test_extract_general8 import values_of


def years_of(text: str, indicator: str) -> set[tuple[float, int | None]]:
    return {(f["value"], f["year"]) for f in extract_text(text)["facts"] if f["indicator"] == indicator}


@pytest.mark.parametrize(
    "text, expected",
    [
        # one indicator listed with 分别为 after a span of years: each figure is its year's
        (
            "复兴镇概况。2002年—2003年，粮食总产量分别为9712吨、9540吨，农民人均纯收入分别为2297元、2296元。",
            {(2297, 2002), (2296, 2003)},
        ),
        ("复兴镇概况。 2002 年— 2003 年,农民人均纯收入分别为 2297 元、 2296 元。", {(2297, 2002), (2296, 2003)}),
        (
            "复兴镇概况。2021年、2022年、2023年农民人均纯收入分别为12000元、13000元、14100元。",
            {(12000, 2021), (13000, 2022), (14100, 2023)},
        ),
        # as many years as figures, or the list is something else: the first figure alone, the sentence's year
        ("复兴镇概况。2023年，农民人均纯收入分别为14100元、13000元。", {(14100, 2023)}),
        # 城乡 names the towns' figure, then the countryside's: the second is the rural one
        ("复兴镇概况。2023年，城乡居民人均可支配收入分别达到32000元、18650元。", {(18650, 2023)}),
        ("复兴镇概况。2023年，城乡居民人均可支配收入分别为3.2万元和1.86万元。", {(18600, 2023)}),
    ],
)
def test_one_indicator_over_listed_years(text: str, expected: set[tuple[float, int]]) -> None:
    assert years_of(text, "rural_income_per_capita") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # 合作社 right after the villages of a 辖 list is the unit below them (Gansu's villager groups)
        ("西华镇位于华亭县东部。全镇辖17个行政村, 86个合作社,5501户。", set()),
        ("新华镇位于高台县。辖16个行政村、102个合作社、5466户农户。", set()),
        # cooperatives of their own in an inventory, and a trade word, stay cooperatives
        ("西华镇位于华亭县东部。全镇现有农民专业合作社86个。", {86}),
        ("某旗概况。下辖1镇9乡、33个牧委会、109个牧业合作社。", {109}),
        # the formal name of the cooperatives: 农民专业合作经济组织 (组 left without 织 too)
        ("某县培育农民专合经济组织。培育各类农民专业合作经济组346个，成员34000余人。", {346}),
        ("某县现有农民专业合作经济组织120个。", {120}),
        # the cooperatives a group of firms drives are a subset by relationship
        ("全县培育龙头企业共49家，带动发展农业专业合作社95个。", set()),
    ],
)
def test_cooperatives(text: str, expected: set[float]) -> None:
    assert values_of(text, "cooperatives") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # disputes received, then those 办结 (settled): the settled ones are the resolved
        ("相城区推进综治中心建设。全区线下受理矛盾纠纷2.84万件,办结2.67万件,办结率93.8%。", {26700}),
        ("石桥镇受理矛盾纠纷120件，办结118件。", {118}),
        # received alone is not resolved
        ("石桥镇受理矛盾纠纷120件。", set()),
    ],
)
def test_disputes_settled(text: str, expected: set[float]) -> None:
    assert values_of(text, "disputes_resolved") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a profile sentence that says what the town is made of with 含, its rural villages 农村村
        ("铺子湾镇幅员32.25平方公里。含8个农村村,1个街道社区居委会,128个村民小组。", {8}),
        ("铺子湾镇幅员32.25平方公里。含8个行政村、1个社区。", {8}),
        # 含 inside a sentence is a part of something else
        ("铺子湾镇共有党支部12个，含8个农村村党支部。", set()),
    ],
)
def test_villages_the_town_contains(text: str, expected: set[float]) -> None:
    assert values_of(text, "administrative_villages") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the older names of weak organisations (三类村, 后进村党支部) counted with what was done to them
        ("全市开展党组织整顿转化工作。短短5个月，80个“三类村”得到普遍晋位升级。", {80}),
        ("石桥镇实施“能人帮村”工程，对后坞沟、唐林、后明等9个后进村党支部班子进行了调整。", {9}),
        ("石桥镇对3个后进党支部进行调整，配齐配强村级干部。", {3}),
        # counted alone, or for something else, they are not rectified
        ("石桥镇结对帮扶3个后进村党支部。", set()),
        ("石桥镇排查出3个后进村党支部。", set()),
    ],
)
def test_weak_organisations_by_older_names(text: str, expected: set[float]) -> None:
    assert values_of(text, "party_orgs_weak_rectified") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a quoted slogan that ends in 村 names no village: the township's figure stays
        ("石桥镇实施“干部驻村、能人帮村”工程，全镇新发展党员12名。", {12}),
        # a named village before the figure makes it that village's
        ("石桥镇实施结对工程，红旗村新发展党员2名。", set()),
    ],
)
def test_slogan_is_no_village(text: str, expected: set[float]) -> None:
    assert values_of(text, "party_members_new") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a plan to develop N people in a text about new members: the plan verb before 发展, 党员 left out
        ("及时出台年度发展党员工作意见，市下达指导数20人，我乡计画发展24人。", {(24, True)}),
        ("石桥镇今年计划发展24名。", {(24, True)}),
        # something else developed is no member
        ("石桥镇计划发展茶叶种植户24户。", set()),
    ],
)
def test_plan_to_develop_members(text: str, expected: set[tuple[float, bool]]) -> None:
    found = {(f["value"], f["target"]) for f in extract_text(text)["facts"] if f["indicator"] == "party_members_new"}
    assert found == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the town acting as 镇上 (spoken for the township) makes a text that says 本村 once the township's
        (
            "建华镇采取三项措施。把全镇划分为31个网格。镇上成立了信息指挥中心；镇上要求每名网格员使用智能手机；"
            "村网格管理员为本村的包村干部。",
            {31},
        ),
        # a village's own text still is the village's (到镇上 is a place)
        ("本村划分为6个网格，我村网格员到镇上参加培训。全村共有党员30名。", set()),
        # grid roles counted with 个 are people, not grids
        ("石桥镇设31个网格管理员。", set()),
    ],
)
def test_township_spoken_as_zhen_shang(text: str, expected: set[float]) -> None:
    assert values_of(text, "grids_total") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the branches that held an activity, the figure its sentence's subject, are not the stock
        ("党内统计公报。385.3万个党支部开展民主评议党员，参加人数增加。", set()),
        ("石桥镇党委。26个党支部参加星级评比。", set()),
        # the object of the committee's act, or all of them, are the stock
        ("镇党委对46个党支部开展分类定级。", {46}),
        ("该街道16个基层党支部全部开展了主题党日活动。", {16}),
        ("石桥镇共有党支部26个，开展主题党日活动。", {26}),
    ],
)
def test_branches_that_held_an_activity(text: str, expected: set[float]) -> None:
    assert values_of(text, "party_branches") == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a named county or district as a clause's subject in a township's report: its figures are wider
        ("石桥镇党建工作总结。东河县共有党员3.2万名，石桥镇有党员856名。", "party_members_total", {856}),
        ("石桥镇党建工作总结。东河县今年共发展党员320名。石桥镇发展党员12名。", "party_members_new", {12}),
        ("石桥镇综治总结。据统计，东河区全年化解矛盾纠纷2300件，全镇化解矛盾纠纷120件。", "disputes_resolved", {120}),
        # the township's own name again, after the county's clause, is the township's figure
        ("石桥镇党建工作总结。东河县现有党员3.2万名，石桥镇现有党员856名。", "party_members_total", {856}),
    ],
)
def test_named_county_quoted_in_a_township_report(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a title that opens with the bare unit word, its name left out, is a village's own report
        ("村软弱涣散党组织整顿工作开展情况总结\n活动开展以来，新培养后备干部3人，召开支部委员会12次。", set()),
        ("社区2023年工作总结\n今年新培养后备干部3人。", set()),
        # 村级… is a kind of work the township reports on
        ("村级换届选举工作总结报告\n石桥镇党委高度重视，全镇新培养村级后备干部30人。", {30}),
    ],
)
def test_village_report_by_its_title(text: str, expected: set[float]) -> None:
    assert values_of(text, "reserve_cadres") == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the township, then 有 and its inventory: the bare 党员 after its branches are all the members
        ("石桥镇有党支部23个，党员1256名。", "party_members_total", {1256}),
        ("石桥镇有党支部23个，党员1256名（其中女党员230名）。", "party_members_total", {1256}),
        # a bracket after 村 is read whole: the branches after it are counted, not the villages
        ("石桥镇23个村（社区）党支部全部完成换届。", "administrative_villages", set()),
        ("石桥镇23个村（社区）圆满完成换届。", "administrative_villages", {23}),
    ],
)
def test_inventory_after_you(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a modifier before 、 shares the last item's noun: its figure is another kind's, the last figure the noun's
        ("石桥镇城镇、农村居民人均可支配收入分别为32000元、18650元。", "rural_income_per_capita", {18650}),
        ("2023年，城镇、农村常住居民人均可支配收入分别达到32000元和18650元。", "rural_income_per_capita", {18650}),
        ("石桥镇男、女党员分别为800名、456名。", "party_members_female", {456}),
        # items that name indicators of their own pair as before
        ("石桥镇召开党委会、中心组学习会分别为24次、12次。", "central_group_study", {12}),
    ],
)
def test_shared_head_noun(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected
