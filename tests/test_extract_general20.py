"""Classes of rules from heldout13's first run (F1 .657, township .900, year .867): each a table of short phrasings
in the way real reports write them, with the negatives that keep the rule from reaching too far."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from etl.reports.meta import extract_meta, find_year
from etl.reports.township import find_township
from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # 纳新 (taking in new members) in the passive: the new members as the subject
        ("全旗共推荐出优秀嘎查村民805名,有328名被纳新为中共党员。", "party_members_new", {328}),
        ("全镇有12名青年被纳新为预备党员。", "party_members_new", {12}),
        # the volunteers counted, then their activities (活动次数) in the next clause
        ("全县登记注册的志愿者56646人,活动次数3371次,服务时长达510100小时。", "volunteer_activities", {3371}),
        ("全镇党员活动次数33次。", "volunteer_activities", set()),
        # registered to date (累计注册) is the standing stock; registered in the year is not
        ("至目前,全镇累计注册农民专业合作社128家。", "cooperatives", {128}),
        ("今年新注册合作社12家。", "cooperatives", set()),
        # the Youth League's branches are no party branches
        ("全乡设有团总支部11个,团支部27个,团员人数443人。", "party_branches", set()),
        ("全乡设有团总支部11个,团支部27个,团员人数443人。", "party_orgs_total", set()),
        ("全乡共10个党总支,36个支部(含机关支部)。", "party_branches", {36}),
        # the rest (其余) after some named villages is a part
        ("除保安、田房两个村委会属汉族聚居外,其余8个村委会均为彝族杂居的村寨。", "administrative_villages", set()),
        # a merger moves other townships' villages: 所辖区域 of the old towns, then the villages taken over
        (
            "设立新的洋河镇。以原仓集镇、郑楼镇的所辖区域以及洋北镇的赵圩、卓码、桥北3个村委会为洋河镇的行政区域。",
            "administrative_villages",
            set(),
        ),
        # 对 X 进行了一次培训: what each of X got once, no count of sessions; the share trained is the coverage
        ("镇党校对全镇党员进行了一次集中培训。", "training_sessions", set()),
        ("今年开展了一次集中培训。", "training_sessions", {1}),
        ("各地乡镇党校已对90%的党员进行了一次集中培训。", "training_coverage_rate", {90}),
        ("全镇90%的党员是农民。", "training_coverage_rate", set()),
        # screened (摸排) is not resolved, a 化解 in the work's name aside; 摸排化解 joins the verbs
        ("扎实开展矛盾纠纷摸排、化解工作,11月摸排各类矛盾纠纷183件,其他诉求8件。", "disputes_resolved", set()),
        ("全镇摸排化解矛盾纠纷30件。", "disputes_resolved", {30}),
        ("共排查、化解矛盾纠纷15件,并全部进行了调处。", "disputes_resolved", {15}),
        # the villages named one by one after 辖, a stray comma inside the list; 辖区 is no list of the villages
        (
            "辖和平、七里、湾里、畔毗、山头, 棕树、麻市、立岗20个村公所,185个自然村。",
            "administrative_villages",
            {20},
        ),
        ("辖区内各村、组、户, 共12个村委会。", "administrative_villages", set()),
    ],
)
def test_heldout13_classes(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the plan verb 计划 before 选拔培养: the reserve cadres to be chosen are a target
        ("鞍山市委组织部计划选拔培养2400名以上村级后备干部,每村3名。", {(2400, True)}),
        ("选拔培养后备干部30名。", {(30, False)}),
        # the people a reserve pool is made of (N名…组成的后备人才库)
        ("建立了2300多名农村优秀青年组成的后备人才库。", {(2300, False)}),
        ("由12名党员组成的服务队。", set()),
    ],
)
def test_reserve_cadres_plans_and_pools(text: str, expected: set[tuple[float, bool]]) -> None:
    facts = extract_text(text)["facts"]
    assert {(f["value"], f["target"]) for f in facts if f["indicator"] == "reserve_cadres"} == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # 全乡人均收入 in a rural township's profile is the rural income per head; its growth is not
        ("全乡人均收入667元。", {667}),
        ("全乡人均收入达到8000元。", {8000}),
        ("全镇人均收入增加520元。", set()),
    ],
)
def test_township_income_per_head(text: str, expected: set[float]) -> None:
    assert values_of(text, "rural_income_per_capita") == expected


@pytest.mark.parametrize(
    "text, township",
    [
        # an ethnic township's full name written first, shortened after: the full name
        ("10月21日,富禄苗族乡召开村级集体经济工作推进会。富禄乡将以村级集体经济为抓手。", "富禄苗族乡"),
        # the short form first (a heading), the full name after: the short form (heldout3 s16)
        ("一、茶店乡概况\nXX县茶店布依族苗族彝族乡位于县城东部。茶店乡辖5个村。", "茶店乡"),
        # a township only in the publisher's field of a district's regulation
        (
            "甘州区村级干部管理办法(试行)\n索引号 | 620702069/2023-00096\n关键词 | 发布机构 | 大满镇 | |\n"
            "第一条为规范村级干部管理。",
            None,
        ),
        # …but its own notice, or a text that names it in the body, stays the township's
        ("关于加强社区建设的通知\n发布机构 | 大满镇 |\n各村要加强社区建设。", "大满镇"),
        ("甘州区村级干部管理办法\n发布机构 | 大满镇 |\n大满镇党委要加强管理。大满镇辖10个村。", "大满镇"),
    ],
)
def test_township_forms_and_publishers(text: str, township: str | None) -> None:
    assert find_township(text)[0] == township


# a page of numbered entries headed by different townships (641、三溪镇 … 642、三圣街道) under a title only: no
# township, no year, and no entry's figures
LIST_PAGE = (
    "2012—2013年度国家级生态乡镇[17]\n641、三溪镇\n  三溪镇因境内三条自然溪河迂回流过而得名。三溪镇辖12个村。\n"
    "642、三圣街道\n  三圣街道办事处地处成都市锦江区东南部。\n643、十陵街道\n  十陵街道位于成都东三环路两侧,辖7个社区,"
    "5个行政村。\n644、同安街道\n  同安街道辖6个村,3个社区居委会。2009年完成地区生产总值8亿元。\n"
)


def test_list_page_of_townships() -> None:
    meta = extract_meta(LIST_PAGE)
    assert (meta.township, meta.year) == (None, None)
    assert extract_text(LIST_PAGE)["facts"] == []


@pytest.mark.parametrize(
    "text, year",
    [
        # an honour list published (名单出炉) and the unit on it (上榜): the honour's year, not the figures'
        (
            "东山彝族乡基本资料\n2018年12月,2018年云南省卫生乡镇名单出炉,东山彝族乡上榜。\n2016年底,全乡实现农村经济总收入15475.4万元。",
            2016,
        ),
        # a goal set by an instruction (要求，2020年实现…): no data year
        ("于集乡召开会议。会议要求,要根据区委部署要求,2020年实现全乡30%的村集体经济超过10万元。", None),
        ("按照上级要求,2019年全镇发展党员12名。", 2019),
        ("2019年实现地区生产总值8亿元。", 2019),
        # the sentence that founds the unit, however long its preamble; the newspaper's date over 版次 is a stamp
        (
            "福保街道\n2017年08月17日\n版次:SA21\n2009年,在福田区深化基层管理体制改革调整的背景下,带着社区治理改革"
            "试验田的使命,福保街道正式成立,街道下辖5个社区。",
            None,
        ),
    ],
)
def test_years_of_honours_goals_and_founding(text: str, year: int | None) -> None:
    assert find_year(text, []) == year
