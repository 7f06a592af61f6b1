"""Case tables for the layout classes found by audit round 13 (tests/fixtures/ledgers_audit13): a task's result beside
its plan (计划 | 完成), footnote marks after figures and headers (412①, 28*, 党支部（个）③), a row label naming only a
measure under a title naming its subject (一、总收入), 上年结转 beside a year's column and the group's 合计, a figure
merged over several townships, December after its year over stocks and flows (2023年12月), a platform's monthly
export (统计月份 of year-months, …人民调解委员会, 本年累计…, an 导出时间 footer)."""

from __future__ import annotations

import pytest

from etl.ledgers.cells import Parsed, note_left_out, parse_cell
from etl.ledgers.dates import cutoff_year, year_month
from etl.ledgers.match import IndicatorMatcher, catalog_indicators
from etl.ledgers.periods import CUMULATIVE, NO_FIGURE, PLANNED, THIS_YEAR, december, period_of
from etl.ledgers.table import Table, label_match
from etl.ledgers.text import header_text, is_footer_text, township_of_organ
from tests.test_ledger_layouts5 import found, parsed

MATCHER = IndicatorMatcher(catalog_indicators())


@pytest.mark.parametrize(
    ("word", "period"),
    [
        ("完成", THIS_YEAR),
        ("完成数", THIS_YEAR),
        ("已完成", THIS_YEAR),
        ("实际完成", THIS_YEAR),
        ("计划", PLANNED),
        ("计划数", PLANNED),
        ("目标任务", PLANNED),
        ("上年结转", NO_FIGURE),
        ("结转", NO_FIGURE),
        ("完成率", None),
    ],
)
def test_a_tasks_result_is_the_year_and_its_plan_none(word: str, period: str | None) -> None:
    assert period_of(word) == period


@pytest.mark.parametrize(
    ("cell", "value", "note"),
    [
        ("412①", 412, "①"),
        ("64.0②", 64.0, "②"),
        ("28*", 28, "*"),
        ("318＊", 318, "＊"),
        ("15¹", 15, "¹"),
        ("96%※", 96, "※"),
        ("350(女86)", 350, "女86"),
        ("30+", 30, None),
    ],
)
def test_a_footnote_mark_after_a_figure_is_no_digit_of_it(cell: str, value: float, note: str | None) -> None:
    got = parse_cell(cell)
    assert isinstance(got, Parsed)
    assert (got.value, got.note) == (value, note)


@pytest.mark.parametrize(("cell", "said"), [("412①", "注释标记"), ("28*", "注释标记"), ("350(女86)", "是说明")])
def test_the_warning_names_a_footnote_mark_as_such(cell: str, said: str) -> None:
    got = parse_cell(cell)
    assert isinstance(got, Parsed)
    assert said in note_left_out(got, cell)


@pytest.mark.parametrize("cell", ["**", "X"])
def test_masks_stay_masks(cell: str) -> None:
    got = parse_cell(cell)
    assert isinstance(got, Parsed) and got.masked


@pytest.mark.parametrize(
    ("header", "text"),
    [
        ("党支部（个）③", "党支部(个)"),
        ("党员总数¹", "党员总数"),
        ("③集体收益10万元以上的村", "(3)集体收益10万元以上的村"),
    ],
)
def test_a_footnote_mark_after_a_header_is_dropped(header: str, text: str) -> None:
    assert header_text(header) == text


@pytest.mark.parametrize(
    ("label", "title", "key"),
    [
        ("一、总收入", "村集体经济组织收益分配统计表（2023年度）", "collective_income_total"),
        ("总收入", "2023年村集体经济收入情况", "collective_income_total"),
        ("一、总收入", "各乡镇财政收支情况", None),
        ("二、总支出", "村集体经济组织收益分配统计表", None),
    ],
)
def test_a_row_label_naming_a_measure_takes_its_subject_from_the_title(label: str, title: str, key: str | None) -> None:
    table = Table(sheet="表三", header_top=0, header_bottom=0, columns=[], title=title)
    got = label_match(label, table, MATCHER)
    assert (got.key if got else None) == key


@pytest.mark.parametrize(
    ("name", "township"),
    [
        ("长城乡人民调解委员会", "长城乡"),
        ("东风镇调委会", "东风镇"),
        ("东风镇综治中心", "东风镇"),
        ("青石镇司法所", "青石镇"),
        ("长城村人民调解委员会", "长城村人民调解委员会"),
    ],
)
def test_a_townships_mediation_and_order_bodies_name_it(name: str, township: str) -> None:
    assert township_of_organ(name) == township


