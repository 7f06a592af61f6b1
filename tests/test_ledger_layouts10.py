"""Case tables for the layout classes found by audit round 10 (tests/fixtures/ledgers_audit10): two tables of
townships side by side, 指标：数值 cards below a year of 记实 lines, header levels joined with dots or a slash around
a year, scope brackets in a header, number formats that write a unit or scale the number, a cut-off date typed as
eight digits, an indicator's sheet with the years down, and the refusal of a workbook that holds only pictures."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from etl.ledgers.header import joined_parts
from etl.ledgers.importer import LedgerOptions, parse_ledger
from etl.ledgers.labels import match_key
from etl.ledgers.numfmt import Shown, shown_format
from tests.test_ledger_fixtures import fixture_townships
from tests.test_ledger_layouts5 import found, parsed


@pytest.mark.parametrize(
    ("right", "gap"),
    [
        (["东风镇", "长城乡"], True),  # the right table lists its townships in another order
        (["长城乡", "东风镇"], False),  # no empty column between the tables
    ],
)
def test_two_township_tables_side_by_side(right: list[str], gap: bool) -> None:
    head = ["乡镇", "党员总数（人）", "新发展党员（人）"]
    sep: list[object] = [None] if gap else []
    left = {"长城乡": [398, 5], "东风镇": [341, 3]}
    right_v = {"长城乡": [412, 6], "东风镇": [350, 4]}
    rows: list[list[object]] = [["2022年党员情况", None, None, *sep, "2023年党员情况"], [*head, *sep, *head]]
    for (lt, lv), rt in zip(left.items(), right, strict=True):
        rows.append([lt, *lv, *sep, rt, *right_v[rt]])
    rows.append(["合计", 739, 8, *sep, "合计", 762, 10])
    got = parsed({"S": rows})
    second = 4 + len(sep)
    want = {}
    for r, ((lt, lv), rt) in enumerate(zip(left.items(), right, strict=True), start=3):
        want[f"S!B{r}"] = (lt, "party_members_total", 2022, lv[0])
        want[f"S!C{r}"] = (lt, "party_members_new", 2022, lv[1])
        want[f"S!{'ABCDEFGH'[second]}{r}"] = (rt, "party_members_total", 2023, right_v[rt][0])
        want[f"S!{'ABCDEFGH'[second + 1]}{r}"] = (rt, "party_members_new", 2023, right_v[rt][1])
    assert found(got) == want
    assert not got["errors"]
    assert {"S!A5", f"S!{'ABCDEFGH'[second - 1]}5"} <= {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize("lines", [600, 2000])
def test_cards_below_a_year_of_lines(lines: int) -> None:
    rows: list[list[object]] = [["东风镇2023年党建工作记实台账"]]
    rows += [[f"{1 + i % 12}月{1 + i % 28}日，召开党委会议，研究部署党建工作。"] for i in range(lines)]
    rows += [["党员总数：350人", None, "新发展党员：4人"]]
    got = parsed({"东风镇": rows})
    assert found(got) == {
        f"东风镇!A{lines + 2}": ("东风镇", "party_members_total", 2023, 350),
        f"东风镇!C{lines + 2}": ("东风镇", "party_members_new", 2023, 4),
    }


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("2023年.党员.人数", ["2023年", "党员", "人数"]),
        ("党员.人数", ["党员", "人数"]),
        ("1.党支部（个）", ["1.党支部（个）"]),  # numbering, no level
        ("12.5", ["12.5"]),
        ("截至2023.12.31党员总数", ["截至2023.12.31党员总数"]),  # a date, no level
        ("2022年/党员情况/党员总数（人）", ["2022年", "党员情况", "党员总数（人）"]),
        ("党员总数/人", ["党员总数/人"]),  # the unit after a slash: one header (split_unit reads it)
        ("培训班期数/场次", ["培训班期数/场次"]),
    ],
)
def test_levels_joined_with_dots_or_a_slash(text: str, parts: list[str]) -> None:
    assert joined_parts(text) == parts


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("流动党员（外出半年以上）（人）", "流动党员"),
        ("村集体经济总收入（不含上级补助资金）（万元）", "村集体经济总收入"),
        ("党员总数（含预备党员）", "党员总数"),
        ("党支部数（包括联合党支部）", "党支部数"),
        ("村（社区）数", "村社区数"),  # a bracket that is part of the name stays
    ],
)
def test_scope_brackets_are_no_part_of_the_name(header: str, key: str) -> None:
    assert match_key(header) == key


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ('0!.0,"万元"', Shown(10000.0, "万元")),
        ('0"."0000"万元"', Shown(10000.0, "万元")),
        ('#,##0"元"', Shown(1.0, "元")),
        ('0"个"', Shown(1.0, "个")),
        ('0.00,,"万元"\n%', Shown(10000.0, "万元")),  # the percent sign wrapped out of sight (Ctrl+J)
        ('0.00\n"元"', None),  # any other line break: left alone
        ('0"天"', None),  # no ledger unit
        ("#,##0.00", None),
        ('_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ ', None),  # accounting
        ('"¥"#,##0.00', None),
        ("0.0%", None),
    ],
)
def test_formats_that_show_a_unit(code: str, shown: Shown | None) -> None:
    assert shown_format(code) == shown


def _formatted(values: list[float], code: str, xls: bool = False) -> dict[str, Any]:
    if xls:
        return _formatted_xls(values, code)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws.append(["2023年村集体经济收入统计表"])
    ws.append(["乡镇", "村集体经济总收入"])
    for town, v in zip(["长城乡", "东风镇"], values, strict=True):
        ws.append([town, v])
        ws.cell(ws.max_row, 2).number_format = code
    buf = io.BytesIO()
    wb.save(buf)
    return parse_ledger(buf.getvalue(), "t.xlsx", fixture_townships(), LedgerOptions(create_townships=True)).to_json()


def _formatted_xls(values: list[float], code: str) -> dict[str, Any]:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("S")
    ws.write(0, 0, "2023年村集体经济收入统计表")
    ws.write(1, 0, "乡镇")
    ws.write(1, 1, "村集体经济总收入")
    for r, (town, v) in enumerate(zip(["长城乡", "东风镇"], values, strict=True), start=2):
        ws.write(r, 0, town)
        ws.write(r, 1, v, xlwt.easyxf(num_format_str=code))
    buf = io.BytesIO()
    wb.save(buf)
    return parse_ledger(buf.getvalue(), "t.xls", fixture_townships(), LedgerOptions(create_townships=True)).to_json()


@pytest.mark.parametrize("xls", [False, True])
@pytest.mark.parametrize(
    ("code", "values", "want"),
    [
        ('0!.0,"万元"', [1205000, 640000], [120.5, 64]),
        ('#,##0"元"', [1205000, 640000], [120.5, 64]),
        ('0.00"万元"', [120.5, 64], [120.5, 64]),
        ('0.00,,"万元"\n%', [1205000, 640000], [120.5, 64]),
        ("0.00", [120.5, 64], [120.5, 64]),
    ],
)
def test_money_shown_by_its_format(code: str, values: list[float], want: list[float], xls: bool) -> None:
    got = _formatted(values, code, xls)
    assert [o["value"] for o in got["observations"]] == want
    assert not got["errors"]


@pytest.mark.parametrize(
    ("cells", "year"),
    [
        (["统计截止日期：", 20231231], 2023),
        (["统计截止日期：20231231"], 2023),
        (["截止时间：", "2023-12-31"], 2023),
        (["统计截止日期：", 20230630], None),  # a day inside the year: no year
    ],
)
def test_cutoff_date_beside_its_label(cells: list[object], year: int | None) -> None:
    got = parsed({"S": [["各乡镇发展党员情况"], cells, ["乡镇", "新发展党员（人）"], ["长城乡", 6]]})
    assert [o["year"] for o in got["observations"]] == ([year] if year else [None])
    assert bool(got["errors"]) is (year is None)


@pytest.mark.parametrize(
    ("sheet", "title", "years"),
    [
        ("党员总数", "历年各乡镇党员总数（单位：人）", ["2022年", "2023年"]),
        ("党员总数", "历年党员总数", [2022, 2023]),  # the years as numbers
        ("Sheet1", "各乡镇历年党员总数（单位：人）", ["2022年", "2023年"]),  # only the title names it
        ("Sheet1", "近五年各乡镇党员总数", ["2022年", "2023年"]),
    ],
)
def test_indicator_sheet_with_the_years_down(sheet: str, title: str, years: list[object]) -> None:
    rows: list[list[object]] = [[title], ["年度", "长城乡", "东风镇", "合计"]]
    rows += [[years[0], 398, 341, 739], [years[1], 412, 350, 762]]
    got = parsed({sheet: rows})
    assert found(got) == {
        f"{sheet}!B3": ("长城乡", "party_members_total", 2022, 398),
        f"{sheet}!C3": ("东风镇", "party_members_total", 2022, 341),
        f"{sheet}!B4": ("长城乡", "party_members_total", 2023, 412),
        f"{sheet}!C4": ("东风镇", "party_members_total", 2023, 350),
    }
    assert not got["errors"]


@pytest.mark.parametrize("picture", [True, False])
def test_a_workbook_of_pictures_says_so(picture: bool) -> None:
    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    wb = openpyxl.Workbook()
    wb.active.append(["长城乡2023年党建工作统计表（扫描件）"])
    if picture:
        png = io.BytesIO()
        PILImage.new("RGB", (40, 30)).save(png, format="PNG")
        wb.active.add_image(Image(io.BytesIO(png.getvalue())), "A3")
    buf = io.BytesIO()
    wb.save(buf)
    got = parse_ledger(buf.getvalue(), "t.xlsx", fixture_townships(), LedgerOptions()).to_json()
    assert [e["cell"] for e in got["errors"]] == ["Sheet!A1"]
    assert ("图片" in got["errors"][0]["message"]) is picture


@pytest.mark.parametrize(
    ("share", "count_unit"),
    [("占比（%）", "（人）"), ("比例（%）", "（人）"), ("占比", "（名）")],
)
def test_share_after_its_count(share: str, count_unit: str) -> None:
    """村（社区）党组织书记 over 总数 | 大专及以上学历（人） | 占比（%） | 35岁及以下（人） | 占比（%）: the counts
    are no rate; each 占比 is the share of the count on its left."""
    rows: list[list[object]] = [
        ["2023年各乡镇村（社区）党组织书记队伍情况"],
        ["乡镇", "村（社区）党组织书记", None, None, None, None],
        [None, f"总数{count_unit}", f"大专及以上学历{count_unit}", share, f"35岁及以下{count_unit}", share],
        ["长城乡", 12, 9, 75, 3, 25],
    ]
    got = parsed({"S": rows}, {"S": ["A2:A3", "B2:F2"]})
    assert found(got) == {
        "S!D4": ("长城乡", "secretaries_college_rate", 2023, 75),
        "S!F4": ("长城乡", "secretaries_age35_under_rate", 2023, 25),
    }
    assert not got["errors"]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("书记大专及以上学历占比（%）", "secretaries_college_rate"),
        ("书记大专及以上学历占比（人）", None),  # a count of people is not the share
        ("网格覆盖率（户）", None),
        ("党员总数（%）", None),
        ("党员总数（人）", "party_members_total"),
    ],
)
def test_a_percent_indicator_takes_a_percent_column(header: str, key: str | None) -> None:
    got = parsed({"S": [["2023年情况"], ["乡镇", header, "党支部数（个）"], ["长城乡", 75, 14]]})
    assert {o["indicator"] for o in got["observations"]} - {"party_branches"} == ({key} if key else set())


@pytest.mark.parametrize("label", ["其中：长城村", "其中:长城村", "其中 长城村", "其中：机关党支部"])
def test_a_part_row_under_its_township(label: str) -> None:
    """长城乡 | 412 then 其中：长城村 | 60: the part is no township (none created, no error)."""
    rows: list[list[object]] = [
        ["2023年各乡镇党员情况"],
        ["乡镇", "党员总数（人）"],
        ["长城乡", 412],
        [label, 60],
        ["东风镇", 350],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!B3": ("长城乡", "party_members_total", 2023, 412),
        "S!B5": ("东风镇", "party_members_total", 2023, 350),
    }
    assert "S!A4" in {w["cell"] for w in got["warnings"]}
    assert not got["errors"]


@pytest.mark.parametrize("written", ["2023年末", "2023年底", "2023年度", 2023])
def test_year_end_in_a_year_column(written: object) -> None:
    got = parsed({"S": [["乡镇", "年度", "党员总数（人）"], ["长城乡", written, 412]]})
    assert [o["year"] for o in got["observations"]] == [2023]
    assert not got["errors"]


AGE61 = "party_members_age61_over"


@pytest.mark.parametrize(
    ("left", "group", "leaves", "want"),
    [
        ("党员总数（人）", "其中", ["女", "少数民族"], ["party_members_female", "party_members_minority"]),
        ("党员总数（人）", "按年龄分（人）", ["35岁及以下", "36岁至60岁"], ["party_members_age35_under", None]),
        ("党支部数（个）", "党员学历（人）", ["大专及以上", "高中及以下"], ["party_members_college", None]),
        (
            "党员总数（人）",
            "党员年龄结构",
            ["35岁以下", "61岁以上"],
            ["party_members_age35_under", "party_members_age61_over"],
        ),
        ("新发展党员（人）", "其中", ["女", "少数民族"], [None, None]),  # new members' women: no catalog figure
        ("新发展党员（人）", "新发展党员", ["女", "35岁及以下"], [None, None]),
        ("网格数（个）", "其中", ["女", "少数民族"], [None, None]),
    ],
)
def test_party_member_breakdowns(left: str, group: str, leaves: list[str], want: list[str | None]) -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇党员情况"],
        ["乡镇", left, group, None],
        [None, None, *leaves],
        ["长城乡", 412, 98, 150],
    ]
    got = parsed({"S": rows}, {"S": ["A2:A3", "B2:B3", "C2:D2"]})
    by_cell = {c.split("!")[1]: o[1] for c, o in found(got).items()}
    assert [by_cell.get("C4"), by_cell.get("D4")] == want
