"""Classes of rules from the real set heldout8 (issue #11, round 11: people, sessions, discipline, members), each a
table of short phrasings in the way real reports write them, with the negatives that keep the rule from reaching too
far."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, expected",
    [
        # the sessions of a class named in quotes whose head noun is the class (两 = 2)
        ("市委组织部举办了两期“村党组织书记任职暨脱贫攻坚、乡村振兴示范培训班”。", {2}),
        ("镇党委开展3次“不忘初心”专题轮训。", {3}),
        # a quoted name that is no training
        ("镇里举办了两期“乡村振兴”论坛。", set()),
        ("组织开展2场“红色文艺”演出。", set()),
        # batches (批) of people sent to a training or an education: one session each
        ("先后组织2批120多名村干部赴昌吉监狱接受警示教育。", {2}),
        ("分两批组织60名党员到县委党校培训。", {2}),
        # a study tour is no training (realdev), 一批 is "a batch of", and batches of other things are no sessions
        ("分两批共计60余名村两委主要领导到南疆考察、观摩畜牧业。", set()),
        ("培育一批致富带头人，打造一批示范村。", set()),
        ("先后筹集资金140多万元，分两批建设了107个远程教育终端站点。", set()),
    ],
)
def test_training_sessions_named_and_batches(text: str, expected: set[float]) -> None:
    assert values_of(text, "training_sessions") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # cadres sent somewhere to receive an education (警示教育 is training, spec)
        ("先后组织2批120多名村干部赴昌吉监狱接受警示教育。", {120}),
        ("组织45名党员干部到廉政教育基地接受廉政教育。", {45}),
        # the class's trainees, taken to its site teaching
        ("镇党委举办乡村振兴专题培训班,组织管区书记、部分村党支部书记共计29人赴莱西参观学习。", {29}),
        # a study tour with no class named stays out
        ("组织管区书记、部分村党支部书记共计29人赴莱西参观学习。", set()),
        # the trainees (学员) of a class
        ("专题干部培训班在乡村振兴学院开班,首期53名学员参加。", {53}),
        # this training's attendance, the list of who came before it
        (
            "此次培训采用专题辅导和现场教学相结合的方式,由区乡村振兴局负责组织实施,镇(街道)干部及区乡村振兴局"
            "干部共计36人参加。",
            {36},
        ),
        # an institution's own record (该学院), not the report's
        ("自2019年创建以来,该学院已为26个省份的近8万名干部提供培训服务。", set()),
        ("今年以来,该镇已为800名干部提供培训。", {800}),
    ],
)
def test_training_participants_sent_classes_and_trainees(text: str, expected: set[float]) -> None:
    assert values_of(text, "training_participants") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the discipline cases dealt with; the 其中 part is a breakdown
        ("全镇纪委查处党员干部违法违纪案件30件,其中涉及村干部违纪案件27件。", {30}),
        ("立案查处违纪违法案件 9 件。", {9}),
        # cases handled that are not breaches of discipline
        ("镇纪委查处信访件2件。", set()),
        ("查处违章建筑案件5件。", set()),
    ],
)
def test_discipline_cases_dealt_with(text: str, expected: set[float]) -> None:
    assert values_of(text, "discipline_cases") == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the members closing an inventory, with 多
        ("牛街街道共有56个基层党组织、2800多名党员。", "party_members_total", {2800}),
        # a sentence counting enterprises (家) that set up organisations gives their members, not the total
        ("现有33家企业建立了党组织,其中,企业党委3个、企业支部30个,共有党员390人。", "party_members_total", set()),
        ("现有33家企业建立了党组织,其中,企业党委3个、企业支部30个,共有党员390人。", "party_branches", {30}),
        ("全镇共有党组织45个,其中农村党支部30个、非公企业党支部5个,共有党员1500名。", "party_members_total", {1500}),
        # a number after a demonstrative refers back to the items just named
        ("抓住了乡、嘎查、党员中心户、牧民党员这四个主体。", "party_members_rural", set()),
        ("全乡共有牧民党员四十名。", "party_members_rural", {40}),
        ("对上述3个软弱涣散村党组织进行整顿。", "party_orgs_weak_rectified", set()),
    ],
)
def test_members_of_whom(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, facts",
    [
        # 街道工委 (街道党工委 shortened) names the township's own organ: a community's 社区党委 beside it does not make
        # the piece a community's own document
        ("牛街街道工委书记王其志在讲习所开课。讲习所是西里二区社区党委打造的。牛街街道共有2800多名党员。", 1),
        ("西里二区社区党委打造了讲习所。社区共有党员280名。", 0),
    ],
)
def test_township_organ_shortened(text: str, facts: int) -> None:
    assert len(extract_text(text)["facts"]) == facts


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the village and community members as stated, and the floating members as their part
        ("该市农村(社区)党员总共21451人,其中流动党员2857人、占13.3%。", "party_members_rural", {21451}),
        ("该市农村(社区)党员总共21451人,其中流动党员2857人、占13.3%。", "party_members_floating", {2857}),
        # the members who came back to take part, and who one is (作为一名), are no stock
        ("32个试点村安排在假期举行换届选举,573名流动党员返乡参加。", "party_members_floating", set()),
        ("我作为一名流动党员,必须履行好党员的义务。", "party_members_floating", set()),
        ("将23名流动党员纳入微信群开展线上学习。", "party_members_floating", {23}),
        # a city's own members (全市 is its own scope); in a township's report 全市 is a wider area's
        (
            "截至2021年6月,全市党员33.81万名,比2019年底净增1.2万名;全市基层党组织1.97万个。",
            "party_members_total",
            {338100},
        ),
        ("白沙镇党委：全市党员33.81万名,全镇党员1256名。", "party_members_total", {1256}),
    ],
)
def test_members_stated_and_parts(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the times a team went somewhere to train (到 a place is no band 3次到三…)
        ("市里已组织专家学者3次到三江乡进行干部培训。", "training_sessions", {3}),
        ("乡村干部也3次到惠州进行考察和学习。", "training_sessions", set()),
        # a band written with 到 still has no low end as a figure
        ("全年培训党员300人次到500人次。", "training_participants", set()),
        # a training meeting named, who came in the next sentence (参与 as 参加)
        (
            "野人谷镇组织开展了“法律明白人”专题培训会。全镇村“两委”干部、人民调解员及群众代表共130余人参与。",
            "training_participants",
            {130},
        ),
    ],
)
def test_training_trips_and_meetings(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected
