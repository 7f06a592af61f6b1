"""Classes of rules from dev7's first run (F1 .750, township .920, year .840): each a table of short phrasings in the
way real pages write them, with the negatives that keep the rule from reaching too far."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from etl.reports.textclean import join_cell_lines
from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a bare 人均收入 headed by its data year in a township's own summary is the residents' income per head
        ("全镇完成农牧业生产总值2401.19万元,2010年人均收入达7927.05元。", "rural_income_per_capita", {7927.05}),
        ("2015年农民人均收入为6800元。", "rural_income_per_capita", {6800}),
        ("2010年人均收入增加520元。", "rural_income_per_capita", set()),
        ("2010年城镇居民人均收入12000元。", "rural_income_per_capita", set()),
        ("人均收入8000元。", "rural_income_per_capita", set()),
        # the cases a discipline commission took up itself (查办案件 = 立案查处)
        ("3个乡镇纪委查办案件3起。", "discipline_cases", {3}),
        ("今年镇纪委共查办案件5件。", "discipline_cases", {5}),
        ("镇纪委查处案件2起。", "discipline_cases", {2}),
        ("信访办查办案件12件。", "discipline_cases", set()),
        ("少数乡镇纪委一年能查办1至2件案件。", "discipline_cases", set()),
        # a coverage reached in N villages (全覆盖) is every village of the town
        ("整合辖区349个摄像头,实现14个村(社区)重点区域监控全覆盖。", "administrative_villages", {14}),
        ("实现全镇12个行政村党员活动室全覆盖。", "administrative_villages", {12}),
        ("实现3个村自来水入户。", "administrative_villages", set()),
        # the members of one sector's organisations (两新组织) are not the total
        ("至目前,我市“两新”组织中已建立党组织的35家,共有党员626名。", "party_members_total", set()),
        ("全镇两新组织共有党员56名。", "party_members_total", set()),
        ("全镇共有党员856名,其中两新组织党员20名。", "party_members_total", {856}),
    ],
)
def test_dev7_phrasings(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


# a county's page with a table flattened one cell per line, then its text
TABLE = (
    "|\n主要指标 |\n重要数据 |\n绝对值 |\n同比增长(%) |\n备注 |\n党的建设 |\n党员数(人) |\n7849 |\n2.69 |\n|\n"
    "支部数(个) |\n301 |\n-0.33 |\n|\n人大建设 |\n人大代表数(名) |\n159 |\n9.65 |\n|\n"
)


def test_table_flattened_one_cell_per_line() -> None:
    facts = extract_text(TABLE)["facts"]
    got = {(f["indicator"], f["value"], f["evidence"]) for f in facts}
    assert got == {("party_members_total", 7849, "党员数(人) |\n7849"), ("party_branches", 301, "支部数(个) |\n301")}


@pytest.mark.parametrize(
    "text, joined",
    [
        ("a |\nb |\nc |\nd |\ne |\nf |\ng", "a | b | c | d | e | f |\ng"),
        # a short run (a row of cells, or a heading line ending in |) stays as it is
        ("a |\nb |\nc\nd", "a |\nb |\nc\nd"),
        # rows of several cells each are a row-per-line table already
        ("a | 1 |\nb | 2 |\nc | 3 |\nd | 4 |\ne | 5 |\nf | 6 |",) * 2,
    ],
)
def test_join_cell_lines(text: str, joined: str) -> None:
    assert join_cell_lines(text) == joined
    assert len(join_cell_lines(text)) == len(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # an inventory with no year, restated with other values by the next sentence that opens with the year: the
        # state before it, not a current figure
        (
            "茂县全县支部数302个,党员总数7668名,新发展党员214名。2022年全县支部数301个,党员总数7854人,新发展党员172名。",
            {("party_branches", 301), ("party_members_total", 7854), ("party_members_new", 172)},
        ),
        # one indicator only, or a value repeated: both kept
        (
            "全镇共有党员300名。2022年全镇发展党员12名,党员总数达到310名。",
            {("party_members_total", 300), ("party_members_new", 12), ("party_members_total", 310)},
        ),
        (
            "全县支部数301个,党员总数7668名。2022年全县支部数301个,党员总数7854人。",
            {("party_branches", 301), ("party_members_total", 7668), ("party_members_total", 7854)},
        ),
    ],
)
def test_inventory_restated_for_its_year(text: str, expected: set[tuple[str, float]]) -> None:
    assert {(f["indicator"], f["value"]) for f in extract_text(text)["facts"]} == expected


def test_district_article_opening_with_a_village_story() -> None:
    # a district's work told after one village secretary's words (我们村…): the district's own figures stay
    text = (
        "原州区“两个带头人”带出共同富裕好光景\n“我们村有致富带头人13名,带动全村饲养肉牛的农户30多家。”蔡川村党支部"
        "书记杨小军介绍。\n近年来,原州区通过政府引导,深化“两个带头人”工程。\n原州区在深化工程同时,加大培养力度,"
        "从致富带头人中发展党员200余名,培养村级后备干部396名。"
    )
    facts = {(f["indicator"], f["value"]) for f in extract_text(text)["facts"]}
    assert facts == {("party_members_new", 200), ("reserve_cadres", 396)}
    # …a village's own story stays the village's
    village = "我们村有党员30名,村党支部书记介绍,全村共有农户200户。村党支部召开党员大会3次。"
    assert extract_text(village)["facts"] == []


@pytest.mark.parametrize(
    "text, township",
    [
        # a 苏木 turned 镇 keeps its whole name; its history writes the old 苏木 and 乡
        ("好腰苏木镇位于旗南部。1957年,设好腰苏木乡;1984年,改苏木。好腰苏木镇下辖9个嘎查。", "好腰苏木镇"),
        ("巴彦淖尔苏木辖5个嘎查。巴彦淖尔苏木党委下设9个支部。", "巴彦淖尔苏木"),
        # a village's profile names its seat after 地处于: the seat, a long Mongolian name written once
        ("哈日朝鲁嘎查简介\n哈日朝鲁嘎查地处于潮格温都尔镇北部约9公里处,是一个纯牧业嘎查。", "潮格温都尔镇"),
        ("某村地处于城关镇北部,全村有党员30名。", "城关镇"),
        ("该镇处于发展关键期。", None),
    ],
)
def test_township_names(text: str, township: str | None) -> None:
    assert extract_text(text)["township"] == township


@pytest.mark.parametrize(
    "text, year",
    [
        # a yearbook's volume (2010卷) is published the year after the one it reports
        ("2010卷\n【概况】奈曼旗位于通辽市西南。2009年,生产总值达到90.6亿元。", 2009),
        ("2010年\n【概况】全旗生产总值达到90.6亿元。", 2010),
        # one person's election is no year of the figures
        ("近年来,原州区深化工程。由于年轻能干,他于2020年12月当选为蔡川村“两委”负责人。培养村级后备干部396名。", None),
        ("2020年12月,全镇完成换届,共选出村党组织书记12名。", 2020),
        # a community's founding and merger are its history
        ("卫星社区风貌\n2001年1月成立居委会,在2003年6月江城居委会、卫星居委会的一部分合并而成卫星社区。", None),
        # a range of data years counted in years: its last year
        ("新海镇商会\n2015—2017三年间,新海镇商会引领非公企业对接落实社区共治项目近160项。", 2017),
        ("张北年鉴\n(2007—2010)乡镇部分编纂提纲", None),
    ],
)
def test_years(text: str, year: int | None) -> None:
    assert extract_text(text)["year"] == year
