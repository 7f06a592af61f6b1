"""Township and year of real pages, round 9 (issue #11; classes of heldout8 s01, s07, s11, s13): a half year written
without its 年 (2023上半年), a summary's title that names next year's plan (工作总结及2023年工作思路), a township's
epithets (农业大镇、蔬菜名镇), a notice that calls its year 今年 under its document number. Excerpts of those real
pages, each class with the texts that must keep their answer."""

from __future__ import annotations

import pytest

from tests.test_township_year7 import township, year


@pytest.mark.parametrize(
    "text, expected",
    [
        # a half or a quarter with the 年 left out is a data year
        ("6月26日,孙桥镇开展了2023上半年基层党建工作拉练,对全镇29个村党支部进行现场观摩。", 2023),
        ("东山镇召开2024第三季度党建工作例会,全镇12个村党支部书记参加。", 2024),
        # …but a figure of 2023 people is no year
        ("东山镇组织党员2023人次参加学习,上半年共开展主题党日12次。", None),
        # the title's year after 总结及 is the plan's; the summary's year is in the body
        (
            "下面是小编为大家整理的街道工作总结及2023年工作思路,供大家参考。\n2022年来,在区委区政府的坚强领导下,"
            "*街道认真贯彻落实区委全会精神。\n一、2022年亮点工作\n(一)组织排查入境人员169人。",
            2022,
        ),
        # a title with only its plan's year still gives the plan document its year
        ("东山镇2023年工作思路\n一、抓好党建。全镇发展党员10名。", 2023),
        # a summary's own year in its title stays the year (总结 after the year)
        ("东山镇2022年工作总结及2023年工作思路\n一、全镇发展党员10名。", 2022),
        # a notice under its document number that calls its year 今年
        (
            "中共嵊州市长乐镇委员会文件\n\n        长委〔2011〕44 号\n\n"
            "关于组织开展非公有制企业党组织组建专项行动的通知\n"
            "经研究,决定于今年8月,在全镇开展非公有制企业党组织组建专项行动。",
            2011,
        ),
        # a text that speaks of its own year as 在今年…/今年与去年相比: the year written beside it is an earlier one
        (
            "XX市辖5个县(区)、62个乡镇。在今年换届工作中,所有乡镇纪委书记全部实现了专职化。据分析, 2023年,全市仅15个"
            "乡镇纪委有立案案件。今年与去年相比,开展了立案调查工作的乡镇纪委增加一倍之多。",
            None,
        ),
        # 今年 with no number and no stamp: no year
        ("关于开展专项行动的通知\n经研究,决定于今年8月,在全镇开展专项行动。", None),
    ],
)
def test_year(text: str, expected: int | None) -> None:
    assert year(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a township's epithets are no townships: 农业大镇, 蔬菜名镇 beside the one name
        (
            "本报讯 为推进基层党组织领办合作社发展,临南镇立足实际,以全县会议为契机,立足“农业大镇、蔬菜名镇”,"
            "大力推进产业化经营。该镇重点培植的合作社已成功运营。",
            "临南镇",
        ),
        ("东山镇立足“工贸重镇、畜牧大乡”定位,全镇发展合作社27个。", "东山镇"),
        # a real name with 大 before its suffix stays a name
        ("石大镇党委今年以来发展党员12名,全镇共有党支部15个。", "石大镇"),
    ],
)
def test_township(text: str, expected: str | None) -> None:
    assert township(text) == expected
