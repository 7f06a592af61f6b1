"""Classes of rules from the real set heldout8 (issue #11, round 12: villages, households, disputes, the figures of
a township named after an article about one of its villages), each a table of short phrasings in the way real
reports write them (Traditional pages with the converters' pinyin glosses among them), with the negatives that keep
the rule from reaching too far (the sets' scores are pinned in tests/test_extract_real.py)."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the disputes named, the ones screened, then the ones solved (解决 as 化解/调处/调解)
        ("排查重点矛盾纠纷21件，解决8起。", "disputes_resolved", {8}),
        ("排查矛盾纠紛21件，解決8起。", "disputes_resolved", {8}),
        ("排查矛盾纠纷28起，成功化解27起。", "disputes_resolved", {27}),
        ("排查矛盾纠纷21件，解决群众诉求8次。", "disputes_resolved", set()),
        # 件次 is a count of disputes; a gloss inside the verb (調(diào)解) is the converter's, not the text's
        ("镇、村干部上门调解矛盾纠纷10余件次。", "disputes_resolved", {10}),
        (
            "鎮(zhèn)、村干部上門調(diào)解矛盾糾紛10余件次,,村民主動發(fā)現(xiàn)并調(diào)解矛盾糾紛20余件次,。",
            "disputes_resolved",
            {10, 20},
        ),
        # passed up to the county is not resolved
        ("成功调解村级矛盾纠纷78件，上报县级矛盾纠纷0件。", "disputes_resolved", {78}),
        ("上报县级调解矛盾纠纷3件。", "disputes_resolved", set()),
    ],
)
def test_disputes_solved_after_screened_and_passed_up(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # going into the households' homes is visiting them
        ("包村干部深入全镇2321户贫困户家中，与其面对面交流。", "households_visited", {2321}),
        ("包村干部深入全鎮(zhèn)2321戶貧困戶家中。", "households_visited", {2321}),
        ("全镇干部职工深入到26个村(居)6712户，共发放问卷6975份。", "households_visited", {6712}),
        ("深入推进“网格化”管理，覆盖2321户。", "households_visited", set()),
        # the ones of the found weak organisations that completed their rectification
        ("1868个软弱涣散村(社区)已有1037个完成了整顿转化任务。", "party_orgs_weak_rectified", {1037}),
        ("1868个软弱涣散村(社区)已有1037个完成了整顿转化任务。", "administrative_villages", set()),
        ("排查出软弱涣散村党组织5个。", "party_orgs_weak_rectified", set()),
        # 农牧民人均收入 (人均收入 without 纯) is the rural per-capita income
        ("2004年全鎮農牧民人均收入達4719元。", "rural_income_per_capita", {4719}),
        ("全镇农牧民人均收入增加520元。", "rural_income_per_capita", set()),
        # the villages still left to do something are some of them, not all
        ("目前全鎮(zhèn)尚有5個行政村將進行村民主任補選。", "administrative_villages", set()),
        ("全镇仍有3个行政村未完成换届。", "administrative_villages", set()),
        ("全镇共有5个行政村。", "administrative_villages", {5}),
    ],
)
def test_visits_rectified_income_and_villages_left(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


VILLAGE_STORY = (
    "五台村党支部书记介绍该村积分制管理情况。今年以来，五台村将全村235名村民划分为49个网格。"
    "“红袖章”行动开展以来，绿林镇各村(社区)发动网格员参与入户走访。镇、村干部上门调解矛盾纠纷10余件次。"
)
COOPERATIVE_STORY = (
    "杨屯镇党支部领办合作社助农增收\n“我们流转本村土地200余亩。”三里村党支部书记介绍。合作社为全村村民提供服务。\n"
    "杨屯镇坚持党建引领，大力推行村党支部领办合作社模式，现有党支部领办合作社27个。"
)


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # an article centred on one village that ends with the township over all its villages: the township's figures
        (VILLAGE_STORY, "disputes_resolved", {10}),
        (VILLAGE_STORY, "grids_total", set()),
        (VILLAGE_STORY.replace("绿林镇各村(社区)", "该村"), "disputes_resolved", set()),
        # a township named as the subject of its own policy, after a village's quoted words
        (COOPERATIVE_STORY, "cooperatives", {27}),
        (COOPERATIVE_STORY.replace("杨屯镇坚持", "该村坚持"), "cooperatives", set()),
    ],
)
def test_township_after_a_village_story(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the households the grids' members are linked with, in a sentence that names the grids
        ("10个基层党组织下设86个村民网格，311名党员联系1258户群众。", "grid_households", {1258}),
        ("全镇划分网格25个，党员联系群众3600余户。", "grid_households", {3600}),
        ("全镇划分网格25个，每名党员联系3-5户群众。", "grid_households", set()),
        ("全镇划分网格25个，每名党员联系10户群众。", "grid_households", set()),
        ("全镇311名党员联系1258户群众。", "grid_households", set()),
        # the households taken into the grids' contact scheme, after the grids
        ("全镇已划分412个“微网格”，7013户纳入党员联户遍访“星火”工程。", "grid_households", {7013}),
        ("全镇已划分412个“微网格”，7013户纳入党员联户遍访“星火”工程。", "households_visited", set()),
        ("全镇已划分412个网格，走访农户7013户。", "grid_households", set()),
        # the households of the member-contact system (党员中心户); an estimate of a scheme to be set up is not
        ("该县已选聘党员中心户长1069名，联系群众1.1万多户。", "grid_households", {11000}),
        ("全盟有党员中心户1842户，辐射带动党员1.67万人，直接联系服务农牧民7.79万户。", "grid_households", {77900}),
        ("遴选出1000名党员中心户长，联系10000户左右群众。", "grid_households", set()),
        ("党员中心户长1069名，走访群众1.1万户。", "grid_households", set()),
        # a named township's villages, stated whole, are all of them
        ("近日，楊斜鎮(zhèn)18個村包村干部再次入户走访贫困户。", "administrative_villages", {18}),
        ("中洲镇19个行政村共选举产生支委58人。", "administrative_villages", {19}),
        ("许家湖镇72个村支部委员会分别开展了主题党日活动。", "administrative_villages", set()),
        ("各乡镇18个村开展了环境整治。", "administrative_villages", set()),
        # a league's own document opens a sentence with its villages; a part of them is not
        ("锡林郭勒盟共856个嘎查村，牧区嘎查578个。", "administrative_villages", {856}),
        ("据了解，锡林郭勒盟共856个嘎查村开展了评比。", "administrative_villages", set()),
        # a county's or city's own document: its villages after its townships, or after 全市
        ("旺苍县地处四川盆地北缘，辖23个乡镇，257个村(社区)，总人口53万。", "administrative_villages", {257}),
        (
            "安庆市农村集体经济发展情况\n2018年全市1446个行政村中，平均每个村有资产885万元。全市村集体经济稳步发展。",
            "administrative_villages",
            {1446},
        ),
        (
            "青石镇2023年工作总结\n青石镇辖8个行政村。全市1446个行政村中，平均每个村有资产885万元。",
            "administrative_villages",
            {8},
        ),
    ],
)
def test_grid_households_and_whole_village_counts(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


def floating(text: str) -> set[tuple[float, str | None]]:
    return {
        (f["value"], f["attrs"].get("type"))
        for f in extract_text(text)["facts"]
        if f["indicator"] == "party_members_floating"
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        # a stated kind of the floating members with no total: the core count's part of that type
        ("目前已对109名流入党员集中动态纳管。", {(109, "流入")}),
        ("全镇现有外出流动党员52人。", {(52, "流出")}),
        ("登记外出流动党员63人，流入的党员8人。", {(63, "流出"), (8, "流入")}),
        # a stated total stays the only floating figure; its kinds are the added keys alone
        ("全镇流动党员146人，其中流出党员131人，流入党员15人。", {(146, None)}),
        ("全镇流动党员37名。", {(37, None)}),
    ],
)
def test_kinds_of_floating_members_are_parts_of_the_core_count(
    text: str, expected: set[tuple[float, str | None]]
) -> None:
    assert floating(text) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # villages and branches counted with no 个 after 辖/全镇/共有
        ("魏家橋鄉屬邊遠高寒山區鄉，轄9村3213人。", "administrative_villages", {9}),
        ("我镇对全镇10农村党支部的组织建设情况进行了调研。", "party_branches", {10}),
        ("对全鎮10農村黨支部和4個機關黨支部進行調研。", "party_branches", {10, 4}),
        # not after a word of the township's whole, not a village's members or groups
        ("科学编制巨陵、娄庄、油坊陈等5村的规划。", "administrative_villages", set()),
        ("辖9村民小组。", "administrative_villages", set()),
        ("全镇2023村级组织换届。", "administrative_villages", set()),
    ],
)
def test_counts_without_a_classifier(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected
