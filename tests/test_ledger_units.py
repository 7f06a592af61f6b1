"""Case tables for the pure parts of the ledger importer: cells, headers, table detection, file sniffing."""

from __future__ import annotations

from datetime import date

import pytest

from etl.ledgers.cells import Parsed, check_number, check_value, parse_cell, parse_year, shown
from etl.ledgers.diagnose import why_no_table
from etl.ledgers.importer import catalog_indicators
from etl.ledgers.match import IndicatorMatcher
from etl.ledgers.numfmt import PercentNumber, is_percent_format
from etl.ledgers.periods import ANNUAL, CUMULATIVE, NO_FIGURE, THIS_YEAR, YEAR_END, period_of, rank
from etl.ledgers.read import LedgerFileError, column_letter, open_workbook, parse_cell_name
from etl.ledgers.table import corner_roles, detect_table, flatten_header
from etl.ledgers.text import is_total_label, looks_like_township, split_unit, text_of

MATCHER = IndicatorMatcher(catalog_indicators())
INFO = MATCHER.indicators

CELLS = [
    (412, Parsed(412.0, numeric=True)),
    (412.0, Parsed(412.0, numeric=True)),
    ("412", Parsed(412.0)),
    (" 380 ", Parsed(380.0)),
    ("1,234", Parsed(1234.0)),
    ("４１２", Parsed(412.0)),
    ("１，２３４", Parsed(1234.0)),
    ("12.5%", Parsed(12.5, unit="%", is_percent=True)),
    ("约30", Parsed(30.0, qualifier="approx")),
    ("100余", Parsed(100.0, qualifier="over")),
    ("不足50", Parsed(50.0, qualifier="under")),
    ("XX", Parsed(None, masked=True)),
    ("**", Parsed(None, masked=True)),
    ("×", Parsed(None, masked=True)),
    ("33万元", Parsed(33.0, unit="万元")),
    ("-3", Parsed(-3.0)),
    ("", None),
    (None, None),
    ("—", None),
    ("/", None),
    ("十几", "“十几” 不是数字"),
    ("待统计", "“待统计” 不是数字"),
    (True, "“是” 不是数字"),
    (date(2023, 5, 1), "“2023-05-01” 不是数字（单元格是日期格式）"),
    ("无", Parsed(0.0, zero_word=True)),
    ("没有", Parsed(0.0, zero_word=True)),
    ("暂无", None),
    ("不适用", None),
    ("30+", Parsed(30.0, qualifier="over")),
    ("95万", Parsed(950000.0, scaled=True)),
    ("1.2万人", Parsed(12000.0, unit="人")),
    ("　412　", Parsed(412.0)),
    ("1　058", Parsed(1058.0)),
    ("10-12", "“10-12” 是一个范围，不是一个数：请填写确切的数字"),
    ("8~10", "“8~10” 是一个范围，不是一个数：请填写确切的数字"),
    ("3至5", "“3至5” 是一个范围，不是一个数：请填写确切的数字"),
    ("2024-01-05", "“2024-01-05” 是日期，不是数字"),
    (PercentNumber(0.956), Parsed(95.6, unit="%", is_percent=True)),
]


@pytest.mark.parametrize(("cell", "expected"), CELLS)
def test_parse_cell(cell: object, expected: object) -> None:
    assert parse_cell(cell) == expected


CHECKS = [
    # (indicator, cell, unit from header/row, value in canonical unit, error)
    ("collective_income_total", 565000, "元", 56.5, None),
    ("collective_income_total", 56.5, None, 56.5, None),
    ("collective_income_total", "1.2亿元", None, 12000.0, None),
    ("rural_income_per_capita", 1.52, "万元", 15200.0, None),
    ("training_coverage_rate", "98%", None, 98.0, None),
    ("training_coverage_rate", "120%", None, None, "“120%” 超过 100%"),
    ("training_coverage_rate", "-5", None, None, "“-5” 是负数，比率不能为负"),
    ("party_members_total", "-3", None, None, "“-3” 是负数，党员总数不能为负"),
    ("party_members_total", "12.5%", None, None, "“12.5%” 是百分比，但“党员总数”的单位是人"),
    ("party_members_total", "12万元", None, None, "“12万元” 的单位是万元，但“党员总数”的单位是人"),
    ("party_members_total", "XX", None, None, None),
    ("party_members_total", "无", None, 0.0, None),
    ("training_coverage_rate", "无", None, None, None),
    ("collective_income_total", "95万", None, 95.0, None),
    ("collective_income_total", "95万", "万元", 95.0, None),
    ("rural_income_per_capita", "1.69万元", "元", 16900.0, None),
    ("training_coverage_rate", PercentNumber(1.2), None, None, "“120%” 超过 100%"),
    ("party_members_total", PercentNumber(0.5), None, None, "“50%” 是百分比，但“党员总数”的单位是人"),
]


@pytest.mark.parametrize(("key", "cell", "unit", "value", "error"), CHECKS)
def test_check_value(key: str, cell: object, unit: str | None, value: float | None, error: str | None) -> None:
    parsed = parse_cell(cell)
    assert isinstance(parsed, Parsed)
    assert check_value(parsed, INFO[key], unit, shown(cell)) == (value, error)


