"""Classes of rules from the real set dev3 (issue #11, round 7), each with cases written for this test (never copied
from those documents) and the negatives that keep the rule from reaching too far (dev3's score is pinned in
tests/test_extract_real.py)."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from etl.reports.meta import find_township, find_year, is_village_document
from etl.reports.textclean import clean_text


def facts_of(text: str) -> set[tuple]:
    out = set()
    for f in extract_text(text)["facts"]:
        key = (f["indicator"], "masked" if f["masked"] else f["value"], f["target"])
        if f["indicator"] == "villages_income_above":
            key += (f["attrs"].get("threshold"),)
        out.add(key)
    return out


@pytest.mark.parametrize(
    "text, expected",
    [
        # a place-name page's label line says whose page it is
        ("白塔嘎查村\n行政隶属:新庄镇 | 行政级别:村 |\n目前拥有党员31名。", True),
        ("新庄镇\n行政隶属:东风县 | 行政级别:镇 |\n全镇有党员310名。", False),
        # a masked community name is the writer's own unit, as the bare word after punctuation is
        ("2019年**社区先后获得多项荣誉。今年,社区未发生安全事故。", True),
        ("2019年全镇先后获得多项荣誉。镇党委组织各社区开展活动。", False),
        # a 苏木's own words (苏木驻地, 全苏木) outweigh one 全村 in its profile
        ("红山苏木位于旗北部,苏木驻地为白音村,公路贯穿全村。辖7个嘎查。", False),
        ("白音村位于苏木北部,全村有党员40名,本村集体收入10万元。", True),
    ],
)
def test_village_documents(text: str, expected: bool) -> None:
    assert is_village_document(clean_text(text).text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a county's own paper naming the county again and again speaks of its own villages with one 全县
        (
            "东川县开展驻村大走访。东川县组织干部1200多人分赴全县98个行政村。东川县党员干部累计走访群众5.2万户。",
            {("administrative_villages", 98, False), ("households_visited", 52000, False)},
        ),
        # a township's paper: 全县 is a wider area
        ("镇党委组织干部分赴全县98个行政村参观学习。", set()),
        # 嘎查 after the communities; a count followed by 村 counts the villages; a township's villages beside its
        # residential areas
        ("截至2020年6月,白音苏木下辖1个社区,7个嘎查。", {("administrative_villages", 7, False)}),
        ("辖有7个嘎查2个村,总面积为7742平方公里。", {("administrative_villages", 7, False)}),
        ("历时两个月,东风镇16个行政村、35个居民区党组织顺利完成换届。", {("administrative_villages", 16, False)}),
        ("各乡镇16个行政村、5个社区开展了试点。", set()),
        # every village-level unit of the town (the bracket lists them all) gets one
        ("同步在12个村(社区)设立综治工作站,配备工作人员20名。", {("administrative_villages", 12, False)}),
        ("在3个村开展试点,设立综治工作站。", set()),
        # the villages and their households that a survey of the whole town reached
        (
            "全镇干部深入到18个村(居)5230户开展走访。",
            {("administrative_villages", 18, False), ("households_visited", 5230, False)},
        ),
        ("新设施已覆盖11个村1560户。", set()),
    ],
)
def test_villages_of_the_unit(text: str, expected: set[tuple]) -> None:
    assert facts_of(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a frequency said in words is a rate
        ("党课必须定期进行,一般情况下,每两个月上一次党课。", set()),
        ("近两个月全镇共上专题党课3次。", {("party_lectures", 3, False)}),
        # money before 的…村 describes the villages, it is no total
        ("着力培育一批集体经济收入超100万元的示范村。", set()),
        ("全镇村集体经济收入达100万元。", {("collective_income_total", 100, False)}),
        # a list whose head noun is the premises counts the premises
        ("11个村党支部、村委会办公场所设施齐备。", set()),
        (
            "全乡共有11个村党支部、2个机关党支部。",
            {("party_branches", 11, False), ("party_branches", 2, False)},
        ),
        # a mediation room is not a dispute
        ("设立人民调解室1个,行政调解室1个。", set()),
        ("全年调解矛盾纠纷12起。", {("disputes_resolved", 12, False)}),
        # the whole township's members as the subject; those who took part in a training are its participants
        ("全镇2600余名党员齐聚于此,重温入党誓词。", {("party_members_total", 2600, False)}),
        ("全镇300余名党员参加了培训。", {("training_participants", 300, False)}),
        # the households, then the grids they are divided into
        (
            "共开展考察11次,涉及居民5200户,划分网格30个。",
            {("grid_households", 5200, False), ("grids_total", 30, False)},
        ),
        ("涉及居民5200户,走访率达100%。", set()),
        # a training meeting named, its attendance in the next sentence; a meeting that trains nobody
        (
            "召开党务工作培训会议。县委组织部领导出席会议并作辅导,各支部书记共计40余人参加会议。",
            {("training_participants", 40, False)},
        ),
        ("召开党建工作推进会议。各支部书记共计40余人参加会议。", set()),
        # villages of a programme named in quotes, over a threshold
        (
            "该县86个“消薄”任务村收入全部达到5万元以上。",
            {("villages_income_above", 86, False, 5)},
        ),
    ],
)
def test_counted_nouns_and_rates(text: str, expected: set[tuple]) -> None:
    assert facts_of(text) == expected


@pytest.mark.parametrize(
    "text, township",
    [
        # 由 joins a meeting to its chair, it is not part of a name
        ("1月9日,青山镇召开述职会。会议由镇党委副书记主持,使青山镇的党建工作更扎实。", "青山镇"),
        # a slogan in quotes is no name
        ("紧紧围绕“项目兴乡”的工作思路,ooo乡完成了目标任务。", None),
        ("红旗镇推行“三联”工作法,红旗镇党委下设12个党支部。", "红旗镇"),
        # 乾 is a simplified character as well: a name keeps it
        ("乾丰乡位于县城东部,全乡下辖5个行政村。乾丰乡党委有7名委员。", "乾丰乡"),
    ],
)
def test_township_names(text: str, township: str | None) -> None:
    assert find_township(clean_text(text).text)[0] == township


@pytest.mark.parametrize(
    "text, year",
    [
        ("2005年,全镇新建活动场所8个。", 2005),
        # 截至2020年6月: the date a profile's figures stand at is a data year; an event's date is not
        ("人口数量:3869人(2017)\n1984年4月,改设白音苏木。\n截至2020年6月,下辖7个嘎查。", 2020),
        ("人口数量:3869人(2017)\n1984年4月,改设白音苏木。\n2020年6月,撤并1个嘎查。", 2017),
    ],
)
def test_report_years(text: str, year: int | None) -> None:
    assert find_year(clean_text(text).text, []) == year
