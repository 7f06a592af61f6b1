"""Case tables for the layout classes found by audit round 15 (tests/fixtures/ledgers_audit15): zero-width characters
pasted with a figure (U+200B before 11), and a 合计 written in the 序号 column of a table of villages — one
township's 合计 (the township in the title) is its figure, never one more village; under a 乡镇 column it is the
county's."""

from __future__ import annotations

import pytest

from etl.ledgers.cells import Parsed, parse_cell
from etl.ledgers.dates import year_period
from etl.ledgers.text import text_of, township_of_organ, unit_line_township
from tests.test_ledger_layouts5 import found, parsed


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("\u200b11", 11),
        ("64.5\u200b", 64.5),
        ("\ufeff412", 412),
        ("3\u200d50", 350),
        ("412\u00a0", 412),
        ("\u00a0350 ", 350),
        ("318\u2002", 318),
        ("1\u00a0280", 1280),
        ("2\u202f105", 2105),
    ],
)
def test_zero_width_and_no_break_spaces_around_a_figure_are_no_part_of_it(cell: str, value: float) -> None:
    got = parse_cell(text_of(cell))
    assert isinstance(got, Parsed) and got.value == value


def _block(town: str, villages: list[tuple[str, float]], total: float) -> list[list[object]]:
    return [
        [f"{town}2023年村级集体经济收入情况统计表"],
        ["序号", "村名", "村集体经济总收入（万元）"],
        *[[i, v, x] for i, (v, x) in enumerate(villages, start=1)],
        ["合计", None, total],
        [],
    ]


def test_a_total_in_the_serial_column_of_one_townships_villages_is_its_figure() -> None:
    rows = [*_block("长城乡", [("长城村", 45.2), ("石门村", 30.1)], 75.3), *_block("东风镇", [("红旗村", 28.4)], 28.4)]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!C5": ("长城乡", "collective_income_total", 2023, 75.3),
        "S!C10": ("东风镇", "collective_income_total", 2023, 28.4),
    }
    assert got["errors"] == []


def test_a_total_in_the_serial_column_under_a_township_column_is_the_countys() -> None:
    rows = [
        ["2023年各村集体经济收入"],
        ["序号", "乡镇", "村名", "村集体经济总收入（万元）"],
        [1, "长城乡", "长城村", 45.2],
        [2, "长城乡", "石门村", 30.1],
        [1, "东风镇", "红旗村", 28.4],
        ["合计", None, None, 103.7],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!D3:D4": ("长城乡", "collective_income_total", 2023, 75.3),
        "S!D5:D5": ("东风镇", "collective_income_total", 2023, 28.4),
    }
    assert "S!A6" in {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2023年度", (2023, True)),
        ("2023.1-12", (2023, True)),
        ("2023年1-12月", (2023, True)),
        ("2023.01-2023.12", (2023, True)),
        ("2023年全年", (2023, True)),
        ("2022年1—12月", (2022, True)),
        ("2023年1-12月累计", (2023, True)),
        ("2023年1-6月", (2023, False)),
        ("2023年上半年", (2023, False)),
        ("2023年第一季度", (2023, False)),
        ("2023-1-12", None),  # a day (dated_year), not months 1 to 12
        ("2023年12月31日", None),
        ("2023", None),
    ],
)
def test_a_period_cell_names_its_year_and_whether_it_is_the_whole_year(
    cell: str, expected: tuple[int, bool] | None
) -> None:
    assert year_period(cell) == expected


def test_a_period_column_of_years_and_periods_gives_each_rows_year() -> None:
    rows = [
        ["各乡镇党建工作数据"],
        ["乡镇名称", "统计期间", "指标名称", "数值", "计量单位"],
        ["长城乡", "2023.1-12", "新发展党员", 6, "人"],
        ["东风镇", "2023年1-12月", "新发展党员", 5, "人"],
        ["长城乡", "2022年1—12月", "新发展党员", 4, "人"],
        ["东风镇", "2023年1-6月", "举办培训班", 3, "期"],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!D3": ("长城乡", "party_members_new", 2023, 6),
        "S!D4": ("东风镇", "party_members_new", 2023, 5),
        "S!D5": ("长城乡", "party_members_new", 2022, 4),
    }
    assert got["errors"] == []


@pytest.mark.parametrize(
    ("serials", "names"),
    [
        ([1, 2], ["长城乡", "东风镇"]),
        (["1", "2"], ["长城乡", "东风镇"]),
    ],
)
def test_a_serial_column_under_a_township_header_merged_over_it_is_no_township(
    serials: list[object], names: list[str]
) -> None:
    rows = [
        ["2023年各乡镇党建基本情况统计表"],
        ["单位名称", None, "党员总数（人）"],
        [None, None, None],
        [serials[0], names[0], 412],
        [serials[1], names[1], 350],
        ["合计", None, 762],
    ]
    got = parsed({"S": rows}, {"S": ["A2:B3", "C2:C3", "A6:B6"]})
    assert found(got) == {
        "S!C4": ("长城乡", "party_members_total", 2023, 412),
        "S!C5": ("东风镇", "party_members_total", 2023, 350),
    }
    assert got["errors"] == []


