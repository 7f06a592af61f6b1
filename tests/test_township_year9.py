"""Township and year of real pages, round 9 (issue #11; classes of heldout8 s01, s07, s11, s13): a half year written
without its 年 (2023上半年), a summary's title that names next year's plan (工作总结及2023年工作思路), a township's
epithets (农业大镇、蔬菜名镇), a notice that calls its year 今年 under its document number. Excerpts of those real
pages, each class with the texts that must keep their answer. Round 9b (dev4 d02, d03, d09, d29, d32, d39): a
county-level city's piece with a township as its example, 县包乡, 担任镇…所长, 早在2019年, 今年1至9月, a table of
contents at the top."""

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
        # as early as 2019: history before the period reported on
        ("涟源市推行屋场会。早在2019年,涟源市委就出台了指导意见。截至目前,涟源市503个村(社区)共召开屋场会。", None),
        # 今年1至9月, 今年第3季: the text's own year is 今年, and 2022年10月…以来 is a span's start
        (
            "中共中纪委今天通报,今年1至9月全国纪检监察机关共接受信访举报。今年第3季被审查立案的省部级干部创下"
            "2022年10月中共二十大以来的单季新高。",
            None,
        ),
        # a table of contents at the top: its 下一步计划 line opens no plan section, and the outline's lines end at
        # their line breaks
        (
            "一、前期工作复盘:主要成效与存在不足\n二、重难点村情况分析\n三、干部队伍结构优化问题与下一步计划\n"
            "(二)下一步工作计划\nXX镇关于村级党组织换届工作情况的汇报\n根据上级工作部署,我镇于2025年第三季度"
            "全面完成了村级党组织换届选举工作。现将有关情况汇报如下:\n一、前期工作复盘:主要成效与存在不足\n"
            "本次换届工作圆满完成。",
            2025,
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
        # a county-level city's piece telling one township's story as its example
        (
            "武冈市提高流动党员参与率\n4月6日上午,武冈市荆竹铺镇三元桥支部流动党员肖化军投上了自己的一票。"
            "武冈市共有流动党员4300名。该市多措并举强化流动党员管理。",
            None,
        ),
        # …but a 街道's profile naming its city as the giver of honours keeps the 街道
        (
            "凌云街道概况。凌云街道2005年创建成上海市文明社区,先后创成上海市社区建设示范街道、上海市科普示范街道"
            "和上海市平安社区。街道党工委下设党支部20个。",
            "凌云街道",
        ),
        # 县包乡 (a county leader's duty for a township) and 担任镇司法所所长 name no township
        ("明确工作任务和县包乡领导责任。全县412个行政村已全部摸排一遍。", None),
        (
            "他担任镇司法所所长已有18年。在武进湟里,2009年端午期间,西鲁村三个小孩到湟里镇一家砖瓦厂附近玩耍。"
            "全镇调解纠纷。",
            "湟里镇",
        ),
        # a real name with 大 before its suffix stays a name
        ("石大镇党委今年以来发展党员12名,全镇共有党支部15个。", "石大镇"),
    ],
)
def test_township(text: str, expected: str | None) -> None:
    assert township(text) == expected
