"""Behaviours added by the generalisation audit (tests/corpus_audit/README.md), one sentence each."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from etl.reports.meta import find_township, find_year, plan_sections
from etl.reports.textclean import clean_text

M = "masked"


def facts_of(text: str) -> set[tuple]:
    out = set()
    for f in extract_text(text)["facts"]:
        value = M if f["masked"] else f["value"]
        attrs = tuple(sorted(f["attrs"].items()))
        out.add((f["indicator"], value, f["qualifier"], f["target"], attrs))
    return out


def one(indicator: str, value: object, qualifier: str = "exact", target: bool = False, **attrs: object) -> tuple:
    return indicator, value, qualifier, target, tuple(sorted(attrs.items()))


CASES = [
    (
        "分别 pairs items and figures in order",
        "全年召开党委会、理论学习中心组学习会、专题党课分别为24次、12次、4次。",
        {one("party_committee_meetings", 24), one("central_group_study", 12), one("party_lectures", 4)},
    ),
    (
        "分别 with 和 and a shared qualifier",
        "全年发展党员和入党积极分子分别不少于8名、16名。",
        {one("party_members_new", 8, "over"), one("party_activists", 16, "over")},
    ),
    (
        "分别 then a shared verb",
        "镇党委书记、镇长分别讲党课3次、2次。",
        {one("party_lectures", 3), one("party_lectures", 2)},
    ),
    (
        "各 gives every item the figure",
        "给予警告、严重警告处分各2人。",
        {one("discipline_warnings", 2, severity="警告"), one("discipline_warnings", 2, severity="严重警告")},
    ),
    (
        "由 year's figure 增至 the current one",
        "全镇党支部由2022年的31个增至34个。",
        {one("party_branches", 31), one("party_branches", 34)},
    ),
    ("由 without a year: only the current figure", "全镇党支部由31个增至34个。", {one("party_branches", 34)}),
    (
        "a clause opening with 达到 continues the subject before",
        "农村居民人均可支配收入增长7%，达到2.3万元。",
        {one("rural_income_per_capita", 23000)},
    ),
    (
        "a 个-figure before a smaller unit counts that unit",
        "辖9个行政村42个村民小组。",
        {one("administrative_villages", 9)},
    ),
    (
        "其中 + the same indicator is a subset",
        "化解矛盾纠纷64件，其中重大疑难纠纷3件。",
        {one("disputes_resolved", 64)},
    ),
    (
        "a veto word in the next list item does not veto",
        "全年召开党委会48次、中心组学习会14次。",
        {one("party_committee_meetings", 48), one("central_group_study", 14)},
    ),
    ("a shared verb before the list still vetoes", "全年新注册家庭农场8个、合作社4个。", set()),
    (
        "a verb's objects may be a list",
        "累计培训党员、干部和入党积极分子560人次。",
        {one("training_participants", 560)},
    ),
    (
        "the context of a weak word may stand before a semicolon",
        "共有基层党组织二十九个，其中党支部二十六个；党员一千零三十六名。",
        {one("party_orgs_total", 29), one("party_branches", 26), one("party_members_total", 1036)},
    ),
    (
        "a rating class is not a count of branches",
        "评定先进党支部3个、一般党支部4个。",
        {one("party_orgs_advanced", 3)},
    ),
    (
        "a village named after 其中",
        "全乡9个行政村，其中阿都村集体经济收入达到32.6万元。",
        {one("administrative_villages", 9)},
    ),
    (
        "其中 is not a village name",
        "下设党支部11个，其中村党支部7个。",
        {one("party_branches", 11), one("party_branches", 7, type="农村")},
    ),
    ("villages below a threshold are not the total", "全镇仍有3个村集体经济收入低于5万元。", set()),
    ("a threshold for every village is not the total", "村级集体经济收入全部达到10万元以上。", set()),
    (
        "a threshold followed by 村 needs no income word",
        "50万元以上的村有6个。",
        {one("villages_income_above", 6, threshold=50)},
    ),
    (
        "建制村 counts as villages over a threshold",
        "全乡村级集体经济经营性收入达到302万元，11个建制村经营性收入均超过15万元。",
        {one("collective_income_total", 302, measure="经营性"), one("villages_income_above", 11, threshold=15)},
    ),
    (
        "总收入 after talk of collective income",
        "全乡7个村集体经济收入均超过10万元，总收入达到133.5万元。",
        # 全乡7个村…均 is also the count of the township's villages (spec; shared/realdev NOTES r39)
        {
            one("administrative_villages", 7),
            one("villages_income_above", 7, threshold=10),
            one("collective_income_total", 133.5),
        },
    ),
]


CASES += [
    (
        "a phrasing's noun before a longer counted noun",
        "指导全乡14个村党支部落实制度。",
        {one("party_branches", 14, type="农村")},
    ),
    (
        "a quoted rating before a branch",
        "力争打造“五星级”小区党支部10个。",
        {one("party_orgs_advanced", 10, target=True)},
    ),
    ("党工委 meetings of a 街道", "召开党工委会议31次。", {one("party_committee_meetings", 31)}),
    ("seasonal training classes", "举办党员春训班3期。", {one("training_sessions", 3)}),
]


@pytest.mark.parametrize(("label", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_general(label: str, text: str, expected: set[tuple]) -> None:
    assert facts_of(text) == expected


def test_chinese_digit_years() -> None:
    text = "石门镇党建工作总结\n二〇二二年，石门镇党委扎实工作。\n中共石门镇委员会\n二〇二三年一月十二日"
    clean = clean_text(text)
    assert "2022年" in clean.text and len(clean.text) == len(text)
    assert find_year(clean.text, []) == 2022


def test_inline_plan_heading() -> None:
    text = "一、基本情况。全乡辖11个建制村。\n四、下一步工作计划。力争新发展党员10名；举办党员培训班不少于5期。\n"
    assert plan_sections(text) == [(text.index("四"), len(text), None)]
    facts = extract_text("梅林乡2021年工作汇报\n" + text)["facts"]
    assert {(f["indicator"], f["target"], f["year"]) for f in facts if f["indicator"] == "training_sessions"} == {
        ("training_sessions", True, 2022)
    }


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("和平乡2022年基层党建工作总结\n和平乡党委坚持以党建引领乡村振兴。", "和平乡"),
        ("太和镇人民政府。太和镇党委研究部署。", "太和镇"),
        ("2023年工作总结\n镇党委和镇政府高度重视，本镇党委研究部署。", None),
    ],
)
def test_township_names_with_joiner_characters(text: str, name: str | None) -> None:
    assert find_township(text)[0] == name


@pytest.mark.parametrize(
    "table",
    [
        "项目　　　　2022年　2023年\n入党申请人　　38人　　45人\n发展党员　　　10人　　12人\n",
        "项目，2022年，2023年。\n入党申请人，38人，45人。\n发展党员，10人，12人。\n",
    ],
    ids=["text", "docx rows"],
)
def test_year_column_table(table: str) -> None:
    facts = extract_text("石桥乡2023年述职报告\n" + table + "二、存在不足\n")["facts"]
    got = {(f["indicator"], f["value"], f["year"]) for f in facts}
    assert got == {
        ("party_applicants", 38, 2022),
        ("party_applicants", 45, 2023),
        ("party_members_new", 10, 2022),
        ("party_members_new", 12, 2023),
    }


def test_rest_of_year_plan_aims_at_the_same_year() -> None:
    text = "新桥镇2024年上半年党建工作总结\n一、上半年工作\n召开党委会15次。\n二、下半年工作打算\n举办党员秋训班2期。\n"
    facts = {(f["indicator"], f["target"], f["year"]) for f in extract_text(text)["facts"]}
    assert facts == {("party_committee_meetings", False, 2024), ("training_sessions", True, 2024)}
