"""Narrative: number formatting, templates, every number accounted for, the edge cases of the issue, export, CLI."""

from __future__ import annotations

import argparse
import io
import json
import re
from collections import Counter

import pytest
from docx import Document
from docx.oxml.ns import qn

from etl.commands import narrative as cmd_narrative
from etl.demo.sample import NEW_IN_2023, SILENT_IN_2023, TOWNSHIPS, YEARS, build_sample
from etl.load import FactIn, SourceIn, load_source
from narrative import NarrativeError, generate, generate_county_set
from narrative.export import chinese_ordinal, to_docx, to_txt
from narrative.numbers import fmt_amount, fmt_percent, numbers_in, parse_amount, shown_decimals
from narrative.templates import TemplateFileError, load_templates, parse_templates
from store.access import SYSTEM
from store.regions import add_region, ensure_chain
from store.session import session_factory
from tests.conftest import BACKENDS
from tests.db_templates import built_database, sample_county

# ---- numbers: case tables ---------------------------------------------------------------------------------

AMOUNTS = [
    ((438, "人次", "exact"), "438人次"),
    ((100, "人次", "over"), "100余人次"),
    ((1500, "户", "over"), "1500余户"),
    ((9, "次", "over"), "9次以上"),
    ((12, "人", "over"), "12人以上"),
    ((12.5, "万元", "over"), "12.5万元以上"),
    ((30, "户", "approx"), "约30户"),
    ((10, "人", "under"), "不足10人"),
    ((64, "%", "exact"), "64%"),
    ((64, "%", "over"), "64%以上"),
    ((97.25, "%", "exact"), "97.3%"),
    ((356.78, "万元", "exact"), "356.78万元"),
    ((12.0, "次", "exact"), "12次"),
]


@pytest.mark.parametrize(("args", "text"), AMOUNTS)
def test_fmt_amount(args, text):
    assert fmt_amount(*args) == text


RESCALED = [
    ((14500, "元"), "1.45万元"),
    ((14520, "元"), "14520元"),
    ((13000, "万元"), "1.3亿元"),
    ((12345.67, "万元"), "12345.67万元"),
    ((9800, "元"), "9800元"),
]


@pytest.mark.parametrize(("args", "text"), RESCALED)
def test_money_is_rescaled_only_when_nothing_is_lost(args, text):
    assert fmt_amount(*args, rescale=True) == text
    assert parse_amount(text, args[1]) == pytest.approx(args[0])


@pytest.mark.parametrize(("value", "text"), [(12.5, "12.5%"), (20.0, "20%"), (33.333, "33.3%"), (200, "200%")])
def test_fmt_percent_one_decimal_at_most(value, text):
    assert fmt_percent(value) == text


