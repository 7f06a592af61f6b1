"""Case tables for the layout classes found by audit round 4 (tests/fixtures/ledgers_audit4): organ names,
county organs beside townships, counting units stated in headers, transposed tables with a group label column,
forms printed in two halves side by side."""

from __future__ import annotations

import codecs
import io
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, select

from etl.ledgers.importer import LedgerOptions, import_ledger, parse_ledger
from etl.ledgers.match import IndicatorMatcher, catalog_indicators
from etl.ledgers.text import is_county_organ, township_of_organ, year_of_text
from store.access import SYSTEM
from store.models import Observation
from store.session import session_factory
from tests.ledger_support import add_fixture_regions, ledger_bytes
from tests.test_ledger_fixtures import fixture_townships

MATCHER = IndicatorMatcher(catalog_indicators())


def parsed(sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """parse_ledger's JSON for an .xlsx of SHEETS (rows from A1), with merged ranges per sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return parse_ledger(buf.getvalue(), "t.xlsx", fixture_townships(), LedgerOptions(create_townships=True)).to_json()


def figures(result: dict[str, Any]) -> set[tuple[str, str, int, str, float, str]]:
    keys = ("cell", "township", "year", "indicator", "value", "unit")
    return {tuple(o[k] for k in keys) for o in result["observations"]}  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "township"),
    [
        ("中共东风镇委员会", "东风镇"),
        ("长城乡党委", "长城乡"),
        ("中共白沙彝族乡委员会", "白沙彝族乡"),
        ("东风镇人民政府", "东风镇"),
        ("中国共产党青石镇委员会", "青石镇"),
        ("城关街道党工委", "城关街道"),
        ("县教育局党委", "县教育局党委"),
        ("长城乡", "长城乡"),
    ],
)
def test_township_of_organ(name: str, township: str) -> None:
    assert township_of_organ(name) == township


@pytest.mark.parametrize(
    ("name", "organ"),
    [
        ("县教育局党委", True),
        ("县直机关工委", True),
        ("县人民医院党总支", True),
        ("县卫生健康局党组", True),
        ("城关街道党工委", False),
        ("宁远县第一中学党支部", False),  # 中学 is not in the organ words: a school stays an unknown name
        ("长城乡党委", False),
        ("中共东风镇委员会", False),
        ("东风镇", False),
        ("白沙", False),
        ("合计", False),
        ("乡镇小计", False),
    ],
)
def test_is_county_organ(name: str, organ: bool) -> None:
    assert is_county_organ(name) is organ


def test_county_organ_rows_are_skipped_never_created() -> None:
    rows: list[list[object]] = [
        ["2023年发展党员情况"],
        ["单位名称", "入党申请人", "发展党员"],
        ["长城乡党委", 18, 6],
        ["县教育局党委", 9, 3],
        ["中共新安乡委员会", 7, 2],
        ["县直机关工委", 7, 2],
    ]
    got = parsed({"Sheet1": rows})
    assert {o["township"] for o in got["observations"]} == {"长城乡", "新安乡"}
    assert {"Sheet1!A4", "Sheet1!A6"} <= {w["cell"] for w in got["warnings"]}
    assert not got["errors"]


@pytest.mark.parametrize(
    ("unit_line", "township"),
    [
        ("填报单位：中共白沙彝族乡委员会", "白沙乡"),
        ("填报单位（盖章）：中国共产党青石镇委员会", "青石镇"),
        ("填报单位：长城乡人民政府", "长城乡"),
    ],
)
def test_reporting_unit_naming_an_organ_gives_the_township(unit_line: str, township: str) -> None:
    rows: list[list[object]] = [
        ["2023年党员教育培训工作台账"],
        [unit_line],
        ["项目", "计量单位", "全年"],
        ["举办培训班", "期", 4],
    ]
    got = parsed({"表2": rows})
    assert figures(got) == {("表2!C4", township, 2023, "training_sessions", 4, "期")}


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("立案（件）", "件"),
        ("立案（起）", "件"),  # 起 is counted as 件 (catalog counting_units)
        ("党纪立案（人）", "人"),
        ("立案数", "人"),
        ("化解矛盾纠纷（件）", "件"),  # 件 is that indicator's own unit: nothing stated
    ],
)
def test_a_counting_unit_in_the_header_is_kept(header: str, unit: str) -> None:
    got = parsed({"Sheet1": [["2023年执纪审查情况"], ["乡镇", header], ["长城乡", 2]]})
    assert [o["unit"] for o in got["observations"]] == [unit]
    assert not got["errors"]


@pytest.mark.parametrize(("unit", "kept"), [("件", "件"), ("宗", "件"), ("人", "人"), ("", "人")])
def test_a_counting_unit_in_the_unit_column_is_kept(unit: str, kept: str) -> None:
    rows: list[list[object]] = [["指标名称", "计量单位", "长城乡", "东风镇"], ["党纪立案", unit, 2, 1]]
    got = parsed({"2023年": rows})
    assert [o["unit"] for o in got["observations"]] == [kept, kept]


@pytest.mark.parametrize(("header", "stored"), [("立案（件）", "件"), ("立案（起）", "件"), ("立案（人）", None)])
def test_the_store_keeps_the_stated_counting_unit(engine: Engine, header: str, stored: str | None) -> None:
    add_fixture_regions(engine)
    data = ledger_bytes([["2023年执纪审查情况"], ["乡镇", header, "党员总数"], ["长城乡", 2, 412]])
    result = import_ledger(engine, SYSTEM, data, "t.xlsx")
    assert not result.errors and result.written
    with session_factory(engine)() as s:
        units = dict(s.execute(select(Observation.value, Observation.unit)).all())
    assert units == {2.0: stored, 412.0: None}


GROUPED_LABELS: list[list[object]] = [
    ["项目", None, "长城乡", "东风镇"],
    ["党员", "党员总数", 412, 350],
    [None, "其中：农牧渔民党员", 300, 260],
    [None, "流动党员", 20, 15],
    ["党组织", "建制村数", 12, 9],
    [None, None, None, None],
    ["后备干部", None, 10, 8],
    ["党支部", "个数", 15, 12],
]


@pytest.mark.parametrize(
    ("row", "indicator"),
    [
        (3, "party_members_total"),  # the leaf names it
        (4, "party_members_rural"),  # the official 党统 wording 农牧渔民党员, a part after 其中：
        (5, "party_members_floating"),  # the group merged down stands beside every leaf
        (6, "administrative_villages"),  # 建制村数 under a new group
        (8, "reserve_cadres"),  # a label standing in the group column alone
        (9, "party_branches"),  # 党支部 | 个数: the group and the leaf name it together
    ],
)
def test_transposed_labels_under_a_group_column(row: int, indicator: str) -> None:
    """Indicators down two label columns: a group merged down column A, the leaves in B (党统 第五表)."""
    got = parsed({"2023年": [["2023年乡镇党员情况"], *GROUPED_LABELS]}, {"2023年": ["A2:B2", "A3:A5"]})
    assert {o["indicator"] for o in got["observations"] if o["cell"].endswith(f"C{row}")} == {indicator}
    assert not got["errors"]


def test_side_by_side_label_columns_are_no_group() -> None:
    """Two 指标名称 columns far apart are two halves of a form, not a group and its leaves."""
    rows: list[list[object]] = [
        ["2023年长城乡基本情况"],
        ["指标名称", "计量单位", "数量", "指标名称", "计量单位", "数量"],
        ["行政村数", "个", 12, "村集体经济总收入", "万元", 120.5],
    ]
    got = parsed({"长城乡": rows})
    assert ("长城乡!C3", "长城乡", 2023, "administrative_villages", 12, "个") in figures(got)


HALVES: list[list[object]] = [
    ["村集体经济组织基本情况及收益分配统计表（2023年）"],
    ["填报单位：新安乡农村经济经营管理站", None, None, None, None, None, None, "单位：万元、个"],
    ["指标名称", "代码", "计量单位", "数量", "指标名称", "代码", "计量单位", "数量"],
    ["甲", "乙", "丙", 1, "甲", "乙", "丙", 1],
    ["1.行政村数", 1, "个", 9, "4.村集体经济总收入", 4, "元", 560000],
    ["2.农民专业合作社", 2, "个", 5, "　其中：经营收入", 5, "万元", 31],
    [None, None, None, None, "①集体收益5万元以下的村", 6, "个", 2],
    [None, None, None, None, "③集体收益10万元以上的村", 8, "个", 2],
]


def test_a_form_printed_in_two_halves_reads_both() -> None:
    got = parsed({"表6": HALVES})
    assert figures(got) == {
        ("表6!D5", "新安乡", 2023, "administrative_villages", 9, "个"),
        ("表6!D6", "新安乡", 2023, "cooperatives", 5, "个"),
        ("表6!H5", "新安乡", 2023, "collective_income_total", 56, "万元"),
        ("表6!H8", "新安乡", 2023, "villages_income_above", 2, "个"),
    }
    assert not got["errors"]
    # the form's own items the catalog has not are skipped with a warning, never an error
    assert {"表6!E6", "表6!E7"} <= {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("row", "numbering"),
    [
        (["甲", "乙", "丙", 1, "甲", "乙", "丙", 1], True),  # each half numbers its columns
        (["甲", "乙", 1, 2, 3], True),
        (["甲", 1, 2, "乙", 1, 2], True),
        (["甲", 1, 3], False),  # not a run
        (["长城乡", 1, 1], False),  # a township's figures, no numbering
    ],
)
def test_the_numbering_row_of_a_form_in_halves(row: list[object], numbering: bool) -> None:
    rows: list[list[object]] = [["2023年台账"], ["指标名称", "长城乡", "东风镇"], row, ["党员总数", 412, 350]]
    got = parsed({"Sheet1": rows})
    skipped = {w["cell"] for w in got["warnings"] if "序号行" in w["message"]}
    assert ("Sheet1!A3" in skipped) is numbering


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        # a form (no township column): an item the catalog has not is the form's, skipped
        ([["指标名称", "计量单位", "数量"], ["党员先锋岗数", "个", 3], ["党员总数", "人", 412]], False),
        # townships across: the same
        ([["指标名称", "长城乡", "东风镇"], ["党员先锋岗数", 3, 2], ["党员总数", 412, 350]], False),
        # a long table's record names its indicator: an unknown one would lose the figure, an error
        ([["乡镇", "指标名称", "数值"], ["长城乡", "党员先锋岗数", 3], ["长城乡", "党员总数", 412]], True),
    ],
)
def test_unknown_row_labels(rows: list[list[object]], error: bool) -> None:
    got = parsed({"长城乡": [["2023年长城乡台账"], *rows]})
    assert bool(got["errors"]) is error
    assert any(o["indicator"] == "party_members_total" for o in got["observations"])


@pytest.mark.parametrize(
    ("label", "indicator"),
    [
        ("①行政村数", "administrative_villages"),
        ("⑫党支部数", "party_branches"),
        ("③集体收益10万元以上的村", "villages_income_above"),  # the 农经 wording of the 10万元 series
    ],
)
def test_circled_numbering_is_not_part_of_the_label(label: str, indicator: str) -> None:
    rows: list[list[object]] = [["2023年长城乡台账"], ["指标名称", "计量单位", "数量"], [label, "个", 12]]
    got = parsed({"长城乡": rows})
    assert [o["indicator"] for o in got["observations"]] == [indicator]


@pytest.mark.parametrize(
    ("group", "leaf", "indicator"),
    [
        ("党员数", "其中：女", "party_members_female"),  # the part the catalog counts of its own: 女党员数
        ("党员数", "其中：农村党员", "party_members_rural"),  # the leaf names it alone
        ("发展党员", "其中：女", None),  # 女 of the new members is no catalog part
        ("发展党员", "其中：农牧渔民", None),  # nor are the new members who are farmers the 农村党员 stock
    ],
)
def test_parts_under_a_group(group: str, leaf: str, indicator: str | None) -> None:
    rows: list[list[object]] = [["2023年台账"], ["乡镇", group, None], [None, "合计", leaf], ["长城乡", 412, 120]]
    got = parsed({"Sheet1": rows}, {"Sheet1": ["A2:A3", "B2:C2"]})
    found = {o["indicator"] for o in got["observations"] if o["cell"] == "Sheet1!C4"}
    assert found == ({indicator} if indicator else set())


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("二〇二三年度党建工作台账", 2023),
        ("二零二二年各乡镇党员情况", 2022),
        ("2023年党建工作台账", 2023),
        ("党建工作台账", None),
        ("一二三四五六七", None),  # digits in words without 年 are no year
    ],
)
def test_years_in_chinese_numerals(title: str, year: int | None) -> None:
    assert year_of_text(title) == year


@pytest.mark.parametrize(
    ("header", "year", "indicator"),
    [
        ("2023年底党员数", 2023, "party_members_total"),
        ("2022年末党员总数（人）", 2022, "party_members_total"),
        ("2023年度新发展党员", 2023, "party_members_new"),
    ],
)
def test_a_year_inside_an_indicator_header(header: str, year: int, indicator: str) -> None:
    got = parsed({"Sheet1": [["党员情况"], ["乡镇", header], ["长城乡", 12]]})
    assert [(o["year"], o["indicator"]) for o in got["observations"]] == [(year, indicator)]


@pytest.mark.parametrize(
    ("header", "period", "kept"),
    [
        ("月份", "3月", False),
        ("月份", "十二月份", False),
        ("季度", "一季度", False),
        ("季度", "第四季度", False),
        ("期间", "上半年", False),
        ("月份", "全年", True),
        ("月份", "1-12月", True),
        ("季度", "全年合计", True),
        ("备注", "3月", True),  # a column of no period: the row is the year's
    ],
)
def test_period_rows_of_a_long_table(header: str, period: str, kept: bool) -> None:
    """A long table's 月份 / 季度 column: a month's or a quarter's row is not the year's figure."""
    rows: list[list[object]] = [
        ["2023年矛盾纠纷台账"],
        ["乡镇", header, "化解矛盾纠纷（件）"],
        ["长城乡", period, 5],
        ["东风镇", "全年", 40],
    ]
    got = parsed({"Sheet1": rows})
    assert ("Sheet1!C3" in {o["cell"] for o in got["observations"]}) is kept
    assert "Sheet1!C4" in {o["cell"] for o in got["observations"]}
    assert not got["errors"]


@pytest.mark.parametrize(
    ("rows", "townships"),
    [
        ([["单位", "党员总数"], ["长城乡党委", 412]], {"长城乡"}),  # one township's own row under 单位
        ([["单位", "党员总数"], ["长城乡党委", 412], ["中共东风镇委员会", 350]], {"长城乡", "东风镇"}),
        ([["名目", "党员总数"], ["长城乡", 412]], {"长城乡"}),
    ],
)
def test_the_township_column_found_by_its_content(rows: list[list[object]], townships: set[str]) -> None:
    got = parsed({"Sheet1": [["2023年党员统计"], *rows]})
    assert {o["township"] for o in got["observations"]} == townships
    assert not got["errors"]


@pytest.mark.parametrize(
    ("header", "indicator"),
    [("村（社区）数", "administrative_villages"), ("集体收益10万元以上的村（个）", "villages_income_above")],
)
def test_catalog_ledger_names_of_township_forms(header: str, indicator: str) -> None:
    got = parsed({"Sheet1": [["2023年台账"], ["乡镇", header], ["长城乡", 12]]})
    assert [o["indicator"] for o in got["observations"]] == [indicator]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("经营性收入", "collective_income_total:measure=经营性"),
        ("集体经营性收入", "collective_income_total:measure=经营性"),  # near, and says 经营性
        ("经营收入", None),  # 农经's 经营收入 is one part of the income, not the 经营性 series
        ("其中：经营收入", None),
        ("村集体经济总收入", "collective_income_total"),
    ],
)
def test_a_variant_is_never_guessed_without_its_word(header: str, key: str | None) -> None:
    found = MATCHER.match(header)
    assert (found.key if found else None) == key


@pytest.mark.parametrize("label", ["长城乡合计", "长城乡小计", "长城乡 合 计"])
def test_a_township_subtotal_named_after_it_in_a_village_table(label: str) -> None:
    """长城乡合计 below its villages is the township's 小计: its row gives the figures, rates included."""
    rows: list[list[object]] = [
        ["2023年村级党组织情况"],
        ["乡镇", "村名", "党员数", "网格覆盖率（%）"],
        ["长城乡", "长城村", 100, 100],
        ["长城乡", "新街村", 120, 98],
        [label, None, 220, 99],
        ["全县合计", None, 220, 99],
    ]
    got = parsed({"Sheet1": rows})
    assert figures(got) == {
        ("Sheet1!C5", "长城乡", 2023, "party_members_total", 220, "人"),
        ("Sheet1!D5", "长城乡", 2023, "grid_coverage_rate", 99, "%"),
    }


@pytest.mark.parametrize(
    ("name", "township"),
    [("长城乡（含原红星乡）", "长城乡"), ("白沙彝族乡(白沙)", "白沙乡"), ("新安乡（新）", "新安乡")],
)
def test_a_note_in_brackets_after_a_township_name(name: str, township: str) -> None:
    got = parsed({"Sheet1": [["2023年台账"], ["乡镇", "党员总数"], [name, 412], ["东风镇", 350]]})
    assert {o["township"] for o in got["observations"]} == {township, "东风镇"}


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-16", "\t"), ("utf-16", ","), ("utf-16-le-bom", "\t"), ("utf-16-be-bom", ","), ("utf-8", ";")],
)
def test_unicode_text_saved_by_excel(encoding: str, delimiter: str) -> None:
    """Excel's 另存为 Unicode 文本 is UTF-16 (with its BOM) and tab-separated, often renamed .csv."""
    text = delimiter.join(["乡镇", "党员总数"]) + "\n" + delimiter.join(["长城乡", "412"]) + "\n"
    boms = {"utf-16-le-bom": (codecs.BOM_UTF16_LE, "utf-16-le"), "utf-16-be-bom": (codecs.BOM_UTF16_BE, "utf-16-be")}
    bom, codec = boms.get(encoding, (b"", encoding))
    data = bom + ("2023年台账\n" + text).encode(codec)
    got = parse_ledger(data, "台账.csv", fixture_townships(), LedgerOptions(create_townships=True)).to_json()
    assert figures(got) == {("台账!B3", "长城乡", 2023, "party_members_total", 412, "人")}


