"""Township and year of real pages, round 11 (issue #11; classes of heldout10 s15, s22, s26, s28, s30): a speaker's
quoted 今年 at a year's review, a newspaper's issue date above its article, a wish for a later year, a year's tally
of the whole unit in a 今年 text, a flattened table's year columns; and the spaces between a table row's numbers.
Each class with texts that must keep their answer."""

from __future__ import annotations

import pytest

from etl.reports.textclean import clean_text
from tests.test_township_year7 import township, year


@pytest.mark.parametrize(
    "text, expected",
    [
        # a speaker's quoted 今年 at the review of a year: the year reviewed
        ("本报讯\n“今年初,我们村修好了三条路……”台上,某村书记汇报。街道开展2021年度村书记述职工作,共有9个村。", 2021),
        # …but a quoted 今年 without a review keeps the text a 今年 text (its other years are earlier ones)
        ("本报讯\n“今年一季度全镇立案3起。”镇纪委书记说。2018年5月,镇纪委曾通报一起案件。", None),
        # a newspaper's issue date alone above its article is the paper's, not the period's
        ("某日报社出版 刊号:CN00-0000\n\n2020年05月12日\n\n首个社区党校揭牌\n本报讯 日前,街道党校揭牌成立。", None),
        # …but a date alone on its line under a speech's title dates the speech
        ("全镇工作会议讲话稿\n2022年7月5日\n同志们:上半年全镇发展党员6名。", 2022),
        # a wish for a later year
        ("本报讯\n会上,各村书记总结了2019年取得的成绩。镇长希望各村在2020年再创佳绩。", 2019),
        # the whole unit's tally of a year is the year of a text that calls its period 今年
        ("今年以来,某镇加强组织建设。经考核,2022年全镇共评出五星级党支部2个。", 2022),
        # …not when the text writes another year too
        ("今年以来,某镇加强组织建设。2021年全镇共评出先进支部2个,2020年评出3个。", None),
        # round 11b (dev6): a founding year is history; with its month it dates the unit's own work
        ("本报讯\n街道志愿服务站成立于2012年,现有志愿者300名。", None),
        ("本报讯\n某镇调解委员会成立于2009年3月,一直以来调处纠纷百余件。", 2009),
        # a range of data years written with 年 on both sides
        ("本报讯\n“2016年至2019年,某村3名村干部冒领补贴,分别受到党内警告处分。”", 2019),
        # the coming year's work laid out (对2025年工作进行了部署)
        ("本报讯\n1月8日,某镇召开2023年工作总结会,对2024年工作进行了部署。2023年,全镇开展活动500余次。", 2023),
        # round 11c (heldout11): the next year's work plan named beside the year reported
        ("本报讯\n现场,各村书记汇报了2021年工作成效、2022年工作思路。", 2021),
        # honours with their month (2015年7月,某镇被…确定为…) and an honour's name before 称号 are no data years
        (
            "本报讯\n2016年7月,某镇被某部确定为全国重点镇。2016年6月,某部授予某镇2014—2015年度生态乡镇称号。"
            "2005年,全镇农民人均纯收入3000元。",
            2005,
        ),
        # a flattened table's year columns: the latest column
        ("表3 基层组织\n指标 2018 2019 2020\n村民委员会(个) 120 118 115", 2020),
    ],
)
def test_year(text: str, expected: int | None) -> None:
    assert year(text) == expected


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("村委会 3120 3105 3098", "村委会3120 3105 3098"),  # a table's row: numbers of their own
        ("镇政府 561 563 564", "镇政府561 563 564"),
        ("全镇党员 1 020 人", "全镇党员1020人"),  # thousands grouped by a space
        ("培训 12 345 678 元", "培训12345678元"),
        ("2 0 2 3 年 工 作", "2023年工作"),  # letter-spaced digits
        ("党员 438 人次", "党员438人次"),
    ],
)
def test_spaces_between_digits(raw: str, cleaned: str) -> None:
    assert clean_text(raw).text == cleaned


@pytest.mark.parametrize(
    "text, expected",
    [
        # a news title headed by its township, whose name opens with a character that elsewhere starts a phrase
        ("来凤镇:志愿服务精准对接\n近日,来凤镇组织召开培训会。来凤镇新时代文明实践所开展活动。", "来凤镇"),
        ("以南镇:党建引领发展\n近日,以南镇召开会议。", "以南镇"),
        # …not a phrase headed so
        ("为全镇:办实事\n近日,全镇开展活动。", None),
        # a one-character name (高镇) as the unit of its organs at a clause's start
        ("近日,丰镇纪委在丰镇两个村召开述职大会。镇党委书记参加了大会。", "丰镇"),
        ("为提高镇村干部素质,县里组织了培训。", None),
        # a prefecture's paper (我州, 全州) naming a township once, in a leader's visit
        ("我州抓住整顿契机,启动软乡弱村整顿。某某在某县东山乡调研。全州325个乡镇筑牢堡垒,全州2679个行政村创优。", None),
        # round 11c (heldout11): a name with 镇 inside (X镇街道, X镇乡) is the unit
        ("在某市某区丰镇街道综治中心门口,群众领到证件。丰镇街道锚定阵地建设。丰镇街道按照功能集成推进。", "丰镇街道"),
        ("词条 | 三镇乡 |\n某市某区三镇乡位于西部。三镇中学获奖。全乡辖8个村。", "三镇乡"),
        # …a doubled 镇 before a village's name (X镇 + 镇东村) is the township and the village; 乌镇镇 is a name
        ("丰镇镇东村\n镇东村位于某县丰镇镇政府东面,全村党员40名。", "丰镇"),
        ("本报讯\n乌镇镇党委召开会议,乌镇镇各村书记参加。", "乌镇镇"),
        # a site's owner in its footer (主办：某县人民政府) is no county telling the story
        (
            "发布机构 | 某县东营乡 |\n近日,东营乡在县委指导下开展整治,全乡21个村参与。\n"
            "主办:某县人民政府 承办:某县人民政府办公室",
            "东营乡",
        ),
        # a county before the name in the heading stays out of it
        ("某县阳山镇:建强堡垒\n阳山镇党委召开会议,阳山镇各村参加。", "阳山镇"),
    ],
)
def test_township(text: str, expected: str | None) -> None:
    assert township(text) == expected