HEADERS = [
    ("党员总数（人）", "party_members_total"),
    ("党员总数", "party_members_total"),
    ("共有党员", "party_members_total"),
    ("村集体经济总收入(万元)", "collective_income_total"),
    ("集体经济收入（元）", "collective_income_total"),
    ("流动党员人数", "party_members_floating"),
    ("行政村个数", "administrative_villages"),
    ("入党申请书人数", "party_applicants"),
    ("其中：农村党员", "party_members_rural"),
    ("党委会/班子会次数", "party_committee_meetings"),
    ("party_lectures", "party_lectures"),
    ("预备党员数", None),
    ("网格员数", None),
    ("预备党员", None),
    ("合计", None),
    ("数量", None),
    ("2.本年发展党员", "party_members_new"),
    ("（二）本年发展党员", "party_members_new"),
    ("党委会议次数", "party_committee_meetings"),
    ("本年", None),
    ("年末数", None),
]


@pytest.mark.parametrize(("header", "key"), HEADERS)
def test_header_to_indicator(header: str, key: str | None) -> None:
    found = MATCHER.match(header)
    assert (found.key if found else None) == key


UNITS = [
    ("党员总数（人）", ("党员总数", "人")),
    ("集体经济收入(元)", ("集体经济收入", "元")),
    ("培训覆盖率（%）", ("培训覆盖率", "%")),
    ("收入/万元", ("收入", "万元")),
    ("收入（单位：万元）", ("收入", "万元")),
    ("党员（含预备党员）", ("党员(含预备党员)", None)),
]


@pytest.mark.parametrize(("header", "expected"), UNITS)
def test_split_unit(header: str, expected: tuple[str, str | None]) -> None:
    assert split_unit(header) == expected


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("合计", True),
        ("合  计", True),
        ("总计", True),
        ("小计", True),
        ("全县", True),
        ("全县合计", True),
        ("宁远县合计", True),
        ("合江镇", False),
        ("长城乡", False),
        ("", False),
    ],
)
def test_total_labels(text: str, total: bool) -> None:
    assert is_total_label(text) is total


@pytest.mark.parametrize(
    ("text", "township"),
    [
        ("长城乡", True),
        ("东风镇", True),
        ("城关街道", True),
        ("长城彝族乡", True),
        ("乡镇", False),
        ("合计", False),
        ("党员总数", False),
        ("宁远县", False),
    ],
)
def test_township_shapes(text: str, township: bool) -> None:
    assert looks_like_township(text) is township


@pytest.mark.parametrize(
    ("cell", "year"),
    [
        (2023, 2023),
        (2023.0, 2023),
        ("2023", 2023),
        ("2023年", 2023),
        ("２０２３年度", 2023),
        ("二〇二三年", 2023),
        (date(2023, 12, 31), 2023),
        ("去年", None),
        (23, None),
        (True, None),
    ],
)
def test_parse_year(cell: object, year: int | None) -> None:
    assert parse_year(cell) == year


def test_flatten_merged_group_headers() -> None:
    rows = [["乡镇", "党员情况", "", "", "集体经济收入（万元）"], ["", "党员总数", "流动党员", "新发展党员", ""]]
    merged = [(0, 0, 1, 0), (0, 1, 0, 3), (0, 4, 1, 4)]
    parts = [[t for t, _ in col] for col in flatten_header(rows, 0, 2, merged)]
    assert parts == [
        ["乡镇"],
        ["党员情况", "党员总数"],
        ["党员情况", "流动党员"],
        ["党员情况", "新发展党员"],
        ["集体经济收入(万元)"],
    ]  # NFKC folds full-width brackets


def test_flatten_without_merge_information_fills_groups_rightwards() -> None:
    rows = [["乡镇", "党员情况", "", "集体经济收入"], ["", "党员总数", "流动党员", ""]]
    parts = [[t for t, _ in col] for col in flatten_header(rows, 0, 2)]
    assert parts == [["乡镇"], ["党员情况", "党员总数"], ["党员情况", "流动党员"], ["集体经济收入"]]


LAYOUTS = [
    ([["2023年台账"], ["乡镇", "党员总数"], ["长城乡", 412]], "wide", 1, 2023),
    ([["乡镇", "年份", "指标", "数值"], ["长城乡", 2023, "党员总数", 412]], "long", 0, None),
    ([["乡镇", "指标", "2022年", "2023年"], ["长城乡", "党员总数", 405, 412]], "years-as-columns", 0, None),
    ([["指标", "长城乡", "东风镇"], ["党员总数", 412, 380]], "transposed", 0, None),
    ([["会议记录"], ["时间", "5月"]], None, None, None),
]


@pytest.mark.parametrize(("rows", "layout", "header_row", "year"), LAYOUTS)
def test_detect_table_layouts(
    rows: list[list[object]], layout: str | None, header_row: int | None, year: int | None
) -> None:
    table = detect_table("Sheet1", rows, MATCHER)
    if layout is None:
        assert table is None
        return
    assert table is not None
    assert (table.layout, table.header_bottom, table.year) == (layout, header_row, year)


