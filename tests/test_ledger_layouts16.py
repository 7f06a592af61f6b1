"""Case tables for the layout classes found by audit round 16 (tests/fixtures/ledgers_audit16): a CSV's `="412"`
text formulas, a currency sign typed with an amount, a date written as eight digits (20231231), a township cell's
number set off by a space (5 白沙乡), a township written without its 乡 / 镇 (长城), and an import template's
example row (XX乡); second batch: a sheet or a column across named by a township without its 乡 / 镇, Excel's day
number in a cut-off column (45291), and the ideographic full stop typed for the decimal point (120。5); third batch: a
header written as a field key with its Chinese name in brackets (dyzs(党员总数)), and the counts a rate comes from in
brackets after it (98.5%（197/200）); fourth batch: 未报 / 待报 cells, and a 报告期 column of returns (2023年年报);
fifth batch: Excel's sep= line in a CSV, and 支部 for 党支部 in a header; seventh batch: organs' short names (东风镇委,
城关街道工委)."""

from __future__ import annotations

from typing import Any

import pytest

from etl.ledgers.cells import Parsed, parse_cell
from etl.ledgers.dates import cutoff_year, day_of, year_period
from etl.ledgers.header import field_name
from etl.ledgers.importer import LedgerOptions, parse_ledger
from etl.ledgers.match import IndicatorMatcher, catalog_indicators
from etl.ledgers.text import is_county_organ, text_of, township_of_organ
from tests.test_ledger_fixtures import fixture_townships
from tests.test_ledger_layouts5 import found, parsed


def _csv(text: str) -> dict[str, Any]:
    data = text.encode("utf-8-sig")
    return parse_ledger(data, "t.csv", fixture_townships(), LedgerOptions(create_townships=True)).to_json()


@pytest.mark.parametrize(
    "line",
    [
        '="长城乡",="2023",="412",="14"',
        '"=""长城乡""","=""2023""","=""412""","=""14"""',
        '="长城乡",2023,="412",14',
    ],
)
def test_a_csv_fields_text_formula_is_the_text_excel_shows(line: str) -> None:
    got = _csv(f"乡镇,年份,党员总数（人）,党支部数（个）\r\n{line}\r\n")
    assert found(got) == {
        "t!C2": ("长城乡", "party_members_total", 2023, 412),
        "t!D2": ("长城乡", "party_branches", 2023, 14),
    }
    assert got["errors"] == []


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("¥985,000", 985000),
        ("￥1,205,000.00", 1205000),
        ("¥ 14,980.00", 14980),
        ("￥16850", 16850),
    ],
)
def test_a_currency_sign_typed_with_an_amount_is_no_part_of_it(cell: str, value: float) -> None:
    got = parse_cell(text_of(cell))
    assert isinstance(got, Parsed) and got.value == value


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (20231231, (2023, 12, 31)),
        (20231231.0, (2023, 12, 31)),
        ("20221231", (2022, 12, 31)),
        ("20230630", (2023, 6, 30)),
        (20231301, None),  # no 13th month
        (2023, None),
        (412, None),
        ("2023123", None),
    ],
)
def test_eight_digits_are_a_day(value: object, day: tuple[int, int, int] | None) -> None:
    assert day_of(value) == day


@pytest.mark.parametrize(("value", "year"), [(20231231, (2023, True)), ("20230630", (2023, False))])
def test_a_cutoff_written_as_eight_digits_gives_the_year(value: object, year: tuple[int, bool]) -> None:
    assert cutoff_year(value) == year


def test_a_date_column_of_eight_digits_gives_each_rows_year() -> None:
    rows = [
        ["统计日期", "乡镇名称", "党员总数（人）"],
        [20221231, "长城乡", 405],
        ["20231231", "长城乡", 412],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!C2": ("长城乡", "party_members_total", 2022, 405),
        "S!C3": ("长城乡", "party_members_total", 2023, 412),
    }


@pytest.mark.parametrize(
    ("cell", "township"),
    [
        ("5 白沙乡", "白沙乡"),
        ("12　东风镇", "东风镇"),
        ("1.长城乡", "长城乡"),
        ("（三）青石镇", "青石镇"),
        ("长城", "长城乡"),
        ("东风", "东风镇"),
        ("河 口", "河口镇"),
        ("白沙", "白沙乡"),
    ],
)
def test_a_township_written_with_its_number_or_without_its_level_word_is_the_known_one(
    cell: str, township: str
) -> None:
    got = parsed({"S": [["2023年统计"], ["乡镇", "党员总数（人）"], [cell, 412]]})
    assert found(got) == {"S!B3": (township, "party_members_total", 2023, 412)}
    assert got["errors"] == []