@pytest.mark.parametrize(
    ("cell", "township"),
    [
        ("宁远县/长城乡/长城村", "长城乡"),
        ("宁远县／东风镇／东风社区", "东风镇"),  # NFKC: ／ is /
        ("宁远县>东风镇>东风社区>第一网格", "东风镇"),
        ("宁远县/长城乡", "长城乡"),
        ("长城乡/河口镇", "长城乡/河口镇"),  # two townships: a joint figure, no path
        ("长城村/长城乡", "长城村/长城乡"),  # no county first: no path
    ],
)
def test_a_region_paths_township_level_names_the_township(cell: str, township: str) -> None:
    assert township_of_organ(text_of(cell)) == township


def test_grid_rows_under_a_region_path_are_summed_per_township() -> None:
    rows = [
        ["网格基础信息（截至2023年12月31日）"],
        ["序号", "所属区域", "网格名称", "纳入网格户数"],
        [1, "宁远县/长城乡/长城村", "长城村第一网格", 152],
        [2, "宁远县/长城乡/石门村", "石门村网格", 210],
        [3, "宁远县/东风镇/红旗村", "红旗村网格", 176],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!D3:D4": ("长城乡", "grid_households", 2023, 362),
        "S!D5:D5": ("东风镇", "grid_households", 2023, 176),
    }
    assert got["errors"] == []


@pytest.mark.parametrize("below", [False, True])
def test_a_townships_subtotal_label_above_or_below_its_villages_is_its_figure(below: bool) -> None:
    block = {
        "长城乡": [["长城乡小计", None, 75.3], [1, "长城村", 45.2], [2, "石门村", 30.1]],
        "东风镇": [["东风镇小计", None, 28.4], [1, "红旗村", 28.4]],
    }
    if below:  # under a heading row naming the township, the 小计 after its villages
        block = {t: [[t], *rows[1:], rows[0]] for t, rows in block.items()}
    head = [["2023年各村集体经济收入"], ["序号", "村名", "村集体经济总收入（万元）"]]
    rows = [*head, *block["长城乡"], *block["东风镇"]]
    got = parsed({"S": rows})
    at = {("长城乡", False): "S!C3", ("东风镇", False): "S!C6", ("长城乡", True): "S!C6", ("东风镇", True): "S!C9"}
    assert found(got) == {
        at[("长城乡", below)]: ("长城乡", "collective_income_total", 2023, 75.3),
        at[("东风镇", below)]: ("东风镇", "collective_income_total", 2023, 28.4),
    }
    assert got["errors"] == []


def test_an_indicator_over_a_value_and_unit_pair_reads_each_rows_unit() -> None:
    rows = [
        ["2023年各乡镇主要指标"],
        ["乡镇", "党员总数", None, "村集体经济总收入", None],
        [None, "数值", "单位", "数值", "单位"],
        ["长城乡", 412, "人", 120.5, "万元"],
        ["东风镇", 350, "人", 985000, "元"],
    ]
    got = parsed({"S": rows}, {"S": ["A2:A3", "B2:C2", "D2:E2"]})
    assert found(got) == {
        "S!B4": ("长城乡", "party_members_total", 2023, 412),
        "S!D4": ("长城乡", "collective_income_total", 2023, 120.5),
        "S!B5": ("东风镇", "party_members_total", 2023, 350),
        "S!D5": ("东风镇", "collective_income_total", 2023, 98.5),
    }
    assert got["errors"] == []


def test_a_year_column_of_period_cells_gives_each_rows_year() -> None:
    rows = [
        ["各乡镇发展党员情况"],
        ["乡镇", "年度", "新发展党员（人）"],
        ["长城乡", "2023.1-12", 6],
        ["东风镇", "2023年1-12月", 5],
        ["长城乡", "2022年度", 5],
        ["青石镇", "2023年1-6月", 2],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!C3": ("长城乡", "party_members_new", 2023, 6),
        "S!C4": ("东风镇", "party_members_new", 2023, 5),
        "S!C5": ("长城乡", "party_members_new", 2022, 5),
    }
    assert got["errors"] == []
    assert "S!B6" in {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("line", "township"),
    [
        ("填报单位：东风镇人民政府（盖章）", "东风镇"),
        ("填报单位：长城乡党委（公章）", "长城乡"),
        ("填报单位：东风镇(章)", "东风镇"),
        ("填报单位（盖章）：东风镇党委", "东风镇"),
        ("填报单位：东风社区居委会", None),
    ],
)
def test_a_reporting_unit_line_with_its_stamp_names_the_township(line: str, township: str | None) -> None:
    assert unit_line_township(text_of(line)) == township


def _village_form(unit: str, villages: list[tuple[str, int]]) -> list[list[object]]:
    total = sum(g for _, g in villages)
    return [
        [f"填报单位：{unit}"],
        ["序号", "村（社区）", "网格数（个）"],
        *[[i, v, g] for i, (v, g) in enumerate(villages, 1)],
        ["合计", None, total],
        [],
    ]


def test_village_forms_stacked_under_their_reporting_unit_lines_are_each_read() -> None:
    rows = [
        ["2023年度网格化服务管理情况统计表"],
        [],
        *_village_form("长城乡人民政府（盖章）", [("长城村", 3), ("石门村", 2)]),
        *_village_form("东风镇人民政府（盖章）", [("红旗村", 2)]),
        *_village_form("东风社区居委会", [("新华村", 1)]),  # no township: skipped with a warning, never silently
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!C7": ("长城乡", "grids_total", 2023, 5),
        "S!C12": ("东风镇", "grids_total", 2023, 2),
    }
    assert got["errors"] == []
    skipped = {w["cell"]: w["message"] for w in got["warnings"]}
    assert "没有写明所属乡镇" in skipped["S!A15"]  # the block is skipped, and the warning says why
