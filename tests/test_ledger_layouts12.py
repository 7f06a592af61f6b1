"""Case tables for the layout classes found by audit round 12 (tests/fixtures/ledgers_audit12): a periodic report's
year-to-date column (本季 | 累计 in a fourth-quarter report, 本月 | 本年累计 in December's), a column of the
dates the figures stand at headed 统计时间 / 统计日期 (2023.12.31 typed as text), and a grade (五星级) under a group or
title naming what was graded."""

from __future__ import annotations

import pytest

from etl.ledgers.periods import NO_FIGURE, period_end, period_of
from tests.test_ledger_layouts5 import found, parsed


@pytest.mark.parametrize(
    ("part", "month"),
    [
        ("第四季度", 12),
        ("四季度", 12),
        ("4季度", 12),
        ("第二季度", 6),
        ("1-9月", 9),
        ("10-12月", 12),
        ("12月份", 12),
        ("十二月", 12),
        ("十月份", 10),
        ("下半年", 12),
        ("上半年", 6),
        ("前三季度", 9),
        ("6月底", 6),
    ],
)
def test_the_month_a_part_of_the_year_ends_with(part: str, month: int) -> None:
    assert period_end(part) == month


@pytest.mark.parametrize("word", ["本季", "本季度", "当季", "本月", "当月", "本月份"])
def test_the_current_period_of_a_periodic_report_is_no_figure_of_the_year(word: str) -> None:
    assert period_of(word) == NO_FIGURE


def _periodic(title: str, now: str, to_date: str) -> dict[str, object]:
    rows: list[list[object]] = [
        [title],
        ["乡镇", "党课（次）", None, "化解矛盾纠纷（件）"],
        [None, now, to_date, now, to_date],
        ["长城乡", 3, 14, 5, 22],
        ["东风镇", 2, 11, 4, 19],
    ]
    return parsed({"S": rows}, {"S": ["A2:A3", "B2:C2", "D2:E2"]})


@pytest.mark.parametrize(
    ("title", "now", "to_date"),
    [
        ("2023年第四季度各乡镇党建工作季度报表", "本季", "累计"),
        ("2023年四季度党建工作统计表", "当季", "累计数"),
        ("2023年10-12月党建工作报表", "本季度", "累计"),
        ("2023年12月份党建工作月报表", "本月", "累计"),
        ("2023年12月份党建工作月报表", "本月", "本年累计"),
    ],
)
def test_year_to_date_of_a_report_ending_with_the_year_is_the_year(title: str, now: str, to_date: str) -> None:
    got = _periodic(title, now, to_date)
    assert found(got) == {
        "S!C4": ("长城乡", "party_lectures", 2023, 14),
        "S!E4": ("长城乡", "disputes_resolved", 2023, 22),
        "S!C5": ("东风镇", "party_lectures", 2023, 11),
        "S!E5": ("东风镇", "disputes_resolved", 2023, 19),
    }
    assert not got["errors"]


@pytest.mark.parametrize(
    ("title", "now", "to_date"),
    [
        ("2023年第二季度各乡镇党建工作季度报表", "本季", "累计"),
        ("2023年9月份党建工作月报表", "本月", "本年累计"),
        ("2023年1-9月党建工作报表", "本季", "累计"),
    ],
)
def test_year_to_date_of_an_earlier_period_is_refused_at_the_title(title: str, now: str, to_date: str) -> None:
    got = _periodic(title, now, to_date)
    assert got["observations"] == []
    assert [e["cell"] for e in got["errors"]] == ["S!A1"]
    assert "全年" in got["errors"][0]["message"]


def test_a_bare_cumulative_without_a_period_in_the_title_stays_all_years() -> None:
    rows: list[list[object]] = [
        ["2023年党建工作统计表"],
        ["乡镇", "党课（次）", None],
        [None, "本年", "累计"],
        ["长城乡", 14, 96],
    ]
    got = parsed({"S": rows}, {"S": ["A2:A3", "B2:C2"]})
    assert found(got) == {"S!B4": ("长城乡", "party_lectures", 2023, 14)}


@pytest.mark.parametrize(
    ("header", "day", "year"),
    [
        ("统计时间", "2023.12.31", 2023),
        ("统计日期", "2022-12-31", 2022),
        ("数据时间", "2023年12月31日", 2023),
        ("数据日期", "2023/12/31", 2023),
        ("统计时间", "2023年", 2023),  # a year written as such stays a year
    ],
)
def test_a_column_of_the_dates_figures_stand_at_gives_the_year(header: str, day: str, year: int) -> None:
    rows: list[list[object]] = [
        ["各乡镇党员情况统计表"],
        ["乡镇", header, "党员总数（人）"],
        ["长城乡", day, 412],
        ["东风镇", day, 350],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!C3": ("长城乡", "party_members_total", year, 412),
        "S!C4": ("东风镇", "party_members_total", year, 350),
    }
    assert not got["errors"]


def test_a_date_inside_the_year_is_a_point_of_the_year_not_the_year() -> None:
    rows: list[list[object]] = [
        ["各乡镇党员情况统计表"],
        ["乡镇", "统计时间", "党员总数（人）"],
        ["长城乡", "2023.6.30", 412],
    ]
    got = parsed({"S": rows})
    assert got["observations"] == []
    assert got["errors"] and all(e["cell"].startswith("S!") for e in got["errors"])
    assert any("2023.6.30" in e["message"] for e in got["errors"])


@pytest.mark.parametrize(
    ("title", "groups", "leaves", "want"),
    [
        # one-level headers: the catalog names the top grade of branches and organisations
        ("2023年各乡镇党组织情况", None, ["五星级党支部（个）", "四星级党支部（个）"], {"C": "party_orgs_advanced"}),
        ("2023年各乡镇党组织情况", None, ["五星级支部", "三星级支部"], {"C": "party_orgs_advanced"}),
        # a grade under a group naming nothing graded: the title names the branches
        ("2023年度各乡镇星级党支部评定结果表", "星级评定（个）", ["五星级", "四星级"], {"C": "party_orgs_advanced"}),
        # the group names the organisations graded
        ("2023年各乡镇评定情况", "星级党组织（个）", ["五星级", "四星级"], {"C": "party_orgs_advanced"}),
        ("2023年各乡镇评定情况", "星级党组织（个）", ["五星", "四星"], {"C": "party_orgs_advanced"}),
        # nothing says what was graded: no figure
        ("2023年各乡镇评定结果", "评定等次（个）", ["五星级", "四星级"], {}),
        ("2023年各乡镇星级农户评定结果", "星级评定（户）", ["五星级", "四星级"], {}),
    ],
)
def test_a_grade_names_the_graded_organisations_of_its_group_or_title(
    title: str, groups: str | None, leaves: list[str], want: dict[str, str]
) -> None:
    rows: list[list[object]] = [[title]]
    merges: list[str] = []
    if groups is None:
        rows += [["乡镇", "党支部（个）", *leaves], ["长城乡", 14, 3, 5]]
    else:
        rows += [["乡镇", "党支部（个）", groups, None], [None, None, *leaves], ["长城乡", 14, 3, 5]]
        merges = ["A2:A3", "B2:B3", "C2:D2"]
    got = parsed({"S": rows}, {"S": merges})
    r = len(rows)
    expected = {f"S!B{r}": ("长城乡", "party_branches", 2023, 14)}
    expected |= {f"S!{c}{r}": ("长城乡", key, 2023, 3) for c, key in want.items()}
    assert found(got) == expected
