"""Classes of rules from heldout9, development material after its first run (F1 .711, first_run.txt): its fact
misses and spurious facts, each a table of short phrasings in the way real reports write them, with the negatives
that keep the rule from reaching too far."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract, extract_text
from tests.test_extract_general8 import values_of


def facts_of(text: str, indicator: str) -> set[tuple[float, bool]]:
    return {(f["value"], f["target"]) for f in extract_text(text)["facts"] if f["indicator"] == indicator}


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a planned training: the trainees listed and closed by 等, then the sessions it is split into
        ("今年全乡计划培训党员、后备干部和新型职业农民等800人，将分四期进行。", "training_participants", {(800, True)}),
        ("今年全乡计划培训党员、后备干部和新型职业农民等800人，将分四期进行。", "training_sessions", {(4, True)}),
        ("全乡共培训村组干部和致富带头人等360人，分3批进行。", "training_participants", {(360, False)}),
        ("全乡共培训村组干部和致富带头人等360人，分3批进行。", "training_sessions", {(3, False)}),
        # the share of members a study reached (党员干部受教育面) is the training coverage; a public one (普法) is not
        ("上半年，全乡党员干部受教育面达85%以上。", "training_coverage_rate", {(85, False)}),
        ("开展普法宣传进村入户，群众受教育面达95%。", "training_coverage_rate", set()),
        # a project split into phases is no training
        ("全乡道路硬化工程分三期进行。", "training_sessions", set()),
        # 大学生村官 names no village: the figure stays the township's
        ("全乡计划培训大学生村官等120人。", "training_participants", {(120, True)}),
        # 新型职业农民 are farmers; a vocational course is still no party training
        ("全乡开展职业培训等230人。", "training_participants", set()),
        ("全乡组织职业技能培训班6期。", "training_sessions", set()),
        # the trainees of a class, named after it
        ("县委书记对参加第二期培训班的87名村党支部书记提出要求。", "training_participants", {(87, False)}),
        ("县委书记对参加轮训的120名党员提出要求。", "training_participants", {(120, False)}),
    ],
)
def test_planned_training_and_trainees_of_a_class(text: str, indicator: str, expected: set) -> None:
    assert facts_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the members a campaign covers stand as they are, even after a forecast
        ("活动将持续到年底，预计开展80余场，实现全镇2130名党员全覆盖。", "party_members_total", {(2130, False)}),
        ("活动将持续到年底，预计开展80余场，实现全镇2130名党员全覆盖。", "training_sessions", set()),
        ("预计年底全镇党员达到2200名。", "party_members_total", {(2200, True)}),
        # 有共产党员 N 名 (a gazetteer's spaced figure)
        ("1995 年，全乡有共产党员 1268 名、预备党员 31 名。", "party_members_total", {(1268, False)}),
        # the new members as the subject, their number after 是
        ("他介绍说，去年新发展的党员是56名。", "party_members_new", {(56, False)}),
        ("据介绍，去年新发展的党员是1.2万名。", "party_members_new", {(12000, False)}),
    ],
)
def test_members_stated_whole(text: str, indicator: str, expected: set) -> None:
    assert facts_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # members away from home are the floating members
        ("该镇邀请200余名在外的本镇籍党员加入党支部微信群。", "party_members_floating", {200}),
        ("全乡联系外出的流动党员62名。", "party_members_floating", set()),
        # members back home for one event are its attendees, not the stock
        ("春节期间，40余名返乡流动党员齐聚村委会，重温入党誓词。", "party_members_floating", set()),
        ("全镇现有流动党员85名。", "party_members_floating", {85}),
    ],
)
def test_floating_members(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # within the township, before its other units
        ("该镇镇内有8个村民委员会和2个居民委员会，43个村民小组。", "administrative_villages", {8}),
        ("该乡乡内有12个行政村。", "administrative_villages", {12}),
        # the township's office and its villages: every village gets one
        ("乡纪委在乡政府及7个村委会设立意见箱8个。", "administrative_villages", {7}),
        ("乡纪委在7个村委会设立意见箱。", "administrative_villages", set()),
        # households visited counted in 家 right after a word for them; firms are not households
        ("截至目前累计走访居民1240家，商户75家。", "households_visited", {1240}),
        ("网格员走访农户约300家。", "households_visited", {300}),
        ("网格员走访企业30家。", "households_visited", set()),
        ("网格员走访商户75家。", "households_visited", set()),
    ],
)
def test_villages_and_households(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the mediation cases received are the disputes; the successful ones are the figure
        ("今年全镇受理调解案件214件，调解成功209件，成功率达97.7%。", "disputes_resolved", {209}),
        ("今年全镇受理调解案件214件。", "disputes_resolved", set()),
        # the clause names the volunteer service, the next counts its activities
        ("倡导志愿服务，累计开展各类活动160余次。", "volunteer_activities", {160}),
        ("倡导文明新风，累计开展各类活动160余次。", "volunteer_activities", set()),
    ],
)
def test_disputes_and_volunteer_activities(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # after 其中, a part the catalog has no attribute for (a trade) breaks the figure down: a subset
        ("全镇农民专业合作社已发展到120家，其中果蔬专业合作社有36家，占30%。", "cooperatives", {120}),
        ("全镇共有合作社97个，其中运营规范的41个。", "cooperatives", {97, 41}),
        ("全镇共有网格128个，其中一级网格1个、二级网格12个。", "grids_total", {128, 1, 12}),
        # a figure whose share is its part of the same indicator's figure before breaks that one down
        ("至1998年底，全镇发展新党员820人。农村中发展新党员410名，占50%。", "party_members_new", {820}),
        ("全镇发展党员40名。女性中发展党员10名，占25%。", "party_members_new", {40}),
        # a share of a wider whole, or one that does not fit, leaves the figure its own
        ("全镇发展党员40名。2020年全镇发展党员30名，占全县的75%。", "party_members_new", {40, 30}),
        ("全镇发展党员40名。2020年全镇发展党员30名，占12%。", "party_members_new", {40, 30}),
    ],
)
def test_breakdowns_are_no_figures(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the training named, then the next sentence's 活动 (that training) counts its sessions; 预计 projects them
        ("镇党委组织开展党员集中培训。活动将持续到年底，预计开展30余场，覆盖全镇。", {(30, True)}),
        ("镇党委组织开展党员集中培训。活动持续一个月，共开展12场，覆盖全镇。", {(12, False)}),
        ("镇里举办农民丰收节。活动持续一个月，共开展12场。", set()),
    ],
)
def test_sessions_of_the_training_in_the_next_sentence(text: str, expected: set) -> None:
    assert facts_of(text, "training_sessions") == expected


@pytest.mark.parametrize(
    "text, village",
    [
        # a village entry that opens on its committee's place is the village's own document
        ("下河村委会位于青石镇西南面，距镇政府3公里。村委会共有党员42人，近三年发展了3名党员。", True),
        ("下河村民委员会坐落于青石镇西南面。共有党员42人。", True),
        # a township's text naming where a village committee stands is still the township's
        ("全镇共有党员1260名。下河村委会位于青石镇西南面，全镇共有党员1260名。", False),
    ],
)
def test_village_committee_profile(text: str, village: bool) -> None:
    assert extract(text).meta.village is village


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a gloss garbled by a wrong decoding (its "?" no question mark) does not end the sentence
        ("面積86平方公里,轄12個村,總?cè)丝?5021戶18260人,黨支部15個,黨員532人。", "party_members_total", {532}),
        ("面積86平方公里,轄12個村,以牦牛、山羊?yàn)橹,黨支部15個,黨員532人。", "party_members_total", {532}),
        # a real question mark still does
        ("面積86平方公里,轄12個村。怎麼辦?黨支部15個,黨員532人。", "party_members_total", set()),
    ],
)
def test_garbled_gloss_is_no_sentence_end(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected
    for f in extract_text(text)["facts"]:
        assert text[f["span"][0] : f["span"][1]] == f["evidence"]
