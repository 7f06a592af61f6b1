"""etl.reports.extract: sentences → facts, one line per behaviour. See also test_extract_corpus.py (whole passages)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.reports.extract import extract, extract_text
from etl.reports.meta import extract_meta, find_county, find_township, plan_sections
from etl.reports.patterns import build_rules
from etl.reports.textclean import clean_text
from store.catalog import load_catalog

M = "masked"


def facts_of(text: str) -> set[tuple]:
    """(indicator, value|M, qualifier, target, attrs) of each fact, for compact expectations."""
    out = set()
    for f in extract_text(text)["facts"]:
        value = M if f["masked"] else f["value"]
        out.add((f["indicator"], value, f["qualifier"], f["target"], tuple(sorted(f["attrs"].items()))))
    return out


def one(indicator: str, value: object, qualifier: str = "exact", target: bool = False, **attrs: object) -> tuple:
    return indicator, value, qualifier, target, tuple(sorted(attrs.items()))


MATCHING = [
    ("number after trigger", "全年培训党员438人次。", {one("training_participants", 438)}),
    ("number before noun", "评定出14个先进党组织。", {one("party_orgs_advanced", 14)}),
    ("number before verb+noun", "全年组织召开6次党委会专题研究党建工作。", {one("party_committee_meetings", 6)}),
    ("trigger far before number", "召开党委会专题研究意识形态工作2次。", {one("party_committee_meetings", 2)}),
    (
        "list sharing a verb",
        "共有入党申请人6人，入党积极分子9人。",
        {one("party_applicants", 6), one("party_activists", 9)},
    ),
    (
        "weak trigger after 共有",
        "全镇共有党支部12个、党员356名。",
        {one("party_branches", 12), one("party_members_total", 356)},
    ),
    ("weak trigger without context", "组织党员300名参加植树。", set()),
    (
        "part: type",
        "有3个机关党支部，15个农村党支部。",
        {one("party_branches", 3, type="机关"), one("party_branches", 15, type="农村")},
    ),
    (
        "part: level",
        "设立了2个一级网格，18个二级网格和96个三级网格。",
        {one("grids_total", 2, level=1), one("grids_total", 18, level=2), one("grids_total", 96, level=3)},
    ),
    (
        "part: severity",
        "警告处理3人，严重警告1人。",
        {one("discipline_warnings", 3, severity="警告"), one("discipline_warnings", 1, severity="严重警告")},
    ),
    ("part: status", "共有规范运营的合作社21个。", {one("cooperatives", 21, type="规范运营")}),
    ("threshold, count first", "8个村村集体经济收入达10万元以上。", {one("villages_income_above", 8, threshold=10)}),
    ("threshold, count after", "集体经济收入达20万元以上的村有5个。", {one("villages_income_above", 5, threshold=20)}),
    (
        "threshold inherited",
        "集体经济收入50万元以上的村有2个，10万元以上的村有9个。",
        {one("villages_income_above", 2, threshold=50), one("villages_income_above", 9, threshold=10)},
    ),
    ("threshold in 元", "3个村集体经济收入超过50000元。", {one("villages_income_above", 3, threshold=5)}),
    ("money to 万元", "全乡村级集体经济总收入5000元。", {one("collective_income_total", 0.5)}),
    ("money 亿元", "全镇村级集体经济总收入1.3亿元。", {one("collective_income_total", 13000)}),
    ("per capita in 元", "农民人均纯收入1.2万元。", {one("rural_income_per_capita", 12000)}),
    ("percent sign", "培训覆盖率达到64%。", {one("training_coverage_rate", 64)}),
    ("full-width percent", "网格化管理覆盖率１００％。", {one("grid_coverage_rate", 100)}),
    ("chinese percent", "参训率达百分之九十八。", {one("training_coverage_rate", 98)}),
    ("chinese numerals", "全年发展党员十二名。", {one("party_members_new", 12)}),
    ("两", "讲党课两次。", {one("party_lectures", 2)}),
    ("lone 一 counts", "通报批评一人次。", {one("circulated_criticism", 1)}),
    ("qualifier 余", "培训党员群众100余人。", {one("training_participants", 100, "over")}),
    ("qualifier 约", "化解矛盾纠纷约30起。", {one("disputes_resolved", 30, "approx")}),
    ("qualifier 不足", "走访农户不足500户。", {one("households_visited", 500, "under")}),
    ("qualifier 以上", "培训党员干部2000人以上。", {one("training_participants", 2000, "over")}),
    ("range", "化解矛盾纠纷30至40起。", {one("disputes_resolved", 30, "over")}),
    ("masked X", "共有党员XX名。", {one("party_members_total", M)}),
    ("masked stars", "全年给予党纪立案*人。", {one("discipline_cases", M)}),
    ("masked ×", "诫勉谈话××人次。", {one("admonishment_talks", M)}),
    ("partly masked", "划分网格X7个。", {one("grids_total", M)}),
    ("masked over", "开展志愿服务活动X余场次。", {one("volunteer_activities", M, "over")}),
    ("unit must fit", "培训党员438篇。", set()),
    ("percent is not a count", "党员培训率达96%，化解矛盾纠纷率99%。", {one("training_coverage_rate", 96)}),
    ("trigger in another clause", "培训党员工作扎实，共438人次。", set()),
    ("relative clause between", "培训后上岗的网格员120名。", set()),
    ("其中 after another indicator", "全年发展党员8名，其中农村党员6名。", {one("party_members_new", 8)}),
    (
        "其中 after the total",
        "共有党员640名，其中农村党员512名。",
        {one("party_members_total", 640), one("party_members_rural", 512)},
    ),
    ("county figure", "全县共有党员35,000名，全镇共有党员1,200名。", {one("party_members_total", 1200)}),
    (
        "urban income",
        "城镇居民人均可支配收入32,000元，农村居民人均可支配收入15,000元。",
        {one("rural_income_per_capita", 15000)},
    ),
    ("的人数 keeps the trigger", "全年培训党员的人数达到1200人次。", {one("training_participants", 1200)}),
    ("head noun wins", "全镇有12个网格党支部。", {one("party_branches", 12, type="网格")}),
    ("change is not a total", "党员总数比上年增加12人。", set()),
    ("subset with 被", "有3名村后备干部被推荐为候选人。", set()),
    ("vocational training", "完成技能培训320人。", set()),
    ("newly registered cooperatives", "新注册成立合作社5家。", set()),
    ("rate per month", "班子成员每月到村调研2次，每季度上1次党课。", set()),
    ("activity villages", "为10个村更换饮水管道。", set()),
    ("all villages", "全乡7个村均建成党群服务中心。", {one("administrative_villages", 7)}),
    ("villages covered", "深入7个行政村开展全覆盖摸排。", {one("administrative_villages", 7)}),
    ("poor villages are not all villages", "辖区内4个贫困村全部出列。", set()),
    ("named village", "卜戛村集体经济收入达到28万元。", set()),
    ("this village", "该村培训党员45人次。", set()),
    ("masked village", "XX村吸纳后备干部3人。", set()),
    ("township scope after village", "在卜戛村召开现场会，全镇培训党员300人次。", {one("training_participants", 300)}),
]


@pytest.mark.parametrize(("label", "text", "expected"), MATCHING, ids=[m[0] for m in MATCHING])
def test_matching(label: str, text: str, expected: set[tuple]) -> None:
    assert facts_of(text) == expected


NOT_QUANTITIES = [
    ("quoted slogan", "落实“三会一课”“两个维护”“四个意识”“五个一批”制度。"),
    ("quoted programme with digits", "严格落实“6322”工程和“3322”工作机制、“535”工作机制。"),
    ("formula", "采取“1＋1＋3”模式和1+1+N工作法。"),
    ("programme name unquoted", "实施6322工程，推行535工作机制。"),
    ("ordinals", "一是加强学习；二是强化监督；（三）抓好落实；第一书记带头。"),
    ("ordinal count", "围绕区委第**次党代会精神，召开第3次党员大会。"),
    ("years", "2023年党建工作扎实推进，2019年－2023年持续发力。"),
    ("dates", "3月15日召开全体党员大会，1-10月完成任务。"),
    ("ages", "35岁以下党员占比提高，60岁以上党员42名参加活动。"),
    ("document title", "学习《2023年党员教育培训工作规划》和《关于培训党员100人次的通知》。"),
    ("phone", "公布举报电话0851-8123456和13800001234。"),
    ("anniversary", "庆祝建党102周年。"),
    ("one-one slogans", "实行一人一档、一村一品，一次性告知。"),
]


@pytest.mark.parametrize(("label", "text"), NOT_QUANTITIES, ids=[n[0] for n in NOT_QUANTITIES])
def test_names_are_not_quantities(label: str, text: str) -> None:
    assert facts_of(text) == set()


TARGETS = [
    ("plan section", "2023年工作总结\n一、工作成效\n全年发展党员6名。\n二、下一步工作打算\n发展党员不少于8名。", 2024),
    ("plan heading year", "2022年工作总结\n三、2024年工作计划\n党委中心组学习会不少于X次。", 2024),
    ("strive with year", "2023年工作总结\n到2025年底，力争培训党员1000人次。", 2025),
    ("strive without year", "2023年工作总结\n力争培训党员1000人次。", 2024),
    ("not less, future year", "2023年工作总结\n2024年培训党员不少于1000人次。", 2024),
]


@pytest.mark.parametrize(("label", "text", "year"), TARGETS, ids=[t[0] for t in TARGETS])
def test_targets_and_their_year(label: str, text: str, year: int) -> None:
    facts = extract_text(text)["facts"]
    assert facts[-1]["target"] is True
    assert facts[-1]["year"] == year
    assert all(not f["target"] for f in facts[:-1])


def test_not_less_in_past_is_achieved() -> None:
    facts = extract_text("2023年工作总结\n全年召开党委会不少于20次。")["facts"]
    assert [(f["target"], f["year"], f["qualifier"]) for f in facts] == [(False, 2023, "over")]


def test_explicit_year_wins_over_report_year() -> None:
    facts = extract_text("2023年工作总结\n2022年发展党员6名，2023年发展党员8名。")["facts"]
    assert [(f["value"], f["year"]) for f in facts] == [(6, 2022), (8, 2023)]


META = [
    (
        "title and alias",
        "2023年长城乡党建工作情况汇报\n长城乡党委开展学习。长城彝族乡召开会议。",
        "长城乡",
        2023,
        "情况汇报",
    ),
    ("ethnic only", "金竹彝族乡2022年工作总结\n金竹彝族乡党委召开会议。", "金竹彝族乡", 2022, "工作总结"),
    ("masked township", "XXX镇党委2023年述职报告\nXXX镇党委召开会议。", None, 2023, "述职报告"),
    ("stars township", "2022年以来，**镇党委坚持学习。现将主要工作报告如下", None, 2022, "工作报告"),
    ("generic 乡镇", "2020年乡镇党委书记抓党建工作述职报告\n按照安排报告如下。", None, 2020, "述职报告"),
    ("one year with title year", "2021年党委工作总结\n一年来，石桥镇党委坚持学习。", "石桥镇", 2021, "工作总结"),
    ("latest year in body", "石桥镇党委工作报告\n2022年完成任务。2023年上半年持续推进。", "石桥镇", 2023, "工作报告"),
    (
        "plan years ignored",
        "石桥镇党委工作报告\n2022年完成任务。\n三、下一步打算\n2023年继续推进。",
        "石桥镇",
        2022,
        "工作报告",
    ),
    ("street office", "东城街道党工委2023年工作总结\n东城街道党工委召开会议。", "东城街道", 2023, "工作总结"),
]


@pytest.mark.parametrize(("label", "text", "township", "year", "doc_type"), META, ids=[m[0] for m in META])
def test_report_metadata(label: str, text: str, township: str | None, year: int, doc_type: str) -> None:
    meta = extract_meta(clean_text(text).text)
    assert (meta.township, meta.year, meta.doc_type) == (township, year, doc_type)


def test_township_aliases() -> None:
    name, aliases = find_township("2023年长城乡党建工作情况汇报\n长城乡党委开展学习。中共长城彝族乡委员会召开会议。")
    assert name == "长城乡" and aliases == ["长城彝族乡"]


@pytest.mark.parametrize(
    ("text", "county"),
    [
        ("实施丘北县2023年对口帮扶项目。", "丘北县"),
        ("在宁远县委的领导下，宁远县委组织部部署。", "宁远县"),
        ("坚决落实区市县党委决策，按照县委要求。", None),
    ],
)
def test_county(text: str, county: str | None) -> None:
    assert find_county(text) == county


def test_plan_sections_end_at_next_heading() -> None:
    text = "一、成效\n甲。\n二、下一步打算\n乙。\n三、保障措施\n丙。"
    [(start, end, year)] = plan_sections(text)
    assert text[start:end] == "二、下一步打算\n乙。\n" and year is None


def test_traditional_gives_same_facts_with_spans_into_original() -> None:
    simp = "枫林镇党委现有党员534名，全年培训党员干部820人次。"
    trad = "楓林鎮黨委現有黨員534名，全年培訓黨員幹部820人次。"
    got_s, got_t = extract_text(simp), extract_text(trad)
    strip = [{k: v for k, v in f.items() if k != "evidence"} for f in got_s["facts"]]
    assert strip == [{k: v for k, v in f.items() if k != "evidence"} for f in got_t["facts"]]
    assert got_t["township"] == "枫林镇"
    for f in got_t["facts"]:
        assert trad[f["span"][0] : f["span"][1]] == f["evidence"]


@pytest.mark.parametrize(
    "text",
    [
        "开展理论中心组学##paidbegin##习8次，培训党员438人次。",
        "##paidbegin##开展理论中心组学习8次，培训党员##paidend##438人次。",
        "工作汇报（3631字）\n开展理论中心组学习8次，培训党员43（12字）8人次。",
    ],
)
def test_artefacts_removed_even_inside_words(text: str) -> None:
    facts = extract_text(text)["facts"]
    assert [(f["indicator"], f["value"]) for f in facts][:1] == [("central_group_study", 8)]
    for f in facts:
        assert text[f["span"][0] : f["span"][1]] == f["evidence"]


LAYOUT = [
    (
        "spaces inside Chinese text",
        "全镇共有党员 426 名，2023 年培训党员 438 人次。",
        [("party_members_total", 426), ("training_participants", 438)],
    ),
    (
        "line wrapped inside a word",
        "\n".join(
            ["一年来，镇党委坚持以党建引领基层治理，各项工作取得新的成效，全年培训党"]
            + ["员438人次，开展理论中心组学习12次，党员干部的理论水平明显提高，各项工作取"]
            + ["得了新的进展，群众满意度不断提升，社会大局保持和谐稳定，各项事业全面发展。"] * 4
        ),
        [("training_participants", 438), ("central_group_study", 12)],
    ),
    (
        "short lines are kept apart",
        "2023年工作总结\n一、成效\n培训党员438人次。\n二、下一步打算\n培训党员500人次。",
        [("training_participants", 438), ("training_participants", 500)],
    ),
]


@pytest.mark.parametrize(("label", "text", "expected"), LAYOUT, ids=[x[0] for x in LAYOUT])
def test_layout_does_not_split_sentences(label: str, text: str, expected: list[tuple[str, int]]) -> None:
    facts = extract_text(text)["facts"]
    assert [(f["indicator"], f["value"]) for f in facts] == expected
    for f in facts:
        assert text[f["span"][0] : f["span"][1]] == f["evidence"]


def test_spec_shape() -> None:
    out = extract_text("2023年长城乡工作汇报\n长城乡党委培训党员438人次。", source="a.txt")
    assert set(out) == {"source", "township", "year", "county", "doc_type", "facts"}
    [f] = out["facts"]
    assert f == {
        "indicator": "training_participants",
        "value": 438,
        "unit": "人次",
        "qualifier": "exact",
        "masked": False,
        "attrs": {},
        "year": 2023,
        "target": False,
        "evidence": "培训党员438人次",
        "span": [18, 27],
    }


def test_adding_a_synonym_changes_extraction_without_code() -> None:
    text = "全年组织红色教育研学班3期。"
    assert extract(text).facts == []
    specs = tuple(
        dataclasses.replace(s, synonyms=(*s.synonyms, "红色教育研学班")) if s.key == "training_sessions" else s
        for s in load_catalog()
    )
    facts = extract(text, rules=build_rules(specs)).facts
    assert [(f["indicator"], f["value"]) for f in facts] == [("training_sessions", 3)]


def test_every_catalog_phrasing_extracts_its_indicator() -> None:
    for spec in load_catalog():
        for phrasing in spec.phrasings:
            if "N" not in phrasing:
                continue
            sentence = phrasing.split(" (")[0].replace("M", "10").replace("N", "12") + "。"
            if spec.key == "administrative_villages" and not any(w in sentence for w in ("辖", "全")):
                continue
            got = {f["indicator"] for f in extract_text(sentence)["facts"]}
            assert spec.key in got, f"{spec.key}: {sentence}"


ALPHABET = (
    "党员支部培训人次名个户万元%％XX**×一二两十百千0123456789,.，。；：、\n “”《》（）"
    "镇乡村全辖共有以上余约不少于下一步力争2023年##paidbegin##（12字）黨員鄉鎮 "
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=300))
def test_any_text_gives_valid_facts(text: str) -> None:
    out = extract_text(text)
    for f in out["facts"]:
        start, end = f["span"]
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == f["evidence"]
        assert f["qualifier"] in ("exact", "over", "approx", "under")
        assert (f["value"] is None) == f["masked"]
