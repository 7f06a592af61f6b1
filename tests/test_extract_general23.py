"""Classes of rules from heldout14's first run (F1 .781, township .767, year .833), issue #11: settled mediation cases,
a county's make-up of townships and villages, a 街道's own villages, members beside rural branches, model branches,
induction training. Each a table of short phrasings in the way real pages write
them, with the negatives that keep the rule from reaching too far."""

from __future__ import annotations

import pytest

from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, expected",
    [
        # 调解成立 (settled, as Taiwan's mediation committees report) counts the resolved cases
        ("全年受理纠纷30件，调解成立28件。", {28}),
        ("受理調解件數有1,200件，調解成立件數1,050件，成立率達87%。", {1050}),
        ("调解委员会全年受理各式案件40件，其中35件调解成立。", {35}),
        ("受理调解案件52起，其中49起调解成功。", {49}),
        # the resolving verb alone after the disputes were named (矛盾 or 纠纷 on its own)
        ("本月排查矛盾26件，化解26件。", {26}),
        ("共排查纠纷14起，调处12起。", {12}),
        # the cases received are not resolved ones
        ("全年受理纠纷30件。", set()),
        ("调解成立率达到90%。", set()),
        # a part of the requests received is received too, whatever an earlier sentence said of mediation
        ("整合司法调解等窗口。累计受理各类诉求90件，其中矛盾纠纷70件，咨询20件。", set()),
        # …but the successes after the cases received still count
        ("筑牢矛盾纠纷第一道防线。全镇共受理案件60件，调处成功58件，成功率96%。", {58}),
    ],
)
def test_disputes_settled(text: str, expected: set[float]) -> None:
    assert values_of(text, "disputes_resolved") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a county's make-up: its townships, then its villages
        ("全县辖6镇2街，150个村，620个村民小组。", {150}),
        ("该县有常住人口20万人，12个乡镇(街道)98个行政村(社区)。", {98}),
        ("全区辖9个乡镇、120个行政村。", {120}),
        # villages of the people or of the project counted after them, or one project's townships, are not
        ("松山区共有4个乡镇、36个村的120名青年参加考试。", set()),
        ("该项目有3个乡镇12个村参与。", set()),
        ("组织专家深入3个乡镇12个村开展调研。", set()),
        # a 街道 speaks of its own villages as a 乡 or 镇 does
        ("我街道28个行政村从4月份开始换届。", {28}),
        ("全街道16个行政村均建成党群服务中心。", {16}),
        # (the ones that have done it so far are a part)
        ("我街道28个行政村从4月份开始换届，已平稳换届的有26个村。", {28}),
    ],
)
def test_villages_of_a_whole_area(text: str, expected: set[float]) -> None:
    assert values_of(text, "administrative_villages") == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the members counted right after the rural branches are the rural members (not the total)
        ("某街道現有25個農村黨支部，黨員980人，其中女黨員200人。", "party_members_rural", {980}),
        ("某街道現有25個農村黨支部，黨員980人，其中女黨員200人。", "party_members_total", set()),
        ("全镇现有12个党支部，党员500人。", "party_members_total", {500}),
        ("全镇现有12个党支部，党员500人。", "party_members_rural", set()),
        # the model branches of the 最强党支部 programme are advanced organisations
        ("着力发挥基层党组织作用，创建最强党支部4个，创建率达到40%。", "party_orgs_advanced", {4}),
        ("全镇共有党支部12个。", "party_orgs_advanced", set()),
        # the cadres a training was organised for are its participants
        ("组织新当选的96名村两委干部集中进行上岗培训。", "training_participants", {96}),
        ("组织45名党员开展集中轮训。", "training_participants", {45}),
        ("组织20名党员开展志愿服务。", "training_participants", set()),
    ],
)
def test_heldout14_phrasings(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected
