"""Classes of rules from the real set heldout7 (issue #11, round 10), each a table of short phrasings in the way real
reports write them, with the negatives that keep the rule from reaching too far (the sets' scores are pinned in
tests/test_extract_real.py)."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the central group's context had its own figure: the cadres' 集中学习 after it is a training session
        ("今年以来，召开街道党工委中心组学习16次，干部集中学习5次，专题宣讲报告会3次。", "central_group_study", {16}),
        ("今年以来，召开街道党工委中心组学习16次，干部集中学习5次，专题宣讲报告会3次。", "training_sessions", {5}),
        ("党委中心组坚持每月集中学习，全年集中学习12次。", "central_group_study", {12}),
        ("党委中心组全年学习12次，其中集中学习5次。", "training_sessions", set()),
    ],
)
def test_central_group_context_serves_one_figure(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


S25 = (
    "全市31个乡镇纪委开展了立案调查工作，有的乡镇纪委立案调查3件以上，占乡镇总数的50%，共立案调查53件。"
    "其中原州区6个乡镇纪委有立案案件，立案调查10件；西吉县10个乡镇纪委有立案案件，立案调查14件；"
    "隆德县3个乡镇纪委有立案案件，立案调查3件；泾源县3个乡镇纪委有立案案件，立案调查6件；"
    "XX县9个乡镇纪委有立案案件，立案调查20件。"
)


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a stated total of cases, then the counties' figures that add up to it: a breakdown
        (S25, "discipline_cases", {53}),
        # what some of the commissions did (有的…) is no figure of all
        ("有的乡镇纪委立案调查3件以上。", "discipline_cases", set()),
        ("全镇现有党员126名，有的支部党员不足3人。", "party_members_total", {126}),
        # cases listed without a sum stay
        ("镇纪委立案调查5件；结案4件，立案调查2件。", "discipline_cases", {5, 2}),
    ],
)
def test_case_breakdowns_and_some_of_them(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # an education or training meeting, who came, then how many came (警示教育 is training, spec)
        (
            "老城镇召开县、镇“两代表”学习教育培训会。会议由镇长主持,镇党代表、镇人大代表、镇领导班子成员、"
            "各包点组组长等约300人参加了会议。",
            "training_participants",
            {300},
        ),
        (
            "播扬镇召开换届纪律专题教育工作会议。该镇在编在岗干部职工,各村(社区)支部书记约120人参加了会议。",
            "training_participants",
            {120},
        ),
        ("镇党委召开党建工作会议。各村支部书记约40人参加了会议。", "training_participants", set()),
        # a class, how long it lasted, then its attendants named after the figure
        ("本期培训班为期五天,共有100名村书记参加,内容涵盖村庄规划建设。", "training_participants", {100}),
        ("来自5个县市的50名基層公務員參加首期培訓班。", "training_participants", {50}),
        # the members a members' class reached, skills included (a members' class is party training)
        ("已完成4期农村党员培训班,36名党员在理论学习与技能实训中受益。", "training_participants", {36}),
        ("开展农民技能培训,300名群众在实训中受益。", "training_participants", set()),
        # a named school's classes held so far; a members' education activity
        ("我市“乡村振兴大学堂”已成功举办三期,一批村书记通过学习拓展了视野。", "training_sessions", {3}),
        ("2025年开展党员教育学习活动34次。", "training_sessions", {34}),
        ("2025年开展党员教育学习活动34次。", "central_group_study", set()),
    ],
)
def test_training_meetings_and_classes(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the villages listed by name, then counted
        ("駐峽口村。轄甘雲、羅家、羅李、峽口、隴窩、大深、馬子7個村,45個村民小組。", "administrative_villages", {7}),
        ("辖甘云、罗家、罗李3个村民小组。", "administrative_villages", set()),
        # the township's area (镇域内) states all its villages
        ("以镇域内6个行政村为单位划片管理。", "administrative_villages", {6}),
        ("全镇辖9个行政村。", "administrative_villages", {9}),
        # a per-village average after the count is no threshold: the count stays the villages'
        (
            "2023年,全區88個行政村(涉農社區)村均集體經營性收入超過170萬元,同比增長26%。",
            "villages_income_above",
            set(),
        ),
        ("2023年,全區88個行政村(涉農社區)村均集體經營性收入超過170萬元。", "administrative_villages", {88}),
        ("全镇集体经营性收入超过10万元的村有8个。", "villages_income_above", {8}),
    ],
)
def test_villages_listed_and_averages(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the party the letter went to stands between the figure and the letter
        ("目前,8个农村支部已有96人向党支部递交了入党申请书。", "party_applicants", {96}),
        ("全镇共有36人递交了入党申请书。", "party_applicants", {36}),
        # branches that did something count what they did
        ("今年上半年共发展新党员13人,其中有5个农村支部发展了新党员9人。", "party_branches", set()),
        ("全镇有21个党支部,其中农村支部8个。", "party_branches", {21, 8}),
        # what every village has (村村都有…以上) is a requirement per village, not a count
        ("全县406个行政村,村村都有5名以上民兵入党积极分子和培养对象。", "party_activists", set()),
        ("全镇现有入党积极分子42人。", "party_activists", {42}),
        # members newly made full, of one group, are not the members
        ("去年,新转正民兵党员人数达242人。", "party_members_total", set()),
        ("全镇党员人数达242人。", "party_members_total", {242}),
        # one cadre counted, then what that cadre deals with
        ("派出一名黨建干部對流動黨員微信群進行直接管理。", "party_members_floating", set()),
        ("全镇现有流动党员32名。", "party_members_floating", {32}),
    ],
)
def test_who_the_figure_counts(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


S43 = (
    "組織黨支部開展“1+N”結對聯系全鎮272名流動黨員,重點聚焦流動去向。安排215名流動黨員通過“全國黨員管理信息系統”"
    "完成線上報到。在上海、常州等流動黨員密集城市設立4個流動黨支部,積極開展創業幫扶。"
)


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # all of the township's (全镇N名…), whatever is done with them; those who reported in are a part
        (S43, "party_members_floating", {272}),
        # branches set up (the verb right before the figure) are not the branch count
        (S43, "party_branches", set()),
        ("结对联系215名流动党员。", "party_members_floating", set()),
        ("全镇现有流动党员32名,已全部完成报到。", "party_members_floating", {32}),
        # the words after the figure still count: the secretaries, not the branches
        ("方岗镇组织全镇24个村党支部书记述职评议。", "party_branches", set()),
        ("全镇共有24个村党支部。", "party_branches", {24}),
    ],
)
def test_whole_township_and_set_up(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, township",
    [
        # the lede's subject right after its date (the superiors' 区委/县委 named later do not make a county piece)
        ("2025年古州镇已完成4期农村党员培训班,36名党员受益。", "古州镇"),
        ("2022年,東曉街道堅持以習近平新時代中國特色社會主義思想為指導,落實市委、區委工作部署,區委要求…", "东晓街道"),
        (
            "为严肃换届纪律,2016年9月28日下午,老城镇在开发区会议厅召开学习教育培训会。要求统一到县委的安排部署上来,"
            "按照县委的用人意图完成换届。",
            "老城镇",
        ),
        # a verb before the suffix is no part of a name
        ("召开大雁塔街道党工委会议。印发街道《关于全面加强基层党建的实施方案》。", "大雁塔街道"),
        # a date, then a verb phrase far from the lede: no name
        ("建设情况。" * 70 + "2006年完成城镇基本建设投资4000万元。", None),
        # 州 ends a two-character core; a city's 州 before a name stays out
        ("古州镇召开党委会议。", "古州镇"),
        ("徐州睢宁县古邳镇党委召开会议，古邳镇党委书记主持。", "古邳镇"),
    ],
)
def test_township_of_lede(text: str, township: str | None) -> None:
    assert extract_text(text)["township"] == township


@pytest.mark.parametrize(
    "text, year",
    [
        # a sharing site's list of notes before the title is no title
        (
            "- 202.68 KB\n- 2021-04-12 发布\n- 1、本文档由用户上传,淘文库整理发布,可阅读全部内容。\n"
            "2020 年乡镇党委党建工作汇报\n今年以来，乡党委召开会议12次。",
            2020,
        ),
        # the year's own task names the year the text calls 今年
        ("今年以来,中洲镇积极开展工作,完成2016年清洁乡村考核任务,确保全年排名在10名以内。", 2016),
        ("今年以来,镇党委召开会议12次。2015年被评为先进乡镇。", None),
    ],
)
def test_year_of_real_pages(text: str, year: int | None) -> None:
    assert extract_text(text)["year"] == year


@pytest.mark.parametrize(
    "text, expected",
    [
        # the households inside the grids
        ("西城镇在9个行政村设立网格,网格内共有常住居民 1975户,党员227人。", {1975}),
        ("网格内共有农户860户。", {860}),
        ("网格内有党员12户。", set()),
    ],
)
def test_households_in_the_grids(text: str, expected: set[float]) -> None:
    assert values_of(text, "grid_households") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # units honoured under the title of advanced organisations
        ("我市召开表彰大会,市财政局机关党委、市医保局党总支等4个单位被省委表彰为“先进基层党组织”。我市将推进。", {4}),
        ("全镇3个单位被评为县级文明单位。", set()),
    ],
)
def test_units_honoured_as_advanced(text: str, expected: set[float]) -> None:
    assert values_of(text, "party_orgs_advanced") == expected