@pytest.mark.parametrize(
    ("cell", "month", "cutoff"),
    [
        ("2023-12", (2023, 12), (2023, True)),
        ("2023.11", (2023, 11), (2023, False)),
        ("2023年12月", (2023, 12), (2023, True)),
        ("202312", (2023, 12), (2023, True)),
        ("2023-12-31", None, (2023, True)),
        ("2023-06-30", None, (2023, False)),
        ("12月", None, None),
        ("2023", None, None),
    ],
)
def test_a_year_month_stands_at_its_months_end(
    cell: str, month: tuple[int, int] | None, cutoff: tuple[int, bool] | None
) -> None:
    assert year_month(cell) == month
    assert cutoff_year(cell) == cutoff


@pytest.mark.parametrize(("text", "yes"), [("12月", True), ("十二月份", True), ("11月", False), ("12月底", False)])
def test_december_after_its_year(text: str, yes: bool) -> None:
    assert december(text) is yes


@pytest.mark.parametrize(
    ("text", "yes"), [("导出时间：2024-01-03", True), ("打印日期:2024年1月5日", True), ("导出", False)]
)
def test_an_exports_footer_line(text: str, yes: bool) -> None:
    assert is_footer_text(text) is yes


def test_plan_and_result_pairs_give_the_result() -> None:
    got = parsed(
        {
            "S": [
                ["2023年度重点任务完成情况"],
                ["乡镇", "发展党员（人）", None, None, "举办培训班（期）", None],
                [None, "计划数", "完成数", "完成率（%）", "目标任务", "已完成"],
                ["长城乡", 6, 5, 83.3, 4, 4],
            ]
        },
        {"S": ["A2:A3", "B2:D2", "E2:F2"]},
    )
    assert found(got) == {
        "S!C4": ("长城乡", "party_members_new", 2023, 5),
        "S!F4": ("长城乡", "training_sessions", 2023, 4),
    }


@pytest.mark.parametrize("total_first", [False, True])
def test_carried_over_cases_and_the_groups_total_are_not_the_years(total_first: bool) -> None:
    leaves = ["合计", "上年结转", "本年立案"] if total_first else ["上年结转", "本年立案", "合计"]
    values = {"合计": 6, "上年结转": 1, "本年立案": 5}
    got = parsed(
        {
            "S": [
                ["2023年纪检统计"],
                ["乡镇", "立案（件）", None, None],
                [None, *leaves],
                ["长城乡", *map(values.get, leaves)],
            ]
        },
        {"S": ["A2:A3", "B2:D2"]},
    )
    col = "BCD"[leaves.index("本年立案")]
    assert found(got) == {f"S!{col}4": ("长城乡", "discipline_cases", 2023, 5)}
    assert {o["unit"] for o in got["observations"]} == {"件"}


@pytest.mark.parametrize(
    ("merges", "error"),
    [
        (["C3:C4"], "S!C3"),  # one figure over two townships' rows
        (["A3:A4", "C3:C4"], None),  # the township merged over the same rows: one township's rows
    ],
)
def test_a_figure_merged_over_several_townships_is_refused(merges: list[str], error: str | None) -> None:
    rows: list[list[object]] = [
        ["2023年党员情况"],
        ["乡镇", "党员总数", "村集体经济总收入（万元）"],
        ["长城乡", 412, 145.2],
        ["东风镇" if error else None, 350 if error else None, None],
    ]
    got = parsed({"S": rows}, {"S": merges})
    assert [e["cell"] for e in got["errors"]] == ([error] if error else [])
    assert ("S!C3" in found(got)) is (error is None)


def test_december_over_stocks_is_the_year_end_and_over_flows_december() -> None:
    got = parsed(
        {
            "S": [
                ["各乡镇党员情况"],
                ["乡镇", "2023年12月", None],
                [None, "党员总数", "新发展党员"],
                ["长城乡", 412, 1],
            ]
        },
        {"S": ["A2:A3", "B2:C2"]},
    )
    assert found(got) == {"S!B4": ("长城乡", "party_members_total", 2023, 412)}
    assert any(w["cell"] == "S!C3" for w in got["warnings"])


