"""Township and report year of unseen real pages (issue #11): one table per class of miss found across the real
sets, each with the negatives that must keep their answer."""

from __future__ import annotations

import pytest

from etl.reports.meta import find_township, find_year
from etl.reports.textclean import clean_text


def township(text: str) -> str | None:
    return find_township(clean_text(text).text)[0]


def year(text: str) -> int | None:
    return find_year(clean_text(text).text, [])


# A year and month without a day dates the unit's own work: a data year (history and honours are not).
@pytest.mark.parametrize(
    "text, expected",
    [
        ("网格化管理于2014年5月试点开展。2017年8月，根据县委文件精神，我们在14个村确立网格长。", 2017),
        ("截止2010年11月底，社区党总支部共有党员200人。", 2010),
        ("民生工作站从2023年6月份开始运行，为社区解难。", 2023),
        ("2008年农民人均纯收入4725元。2019年12月，省人民政府同意撤销西乡乡，将其划归安宁镇管辖。", 2008),
        ("新发镇\n2019年7月，新发镇入选2019年全国农业产业强镇建设名单。", None),  # an honour's date and name
        ("全镇辖10个村。\n历史沿革:\n1958年9月，并入青山公社。\n1996年德都县与五大连池市合并。", None),
        ("2019年，新发镇新建党支部2个。", 2019),
    ],
)
def test_year_month_dates(text: str, expected: int | None) -> None:
    assert year(text) == expected


# A newspaper's page date (with its page or weekday) is a stamp, even as the page's first line.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("2022年08月27日\n第04版:\n\n大束镇志愿服务有温度\n今年以来，大束镇开展志愿活动300余场。", None),
        ("工人日报2022年09月08日星期一\n《工人日报》(2022年09月08日06版)\n今年以来，化解纠纷119件。", None),
        ("2022年08月27日\n大束镇志愿服务有温度\n今年以来，大束镇开展志愿活动300余场。", 2022),  # a dated line, no page
    ],
)
def test_page_stamps(text: str, expected: int | None) -> None:
    assert year(text) == expected


# 今年第一季度 and 今年年底 name the text's own period too: a year beside them is an earlier one, unless the text
# ties it to that period (a date with no yearless date beside it, YYYY年以来, the year of its own stamp).
@pytest.mark.parametrize(
    "text, expected",
    [
        ("“今年第一季度立案4起。”5月23日，镇纪委书记对记者说。2014年3月7日，县纪委交办了一件信访件。", None),
        ("2014年年底，全县各村集体收入平均不足5万元。预计今年年底，40个村收入可达100万元以上。", None),
        ("今年以来，东荣镇化解矛盾纠纷87起。2023年9月13日，东荣镇成功化解一起纠纷。", 2023),
        ("今年以来，镇纪委处理13人次。“2022年以来，我们处置苗头性问题3起。”", 2022),
        ("发布时间:2022-09-1310:21:38\n今年以来，中庙社区开展治理。2022年已常态化开展文明创建300人次。", 2022),
        ("发布时间:2023-06-06\n今年以来，全镇开展治理。2021年，全镇发展党员5名。", None),
        ("2011年，全镇完成财税2070万元。今年，镇党委加大工作力度，1—5月份完成财税1327万元。", 2011),
    ],
)
def test_this_year_texts(text: str, expected: int | None) -> None:
    assert year(text) == expected


# Years that are no data year: the end of a range is one, a baseline's goal sentence, an earlier review are not;
# an official document's own number dates it when nothing else does.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("1996至1998年3年中，全县连续3年未发展党员的空白村有30个。", 1998),
        ("力争到2025年，全镇集体收入达到100万元。2023年全镇集体收入80万元。", 2023),
        (
            "今年，县里设立扶持基金100万元。确定了2015年消灭空白村目标;"
            "2017年,全县集体经济总收入以2013年为基数翻一番;2019年达到10万元以上。",
            None,
        ),
        ("2017年，全县村级集体经济总收入达到5000万元。", 2017),
        ("现将全年工作总结如下。针对2020年度查摆的党建力量不强等问题，选精配强队伍。", None),
        ("2020年度全镇发展党员12名。", 2020),
        ("工作方案\n青夏街〔2022〕41号\n夏阳街道办事处\n2022.11.11\n全街道划分责任网格3个。", 2022),
        ("根据《关于加强基层治理的通知》(青委发〔2021〕5号)，全街道划分网格3个。", None),
    ],
)
def test_years_that_are_no_data_years(text: str, expected: int | None) -> None:
    assert year(text) == expected


# Phrases before a bare 镇 (并由镇党委, 及时向镇上, 并通过镇上) and kinds of township (经济强镇) are no names.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("6月30日，上板城镇开展表彰大会，并由镇党委书记张剑讲党课。镇党委表彰了20名党员。", "上板城镇"),
        ("网格员发现问题后及时向镇上报告，并通过镇上建立的机制求助。全镇划分网格13个。", None),
        ("一年来，全镇上下紧紧围绕建设“经济强镇”这一目标，加快富民强镇。", None),
        ("向阳镇党委召开会议。向阳镇共有党员300名。", "向阳镇"),
        ("富强镇党委召开会议。富强镇辖12个村。", "富强镇"),
    ],
)
def test_phrases_and_kinds_are_no_names(text: str, expected: str | None) -> None:
    assert township(text) == expected