@pytest.mark.parametrize("name", ["石门", "长城村", "红旗"])
def test_a_name_that_is_no_known_township_without_its_level_word_is_not_matched(name: str) -> None:
    got = parsed({"S": [["2023年统计"], ["乡镇", "党员总数（人）"], ["长城乡", 412], [name, 30]]})
    assert "长城乡" not in {o["township"] for o in got["observations"] if o["cell"] == "S!B4"}


@pytest.mark.parametrize("placeholder", ["XX乡", "××镇", "某某乡", "XXX", "示例：XX乡", "长城乡（示例）"])
def test_an_import_templates_example_row_is_no_township(placeholder: str) -> None:
    rows = [["*乡镇名称", "*统计年度", "*党员总数（人）"], [placeholder, 2023, 100], ["长城乡", 2023, 412]]
    got = parsed({"S": rows})
    assert found(got) == {"S!C3": ("长城乡", "party_members_total", 2023, 412)}
    assert "S!A2" in {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("120。5", 120.5),
        ("412。", 412),
        ("64。0", 64),
        ("98。5%", 98.5),
        ("1,280。", 1280),
        ("412.", 412),
        ("35．", 35),
    ],
)
def test_an_ideographic_full_stop_in_a_figure_is_its_decimal_point_or_nothing(cell: str, value: float) -> None:
    got = parse_cell(text_of(cell))
    assert isinstance(got, Parsed) and got.value == value


@pytest.mark.parametrize("cell", ["12。5。3", "。5", "12.5.3"])
def test_an_ideographic_full_stop_elsewhere_is_no_number(cell: str) -> None:
    assert isinstance(parse_cell(text_of(cell)), str)


@pytest.mark.parametrize(
    ("value", "year"),
    [
        (45291, (2023, True)),
        (44926, (2022, True)),
        (45107, (2023, False)),
        (45291.0, (2023, True)),
        (2023, None),  # a year, not a day number
        ("202312", (2023, True)),  # a year-month
    ],
)
def test_a_whole_number_in_a_cutoff_column_is_excels_day_number(value: object, year: tuple[int, bool] | None) -> None:
    assert cutoff_year(value) == year
    assert year_period(45291) is None  # a period column's number is no day


def test_a_cutoff_column_of_day_numbers_gives_each_rows_year() -> None:
    rows = [
        ["乡镇", "统计截止日期", "党员总数（人）"],
        ["长城乡", 45291, 412],
        ["长城乡", 44926, 405],
        ["东风镇", 45107, 348],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!C2": ("长城乡", "party_members_total", 2023, 412),
        "S!C3": ("长城乡", "party_members_total", 2022, 405),
    }
    assert "S!B4" in {w["cell"] for w in got["warnings"]}


def test_sheets_named_by_townships_without_their_level_word_are_theirs() -> None:
    form = [["2023年度基本情况表"], ["指标名称", "计量单位", "数量"], ["党员总数", "人", 412]]
    got = parsed({"长城": form, "东风": [*form[:2], ["党员总数", "人", 350]]})
    assert found(got) == {
        "长城!C3": ("长城乡", "party_members_total", 2023, 412),
        "东风!C3": ("东风镇", "party_members_total", 2023, 350),
    }


def test_townships_across_without_their_level_word_are_theirs() -> None:
    rows = [["2023年主要指标"], ["项目", "计量单位", "长城", "东风", "合计"], ["党员总数", "人", 412, 350, 762]]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!C3": ("长城乡", "party_members_total", 2023, 412),
        "S!D3": ("东风镇", "party_members_total", 2023, 350),
    }


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("dyzs(党员总数)", "党员总数"),
        ("town_name（乡镇名称）", "乡镇名称"),
        ("stat_year (统计年度)", "统计年度"),
        ("党员总数(人)", "党员总数(人)"),  # a unit in brackets after a Chinese name stays
        ("GDP(亿元)", "GDP(亿元)"),  # a unit, not a name
        ("APP使用率(%)", "APP使用率(%)"),
    ],
)
def test_a_field_key_before_a_chinese_name_in_brackets_is_no_part_of_the_header(header: str, name: str) -> None:
    assert field_name(header) == name


