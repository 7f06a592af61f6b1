"""Classes of rules from heldout15's first run (F1 .857, township .800, year .967): each a table of short phrasings
written for the rule, not copied from the set."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from etl.reports.township import find_township
from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, township",
    [
        # a gazetteer entry: its county named in its bounds and history again and again; the entry's subject stands
        (
            "概况\n云峰畲族乡位于青田县东部,距青田县城12千米。\n历史沿革\n民国时属青田县东乡。1950年,改称云峰乡,属青田县。"
            "1956年,属青田县城关区。1984年,设立云峰畲族乡。\n2015年末,云峰畲族乡辖7个行政村。",
            "云峰畲族乡",
        ),
        # the short form written only inside a phrase (改称…), the full ethnic name as the unit's: the full name
        ("1950年,改称石门乡。1985年,设立石门瑶族乡。\n石门瑶族乡辖9个村。石门瑶族乡耕地面积300公顷。", "石门瑶族乡"),
        # …and a short form written as a name of its own before the full one stays as before (a heading)
        ("一、茶店乡概况\nXX县茶店布依族苗族彝族乡位于县城东部。茶店乡辖5个村。", "茶店乡"),
        # the title masks the issuer, the next line names it by its organ: the named one
        ("XX镇人民政府关于年度安全生产的工作总结\n青山镇人民政府\n今年以来,我镇安全生产形势平稳。", "青山镇"),
        ("XX乡党委关于年度党建工作的报告\n红岩乡党委\n一年来,我乡党建工作稳步推进。", "红岩乡"),
        # a masked issuer and a name only in passing (a neighbour) stay masked
        ("XX镇人民政府工作总结\n我镇与青山镇交界,今年以来我镇安全生产形势平稳。", None),
        # a site's suffix 乡 on a 苏木 the text names as a 苏木: the 苏木
        ("查干苏木乡介绍\n查干苏木位于旗境北部。查干苏木辖5个嘎查。以下地名与查干苏木乡面积相当。", "查干苏木"),
        # a county's title on all its townships: no one of them is the unit
        (
            "平川县各镇胜利召开人民代表大会\n近日,平川县各镇召开人大会议。青松镇选举产生了镇长。青松镇代表认真审议。"
            "青松镇会议圆满完成。白杨镇选举产生了新一届领导班子。",
            None,
        ),
        ("河西区各街道开展党员冬训\n长乐街道组织党员学习。长乐街道党工委书记讲党课。", None),
    ],
)
def test_township_of_the_page(text: str, township: str | None) -> None:
    assert find_township(text)[0] == township


@pytest.mark.parametrize(
    "text, expected",
    [
        # the received disputes, then the successes' count written as 成功数 / 成功件数: the successes
        ("今年,白沙镇受理矛盾纠纷229件,调处成功数172件,调处成功率95%。", {172}),
        ("2022年,青山乡排查矛盾纠纷88件,调解成功件数80件。", {80}),
        ("2022年,青山乡排查矛盾纠纷88件,调解成功80件。", {80}),
    ],
)
def test_successes_written_as_a_count(text: str, expected: set[float]) -> None:
    assert values_of(text, "disputes_resolved") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a village listed with another unit before 等N名: the people of the list, not one village's figure
        ("2021年,镇纪委对白沙镇、东山村等5名责任人立案调查。", {5}),
        ("2021年,镇纪委对红旗村、东山村等 3 名责任人立案审查调查。", {3}),
        # one village alone before the figure stays that village's
        ("2021年,镇纪委对白沙村5名责任人立案调查。", set()),
    ],
)
def test_people_of_a_listed_village(text: str, expected: set[float]) -> None:
    assert values_of(text, "discipline_cases") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the total income's clause between the data year and a bare 人均收入 (a township's profile)
        ("白沙乡辖6个行政村。2003年,农村经济总收入1080万元,人均收入达1672元。", {1672}),
        ("白沙乡辖6个行政村。2010年,经济总收入2506.5万元,人均收入2033元。", {2033}),
        # another clause (an output, not an income) or a town's residents' income stay unread
        ("白沙乡辖6个行政村。2003年,工农业总产值1080万元,人均收入1672元。", set()),
        ("白沙乡辖6个行政村。2003年,财政收入1080万元,城镇居民人均收入1672元。", set()),
    ],
)
def test_income_per_head_after_the_total(text: str, expected: set[float]) -> None:
    assert values_of(text, "rural_income_per_capita") == expected


@pytest.mark.parametrize(
    "text, facts",
    [
        # a community's profile that carried out the county's meeting's spirit: still the community's own page
        (
            "东门社区介绍\n东门社区地处城关中心。社区设立党总支(下设党支部3个、党员52人)。社区自成立以来,经过努力,"
            "社区先后被评为文明社区。县委落实了全县社区建设工作会议精神后,社区能抢抓机遇。",
            0,
        ),
        # a township's own words (全镇) keep its figures
        ("白沙镇介绍\n白沙镇地处县城东部。全镇设党支部12个、党员352人。", 2),
    ],
)
def test_community_following_the_county(text: str, facts: int) -> None:
    assert len(extract_text(text)["facts"]) == facts


@pytest.mark.parametrize(
    "text, year",
    [
        # what is left to the coming year (有待在…) and the budget drafted for it are not the year reported on
        (
            "白沙镇召开人代会\n报告指出,镇人大2018年各项工作完成较好,不足之处有待在2019年的工作中加以完善。大会审议了"
            "《白沙镇2018年财政预算执行情况和2019年财政预算(草案)的报告》。",
            2018,
        ),
        ("青山镇工作总结\n2021年,青山镇工作扎实推进,不足之处有待在2022年加以改进。", 2021),
        ("青山镇工作总结\n2021年,青山镇完成财政收入500万元,2021年财政预算执行良好。", 2021),
    ],
)
def test_year_not_the_coming_one(text: str, year: int | None) -> None:
    assert extract_text(text)["year"] == year


@pytest.mark.parametrize(
    "text, township",
    [
        # a community's page names its seat only in the site's navigation line: that seat
        (
            "导航: 首页 浙江 丽水 云和县 白龙山街道 东门社区\n东门社区介绍\n东门社区地处城关中心。全社区有居民800户。",
            "白龙山街道",
        ),
        ("当前位置:首页 > 河南 > 南阳 > 西峡县 > 丁河镇 > 古庄村\n古庄村位于镇北。全村有农户300户。", "丁河镇"),
        # a township's own page keeps its own name; a page with no navigation line stays without one
        ("东门社区介绍\n东门社区地处城关中心。全社区有居民800户。", None),
    ],
)
def test_seat_of_a_community_page(text: str, township: str | None) -> None:
    assert extract_text(text)["township"] == township
