"""Township and year of real pages, round 10 (issue #11; classes of heldout9 s04, s14, s15, s31, s34, s41): honours and
their dates, a year reached (至2007年底，…), another body's publication cited by its year, an ethnic township's full
name in the heading, a word glued before a name (随着), committees a county counts (8个镇党委), a township written only
as a trainee's address. Each class with texts that must keep their answer."""

from __future__ import annotations

import pytest

from tests.test_township_year7 import township, year


@pytest.mark.parametrize(
    "text, expected",
    [
        # an honour and its date: when the unit was honoured, not a year of its figures
        ("本报讯\n东山镇调解委员会近三年共调解纠纷500起。该委员会于2021年9月被省司法厅授予先进集体称号。", None),
        ("本报讯\n东山镇调委会2019年3月被评为省级先进调委会,2022年共调解纠纷120起。", 2022),
        # a year inside an honour's quoted name
        ("本报讯\n近年来,王某某获评“2018-2020年度全省人民调解先进个人”,东山镇共调解纠纷300起。", None),
        # …but a quoted list of projects names the year it reports (被列入“2022年全省…示范区名单”)
        ("东山镇项目被列入“2022年全省扶持村级集体经济示范区名单”,今年投入资金200万元。", 2022),
        # the end of a year a figure was reached
        ("1990年,全区有党员8000名。至2005年底,发展新党员3200人,其中女党员900人。", 2005),
        # …but a goal's year stays no data year
        ("2023年,全乡村集体经济收入均超5万元。到2025年底,力争全乡8个村收入达到10万元以上。", 2023),
        # a year of the 1990s written with two digits at a clause's start, in a text with no four-digit year
        ("本报讯\n全乡经济发展。97年粮食总产量达到1000万斤。98年农民人均纯收入2300元,比上年增长8%。", 1998),
        ("本报讯\n全乡80年代起种植果树,已有90年来的传统,现有党员300名。", None),
        # another body's publication cited by its year
        ("社区划分12个网格。某某大学治理研究中心2022年报告指出,网格化可提升效率。", None),
        ("社区划分12个网格。某某发展协会2023年调研数据显示,居民满意度上升。", None),
        ("2023年全镇划分网格36个,数据显示群众满意度达98%。", 2023),
        # round 10b (dev5): a body opening with its year in a text that calls its period 今年
        ("东山街道2022年工作总结\n2022年,东山街道坚决贯彻各项部署。现将我街道今年工作总结如下:全年发展党员8名。", 2022),
        # a year's own event late in that year beside 今年
        ("本报讯\n12月20日,市司法局开展了2021年度人民调解员培训。今年以来,全市调处纠纷800件。", 2021),
        # a profile's history section ends at its next heading
        ("简介\n东山街道位于某市西北部。\n沿革\n1950年设镇,1958年改公社。\n组成\n截止2007年8月,有党员900人。", 2007),
        # the coming year's work laid out (布置了2010年度…), a person's appointment, an honour won
        ("本报讯\n年会总结了去年的成绩,并布置了2010年度的联调工作。一年来调处纠纷90起。", None),
        ("本报讯\n全村有牧户60户。2015年,某某被聘为“牧长”,管理6户牧户。", None),
        ("本报讯\n全街道网格员300名,他所在的小区还于2021年获得首批省级示范称号。", None),
        # a page of 2018 that names later years speaks of plans
        ("来源:某网\n2018-05-11 14:58:05\n方案提出,到2020年基本消除空壳村。从2019年开始全面推行选派第一书记。", None),
        # a dated event in a news lede early in the year is that year's (no signature)
        ("“村里成立了监委会。”2022年1月4日,刚参加完党群大会的某村监委会主任说。乡纪委在各村成立监委会。", 2022),
    ],
)
def test_year(text: str, expected: int | None) -> None:
    # (each text opens with a line that is no title: a title's year would decide alone)
    assert year(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the heading writes the ethnic township's full name; the body shortens it once
        ("某省某市某区敖山侗族乡:建设幸福乡村\n地点:某区敖山侗族乡\n记者与敖山乡村民们围炉夜话。", "敖山侗族乡"),
        # a heading with the short form keeps it
        ("茶岭乡概况\n某县茶岭布依族苗族乡位于县境东部,全乡辖8个村。", "茶岭乡"),
        # a word glued before the name in Traditional text is cut off; a district counting its townships' committees
        # speaks as the district
        (
            "昨天上午,隨著雪山鎮黨委換屆選舉工作落下帷幕,全區8個鎮黨委換屆圓滿完成。全區8個鎮黨委共選舉產生委員75名,"
            "我區換屆工作平穩有序。",
            None,
        ),
        ("隨著雪山鎮黨委換屆工作落下帷幕,全鎮黨員大會選舉產生新一屆鎮黨委。", "雪山镇"),
        # a township written only as a trainee's address on a province's training page
        (
            "全省村干部培训第一期开班典礼在我校举行。会上,对参加培训的300名村党组织书记提出要求;"
            "青河市松林镇永安村党组织书记李某代表学员发言。",
            None,
        ),
        # …a villager's words (咱村, 村里) make a village's page, which takes the seat it names
        ("黄某某(东环街道王家村妇代会主任):拿咱村来说,划为7个网格,村里留下的多是老人。", "东环街道"),
        # a long name opening with 镇, written after its district twice; 乡亲 is no 乡
        ("平谷区镇东营镇下营村“微网格”制收获乡亲们称赞\n平谷区镇东营镇的下营村划分网格8个。", "镇东营镇"),
        # a site's line (欢迎阅读镇年度工作总结) names no place
        ("一年来,我镇工作取得成效。\n《镇年度工作总结》来源于某网,欢迎阅读镇年度工作总结。", None),
        # 市 ends a two-character name (水市镇, 新市镇), not a word before 镇 (超市, 城市)
        ("在干在实处中,水市镇结合实际,全面开展党员冬训,全镇党员500名参加。", "水市镇"),
        ("益阳市新市镇党委召开会议,全镇党员大会选举产生新一届镇党委。", "新市镇"),
        ("县里推进城市镇村一体化,全县各乡镇党委参加。", None),
        # …but a village's own page takes the township it names as the seat
        ("松林镇永安村党支部召开党员大会,全村党员42名参加。", "松林镇"),
    ],
)
def test_township(text: str, expected: str | None) -> None:
    assert township(text) == expected
