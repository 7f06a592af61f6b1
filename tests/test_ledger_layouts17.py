"""Case tables for the layout classes found by audit round 17 (tests/fixtures/ledgers_audit17): a year column of
本年 / 上年 rows (the title's year; an earlier year restated, not stored) with 增减 rows under them, a bare day
beside a table's title (the form's date, not the data's year), the words forms head columns with (党纪警告 for a 警告
处分, 接收预备党员 for the year's new members; 递交入党申请书 stays the year's flow into a stock, round 11's rule),
rows carrying a 其中 breakdown on, a township over 人数 | 占比 across a transposed table, and a cover sheet."""

from __future__ import annotations

import pytest

from etl.ledgers.dates import DIFFERENCE_ROW, EARLIER_ROW, PART_ROW, year_cell
from etl.ledgers.match import IndicatorMatcher, catalog_indicators
from tests.test_ledger_layouts5 import found, parsed

MATCHER = IndicatorMatcher(catalog_indicators())


@pytest.mark.parametrize(
    ("cell", "base", "year", "skip"),
    [
        ("本年", 2023, 2023, ""),
        ("本年度", 2023, 2023, ""),
        ("今年", 2023, 2023, ""),
        ("当年", 2023, 2023, ""),
        ("本 年", 2023, 2023, ""),
        ("上年", 2023, None, EARLIER_ROW),
        ("去年", 2023, None, EARLIER_ROW),
        ("上年同期", 2023, None, EARLIER_ROW),
        ("上年底", 2023, None, EARLIER_ROW),
        ("前年", 2023, None, EARLIER_ROW),
        ("去年", None, None, ""),  # no year to count from: an error, as before
        ("本年", None, None, ""),  # no year to count from: the cell names none (an error, as before)
        ("增减", 2023, None, DIFFERENCE_ROW),
        ("比上年增减", 2023, None, DIFFERENCE_ROW),
        ("同比增长", 2023, None, DIFFERENCE_ROW),
        ("增幅（%）", 2023, None, DIFFERENCE_ROW),
        ("±", 2023, None, DIFFERENCE_ROW),
        ("2022", 2023, 2022, ""),
        ("2023年度", None, 2023, ""),
        ("2023年1-6月", 2023, 2023, PART_ROW),
    ],
)
def test_a_year_cell_relative_to_the_tables_year(cell: str, base: int | None, year: int | None, skip: str) -> None:
    assert year_cell(cell, False, base) == (year, skip)


def test_this_year_and_last_year_rows_under_each_township() -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇主要指标对比表"],
        ["乡镇", "时间", "党员总数（人）", "党支部数（个）"],
        ["长城乡", "本年", 412, 14],
        [None, "上年", 398, 13],
        [None, "增减", 14, 1],
        ["东风镇", "本年", 350, 11],
        [None, "去年", 342, 11],
    ]
    got = parsed({"S": rows}, {"S": ["A3:A5", "A6:A7"]})
    assert got["errors"] == []
    assert found(got) == {  # 上年 / 去年 rows restate an earlier year: not stored (rounds 5, 7, 12)
        "S!C3": ("长城乡", "party_members_total", 2023, 412),
        "S!D3": ("长城乡", "party_branches", 2023, 14),
        "S!C6": ("东风镇", "party_members_total", 2023, 350),
        "S!D6": ("东风镇", "party_branches", 2023, 11),
    }
    assert {w["cell"] for w in got["warnings"]} >= {"S!B4", "S!B5", "S!B7"}


@pytest.mark.parametrize(
    ("above", "year"),
    [
        ([["附件2", None, "内部资料"], ["2023年各乡镇党员情况"], ["填报单位：组织部", None, "2024年1月15日"]], 2023),
        ([["2023年各乡镇党员情况"], ["填报单位（盖章）：", None, "2024-01-15"]], 2023),
        ([["2023年各乡镇党员情况"], [None, None, "2024年1月15日"]], 2023),
        ([["各乡镇党员情况"], ["2023年12月31日"]], 2023),  # a day alone: still the table's year (a cut-off)
        ([["2022年、2023年各乡镇党员情况"]], None),  # two years named: still none
    ],
)
def test_a_bare_day_beside_the_title_is_the_forms_date(above: list[list[object]], year: int | None) -> None:
    got = parsed({"S": [*above, ["乡镇", "党员总数（人）", "党支部数（个）"], ["长城乡", 412, 14]]})
    r = len(above) + 2
    if year is None:
        assert [e["cell"] for e in got["errors"]] == ["S!A2"]
    else:
        assert got["errors"] == []
        assert found(got) == {
            f"S!B{r}": ("长城乡", "party_members_total", year, 412),
            f"S!C{r}": ("长城乡", "party_branches", year, 14),
        }


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("党纪警告", "discipline_warnings"),
        ("党纪警告（人）", "discipline_warnings"),
        ("警告", "discipline_warnings"),
        ("接收预备党员", "party_members_new"),
        ("接收预备党员（人）", "party_members_new"),
        ("本年接收预备党员", "party_members_new"),
        ("递交入党申请书", None),  # the year's applicants: a flow into 入党申请人数, a stock (round 11)
        ("确定为入党积极分子", None),
        ("列为发展对象", None),
        ("撤销党内职务", None),
        ("谈话函询", None),
    ],
)
def test_words_forms_head_columns_with(header: str, key: str | None) -> None:
    found_ = MATCHER.match(header)
    assert (found_.key if found_ else None) == key