def test_utf16_without_its_bom_is_still_refused() -> None:
    data = "乡镇,党员总数\n长城乡,412\n".encode("utf-16-le")
    got = parse_ledger(data, "台账.csv", fixture_townships(), LedgerOptions(create_townships=True)).to_json()
    assert got["errors"] and not got["observations"]


@pytest.mark.parametrize(
    ("group", "leaf", "indicator"),
    [
        ("党员（人）", "总数", "party_members_total"),  # group + leaf
        ("党员（人）", "农村", "party_members_rural"),  # leaf + group: 农村党员
        ("党员（人）", "流动", "party_members_floating"),
        ("党员（人）", "新发展", "party_members_new"),
        ("党组织（个）", "软弱涣散", "party_orgs_weak_rectified"),
        ("党员（人）", "网格员", None),  # 网格员党员 / 党员网格员 name nothing
    ],
)
def test_short_leaves_under_a_group(group: str, leaf: str, indicator: str | None) -> None:
    rows: list[list[object]] = [["2023年台账"], ["乡镇", group, None], [None, leaf, "备注"], ["长城乡", 12, "无"]]
    got = parsed({"Sheet1": rows}, {"Sheet1": ["A2:A3", "B2:C2"]})
    assert [o["indicator"] for o in got["observations"]] == ([indicator] if indicator else [])


