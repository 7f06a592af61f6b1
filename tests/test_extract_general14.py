"""Classes of rules from the real development set dev5: its fact misses, each a table of short phrasings in the way
real reports write them, with the negatives that keep the rule from reaching too far."""

from __future__ import annotations

import pytest

from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the sessions, then the people they reached in the next clause
        ("今年以来，镇司法所开展调解业务培训6次，涉及210余人。", "training_participants", {210}),
        ("全年组织网格员轮训3期，参训人员达150人。", "training_participants", {150}),
        ("全年开展业务培训3次，涉及问题12个。", "training_participants", set()),
        # the people a training was given to (对N名…进行了培训)
        ("对860名村级调解骨干进行了集中培训。", "training_participants", {860}),
        ("对32名后进党员进行了谈心谈话。", "training_participants", set()),
        ("先后对全乡75名村级后备干部进行了系统培训。", "training_participants", {75}),
        # the attendance, then the training it came to
        ("各村两委干部、部分群众代表共计45人参加本次培训会。", "training_participants", {45}),
        # trainees named by their role (调解员, 网格员, 骨干)
        ("共有90余名网格员参加了培训班。", "training_participants", {90}),
        ("共有90余名网格员参加了巡查。", "training_participants", set()),
        # the class named first, its attendance by role after it
        ("镇里举办1期网格员法律知识培训班，全镇40余名网格员参加。", "training_participants", {40}),
        # the sessions, then whom the class is for (a bracket inside), then the class
        ("区司法局举办3期村(社区)调解员(兼职)业务培训班，邀请律师授课。", "training_sessions", {3}),
        ("镇里举办2期外出务工人员技能培训班。", "training_sessions", set()),
    ],
)
def test_training_counted_around_the_class(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the attempts, then the successes with the bare word 成功; the 其中 breakdown is not the figure
        ("调委会共调处各类邻里纠纷46件，成功44件，其中土地纠纷12件，婚姻纠纷9件。", "disputes_resolved", {44}),
        # a clause with the share alone stands between the attempts and the successes
        ("全镇受理矛盾纠纷320件，调处320件，调处率100%，调处成功301件。", "disputes_resolved", {301}),
        ("全镇调处矛盾纠纷320件，调处率100%。", "disputes_resolved", {320}),
    ],
)
def test_disputes_resolved_are_the_successes(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a profile sentence: the township's population, then its villages and branches
        ("全镇总人口2.3万人，有14个村，21个党支部。", "administrative_villages", {14}),
        ("全乡国土面积96平方公里，总人口1.8万人，有10个村，1个社区。", "administrative_villages", {10}),
        ("全镇总人口2.3万人，有14个村成立了合作社。", "administrative_villages", set()),
        # 牧委会: the village committees of a herding county
        ("该县下辖2镇6乡、41个牧委会。", "administrative_villages", {41}),
        # the party statistics' coverage list ends with the villages
        (
            "全国共有党员9100万名。全国8200个城市街道、30100个乡镇、498000个行政村已建立党组织。",
            "administrative_villages",
            {498000},
        ),
        ("8200个城市街道、30100个乡镇已建立党组织。", "administrative_villages", set()),
    ],
)
def test_villages_in_profiles_and_bulletins(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a trade word between the unit and 合作社
        ("全乡现有68家养殖合作社。", "cooperatives", {68}),
        ("该县下辖3镇5乡、40个牧委会、86个畜牧合作社。", "cooperatives", {86}),
        # production teams below a village are not cooperatives
        ("该乡下辖9个行政村、27个生产合作社。", "cooperatives", set()),
        # nor the villages that set one up
        ("全镇现有5个村成立了合作社。", "cooperatives", set()),
    ],
)
def test_cooperatives_of_a_trade(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # services counted, named as volunteer service in the next clause
        ("依托8个实践站，开展宣讲、助残等服务960场，累计参与志愿服务5000余人次。", "volunteer_activities", {960}),
        ("开展政策宣讲、敬老助残等服务960场，累计参与群众5000余人次。", "volunteer_activities", set()),
    ],
)
def test_volunteer_services_named_next(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the unit a team is grouped by, and the slogan, count no branches
        ("该镇以党支部为一个单位，组建了巡河队。", "party_branches", set()),
        ("一个支部就是一座堡垒，一名党员就是一面旗帜。", "party_branches", set()),
        ("全镇共有党支部42个。", "party_branches", {42}),
    ],
)
def test_branch_words_that_count_nothing(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # 咱村 / 咱们村: a villager speaking of his own village, whose figures are the village's
        ("拿咱村来说，分成了9个网格，每格40户左右。", "grids_total", set()),
        ("咱们村现有党员38名。", "party_members_total", set()),
        ("全镇共划分网格86个。", "grids_total", {86}),
    ],
)
def test_a_villager_speaks_of_his_village(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected
