"""Township and year of real pages, round 12 (issue #11; classes of heldout14): years of the 民国 calendar in Taiwanese
documents, an evaluation's honour, an event dated later in a period opened by 'YYYY年以来', the later year of a rise
told from one year to another, an exhortation (把今后的工作做好) that is no plan; Taiwan's 乡镇市, a superior's
instruction, an encyclopedia entry's name field, a 街道 speaking of itself, and a city's piece naming a township only
by its people's posts and villages. Each class with texts that must keep their answer."""

from __future__ import annotations

import pytest

from tests.test_township_year7 import township, year


@pytest.mark.parametrize(
    "text, expected",
    [
        # a Taiwanese document (Traditional script, Taiwan's administrative words, no year of four digits)
        ("金沙鄉調解委員會105年全年受理案件50件,其中41件調解成立。鄉公所感謝委員辛勞。", 2016),
        ("縣政府表揚111年度各鄉鎮市調解績優公所。111年度受理調解件數有900件。", 2022),
        # its 民國 history is a year too, an earlier one; an evaluation's honour is no data year
        ("法務部105年度績優調解委員會評核,金沙鄉獲獎。金沙鄉104年全年受理案件63件。調解制度於民國44年法制化。", 2015),
        ("民國44年,鄉鎮市調解制度法制化。", 1955),
        # a mainland page's spans of years are no 民国 years
        ("全镇党龄50年以上的党员30人。2022年全镇发展党员5名。", 2022),
        ("全鎮黨齡50年以上的黨員30人,10年來新建道路20公里。", None),
        ("该村60年来一直种植茶叶,近70年从未间断。", None),
        # a Traditional page that writes its years with four digits keeps them
        ("公所表示,2019年全年受理調解案件80件,105年前的案件另案統計。", 2019),
        # a 民国 year written so on a mainland page (history) is converted too
        ("该镇民国35年设乡,2010年全镇党员800名。", 2010),
    ],
)
def test_minguo_years(text: str, expected: int | None) -> None:
    assert year(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an event dated later in the period a text opens with 'YYYY年以来'
        (
            "摘要:矛盾纠纷化解事关稳定。\n" + "某县综治中心接待群众。" * 20 + "2024年以来,某县深入推进综治中心建设。"
            "2025年2月13日,某社区居民小马来到综治中心反映问题。",
            2025,
        ),
        # …not a signature's date alone on its line
        ("2021年以来,全镇深入推进党建工作,发展党员12名。\n某镇党委\n2022年1月5日", 2021),
        # the later year of a rise told from one year to another is a data year
        ("2014年,全乡完成生产总值2.6亿元。招商引资从2012年的5947万元上升到2015年的1.2亿元。", 2015),
        # …a goal's year after 到 is not
        ("2014年,全乡完成生产总值2.6亿元。到2020年,力争生产总值翻一番。", 2014),
        # an exhortation (把今后的工作做好) is no plan: its sentence keeps its year
        ("会上,六位书记围绕2015年抓党建工作情况进行了述职,随后,书记要求把今后的工作做得更好。", 2015),
        ("2014年全镇发展党员5名。今后,我们将在2016年开展党员轮训。", 2014),
    ],
)
def test_year_of_a_period(text: str, expected: int | None) -> None:
    assert year(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Taiwan's 乡镇市 (townships, towns and cities) is no city's name
        (
            "法務部105年度績優鄉鎮市(區)調解委員會評核作業,金沙鄉調解委員會榮獲最優。金沙鄉調解委員會104年受理案件63件。"
            "鄉鎮市調解委員會的功能是化解紛爭。金沙鄉人口日益增加。",
            "金沙乡",
        ),
        # a superior's instruction (按照区委…部署) is not the district speaking
        (
            "党建调研报告\n按照区委组织部的部署,结合街道实际,我们进行了调研。\n一、基本情况\n清水街道现有20个农村党支部,党员800人。",
            "清水街道",
        ),
        # an encyclopedia entry's name field names its own township, even one with 镇 inside its name
        (
            "基本介绍\n- 中文名称:石镇彝族苗族乡\n- 行政区类别:民族乡\n全乡总面积100平方公里,辖12个村。",
            "石镇彝族苗族乡",
        ),
        # a 街道 speaking of itself (我街道), its kind (涉农街道) no name
        (
            "工作总结\n从10月12日起,我街道开展了换届工作。\n东林街道是某区的典型涉农街道,我街道管理的8个社区中有5个在外。"
            "居民的户口在西山街道。",
            "东林街道",
        ),
        # a city's piece naming a township only by its people's posts and villages
        (
            "|\n近日,我市启动选派第一书记活动。这是我市的重要举措。青山镇党委委员、副镇长张某担任东村第一书记后,规划产业。"
            "青山镇东村第一书记张某介绍了做法。",
            None,
        ),
        (
            "湖北丹江:党员干部走访民情\n湖北省丹江市房县青山镇东沟村第一书记余某走遍了本村农户。青山镇党委书记杨某看到了变化。"
            "2018年以来,丹江市创新实施走访行动。",
            None,
        ),
        # …but a village's own page keeps its township as its seat
        (
            "天天头条:李某:壮大村集体经济\n9月8日,在全市推进会议上,项城市丁集镇东街村党支部书记李某作了典型发言。",
            "丁集镇",
        ),
    ],
)
def test_township_heldout14(text: str, expected: str | None) -> None:
    assert township(text) == expected
