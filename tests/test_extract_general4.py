"""Behaviours added after audit round 4 (tests/corpus_audit4/README.md), one invented sentence each."""

from __future__ import annotations

import pytest

from tests.test_extract_general import facts_of, one

HEAD = "2022年青石镇党建工作总结\n青石镇党委坚持抓党建促发展，与白沙乡、红岩镇相邻。\n"

CASES = [
    (
        "another named township as the subject is not the report's",
        HEAD + "红岩镇共有党员980名，全镇共有党员1,127名。",
        {one("party_members_total", 1127)},
    ),
    (
        "another township's party committee, and its subject carried to the next clause",
        HEAD + "白沙乡党委同期发展党员9名，培训党员300人次。",
        set(),
    ),
    (
        "a joint figure of several townships, carried to the clause after",
        HEAD + "三乡镇联合举办党员培训班2期，培训党员120人次。",
        set(),
    ),
    (
        "the own township named as subject still counts",
        HEAD + "青石镇党委全年发展党员12名，白沙乡共有党员800名，我镇共有党员1,000名。",
        {one("party_members_new", 12), one("party_members_total", 1000)},
    ),
    (
        "an ethnic alias of the own township still counts",
        "2022年长城彝族乡党建工作总结\n长城乡党委全年发展党员7名。长城彝族乡党委全年召开党委会议20次。",
        {one("party_members_new", 7), one("party_committee_meetings", 20)},
    ),
    (
        "a verb before 镇党委 is not a township name",
        HEAD + "督促镇纪委全年立案查处违纪案件5件。",
        {one("discipline_cases", 5)},
    ),
    (
        "a bracketed note between trigger and figure is transparent; its word does not claim the figure",
        "全年确定入党积极分子（含村级后备力量）44名。",
        {one("party_activists", 44)},
    ),
    (
        "a quoted programme name in brackets between trigger and figure",
        "开展志愿服务活动（“我为群众办实事”）136场次。",
        {one("volunteer_activities", 136)},
    ),
    (
        "a long procedural note in brackets",
        "全年列为发展对象（经县委组织部备案）23名。",
        {one("party_development_targets", 23)},
    ),
    (
        "a trigger inside the note still serves when none stands before it",
        "评定过硬党支部（先进党支部）9个。",
        {one("party_orgs_advanced", 9)},
    ),
    (
        "a 项目：数值 label that is the count itself needs no 辖/共有",
        "一、基本情况\n行政村数：38个\n",
        {one("administrative_villages", 38)},
    ),
    (
        "a second figure of a 项目：数值 line counts under its label",
        "二、主要指标\n党员培训：8期，1,960人次\n",
        {one("training_sessions", 8), one("training_participants", 1960)},
    ),
    ("a count of villages below a threshold is not one above it", "有4个村集体经济收入仍在10万元以下。", set()),
    ("低于 before the threshold", "全镇集体经济收入低于5万元的村有3个。", set()),
    (
        "a heading: count of villages first, 村收入 without 集体",
        "（三）壮大集体经济，8个村收入超过20万元\n",
        {one("villages_income_above", 8, threshold=20)},
    ),
    ("上千 before 户", "走访群众上千户。", {one("households_visited", 1000, "over")}),
    ("近千 before 户", "走访群众近千户。", {one("households_visited", 1000, "approx")}),
    ("十几 is 十余", "党支部领办合作社达到十几家。", {one("cooperatives", 10, "over")}),
    ("几十 is no number", "培训党员几十名。", set()),
    ("人数 before 十二 is still a number", "党员人数十二名。", {one("party_members_total", 12)}),
    (
        "a three-character village name with a transliteration",
        "2022年，托万克村（Towen Kent）集体经济收入达到46万元。",
        set(),
    ),
    (
        "named villages summed up as a count are the township's",
        "石板沟村、下马坊村、青杠林村等3个村被评为五星支部。",
        {one("party_orgs_advanced", 3)},
    ),
    (
        "a plan's clause naming an earlier year, with no plan word, is achieved",
        "白沙乡2024年党建工作计划\n2023年全乡共有党员1,000名，2024年力争发展党员12名。",
        {one("party_members_total", 1000), one("party_members_new", 12, target=True)},
    ),
    ("a temporary branch is not the stock of branches", "全镇成立临时党支部23个。", set()),
    ("a model service centre is a facility, not a model organisation", "建成村级党群服务中心示范点3个。", set()),
    (
        "新增 before a count of organisations is a change, the level is the count",
        "力争新增五星级党支部2个，全乡五星级党支部达到5个。",
        {one("party_orgs_advanced", 5, target=True)},
    ),
    (
        "a clause opening with its own year and 力争达到 carries the subject of the clause before",
        "白沙乡2024年党建工作计划\n2023年全乡村级集体经济总收入为186万元，2024年力争达到220万元。",
        {one("collective_income_total", 186), one("collective_income_total", 220, target=True)},
    ),
]


def test_field_lines_are_not_joined_as_wrapped_text() -> None:
    text = (
        "王庄镇2023年基层党建工作情况报告\n项目：2023年完成情况\n全镇农村居民人均可支配收入：23,560元\n矛盾纠纷化解：216件\n"
        "全镇村级集体经济收入总额合计：862.4万元\n全镇集体经济收入20万元以上的村：24个\n全镇入户走访群众户数累计合计：8,640户\n"
    )
    assert {one("rural_income_per_capita", 23560), one("disputes_resolved", 216)} <= facts_of(text)


@pytest.mark.parametrize(("label", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_general4(label: str, text: str, expected: set[tuple]) -> None:
    assert facts_of(text) == expected