@pytest.mark.parametrize(("n", "zh"), [(1, "一"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十"), (31, "三十一")])
def test_chinese_ordinal(n, zh):
    assert chinese_ordinal(n) == zh


# ---- templates ----------------------------------------------------------------------------------------------


def test_shipped_templates_load_and_cover_every_catalog_indicator():
    from store.catalog import load_catalog

    t = load_templates()
    assert {s.key for s in load_catalog()} <= set(t.indicators)


@pytest.mark.parametrize(
    ("sentences", "indicators", "message"),
    [
        ("rank: ['居全县第{{ rank }位']", "", "sentences.yaml 的 rank 第1种说法 写法有误"),
        ("", "a:\n  say: ['开展学习{{ m }}']", "用了未知的占位符 m"),
        ("", "a:\n  unit: 次", "indicators.yaml 的 a 缺少 say"),
    ],
)
def test_template_errors_name_file_entry_and_variant(sentences, indicators, message):
    with pytest.raises(TemplateFileError, match=message):
        parse_templates(sentences, indicators, "")


# ---- data builders ------------------------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def sample(request, db_templates, tmp_path):
    """The sample county (etl.demo.sample), built once per process and copied for each test."""
    yield from built_database(request.param, db_templates, tmp_path, sample_county)


def _small_county(engine, towns: dict[str, dict[int, list[FactIn]]]) -> None:
    """Load hand-written facts: {township: {year: [FactIn]}} under 宁远县."""
    with session_factory(engine)() as s, s.begin():
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        for name in towns:
            add_region(s, name, "township", county)
        for name, years in towns.items():
            for year, facts in years.items():
                src = SourceIn(
                    kind="demo",
                    filename=f"{name}{year}.txt",
                    content=f"{name}{year}".encode(),
                    township=name,
                    year=year,
                )
                load_source(s, SYSTEM, src, facts)


def F(key, year, value, **kw):  # noqa: N802 - reads like a table row
    return FactIn(key, year, value, evidence=f"{key}={value}", **kw)


def _text(engine, region, year, kind=None):
    paragraphs = generate(engine, SYSTEM, region, year).paragraphs
    return "\n".join(p.text for p in paragraphs if kind is None or p.kind == kind)


# ---- every number is accounted for (independent of the extractor) ------------------------------------------


def _tolerance(text: str) -> float:
    return 0.5 * 10 ** -shown_decimals(text) + 1e-9


def check_paragraph(p, data) -> None:
    """Every digit run in P is a declared Num, and each Num's value is its data (or computed from it)."""
    tokens = Counter(numbers_in(p.text))
    declared = Counter(tok for n in p.numbers for tok in numbers_in(n.text))
    assert tokens == declared, f"{p.region}{p.year} {p.kind}: undeclared numbers in {p.text}"
    for n in p.numbers:
        assert n.text in p.text
        if n.how == "year":
            assert n.value == p.year
            continue
        shown = parse_amount(n.text, n.unit)
        assert abs(shown - n.value) <= _tolerance(n.text) * (10000 if "万元" in n.text and n.unit == "元" else 1)
        obs = [data.obs(i) for i in n.observation_ids]
        assert all(o is not None for o in obs), "a number cites an observation that was not gathered"
        vals = [o.value for o in obs]
        if n.how == "value":
            assert n.value in vals
        elif n.how == "sum":
            assert n.value == pytest.approx(sum(vals))
        elif n.how == "mean" and data.indicators[n.indicator].aggregate == "mean":
            assert n.value == pytest.approx(sum(vals) / len(vals))
        elif n.how == "change" and len(obs) == 2:
            assert n.value == pytest.approx(abs(vals[0] - vals[1]))
        elif n.how == "change_pct" and len(obs) == 2:
            assert n.value == pytest.approx(abs(vals[0] - vals[1]) / vals[1] * 100)
        elif n.how == "threshold":
            assert n.value == n.threshold
    assert not any(
        o.masked
        for i in p.observation_ids
        if (o := data.obs(i))
        and not o.is_target
        and any(n.how == "value" and i in n.observation_ids for n in p.numbers)
    )


def test_every_number_in_every_paragraph_is_declared_and_equals_its_data(sample):
    count = 0
    for year in YEARS:
        for narrative in generate_county_set(sample, SYSTEM, "宁远县", year):
            for p in narrative.paragraphs:
                check_paragraph(p, narrative.data)
                assert "X" not in p.text and "*" not in p.text and "#" not in p.text
                count += 1
    assert count > 150


def test_output_is_stable_and_paragraphs_do_not_all_read_alike(sample):
    first = [p.text for n in generate_county_set(sample, SYSTEM, "宁远县", 2023) for p in n.paragraphs]
    again = [p.text for n in generate_county_set(sample, SYSTEM, "宁远县", 2023) for p in n.paragraphs]
    assert first == again
    openings = {
        p.text.split("，")[1][:8]
        for n in generate_county_set(sample, SYSTEM, "宁远县", 2023)[1:]
        for p in n.paragraphs
        if p.kind == "学习培训"
    }
    assert len(openings) > 1


# ---- the cases --------------------------------------------------------------------------------------


def test_township_without_prior_year_has_no_change_sentence(sample):
    text = _text(sample, NEW_IN_2023, 2023)
    assert text and "上年" not in text and "同比" not in text


def test_silent_township_is_listed_as_not_reported_and_cannot_be_generated(sample):
    assert f"{SILENT_IN_2023}尚未报送" in _text(sample, "宁远县", 2023, "报送情况")
    with pytest.raises(NarrativeError, match=f"{SILENT_IN_2023}2023年没有数据.*2022"):
        generate(sample, SYSTEM, SILENT_IN_2023, 2023)


def test_masked_value_is_left_out_and_empty_paragraph_not_produced(engine):
    _small_county(
        engine,
        {
            "青石镇": {
                2022: [F("central_group_study", 2022, 10)],
                2023: [F("central_group_study", 2023, None, masked=True), F("party_members_total", 2023, 412)],
            },
            "白沙乡": {2023: [F("central_group_study", 2023, 8)]},
        },
    )
    paragraphs = generate(engine, SYSTEM, "青石镇", 2023).paragraphs
    assert [p.kind for p in paragraphs] == ["党员队伍"]
    assert "412名" in paragraphs[0].text
    county = _text(engine, "宁远县", 2023)
    assert "8次" in county and "1个乡镇" in county


def test_tie_in_rank_names_the_other_township(engine):
    towns = {"青石镇": 12, "白沙乡": 12, "柳溪镇": 9, "龙泉镇": 5}
    _small_county(engine, {t: {2023: [F("central_group_study", 2023, v)]} for t, v in towns.items()})
    assert "与白沙乡并列全县第1位" in _text(engine, "青石镇", 2023)
    assert "与青石镇并列全县第1位" in _text(engine, "白沙乡", 2023)
    liuxi = _text(engine, "柳溪镇", 2023)
    assert "第3位" in liuxi and "并列" not in liuxi
    county = _text(engine, "宁远县", 2023, "学习培训")
    assert "白沙乡、青石镇均" in county and "龙泉镇" in county


def test_fall_is_stated_with_change_and_listed_as_shortfall(engine):
    _small_county(
        engine,
        {
            "青石镇": {2022: [F("central_group_study", 2022, 12)], 2023: [F("central_group_study", 2023, 10)]},
        },
    )
    paragraphs = {p.kind: p.text for p in generate(engine, SYSTEM, "青石镇", 2023).paragraphs}
    assert "10次" in paragraphs["学习培训"] and "减少2次" in paragraphs["学习培训"]
    assert "下降16.7%" in paragraphs["学习培训"]
    assert "减少2次" in paragraphs["存在不足"]


def test_missed_target_states_the_gap(engine):
    _small_county(
        engine,
        {
            "青石镇": {
                2022: [F("party_lectures", 2023, 8, target=True), F("party_lectures", 2022, 6)],
                2023: [F("party_lectures", 2023, 5)],
            },
            "白沙乡": {2022: [F("party_lectures", 2023, 4, target=True)], 2023: [F("party_lectures", 2023, 5)]},
            "柳溪镇": {2022: [F("party_lectures", 2023, 6, target=True)], 2023: [F("party_lectures", 2023, 6)]},
        },
    )
    qs = {p.kind: p.text for p in generate(engine, SYSTEM, "青石镇", 2023).paragraphs}
    assert "目标尚差3次" in qs["学习培训"] and "目标尚差3次" in qs["存在不足"]
    assert "年度目标的125%" in _text(engine, "白沙乡", 2023)
    exactly = _text(engine, "柳溪镇", 2023)
    assert "完成年度目标" in exactly and "100%" not in exactly
    assert "青石镇（党课次数）" in _text(engine, "宁远县", 2023, "存在不足")


def test_county_with_one_reporting_township(engine):
    _small_county(
        engine,
        {
            "青石镇": {
                2023: [F("central_group_study", 2023, 12), F("training_participants", 2023, 100, qualifier="over")]
            },
            "白沙乡": {2022: [F("central_group_study", 2022, 9)]},
            "柳溪镇": {},
        },
    )
    county = {p.kind: p.text for p in generate(engine, SYSTEM, "宁远县", 2023).paragraphs}
    assert "3个乡镇中有1个报送" in county["报送情况"] and "白沙乡、柳溪镇尚未报送" in county["报送情况"]
    assert "12次" in county["学习培训"] and "100余人次" in county["学习培训"]
    joined = "".join(county.values())
    assert "首位" not in joined and "最多" not in joined and "平均" not in joined and "上年" not in joined
    town = _text(engine, "青石镇", 2023)
    assert "第1位" not in town and "100余人次" in town


def test_unknown_region_suggests_names(sample):
    with pytest.raises(NarrativeError, match="找不到地区“长城镇”.*长城彝族乡"):
        generate(sample, SYSTEM, "长城镇", 2023)
    assert generate(sample, SYSTEM, "长城乡", 2023).region.name == "长城彝族乡"


# ---- export and CLI ------------------------------------------------------------------------------------------


def test_docx_is_laid_out_to_gbt_9704(sample):
    n = generate(sample, SYSTEM, "长城乡", 2023)
    doc = Document(io.BytesIO(to_docx(n.title, n.paragraphs)))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[0] == "长城彝族乡2023年党建工作综述"
    assert texts[1] == f"一、{n.paragraphs[0].title}" and texts[2] == n.paragraphs[0].text
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4, not US Letter
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579" and grid.get(qn("w:type")) == "lines"
    title_run = doc.paragraphs[0].runs[0]
    assert title_run.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体" and title_run.font.size.pt == 22
    body_run = doc.paragraphs[3].runs[0]
    assert body_run.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and body_run.font.size.pt == 16
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    footer = section.footer.paragraphs[0]
    assert footer.text.replace("1", "") == "—  —"
    assert any(t.text.strip() == "PAGE" for t in footer._p.iter(qn("w:instrText")))
    assert {r.font.size.pt for r in footer.runs if r.text} == {14}
    txt = to_txt(n.title, n.paragraphs)
    assert txt.startswith(n.title + "\n\n一、") and n.paragraphs[-1].text in txt


def _cli(engine, *argv: str) -> int:
    p = argparse.ArgumentParser()
    cmd_narrative.configure(p)
    return cmd_narrative.run(p.parse_args([*argv, "--database-url", str(engine.url)]))


def test_cli_formats_and_errors(sqlite_engine, tmp_path, capsys, monkeypatch):
    with session_factory(sqlite_engine)() as s, s.begin():
        build_sample(s)
    assert _cli(sqlite_engine, "--region", "长城乡", "--year", "2023") == 0
    out = capsys.readouterr().out
    assert out.startswith("长城彝族乡2023年党建工作综述") and "一、党员队伍建设" in out
    assert _cli(sqlite_engine, "--region", "宁远县", "--year", "2023", "--format", "json", "--kinds", "报送情况") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["paragraphs"][0]["kind"] == "报送情况" and doc["paragraphs"][0]["numbers"]
    assert all("source" in row and "evidence" in row for row in doc["paragraphs"][0]["sources"])
    monkeypatch.chdir(tmp_path)
    assert _cli(sqlite_engine, "--region", "长城乡", "--year", "2023", "--format", "docx") == 0
    assert (tmp_path / "长城彝族乡2023年党建工作综述.docx").stat().st_size > 5000
    capsys.readouterr()
    assert _cli(sqlite_engine, "--region", "长城镇", "--year", "2023") == 1
    assert "找不到地区“长城镇”" in capsys.readouterr().err
    assert _cli(sqlite_engine, "--region", "长城乡", "--year", "2030") == 1
    assert "长城彝族乡2030年没有数据" in capsys.readouterr().err
    assert _cli(sqlite_engine, "--region", "长城乡", "--year", "2023", "--kinds", "天气") == 1
    assert "没有这些段落类型：天气" in capsys.readouterr().err


def test_sample_has_every_township():
    assert len(TOWNSHIPS) == 8 and NEW_IN_2023 in TOWNSHIPS and SILENT_IN_2023 in TOWNSHIPS


def test_threshold_indicator_without_threshold_is_said_without_it(engine):
    """A villages_income_above figure with no threshold (an old ledger column) must not crash the paragraph."""
    _small_county(
        engine,
        {
            "青石镇": {2023: [F("villages_income_above", 2023, 4), F("party_members_total", 2023, 412)]},
            "白沙乡": {2023: [F("villages_income_above", 2023, 3, attrs={"threshold": 10})]},
        },
    )
    town = _text(engine, "青石镇", 2023)
    assert "4个村集体经济收入达标" in town and "{{" not in town
    county = _text(engine, "宁远县", 2023)
    assert "达10万元以上" in county


def _said(source: str) -> re.Pattern[str]:
    """A phrasing as a pattern: its words around the number (评定出{{ n }}先进党组织 → 评定出…先进党组织)."""
    pieces = [re.escape(p) for p in re.split(r"\{\{[^}]*\}\}", source)]
    return re.compile(r"[\d.]+[万亿余多]*[^\d，；。、（）]{0,4}?".join(pieces))


@pytest.mark.parametrize("year", YEARS)
def test_one_text_says_each_indicator_one_way(sample, year):
    """A county's or township's text names an indicator the same way in every paragraph: the county total, the
    township with the most, 主要变化 and 存在不足 (the demo county read 评定出66个先进党组织 … 全县创建示范型党组织
    66个, and 讲党课 … 上专题党课, as if they were different figures)."""
    t = load_templates()
    phrasings = {k: [_said(v.source) for v in w.say] for k, w in t.indicators.items() if len(w.say) > 1}
    assert "party_orgs_advanced" in phrasings
    for n in generate_county_set(sample, SYSTEM, "宁远县", year):
        for key, forms in phrasings.items():
            text, used = n.text, []
            for form in sorted(forms, key=lambda f: -len(f.pattern)):  # 新发展党员 before 发展党员, inside it
                if form.search(text):
                    used.append(form.pattern)
                    text = form.sub("", text)
            assert len(used) <= 1, f"{n.region.name}{year}：{key} 说成了 {used}"


@pytest.mark.parametrize("year", YEARS)
def test_townships_below_the_mean_are_listed_most_first(sample, year):
    """存在不足 lists the townships below the county mean on several key indicators from the most such indicators
    down (the demo county's 2024 text read 石门镇9项、云台乡9项、清河镇3项、松林乡9项、凤鸣乡10项 …)."""
    text = _text(sample, "宁远县", year, "存在不足")
    listed = re.search(r"低于全县乡镇平均水平较多的有(.+?)。", text)
    assert listed, text
    counts = [int(n) for n in re.findall(r"(\d+)项", listed.group(1))]
    assert len(counts) >= 2 and counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("year", YEARS[1:])  # the first year has no change to state
def test_movers_say_the_change_the_one_way_every_paragraph_does(sample, year):
    """主要变化 states each township's change as the other paragraphs do (比上年增加9次、增长180%), with one wording
    for the whole paragraph: the demo county read 较上年下降44.4% beside a bare 增长180%."""
    text = _text(sample, "宁远县", year, "变化情况")
    items = [i for part in re.findall(r"有：(.+?)。", text) for i in part.split("；")]
    assert len(items) >= 2, text
    said = [re.search(r"，(较上年|比上年|同比)(增加|减少)[\d.]+[^\d、，]*[、，](增长|下降)[\d.]+%$", i) for i in items]
    assert all(said), items
    assert len({m.group(1) for m in said if m}) == 1, items


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"给予党纪立案", "a case is opened (立案审查), not given"),
        (r"个村村集体", "13个村村集体经济收入: the village said twice"),
        (r"截至\d+年底，[^，；。]{1,8}年末有", "截至2023年底…年末有党员: the year end said twice"),
        (r"下降100%", "无警告处分，同比减少1人、下降100%: a figure that fell to none says last year's figure"),
        (r"警告处理", "a warning is a 处分"),
        (r"增加[1-4][^\d、，]{0,3}、增长[1-9]\d{2,}%", "由1次增至4次、增长300%: no growth rate on a base under 5"),
    ],
)
def test_paragraphs_read_as_a_county_secretary_writes(sample, pattern, why):
    for year in YEARS:
        for n in generate_county_set(sample, SYSTEM, "宁远县", year):
            assert not re.search(pattern, n.text), f"{n.region.name}{year}：{why}"


