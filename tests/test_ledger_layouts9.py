"""Case tables for the layout classes found by audit round 9 (tests/fixtures/ledgers_audit9): a date cell shown with a
year-only number format (yyyy"年") reads as its year, 指标：数值 cards far down a sheet, pandas' three-level header with
its row of index names, and a 合计 row whose label also fills the year column (合计 merged over 乡镇:年度)."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from etl.ledgers.dates import dated_year
from etl.ledgers.header import joined_parts
from etl.ledgers.importer import LedgerOptions, parse_ledger
from etl.ledgers.numfmt import YearDate
from etl.ledgers.periods import part_in_title
from etl.ledgers.text import label_and_figure, text_of
from tests.test_ledger_fixtures import fixture_townships
from tests.test_ledger_layouts5 import found, parsed


def _with_formats(rows: list[list[object]], formats: dict[str, str], merged: list[str]) -> dict[str, Any]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for row in rows:
        ws.append(row)
    for ref, code in formats.items():
        ws[ref].number_format = code
    for rng in merged:
        ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return parse_ledger(buf.getvalue(), "t.xlsx", fixture_townships(), LedgerOptions(create_townships=True)).to_json()


@pytest.mark.parametrize(
    ("value", "year", "text"),
    [
        (YearDate(2022, 1, 1), (2022, True), "2022年"),
        (YearDate(2023, 6, 30), (2023, True), "2023年"),  # the format shows the year, whatever the day
        (date(2023, 6, 30), (2023, False), "2023-06-30"),
        (datetime(2023, 12, 31), (2023, True), "2023-12-31"),
    ],
)
def test_a_year_formatted_date_is_its_year(value: date, year: tuple[int, bool], text: str) -> None:
    assert dated_year(value) == year
    assert text_of(value) == text


@pytest.mark.parametrize(
    ("code", "years"),
    [
        ('yyyy"年"', {2022, 2023}),
        ("yyyy", {2022, 2023}),
        ('[$-804]yyyy"年"', {2022, 2023}),
        ('yyyy"年"m"月"d"日"', {None}),  # 2022年1月1日 shown whole: a day inside the year, the year untold
    ],
)
def test_year_formatted_date_cells_over_the_columns(code: str, years: set[int | None]) -> None:
    rows: list[list[object]] = [
        ["乡镇", datetime(2022, 1, 1), None, datetime(2023, 1, 1), None],
        [None, "党员总数（人）", "党支部数（个）", "党员总数（人）", "党支部数（个）"],
        ["长城乡", 398, 13, 412, 14],
    ]
    got = _with_formats(rows, {"B1": code, "D1": code}, ["A1:A2", "B1:C1", "D1:E1"])
    assert {o["year"] for o in got["observations"]} == years
    assert bool(got["errors"]) is (None in years)


@pytest.mark.parametrize("lines", [0, 37, 60, 300])
def test_cards_far_down_a_sheet(lines: int) -> None:
    """A 记实 台账: LINES dated lines of text, then the 基本情况 cards."""
    rows: list[list[object]] = [["长城乡2023年党建工作记实台账"]]
    rows += [[f"{1 + i % 12}月{1 + i % 28}日，召开党委会议，研究部署党建工作。"] for i in range(lines)]
    rows += [["党员总数：412人", None, "新发展党员：6人"], ["党支部数：14个"]]
    got = parsed({"长城乡": rows})
    first = lines + 2
    assert found(got) == {
        f"长城乡!A{first}": ("长城乡", "party_members_total", 2023, 412),
        f"长城乡!C{first}": ("长城乡", "party_members_new", 2023, 6),
        f"长城乡!A{first + 1}": ("长城乡", "party_branches", 2023, 14),
    }
    assert not got["errors"]


@pytest.mark.parametrize("merged", [[], ["B1:D1", "E1:G1", "B2:C2", "E2:F2"]])
def test_three_level_header_with_index_names(merged: list[str]) -> None:
    """pandas' to_excel of three column levels (year → group → leaf) and the index name 乡镇 on a fourth row."""
    y22 = None if merged else "2022年"
    y23 = None if merged else "2023年"
    g = None if merged else "党员情况"
    leaves = ["党员总数（人）", "流动党员（人）", "党支部数（个）"]
    rows: list[list[object]] = [
        [None, "2022年", y22, y22, "2023年", y23, y23],
        [None, "党员情况", g, "党组织情况", "党员情况", g, "党组织情况"],
        [None, *leaves, *leaves],
        ["乡镇", None, None, None, None, None, None],
        ["长城乡", 398, 33, 13, 412, 35, 14],
    ]
    got = parsed({"汇总": rows}, {"汇总": merged})
    assert found(got) == {
        "汇总!B5": ("长城乡", "party_members_total", 2022, 398),
        "汇总!C5": ("长城乡", "party_members_floating", 2022, 33),
        "汇总!D5": ("长城乡", "party_branches", 2022, 13),
        "汇总!E5": ("长城乡", "party_members_total", 2023, 412),
        "汇总!F5": ("长城乡", "party_members_floating", 2023, 35),
        "汇总!G5": ("长城乡", "party_branches", 2023, 14),
    }
    assert not got["errors"]


