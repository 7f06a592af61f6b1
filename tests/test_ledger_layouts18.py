"""Case tables for the layout classes found by audit round 18 (tests/fixtures/ledgers_audit18): a template's example
row marked in its 序号 cell whatever township it names, people-times (人次) under a heading that names a count of
people, `数量` (or 人数) under each township across a transposed table, a form's date on the title's own row, and a
short township name two townships share (known ones, or one this file names)."""

from __future__ import annotations

import pytest

from etl.ledgers.context import is_example_mark
from etl.ledgers.match import IndicatorMatcher, catalog_indicators, unit_fits
from tests.test_ledger_layouts5 import found, parsed

MATCHER = IndicatorMatcher(catalog_indicators())
INFO = MATCHER.indicators


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("示例", True),
        ("样例", True),
        ("例", True),
        ("例1", True),
        ("填写示例：", True),
        ("范例", True),
        ("1", False),
        ("", False),
        ("合计", False),
        ("例会", False),
        ("示例村", False),
    ],
)
def test_an_example_mark_in_the_serial_cell(text: str, example: bool) -> None:
    assert is_example_mark(text) is example


@pytest.mark.parametrize("mark", ["示例", "例", "样例"])
def test_the_example_row_is_skipped_whatever_township_it_names(mark: str) -> None:
    rows: list[list[object]] = [
        ["2023年乡镇党建数据填报表"],
        ["序号", "乡镇", "党员总数（人）"],
        [mark, "长城乡", 100],
        [1, "长城乡", 412],
        [2, "东风镇", 350],
    ]
    got = parsed({"S": rows})
    assert got["errors"] == []
    assert found(got) == {
        "S!C4": ("长城乡", "party_members_total", 2023, 412),
        "S!C5": ("东风镇", "party_members_total", 2023, 350),
    }
    assert "S!A3" in {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("unit", "key", "fits"),
    [
        ("人次", "party_activists", False),  # 其中：入党积极分子（人次） under training: people-times
        ("人次", "party_members_total", False),
        ("人次", "training_participants", True),
        ("人", "party_activists", True),
        ("人", "training_participants", True),  # 培训人数（人): the catalog's synonym
        ("%", "party_members_total", False),
        ("人", "three_meetings_rate", False),
        (None, "party_activists", True),
        ("件", "discipline_cases", True),
    ],
)
def test_a_headers_unit_fits_the_indicator(unit: str | None, key: str, fits: bool) -> None:
    assert unit_fits(unit, INFO[key]) is fits


def test_people_times_under_training_are_no_count_of_people() -> None:
    rows: list[list[object]] = [
        ["2023年度党员教育培训情况登记表"],
        ["乡镇", "培训党员（人次）", "其中：入党积极分子（人次）", "入党积极分子（人）"],
        ["长城乡", 980, 45, 12],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!B3": ("长城乡", "training_participants", 2023, 980),
        "S!D3": ("长城乡", "party_activists", 2023, 12),
    }


@pytest.mark.parametrize("word", ["数量", "人数", "数值"])
def test_a_measure_word_under_each_township_across(word: str) -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇党建基本情况表"],
        ["指标名称", "计量单位", "长城乡", "东风镇"],
        [None, None, word, word],
        ["党员总数", "人", 412, 350],
        ["党支部数", "个", 24, 27],
    ]
    got = parsed({"S": rows}, {"S": ["A2:A3", "B2:B3"]})
    assert got["errors"] == []
    assert found(got) == {
        "S!C4": ("长城乡", "party_members_total", 2023, 412),
        "S!D4": ("东风镇", "party_members_total", 2023, 350),
        "S!C5": ("长城乡", "party_branches", 2023, 24),
        "S!D5": ("东风镇", "party_branches", 2023, 27),
    }


@pytest.mark.parametrize(
    ("title", "date", "merge"),
    [
        ("2023年度各乡镇党建工作主要指标统计表", "2024年1月8日", "A1:C1"),
        ("2023年各乡镇党员情况汇总", "2024-01-08", "A1:B1"),
        ("2023年党建工作台账", "2024年1月8日", None),
    ],
)
def test_a_date_on_the_titles_row_is_the_forms_date(title: str, date: str, merge: str | None) -> None:
    rows: list[list[object]] = [
        [title, None, None, None, date],
        ["乡镇", "党员总数（人）", "党支部数（个）", "流动党员（人）", "备注"],
        ["长城乡", 412, 24, 35, None],
    ]
    got = parsed({"S": rows}, {"S": [merge] if merge else []})
    assert got["errors"] == []
    assert found(got) == {
        "S!B3": ("长城乡", "party_members_total", 2023, 412),
        "S!C3": ("长城乡", "party_branches", 2023, 24),
        "S!D3": ("长城乡", "party_members_floating", 2023, 35),
    }


@pytest.mark.parametrize(
    ("first", "short", "township", "error"),
    [
        (["东风乡", "东风镇"], "东风", "东风", True),  # both: ambiguous, an error naming both
        (["东风镇"], "东风", "东风镇", False),  # only 东风镇: the short name is it
        (["长城乡", "东风乡"], "长城", "长城乡", False),
        ([], "东风", "东风镇", False),  # only the known 东风镇
    ],
)
def test_a_short_name_two_townships_share(first: list[str], short: str, township: str, error: bool) -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇党员情况"],
        ["乡镇", "党员总数（人）"],
        *[[t, 100 + i] for i, t in enumerate(first)],
        [None],
        ["2023年各乡镇发展党员情况"],
        ["乡镇", "新发展党员（人）"],
        [short, 4],
    ]
    got = parsed({"S": rows})
    r = len(rows)
    assert found(got)[f"S!B{r}"] == (township, "party_members_new", 2023, 4)
    errors = [e for e in got["errors"] if e["cell"] == f"S!A{r}"]
    assert bool(errors) is error
    if error:
        assert "东风乡" in errors[0]["message"] and "东风镇" in errors[0]["message"]


@pytest.mark.parametrize(("later", "error"), [("东风乡", True), ("东风镇", False), ("长城乡", False)])
def test_a_short_name_read_before_the_file_names_a_second_township(later: str, error: bool) -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇发展党员情况"],
        ["乡镇", "新发展党员（人）"],
        ["东风", 4],
        [None],
        ["2023年各乡镇党员情况"],
        ["乡镇", "党员总数（人）"],
        [later, 198],
    ]
    got = parsed({"S": rows})
    errors = [e for e in got["errors"] if e["cell"] == "S!A3"]
    assert bool(errors) is error
    if error:
        assert "东风乡" in errors[0]["message"] and "东风镇" in errors[0]["message"]
    assert found(got)["S!B7"] == (later, "party_members_total", 2023, 198)