@pytest.mark.parametrize(
    ("tied", "text"),
    [
        (("凤鸣乡",), "与凤鸣乡并列全县第1位"),
        (("凤鸣乡", "柳溪镇", "桃源乡"), "与凤鸣乡、柳溪镇、桃源乡并列全县第1位"),
        (("凤鸣乡", "柳溪镇", "桃源乡", "河口镇", "清河镇", "石门镇"), "与凤鸣乡等6个乡镇并列全县第1位"),
    ],
)
def test_a_tie_of_many_townships_names_the_first_and_counts_the_rest(tied, text):
    from narrative import analysis as an
    from narrative.compose import rank_fragment

    said = rank_fragment(load_templates(), an.Standing(1, 12, tied, (1, 2)), ("白沙镇", 2023, "grid_coverage"))
    assert said is not None and said.text == text


@pytest.mark.parametrize(
    ("key", "n", "threshold", "plain", "expected"),
    [
        # a rate that fell, or one listed under 存在不足: said with 为, not with a word of achievement
        ("training_coverage_rate", "90%", None, True, {"培训覆盖率为90%", "党员培训覆盖率为90%"}),
        ("training_coverage_rate", "90%", None, False, {"培训覆盖率达到90%", "党员培训覆盖率达90%"}),
        # 达 before a threshold says which villages count, whatever the figure did
        ("villages_income_above", "9个", "10", True, {"9个村集体经济收入达10万元以上", "9个村集体经济收入达标"}),
    ],
)
def test_a_figure_that_fell_is_said_plainly(key, n, threshold, plain, expected) -> None:
    from narrative.templates import Num, load_templates

    t = load_templates()
    ctx = {"n": Num(n, 1.0, "value", indicator=key)}
    if threshold:
        ctx["threshold"] = Num(threshold, 10.0, "threshold", indicator=key)
    said = {t.phrase(key, (town, 2024), plain=plain, **ctx).text for town in ("青石镇", "白沙镇", "柳溪镇", "龙泉镇")}
    assert said <= expected and said