def test_a_monthly_export_gives_decembers_year_to_date() -> None:
    got = parsed(
        {
            "S": [
                ["统计月份", "调解组织名称", "调解成功（件）", "本年累计调解成功（件）"],
                ["2023-11", "长城乡人民调解委员会", 4, 37],
                ["2023-12", "长城乡人民调解委员会", 3, 40],
                ["导出时间：2024-01-03 09:15:22"],
            ]
        }
    )
    assert found(got) == {"S!D3": ("长城乡", "disputes_resolved", 2023, 40)}
    assert not got["errors"]
    assert any(w["cell"] == "S!A2" for w in got["warnings"])


def test_the_column_period_is_kept_in_a_carried_group() -> None:
    """The group's 合计 beside 上年结转 is read as a cumulative figure (no year's), not as the group's figure."""
    from etl.ledgers.header import band_columns
    from etl.ledgers.text import looks_like_township

    rows = [["乡镇", "立案（件）", None, None], [None, "上年结转", "本年立案", "合计"]]
    cols = band_columns(rows, 0, 2, [(0, 1, 0, 3)], MATCHER, looks_like_township)
    assert [c.period for c in cols[1:]] == [NO_FIGURE, "", CUMULATIVE]


# Second batch: 支部 under 基层党组织, a township's name with a code in a sheet name, two townships in one cell, an
# apostrophe before a number kept as text.
@pytest.mark.parametrize(
    ("group", "leaf", "key"),
    [
        ("基层党组织（个）", "支部", "party_branches"),
        ("党组织情况", "支部", "party_branches"),
        ("基层党组织（个）", "合计", "party_orgs_total"),
        ("党员情况（人）", "支部", None),  # not a group of organisations
    ],
)
def test_a_kind_of_organisation_under_a_group_of_them(group: str, leaf: str, key: str | None) -> None:
    from etl.ledgers.header import band_columns
    from etl.ledgers.text import looks_like_township

    rows = [["乡镇", group], [None, leaf]]
    cols = band_columns(rows, 0, 2, [], MATCHER, looks_like_township)
    assert cols[1].indicator == key


@pytest.mark.parametrize(
    ("sheet", "township"),
    [
        ("长城乡(530123201000)", "长城乡"),
        ("东风镇（530123202）", "东风镇"),
        ("530123201_长城乡", "长城乡"),
        ("长城乡-530123201000", "长城乡"),
        ("Sheet1(2)", None),
    ],
)
def test_a_sheet_named_after_a_township_and_its_code(sheet: str, township: str | None) -> None:
    from etl.ledgers.table import township_in_titles
    from etl.ledgers.text import looks_like_township

    assert township_in_titles(sheet, [], looks_like_township) == township


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("东风镇、青石镇", ["东风镇", "青石镇"]),
        ("长城乡/河口镇", ["长城乡", "河口镇"]),
        ("长城乡，东风镇，青石镇", ["长城乡", "东风镇", "青石镇"]),
        ("和平镇", []),
        ("长城乡、长城村", []),
    ],
)
def test_townships_written_together(name: str, parts: list[str]) -> None:
    from etl.ledgers.text import joint_townships

    assert joint_townships(name) == parts


def test_a_row_of_two_townships_is_refused_and_the_others_read() -> None:
    got = parsed({"S": [["2023年党员"], ["乡镇", "党员总数"], ["长城乡", 412], ["东风镇、青石镇", 680]]})
    assert found(got) == {"S!B3": ("长城乡", "party_members_total", 2023, 412)}
    assert [e["cell"] for e in got["errors"]] == ["S!A4"]


@pytest.mark.parametrize(("cell", "value"), [("'350", 350), ("'0", 0), ("'12.5%", 12.5)])
def test_an_apostrophe_before_a_number_kept_as_text(cell: str, value: float) -> None:
    got = parse_cell(cell)
    assert isinstance(got, Parsed) and got.value == value


def test_a_figure_merged_across_two_townships_columns_is_refused() -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇情况"],
        ["指标", "计量单位", "长城乡", "东风镇", "青石镇"],
        ["党员总数", "人", 412, 350, 330],
        ["村集体经济总收入", "万元", 145.2, None, 81.2],
    ]
    got = parsed({"S": rows}, {"S": ["C4:D4"]})
    assert [e["cell"] for e in got["errors"]] == ["S!C4"]
    assert "S!C4" not in found(got) and found(got)["S!E4"] == ("青石镇", "collective_income_total", 2023, 81.2)
