"""Ledgers saved by office systems as ".xls" that are really an HTML table or an XML Spreadsheet 2003 workbook: read
like any sheet (spans as merged ranges, x:num numbers, mso-number-format percents) and imported end to end."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from etl.ledgers.importer import import_ledger
from etl.ledgers.read import LedgerFileError, open_workbook
from store.access import SYSTEM
from tests.ledger_support import add_fixture_regions

HTML_HEAD = "<html><head><meta http-equiv=Content-Type content='text/html; charset={charset}'>{style}</head><body>"
PERCENT_STYLE = '<style>.xl66 {mso-number-format:"0\\.0%"; text-align:right;}</style>'

# A system export: a title line, a group header over leaf headers (rowspan/colspan), x:num numbers, &nbsp;, <br>.
GROUPED = (
    "<h3>2023年&nbsp;党建统计表</h3><table border=1>"
    "<tr><td rowspan=2>乡镇</td><td colspan=2>党组织</td><td rowspan=2>党员<br>总数</td></tr>"
    "<tr><td>党支部数</td><td>党小组数</td></tr>"
    "<tr><td>长城乡&nbsp;</td><td x:num>18</td><td x:num='40'>40</td><td x:num=\"1412\">1,412</td></tr>"
    "<tr><td>东风镇</td><td>15</td><td>&nbsp;</td><td>2,305&nbsp;</td></tr>"
    "</table></body></html>"
)
GROUPED_FOUND = {
    "t!B4": ("长城乡", "party_branches", 18),
    "t!D4": ("长城乡", "party_members_total", 1412),
    "t!B5": ("东风镇", "party_branches", 15),
    "t!D5": ("东风镇", "party_members_total", 2305),
}
# A percent cell: the export writes the fraction in x:num and a percent format in a class or the cell's style.
PERCENT = (
    "<table><tr><td colspan=3>2023年培训情况</td></tr>"
    "<tr><td>乡镇</td><td>党员总数</td><td>培训覆盖率</td></tr>"
    "<tr><td>白沙乡</td><td x:num>300</td><td class=xl66 x:num='0.956'>95.6%</td></tr>"
    "<tr><td>青石镇</td><td x:num>200</td><td style='mso-number-format:Percent' x:num='0.9'>90.00%</td></tr>"
    "<tr><td>河口镇</td><td x:num>100</td><td>88%</td></tr>"
    "</table></body></html>"
)
PERCENT_FOUND = {
    "t!B3": ("白沙乡", "party_members_total", 300),
    "t!C3": ("白沙乡", "training_coverage_rate", 95.6),
    "t!B4": ("青石镇", "party_members_total", 200),
    "t!C4": ("青石镇", "training_coverage_rate", 90),
    "t!B5": ("河口镇", "party_members_total", 100),
    "t!C5": ("河口镇", "training_coverage_rate", 88),
}
XML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Excel.Sheet"?>'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
    '<Styles><Style ss:ID="pct"><NumberFormat ss:Format="0.0%"/></Style></Styles>'
)


def _cell(value: object, extra: str = "") -> str:
    kind = "Number" if isinstance(value, int | float) else "String"
    return f'<Cell{extra}><Data ss:Type="{kind}">{value}</Data></Cell>'


def _row(*cells: str, index: str = "") -> str:
    return f"<Row{index}>{''.join(cells)}</Row>"


XML = (
    XML_HEAD
    + '<Worksheet ss:Name="2023年"><Table>'
    + _row(_cell("2023年党员情况", ' ss:MergeAcross="2"'))
    + _row(_cell("乡镇"), _cell("党员总数"), _cell("培训覆盖率"))
    + _row(_cell("长城乡"), _cell(412), _cell(0.95, ' ss:StyleID="pct"'))
    + _row(_cell("东风镇"), _cell(305, ' ss:Index="2"'), index=' ss:Index="5"')
    + "</Table></Worksheet>"
    + '<Worksheet ss:Name="2024年"><Table>'
    + _row(_cell("乡镇", ' ss:MergeDown="1"'), _cell("党组织", ' ss:MergeAcross="1"'))
    + _row(_cell("党支部数", ' ss:Index="2"'), _cell("党员总数"))
    + _row(_cell("青石镇"), _cell(9), _cell(210))
    + "</Table></Worksheet></Workbook>"
)
XML_FOUND = {
    "2023年!B3": ("长城乡", "party_members_total", 412),
    "2023年!C3": ("长城乡", "training_coverage_rate", 95),
    "2023年!B5": ("东风镇", "party_members_total", 305),
    "2024年!B3": ("青石镇", "party_branches", 9),
    "2024年!C3": ("青石镇", "party_members_total", 210),
}


def _html(body: str, charset: str, style: str = "") -> bytes:
    return (HTML_HEAD.format(charset=charset, style=style) + body).encode("gbk" if charset == "gb2312" else "utf-8")


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        pytest.param(_html(GROUPED, "gb2312"), "t.xls", GROUPED_FOUND, id="gbk-grouped-headers"),
        pytest.param(_html(GROUPED, "utf-8"), "t.xls", GROUPED_FOUND, id="utf8-grouped-headers"),
        pytest.param(GROUPED.encode("gbk"), "t.xls", GROUPED_FOUND, id="gbk-undeclared"),
        pytest.param(_html(PERCENT, "utf-8", PERCENT_STYLE), "t.xls", PERCENT_FOUND, id="percent-formats"),
        pytest.param(XML.encode(), "book.xls", XML_FOUND, id="xml-2003-two-worksheets"),
    ],
)
def test_an_html_or_xml_xls_is_imported_like_a_workbook(
    db: Engine, data: bytes, name: str, expected: dict[str, tuple[str, str, float]]
) -> None:
    result = import_ledger(db, SYSTEM, data, name)
    assert [e.to_json() for e in result.errors] == []
    got = {o["cell"]: (o["township"], o["indicator"], o["value"]) for o in result.to_json()["observations"]}
    assert got == expected
    assert result.summary is not None and result.summary.new == len(expected)


def test_spans_are_merged_ranges_and_cells_keep_their_excel_names() -> None:
    wb = open_workbook(_html(GROUPED, "gb2312"), "t.xls")
    sheet = wb.load("t")
    rows = list(sheet.rows())
    assert wb.kind == "html" and wb.sheet_names == ["t"]
    assert rows[0] == ["2023年 党建统计表"] and rows[1] == ["乡镇", "党组织", "", "党员\n总数"]
    assert rows[2] == ["", "党支部数", "党小组数"] and rows[3] == ["长城乡", 18, 40, 1412]
    assert rows[4] == ["东风镇", "15", "", "2,305"]
    assert sorted(sheet.merged) == [(1, 0, 2, 0), (1, 1, 1, 2), (1, 3, 2, 3)]
    xml = open_workbook(XML.encode(), "book.xls")
    assert xml.kind == "xml" and xml.sheet_names == ["2023年", "2024年"]
    assert xml.load("2024年").merged == [(0, 0, 1, 0), (0, 1, 0, 2)]
    assert list(xml.load("2024年").rows())[1] == ["", "党支部数", "党员总数"]


def test_an_error_names_the_cell_counted_across_spans(db: Engine) -> None:
    body = GROUPED.replace(">2,305&nbsp;<", ">十几<")
    result = import_ledger(db, SYSTEM, _html(body, "utf-8"), "t.xls")
    assert [e.to_json() for e in result.errors] == [{"cell": "t!D5", "message": "“十几” 不是数字"}]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("<!DOCTYPE html><html><body><p>系统错误</p></body></html>".encode(), "没有表格"),
        (b"<html><form><table><tr><td><input type=password name=pw></td></tr></table></form></html>", "登录页"),
        (XML_HEAD.encode() + b"</Workbook>", "没有工作表"),
        (XML_HEAD.encode() + b"<Worksheet ss:Name='a'><Table><Row>", "已损坏"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Workbook xmlns="' + b"urn:schemas-microsoft-com:"
            b'office:spreadsheet">&a;</Workbook>',
            "DTD",
        ),
        (b'<?xml version="1.0"?><rss version="2.0"></rss>', "XML 文件"),
    ],
)
def test_a_page_without_a_table_is_refused_naming_the_file(data: bytes, message: str) -> None:
    with pytest.raises(LedgerFileError, match=f"^bad.xls：.*{message}"):
        open_workbook(data, "bad.xls")


@pytest.fixture
def db(engine: Engine) -> Engine:
    add_fixture_regions(engine)
    return engine
