"""Case tables for the layout classes found by audit round 8 (tests/fixtures/ledgers_audit8): a period written
before a header's name (截至2023年12月31日党员总数, 2023年1月1日至12月31日新发展党员, 1-12月…, 截至6月底…), 汇总 as
a total row or column, and a row whose year cell is empty in a table with nothing else giving the year."""

from __future__ import annotations

import pytest

from etl.ledgers.spans import header_span
from etl.ledgers.text import is_total_label
from tests.test_ledger_layouts5 import found, parsed


@pytest.mark.parametrize(
    ("header", "span"),
    [
        ("截至2023年12月31日党员总数", ("党员总数", 2023, True)),
        ("截止到2023.12.31的入党积极分子", ("入党积极分子", 2023, True)),
        ("截至2023年6月30日党员总数", ("党员总数", 2023, False)),
        ("2023年1月1日至12月31日新发展党员", ("新发展党员", 2023, True)),
        ("2023.1.1-2023.12.31新发展党员", ("新发展党员", 2023, True)),
        ("2023年1月1日至6月30日新发展党员", ("新发展党员", 2023, False)),
        ("截至2023年底党员总数", ("党员总数", 2023, True)),
        ("截至年底党支部数", ("党支部数", None, True)),
        ("截至12月底党员总数", ("党员总数", None, True)),
        ("截至6月底入党积极分子", ("入党积极分子", None, False)),
        ("截至2023年12月党员总数", ("党员总数", 2023, True)),
        ("截至2023年党员总数", ("党员总数", 2023, True)),
        ("截至6月份入党积极分子", ("入党积极分子", None, False)),
        ("至今累计发展党员", None),
        ("1-12月新发展党员", ("新发展党员", None, True)),
        ("本年1-12月化解矛盾纠纷", ("化解矛盾纠纷", None, True)),
        ("1-6月新发展党员", ("新发展党员", None, False)),
        ("2023年1-12月累计培训人次", ("培训人次", 2023, True)),
        ("1-12月", None),  # a period alone is the period's column (etl.ledgers.periods), not a name
        ("截至2023年12月31日", None),
        ("党员总数", None),
        ("2023年党员总数", None),  # a year alone before the name: read as before (text.YEAR_IN_TEXT)
    ],
)
def test_header_span(header: str, span: tuple[str, int | None, bool] | None) -> None:
    assert header_span(header) == span


def test_period_before_the_name_gives_the_year_or_a_part() -> None:
    rows: list[list[object]] = [
        ["各乡镇发展党员工作情况统计表"],
        ["乡镇", "截至2023年12月31日党员总数（人）", "2023年1月1日至6月30日新发展党员"]
        + ["2023年1月1日至12月31日新发展党员"],
        ["长城乡", 412, 3, 6],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!B3": ("长城乡", "party_members_total", 2023, 412),
        "S!D3": ("长城乡", "party_members_new", 2023, 6),
    }
    assert not got["errors"]
    assert "S!C2" in {w["cell"] for w in got["warnings"]}  # the half year's column, set aside with its reason


def test_month_span_before_the_name_under_a_title_year() -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇发展党员情况"],
        ["乡镇", "1-12月新发展党员", "1-6月新发展党员", "截至12月底党员总数", "截至6月底入党积极分子"],
        ["长城乡", 6, 3, 412, 17],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!B3": ("长城乡", "party_members_new", 2023, 6),
        "S!D3": ("长城乡", "party_members_total", 2023, 412),
    }
    assert not got["errors"]


@pytest.mark.parametrize(
    ("label", "total"),
    [("汇总", True), ("全县汇总", True), ("汇  总", True), ("长城乡", False), ("汇总表", False)],
)
def test_huizong_is_a_total(label: str, total: bool) -> None:
    assert is_total_label(label) is total