# Written forms of a name: 锣场镇镇委, 菱北办事处 / 武当路街办 (街道), 十二团塔南镇 (a 兵团 town), 陈村镇 (a surname's
# village), 织𬕂镇 (a character of the CJK extensions).
@pytest.mark.parametrize(
    "text, expected",
    [
        ("年初在全镇三级干部大会上，锣场镇镇委制定了实施方案。", "锣场镇"),
        ("在茅箭区武当路街办三桥社区，志愿者建立了微信群。", "武当路街道"),
        ("2007年4月经菱北办事处党委批准，晶海社区党支部改设为总支部。", "菱北街道"),
        ("上海市青浦区夏阳街道办事处\n全街道划分网格3个。", "夏阳街道"),
        ("十二团塔南镇党委召开会议。十二团塔南镇辖5个连队。", "塔南镇"),
        ("团结镇党委召开会议。团结镇辖5个村。", "团结镇"),
        ("改善党群关系，陈村镇率先在庄头村探索建立报告制度。", "陈村镇"),
        ("推进农村镇干部包村工作。", None),
        ("织𬕂镇镇域面积331.91平方公里，下辖27个村。织𬕂镇党委召开会议。", "织𬕂镇"),
    ],
)
def test_written_forms(text: str, expected: str | None) -> None:
    assert township(text) == expected


# A county's or city's paper that names a township as an example or a visit has no township; a village's page
# that names its seat after its county keeps it.
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "我县召开全县基层党建工作现场会。与会人员前往吴集镇、甘溪镇和南湾乡观摩，在南湾乡政府召开座谈会。"
            "全县各村集体收入稳步提升。南湾乡围绕竹木产业发展。南湾乡各村集体经济收入均超过20万元。",
            None,
        ),
        (
            "该区出台规定。该区纪委推行谈话。今年2月，该区白峰镇纪委查处了一起案件，由镇党委主要负责人谈话。",
            None,
        ),
        ("昨悉，张沟镇6个村集体升级。去年6月，我市开展了整顿工作。全市新建服务中心60个，全市73个社区换届。", None),
        ("项城市丁集镇东街行政村党支部书记在全市会议上发言。全村40名党员。", "丁集镇"),
        ("西郊社区地处德清县平坦镇。我市开展调研，全市推广。平坦镇党委书记参加。", "平坦镇"),
    ],
)
def test_county_and_city_papers(text: str, expected: str | None) -> None:
    assert township(text) == expected


# Classes found on unseen pages (issue #11, round 7): verbs before a 街道 (发挥街道党工委…), slogans
# (文化立镇、以城带乡), the county's seat as a distance mark, a name that starts with 月 (月山镇).
@pytest.mark.parametrize(
    "text, expected",
    [
        ("近年来，大众街街道党工委建机制、优服务，发挥街道党工委在城市基层党建中的作用。", "大众街街道"),
        ("工作总结\n紧紧围绕文化立镇、工业强镇、三产富镇、农业稳镇发展战略，弘扬兴镇精神，以工促农、以城带乡。", None),
        ("嘎查简介\n包日塔拉嘎查距离旗政府所在地乌兰镇33公里，总人口515人。", None),
        ("村情简介\n白音塔拉村位于舍伯吐镇东北，距离镇政府所在地舍伯吐镇12.5公里。", "舍伯吐镇"),
        ("月山镇于1月19日召开述职评议会，月山镇20个村的书记参加。", "月山镇"),
        ("5月东山镇召开党员大会。东山镇党委书记讲话。", "东山镇"),
    ],
)
def test_unseen_page_names(text: str, expected: str | None) -> None:
    assert township(text) == expected


# Years of unseen pages: 提前做好2025年…换届 and 今后…在2012年开展 are plans; 到2016年6月底 is an 'as of' date; a review
# opened by 2011年以来 reports its latest data year; a site's related links and a page date whose weekday was cut off
# are no year of the text.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("街道划分网格75个。提前做好2025年社区“两委”换届工作谋划。", None),
        ("2011年当地人均收入3700元。今后，嘎查将继续改善设施，在2012年开展中心村建设。", 2011),
        ("五年工作总结\n2011年以来，乡党委带领全乡干部群众奋斗。到2016年6月底，全乡生产总值达7520万元。", 2016),
        ("工作思路\n力争到2025年，全镇集体收入达到100万元。", None),
        ("工作总结\n自2019年以来，全镇新建党支部3个。", 2019),
        ("天凝镇矛调中心成立于2018年。2020年，洪溪村建立五级网格体系。\n相关阅读\n浙江启动2021年度专项行动", 2020),
        ("第03版:\n2025年4月24日 星期\n\n王孟镇创新“民情夜市”\n4月18日晚，王孟镇开展活动。", None),
    ],
)
def test_unseen_page_years(text: str, expected: int | None) -> None:
    assert year(text) == expected