@pytest.mark.parametrize(
    ("labels", "townships"),
    [
        (["长城乡", "　其中：建制村", "　　　　机关事业单位", "东风镇"], {"长城乡", "东风镇"}),
        (["长城乡", "其中：建制村", "机关事业单位", "其他", "东风镇"], {"长城乡", "东风镇"}),
        (["长城乡", "其中：建制村", "东风镇", "青石镇"], {"长城乡", "东风镇", "青石镇"}),
        (["全县", "其中：长城乡", "东风镇"], {"长城乡", "东风镇"}),  # 其中 naming a township: the township (round 14)
        (["长城乡", "机关事业单位"], {"长城乡", "机关事业单位"}),  # no 其中 above it: a name like any other
    ],
)
def test_rows_carrying_a_breakdown_on_after_its_part_row(labels: list[str], townships: set[str]) -> None:
    rows: list[list[object]] = [["2023年各乡镇党员情况"], ["乡镇", "党员总数（人）"]]
    rows += [[label, 100 + i] for i, label in enumerate(labels)]
    got = parsed({"S": rows})
    assert {o["township"] for o in got["observations"]} == townships


@pytest.mark.parametrize(
    ("measures", "read"),
    [
        (["人数", "占比（%）"], {"B"}),
        (["人数", "比重（%）"], {"B"}),
        (["占比（%）", "人数"], {"C"}),
    ],
)
def test_a_townships_count_column_across_a_transposed_table(measures: list[str], read: set[str]) -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇党员队伍结构情况"],
        ["项目", "长城乡", None, "东风镇", None],
        [None, *measures, *measures],
        [
            "党员总数",
            *([412, 100.0] if measures[0] != "占比（%）" else [100.0, 412]),
            *([350, 100.0] if measures[0] != "占比（%）" else [100.0, 350]),
        ],
        [
            "女党员",
            *([96, 23.3] if measures[0] != "占比（%）" else [23.3, 96]),
            *([81, 23.1] if measures[0] != "占比（%）" else [23.1, 81]),
        ],
    ]
    got = parsed({"S": rows}, {"S": ["A2:A3", "B2:C2", "D2:E2"]})
    assert got["errors"] == []
    cols = {o["cell"].split("!")[1][0] for o in got["observations"] if o["township"] == "长城乡"}
    assert cols == read
    values = {(o["township"], o["indicator"]): o["value"] for o in got["observations"]}
    assert values == {
        ("长城乡", "party_members_total"): 412,
        ("长城乡", "party_members_female"): 96,
        ("东风镇", "party_members_total"): 350,
        ("东风镇", "party_members_female"): 81,
    }


_FORM: list[list[object]] = [["指标名称", "计量单位", "数量"], ["党员总数", "人", 412], ["党支部数", "个", 14]]


@pytest.mark.parametrize(
    ("first", "title", "found_"),
    [
        (
            {"封面": [["2023年度党建工作统计年报表"], ["填报单位（盖章）：中共长城乡委员会"]]},
            "表一　党员情况",
            ("长城乡", 2023),
        ),
        (
            {"Sheet1": [["2023年度年报"], ["填报单位：东风镇党委"], ["报出时间：2024年1月10日"]]},
            "表一",
            ("东风镇", 2023),
        ),
        ({"封面": [["2023年度年报"], ["填报单位（盖章）：中共长城乡委员会"]]}, "2022年党员情况", ("长城乡", 2022)),
        ({"封面": [["2023年度年报"], ["填报单位（盖章）：中共长城乡委员会"]]}, "东风镇党员情况", ("东风镇", 2023)),
        ({"填表说明": [["2023年度填表说明"], ["请于1月15日前报送"]]}, "表一", None),  # no cover: no township
    ],
)
def test_a_cover_sheet_gives_its_year_and_township(
    first: dict[str, list[list[object]]], title: str, found_: tuple[str, int] | None
) -> None:
    got = parsed({**first, "表一": [[title], *_FORM]})
    if found_ is None:
        assert got["errors"] and not got["observations"]
        return
    assert got["errors"] == []
    assert {(o["township"], o["year"]) for o in got["observations"]} == {found_}


def test_a_report_date_line_is_not_the_data_year() -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇党员情况"],
        ["报出时间：2024年1月10日"],
        ["乡镇", "党员总数（人）"],
        ["长城乡", 412],
    ]
    assert found(parsed({"S": rows})) == {"S!B4": ("长城乡", "party_members_total", 2023, 412)}


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("A01 党员总数", "party_members_total"),
        ("A03-新发展党员", "party_members_new"),
        ("B02党支部数", "party_branches"),
        ("DJ0301流动党员", "party_members_floating"),
        ("dj01：女党员", "party_members_female"),
        ("35岁及以下党员", "party_members_age35_under"),  # digits without letters: no code
        ("Q4新发展党员", None),  # a quarter, not a code: not the year's figure
    ],
)
def test_a_system_item_code_before_a_label_is_no_part_of_it(label: str, key: str | None) -> None:
    found_ = MATCHER.match(label)
    assert (found_.key if found_ else None) == key