def test_a_group_over_an_unknown_leaf_is_no_figure_of_the_group() -> None:
    """党员（人） over 网格员 | 总数: the band is not cut above the leaves to make 网格员 a 党员总数."""
    rows: list[list[object]] = [
        ["2023年台账"],
        ["乡镇", "党员（人）", None, "党支部数（个）"],
        [None, "网格员", "总数", None],
        ["长城乡", 3, 412, 15],
    ]
    got = parsed({"Sheet1": rows}, {"Sheet1": ["A2:A3", "B2:C2", "D2:D3"]})
    assert figures(got) == {
        ("Sheet1!C4", "长城乡", 2023, "party_members_total", 412, "人"),
        ("Sheet1!D4", "长城乡", 2023, "party_branches", 15, "个"),
    }


@pytest.mark.parametrize(
    ("sheet", "township", "year"),
    [("长城乡（2023）", "长城乡", 2023), ("东风镇2023年", "东风镇", 2023), ("青石镇 2022年度", "青石镇", 2022)],
)
def test_a_sheet_named_with_its_township_and_year(sheet: str, township: str, year: int) -> None:
    got = parsed({sheet: [["党建工作台账"], ["指标名称", "计量单位", "数量"], ["党员总数", "人", 412]]})
    assert [(o["township"], o["year"]) for o in got["observations"]] == [(township, year)]