def test_huizong_row_and_column_are_skipped() -> None:
    wide = parsed({"S": [["2023年党员"], ["乡镇", "党员总数"], ["长城乡", 412], ["东风镇", 350], ["汇总", 762]]})
    assert set(found(wide)) == {"S!B3", "S!B4"}
    assert "S!A5" in {w["cell"] for w in wide["warnings"]}
    across = parsed({"S": [["2023年"], ["项目", "长城乡", "东风镇", "汇总"], ["党员总数", 412, 350, 762]]})
    assert set(found(across)) == {"S!B3", "S!C3"}
    assert not wide["errors"] and not across["errors"]


@pytest.mark.parametrize(
    ("title", "year_cell", "errors"),
    [
        ("各乡镇党员情况", None, ["S!B4"]),  # no year anywhere for this row: an error, never a figure of no year
        ("2023年各乡镇党员情况", None, []),  # the title's year stands for it
        ("各乡镇党员情况", 2023, []),
    ],
)
def test_row_with_an_empty_year_cell(title: str, year_cell: int | None, errors: list[str]) -> None:
    rows: list[list[object]] = [[title], ["乡镇", "年度", "党员总数"], ["长城乡", 2023, 412]]
    rows.append(["东风镇", year_cell, 350])
    got = parsed({"S": rows})
    assert [e["cell"] for e in got["errors"]] == errors
    assert all(o["year"] == 2023 for o in got["observations"])
    assert ("S!C4" in found(got)) is not bool(errors)


@pytest.mark.parametrize("merged", [[], ["B1:C1"]])
def test_index_names_on_a_row_of_their_own(merged: list[str]) -> None:
    """pandas' to_excel of a two-level header: the column levels on top (merged or repeated), the index name 乡镇
    alone on the row under them in the column they leave blank."""
    group = None if merged else "流出党员（人）"
    rows: list[list[object]] = [
        [None, "流出党员（人）", group, "流入党员（人）"],
        [None, "省内", "合计", None],
        ["乡镇", None, None, None],
        ["长城乡", 20, 35, 6],
        ["东风镇", 18, 28, 4],
    ]
    got = parsed({"2023年": rows}, {"2023年": merged})
    assert found(got) == {
        "2023年!C4": ("长城乡", "party_members_outflow", 2023, 35),
        "2023年!D4": ("长城乡", "party_members_inflow", 2023, 6),
        "2023年!C5": ("东风镇", "party_members_outflow", 2023, 28),
        "2023年!D5": ("东风镇", "party_members_inflow", 2023, 4),
    }
    assert not got["errors"]


def test_a_table_of_a_part_of_the_year_only_says_so() -> None:
    """The only indicator column is a half year's stock: one error saying so, not 无法确定年份."""
    got = parsed({"S": [["乡镇", "截至2023年6月30日党员总数（人）"], ["长城乡", 410], ["东风镇", 348]]})
    assert not got["observations"]
    assert [e["cell"] for e in got["errors"]] == ["S!A1"]
    assert "年内某一期间" in got["errors"][0]["message"] and "无法确定年份" not in got["errors"][0]["message"]


@pytest.mark.parametrize(
    ("this", "before"),
    [("本期数", "上期数"), ("本年数", "上年数"), ("本年实际数", "上年实际数"), ("今年数", "去年同期")],
)
def test_form_with_this_and_the_previous_period(this: str, before: str) -> None:
    """统计报表 forms head their value columns 本期数 | 上期数 (本年数 | 上年数): the first is the year's figure."""
    rows: list[list[object]] = [
        ["长城乡2023年基本情况"],
        ["指标名称", "计量单位", this, before],
        ["党员总数", "人", 412, 405],
        ["党支部数", "个", 15, 14],
    ]
    got = parsed({"长城乡": rows})
    assert found(got) == {
        "长城乡!C3": ("长城乡", "party_members_total", 2023, 412),
        "长城乡!C4": ("长城乡", "party_branches", 2023, 15),
    }
    assert not got["errors"]