def test_money_unit_row_above_the_header() -> None:
    rows = [
        ["台账"],
        ["填报单位：组织部", "", "金额单位：元"],
        ["乡镇", "村集体经济总收入", "合作社数"],
        ["长城乡", 1, 2],
    ]
    table = detect_table("2023", rows, MATCHER)
    assert table is not None and table.money_unit == "元" and table.header_top == 2 and table.year == 2023


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.xlsx", "文件是空的"),
        (b"x" * 2000, "a.csv", "超过"),
        ("乡镇,党员总数\n长城乡,412\n".encode("gbk"), "a.txt", None),
        (b"\x00\x01\x02binary", "a.dat", "不是电子表格文件"),
        (b"\x89PNG\r\n", "a.xlsx", "PNG 图片"),
        (b"<!DOCTYPE html><p>404</p>", "a.xls", "网页（HTML）格式的文件，但里面没有表格"),
        (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "a.xls", "没有工作"),
        (b'<?xml version="1.0"?><svg/>', "a.xls", "XML 文件"),
    ],
)
def test_open_workbook_sniffs_content(data: bytes, name: str, message: str | None) -> None:
    if message is None:
        wb = open_workbook(data, name)
        assert wb.kind == "csv" and list(wb.load("a").rows())[1] == ["长城乡", "412"]
        return
    with pytest.raises(LedgerFileError, match=message):
        open_workbook(data, name, max_bytes=1000)


@pytest.mark.parametrize(("col", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters(col: int, letter: str) -> None:
    assert column_letter(col) == letter
    assert parse_cell_name(f"{letter}7") == (6, col)


@pytest.mark.parametrize("key", ["party_members_total", "collective_income_total", "training_coverage_rate"])
@pytest.mark.parametrize("unit", [None, "人", "元", "万元", "亿元", "%"])
@pytest.mark.parametrize("number", [412, 412.0, 0.95, -3, -3.5, 0, 120, 1.23456789012, 565000])
def test_check_number_is_check_value_for_number_cells(key: str, unit: str | None, number: float) -> None:
    parsed = parse_cell(number)
    assert isinstance(parsed, Parsed)
    assert check_number(number, INFO[key], unit) == check_value(parsed, INFO[key], unit, text_of(number))


@pytest.mark.parametrize(
    ("code", "percent"),
    [("0%", True), ("0.0%", True), ("#,##0.00%", True), ('0.0"%"', False), ("0.0\\%", False), ("0;0%", False)],
)
def test_percent_formats(code: str, percent: bool) -> None:
    assert is_percent_format(code) is percent


@pytest.mark.parametrize(
    ("header", "period"),
    [
        ("一季度", NO_FIGURE),
        ("第四季度", NO_FIGURE),
        ("1-6月", NO_FIGURE),
        ("10月", NO_FIGURE),
        ("全年", ANNUAL),
        ("全年合计", ANNUAL),
        ("1-12月累计", ANNUAL),
        ("本年", THIS_YEAR),
        ("年末数", YEAR_END),
        ("历年累计", CUMULATIVE),
        ("本年减少", NO_FIGURE),
        ("党员数", None),
    ],
)
def test_period_of_header(header: str, period: str | None) -> None:
    assert period_of(header) == period


@pytest.mark.parametrize(
    ("period", "flow_gives", "stock_gives"),
    [("年末", True, True), ("新增", True, False), ("累计", False, True), ("全年", True, True), ("不取", False, False)],
)
def test_period_rank_by_flow_and_stock(period: str, flow_gives: bool, stock_gives: bool) -> None:
    """A flow's figure is the year's (本年, not 历年累计); a stock's the year-end one (年末数, not 本年新增)."""
    assert (rank(period, stock=False) > 0, rank(period, stock=True) > 0) == (flow_gives, stock_gives)


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("乡镇\n项目", {"township", "indicator"}),
        ("项目\\乡镇", {"township", "indicator"}),
        ("　　　乡镇 指标", {"township", "indicator"}),
        ("党委会/班子会次数", set()),
        ("乡镇", set()),
        ("乡镇/乡镇", set()),
    ],
)
def test_corner_cells(text: str, roles: set[str]) -> None:
    """A 斜线表头 corner names the row labels and the column labels at once."""
    assert corner_roles(text) == roles


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ([["会议记录"], ["时间", "2023年5月"]], "没有找到乡镇列（表头应写“乡镇”，或有一列写着各乡镇的名称）"),
        (
            [["2023年台账"], ["乡镇", "预备党员数"], ["长城乡", 1]],
            "没有一列表头对得上指标目录中的指标（表头有：“预备党员数”；最接近的指标：预备党员转正数、党员总数、新发展党员数）",
        ),
        ([["乡镇", "党员总数"], ["长城乡", 1]], ""),
    ],
)
def test_why_no_table(rows: list[list[object]], reason: str) -> None:
    assert why_no_table(rows, MATCHER, looks_like_township) == reason
