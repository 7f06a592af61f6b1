"""Township and year of real pages, round 8 (issue #11; classes of heldout6 s24, s29, s38, s40, s42, s44): a county's
piece that tells one township's story as its example, a roster naming many townships once each, the start of a
scheme (自2024年底…以来), 今年元月, history verbs (改称, 恢复乡名), an event's dates under its title. Excerpts of those
real pages, each class with the texts that must keep their answer."""

from __future__ import annotations

import pytest

from tests.test_township_year7 import township, year


# The county most often named stands on its own (not as the township's prefix) at least twice, and with 全县/该县 it
# is written as often as the township with 全镇/镇党委: the township is the county's example.
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "红网永州站7月27日讯 今年以来,东安县新圩江镇党委根据实情,对全镇农村党员采取结对定期联系、创建“新圩江镇"
            "流出党员QQ群”等措施。这是东安县创新农村流动党员管理方式的一个实例。\n目前,东安县共有流动党员2175名,"
            "占全县党员总数的9%。该县把加强和改进流动党员管理作为一项重要工作内容。",
            None,
        ),
        (
            "1.高县综治中心\n2.高县综治中心工作人员为群众解答疑问\n3.高县月江镇综治中心外景\n"
            "4.高县蕉村镇龙潭村“山湾长”微网格分布图 高县县委政法委供图\n"
            "“领到钱我就去买肉灌香肠来过年!”2025年12月13日,高县月江镇福顶村平安公益积分兑换现场热闹非凡。"
            "这是自2024年底高县社会治安综合治理中心在月江镇试点推行平安公益积分制度以来的第二次积分兑换活动。",
            None,
        ),
        # the county as the township's prefix, and once as the organisation that sent a team: the township's piece
        (
            "东安县新圩江镇党委今年以来对全镇农村党员采取结对联系。新圩江镇党委书记说,全镇共有流动党员112名。"
            "东安县委组织部到新圩江镇调研。",
            "新圩江镇",
        ),
        (
            "今年以来,长兴县和平镇党委把网格化管理作为抓手。全镇划分网格56个。和平镇党委书记介绍,长兴县委组织部"
            "对和平镇的做法给予肯定,长兴县多个乡镇前来学习。",
            "和平镇",
        ),
    ],
)
def test_county_piece_with_a_township_example(text: str, expected: str | None) -> None:
    assert township(text) == expected


# Many townships written once each (a class roster, a list of model units): none stands out.
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "班 委\n班 长 刘国安 贵州省从江县秀塘壮族乡党委书记\n"
            "副 班 长 马 仪 湖南省隆回县山界回族乡党委副书记、乡长\n"
            "吴德英 四川省攀枝花市米易县白坡彝族乡乡长\n第一组组长 兰爱国 贵州省开阳县高寨苗族布依族乡党委书记",
            None,
        ),
        # peers tied with the township in a county ranking (the demo county's paragraphs, as offices write them)
        (
            "2023年，白沙镇党委召开理论中心组学习会15次，与龙泉镇并列全县第1位；党员培训覆盖率达96%，"
            "与青石镇、马鞍彝族乡并列全县第6位。",
            "白沙镇",
        ),
        # two named once each beside one written again and again: that one
        (
            "秀塘乡党委今年发展党员6名。秀塘乡党委书记到山界乡、白坡乡学习。全乡共有党员356名。",
            "秀塘乡",
        ),
    ],
)
def test_a_list_of_townships_names_none(text: str, expected: str | None) -> None:
    assert township(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the start of a scheme the text looks back from (自…以来) is no year of its figures; the event's date is
        (
            "“领到钱我就去买肉灌香肠来过年!”2025年12月13日,高县月江镇福顶村平安公益积分兑换现场热闹非凡。当日,"
            "福顶村累计兑换积分2079分。这是自2024年底高县社会治安综合治理中心(以下简称高县综治中心)在月江镇试点推行"
            "平安公益积分制度以来,福顶村开展的第二次积分兑换活动。",
            2025,
        ),
        ("2024年底,全镇共有党员356名,全年发展党员6名。", 2024),
        # 今年元月以来 is the text's own period: an earlier year beside it is no data year
        ("2008年制定了工委班子成员6条承诺。今年元月以来,对10名科级以上干部进行了诫勉谈话。", None),
        ("2008年制定了工委班子成员6条承诺。全年对10名科级以上干部进行了诫勉谈话。", 2008),
        # history: a renaming and a restored name
        ("田湾镇是全县的政治、经济中心。1956年改称xx人民公社,1984年恢复乡名。地处县境中部。", None),
        ("1984年全乡农民人均纯收入达到312元。", 1984),
        # an event's dates on their own line under its title
        ("第7期全国民族乡镇党政领导干部培训班\n(2011.11.11—11.25)\n培训对象\n民族乡镇党政领导干部172人。", 2011),
        ("第7期全国民族乡镇党政领导干部培训班\n发布时间:2011.11.11\n培训对象\n民族乡镇党政领导干部172人。", None),
    ],
)
def test_year_classes_of_round_8(text: str, expected: int | None) -> None:
    assert year(text) == expected