@pytest.mark.parametrize(
    ("merged", "total", "mismatch"),
    [
        (["A6:B6"], 20, False),  # 合计 over 乡镇:年度, the sum of both years
        (["A6:B6"], 25, True),
        ([], 20, False),  # 合计 written in both cells
    ],
)
def test_total_row_over_the_year_column(merged: list[str], total: int, mismatch: bool) -> None:
    rows: list[list[object]] = [
        ["2022—2023年党员教育培训情况"],
        ["乡镇", "年度", "举办培训班（期）"],
        ["长城乡", "2022年", 8],
        [None, "2023年", 6],
        ["东风镇", "2023年", 6],
        ["合计", None if merged else "合计", total],
    ]
    got = parsed({"S": rows}, {"S": ["A3:A4", *merged]})
    assert not got["errors"]
    assert len(got["observations"]) == 3
    warned = {w["cell"] for w in got["warnings"]}
    assert "S!A6" in warned
    assert ("S!C6" in warned) is mismatch


@pytest.mark.parametrize("lines", [0, 45, 150])
def test_table_under_a_long_block_of_notes(lines: int) -> None:
    """LINES numbered 填报说明 lines between the title and the header."""
    rows: list[list[object]] = [["2023年各乡镇党建工作统计表"], ["填报说明："]]
    rows += [[f"{i}.按要求如实填写第{i}项，不得漏报。"] for i in range(1, lines + 1)]
    rows += [["乡镇", "党员总数（人）", "党支部数（个）"], ["长城乡", 412, 14], ["合计", 412, 14]]
    got = parsed({"S": rows})
    r = lines + 4
    assert found(got) == {
        f"S!B{r}": ("长城乡", "party_members_total", 2023, 412),
        f"S!C{r}": ("长城乡", "party_branches", 2023, 14),
    }
    assert not got["errors"]


@pytest.mark.parametrize(
    ("cells", "want"),
    [
        (
            ["党员总数（人）：", 412, "党支部数（个）：", 14],
            {"B2": ("party_members_total", 412), "D2": ("party_branches", 14)},
        ),
        (
            ["党员总数：", "412人", "新发展党员：", "无"],
            {"B2": ("party_members_total", 412), "D2": ("party_members_new", 0)},
        ),
        (
            ["村集体经济总收入（元）：", 1205000, "党支部数：", 14],
            {"B2": ("collective_income_total", 120.5), "D2": ("party_branches", 14)},
        ),
        (["党员总数（人）", 412, "党支部数（个）", 14], None),  # no colon: a label and a number, no card
        (["填报人：", "张明", "联系电话：", 13800000000], None),
    ],
)
def test_card_over_two_cells(cells: list[object], want: dict[str, tuple[str, float]] | None) -> None:
    got = parsed({"长城乡": [["长城乡2023年党建基本情况表"], cells]})
    if want is None:
        assert not got["observations"] and got["errors"]
        return
    assert {c.split("!")[1]: (o[1], o[3]) for c, o in found(got).items()} == want
    assert not got["errors"]


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("35岁及以下党员：64人", ("35岁及以下党员", "64人")),
        ("61周岁及以上党员：120", ("61周岁及以上党员", "120")),
        ("党员总数：412人", ("党员总数", "412人")),
        ("2023年12月31日：412", None),  # a date is no label
        ("联系电话：13800000000", None),
    ],
)
def test_card_labels_with_an_age_bound(text: str, card: tuple[str, str] | None) -> None:
    assert label_and_figure(text) == card