def test_a_csv_of_field_key_headers_ending_in_a_record_count_is_read() -> None:
    got = _csv("town_name(乡镇名称),stat_year(统计年度),dyzs(党员总数)\r\n长城乡,2023,412\r\n共1条记录\r\n")
    assert found(got) == {"t!C2": ("长城乡", "party_members_total", 2023, 412)}
    assert got["errors"] == []


@pytest.mark.parametrize(
    ("cell", "value"),
    [("98.5%（197/200）", 98.5), ("96.6%(398/412)", 96.6), ("95.0（190/200）", 95.0), ("100% (12/12)", 100)],
)
def test_the_counts_a_rate_comes_from_in_brackets_are_a_note(cell: str, value: float) -> None:
    got = parse_cell(text_of(cell))
    assert isinstance(got, Parsed) and got.value == value and got.note is not None


@pytest.mark.parametrize("cell", ["未报", "未上报", "待报", "尚未上报", "未报送"])
def test_a_figure_not_yet_reported_is_no_figure(cell: str) -> None:
    assert parse_cell(text_of(cell)) is None


def test_a_figure_still_to_be_checked_stays_an_error() -> None:
    assert isinstance(parse_cell("待核实"), str)


@pytest.mark.parametrize(
    ("cell", "period"),
    [
        ("2023年年报", (2023, True)),
        ("2023年报", (2023, True)),
        ("2022年度报", (2022, True)),
        ("2023年半年报", (2023, False)),
        ("2023年季报", (2023, False)),
        ("2023年一季度报", (2023, False)),
        ("2023年月报", (2023, False)),
        ("2023年快报", None),
    ],
)
def test_a_return_names_its_year_and_whether_it_is_the_whole_year(cell: str, period: tuple[int, bool] | None) -> None:
    assert year_period(cell) == period


def test_a_report_period_column_gives_each_rows_year() -> None:
    rows = [
        ["报告期", "乡镇", "党员总数（人）"],
        ["2023年年报", "长城乡", 412],
        ["2022年年报", "长城乡", 405],
        ["2023年半年报", "东风镇", 348],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!C2": ("长城乡", "party_members_total", 2023, 412),
        "S!C3": ("长城乡", "party_members_total", 2022, 405),
    }
    assert "S!A4" in {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("first", "sep"),
    [("sep=|", "|"), ("sep=;", ";"), ("SEP=,", ","), ("sep=\t", "\t"), ("\ufeffsep=|", "|")],
)
def test_excels_sep_line_names_the_delimiter_and_is_no_row(first: str, sep: str) -> None:
    body = sep.join(["乡镇", "年份", "党员总数（人）"]) + "\r\n" + sep.join(["长城乡", "2023", "412"])
    data = (f"{first}\r\n{body}\r\n").encode()
    got = parse_ledger(data, "t.csv", fixture_townships(), LedgerOptions(create_townships=True)).to_json()
    assert found(got) == {"t!C2": ("长城乡", "party_members_total", 2023, 412)}


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("支部（个）", "party_branches"),
        ("支部", None),  # no unit: not told from 支部书记, 支部所在村 …
        ("支部（人）", None),
        ("党员（人）", "party_members_total"),
    ],
)
def test_a_bulletins_short_word_names_its_indicator(header: str, key: str | None) -> None:
    from etl.ledgers.header import band_columns
    from etl.ledgers.text import looks_like_township

    cols = band_columns([["乡镇", header]], 0, 1, [], IndicatorMatcher(catalog_indicators()), looks_like_township)
    assert cols[1].indicator == key


@pytest.mark.parametrize(
    ("name", "township", "county_organ"),
    [
        ("东风镇委", "东风镇", False),
        ("长城乡政府", "长城乡", False),
        ("城关街道工委", "城关街道", False),
        ("城关街道办事处", "城关街道", False),
        ("县直机关工委", "县直机关工委", True),
        ("宁远县委", "宁远县委", True),
        ("县教育局党委", "县教育局党委", True),
    ],
)
def test_an_organs_short_name_names_its_township(name: str, township: str, county_organ: bool) -> None:
    assert township_of_organ(name) == township
    assert is_county_organ(name) == county_organ