@pytest.mark.parametrize(
    ("code", "year"),
    [('yyyy"年"', 2023), ("yyyy", 2023), ('yyyy"年"m"月"d"日"', None)],
)
def test_year_format_in_an_xls(code: str, year: int | None, tmp_path: Path) -> None:
    """A BIFF8 .xls: the year group over the columns is a date cell shown with CODE."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("S")
    ws.write_merge(0, 1, 0, 0, "乡镇")
    ws.write_merge(0, 0, 1, 2, datetime(2023, 1, 1), xlwt.easyxf(num_format_str=code))
    ws.write(1, 1, "党员总数（人）")
    ws.write(1, 2, "党支部数（个）")
    ws.write(2, 0, "长城乡")
    ws.write(2, 1, 412)
    ws.write(2, 2, 14)
    path = tmp_path / "t.xls"
    wb.save(str(path))
    got = parse_ledger(path.read_bytes(), "t.xls", fixture_townships(), LedgerOptions(create_townships=True)).to_json()
    assert [o["year"] for o in got["observations"]] == [year, year]
    assert bool(got["errors"]) is (year is None)


@pytest.mark.parametrize(
    ("sheet", "titles", "part"),
    [
        ("12月", ["2023年1-12月矛盾纠纷排查化解情况（累计）"], ""),  # a cumulative 月报's December tab: the year
        ("12月", ["2023年12月矛盾纠纷排查化解情况"], "12月"),  # a month's own report
        ("1-6月", ["2023年矛盾纠纷排查化解情况"], "1-6月"),  # the titles name no period: the tab does
        ("全年", ["2023年上半年矛盾纠纷排查化解情况"], "上半年"),
        ("2023.06", ["2023年1-6月累计"], "1-6月"),
        ("Sheet1", ["截至2023年12月31日各乡镇党员情况"], ""),
    ],
)
def test_the_title_speaks_before_the_sheet_name(sheet: str, titles: list[str], part: str) -> None:
    assert part_in_title(sheet, titles) == part


def test_cumulative_month_tabs_give_the_year_from_december() -> None:
    head = ["乡镇", "化解矛盾纠纷（件）", "走访户数（户）"]
    sheets: dict[str, list[list[object]]] = {}
    for m in (3, 6):
        sheets[f"{m}月"] = [[f"2023年1-{m}月矛盾纠纷排查化解情况（累计）"], head, ["长城乡", 10 * m, 100 * m]]
    sheets["12月"] = [["2023年1-12月矛盾纠纷排查化解情况（累计）"], head, ["长城乡", 120, 1200]]
    got = parsed(sheets)
    assert found(got) == {
        "12月!B3": ("长城乡", "disputes_resolved", 2023, 120),
        "12月!C3": ("长城乡", "households_visited", 2023, 1200),
    }
    assert not got["errors"]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("2022年_党员情况_党员总数（人）", ["2022年", "党员情况", "党员总数（人）"]),
        ("党员情况_流动党员", ["党员情况", "流动党员"]),
        ("党员总数（人）", ["党员总数（人）"]),
        ("党员总数_", ["党员总数_"]),  # an empty level: no split
        ("党委会/班子会次数", ["党委会/班子会次数"]),  # a slash is part of a name
    ],
)
def test_joined_header_levels(text: str, parts: list[str]) -> None:
    assert joined_parts(text) == parts


def test_header_levels_joined_with_underscores() -> None:
    head = ["乡镇", "2022年_党员情况_党员总数（人）", "2023年_党员情况_党员总数（人）"]
    rows: list[list[object]] = [[*head, "2023年_党组织情况_党支部数（个）"], ["长城乡", 398, 412, 14]]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!B2": ("长城乡", "party_members_total", 2022, 398),
        "S!C2": ("长城乡", "party_members_total", 2023, 412),
        "S!D2": ("长城乡", "party_branches", 2023, 14),
    }
    assert not got["errors"]


def test_no_empty_header_list_in_the_refusal() -> None:
    got = parsed({"S": [["乡镇", "2022年/党员情况/填报说明事项"], ["长城乡", 398]]})
    assert "表头有：）" not in got["errors"][0]["message"]


@pytest.mark.parametrize(
    ("written", "township"),
    [
        ("1.长城乡", "长城乡"),
        ("2、东风镇", "东风镇"),
        ("（3）青石镇", "青石镇"),
        ("④河口镇", "河口镇"),
        ("5.新华镇", "新华镇"),
    ],
)
def test_numbering_in_front_of_a_township(written: str, township: str) -> None:
    """Numbering in front of a label is not part of it: no township 1.长城乡 (a new one is created without it)."""
    got = parsed({"S": [["2023年党员情况"], ["乡镇", "党员总数（人）", "党支部数（个）"], [written, 412, 14]]})
    assert {o["township"] for o in got["observations"]} == {township}
    assert not got["errors"]
