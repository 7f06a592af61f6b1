"""Case tables for the layout classes found by audit round 7 (tests/fixtures/ledgers_audit7): an Excel pivot's
求和项 value fields, the county's own row beside its townships, a 统计截止日期 column giving each row its year, a
date cell over a header's columns, and sheets kept as 指标：数值 cards."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from etl.ledgers.cards import card_of
from etl.ledgers.dates import dated_year
from etl.ledgers.match import IndicatorMatcher, catalog_indicators
from etl.ledgers.text import is_county_name
from tests.test_ledger_layouts5 import found, parsed

MATCHER = IndicatorMatcher(catalog_indicators())


def key_of(header: str) -> str | None:
    hit = MATCHER.match(header)
    return hit.key if hit is not None else None


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("求和项:党员总数", "party_members_total"),
        ("求和项：新发展党员", "party_members_new"),  # WPS writes a full-width colon
        ("求和项: 网格数", "grids_total"),
        ("计数项:党员总数", None),  # a count of the records, not the members
        ("平均值项:党员总数", None),
    ],
)
def test_pivot_value_fields(header: str, key: str | None) -> None:
    assert key_of(header) == key


def test_pivot_pasted_as_values() -> None:
    rows: list[list[object]] = [
        ["年度", 2023],
        ["乡镇类型", "(全部)"],
        [],
        ["行标签", "求和项:党员总数", "计数项:党支部数"],
        ["东风镇", 350, 12],
        ["长城乡", 412, 15],
        ["总计", 762, 27],
    ]
    got = parsed({"Sheet2": rows})
    assert found(got) == {
        "Sheet2!B5": ("东风镇", "party_members_total", 2023, 350),
        "Sheet2!B6": ("长城乡", "party_members_total", 2023, 412),
    }
    assert not got["errors"]
    assert "Sheet2!A7" in {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("name", "county"),
    [
        ("宁远县", True),
        ("峨边彝族自治县", True),
        ("中共宁远县委员会", True),
        ("宁远县人民政府", True),
        ("阿荣旗", True),
        ("长城乡", False),
        ("宁远县长城乡", False),  # a township with its county in front
        ("高县镇", False),
        ("经济开发区", False),  # a township-level unit
        ("县教育局", False),  # a county organ: told by is_county_organ
    ],
)
def test_county_names(name: str, county: bool) -> None:
    assert is_county_name(name) is county


def test_the_county_row_is_no_township() -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇党员情况"],
        ["乡镇", "党员总数（人）"],
        ["长城乡", 412],
        ["东风镇", 350],
        ["宁远县", 762],
    ]
    got = parsed({"Sheet1": rows})
    assert set(found(got)) == {"Sheet1!B3", "Sheet1!B4"}
    assert not any("新建" in w["message"] for w in got["warnings"])
    assert "Sheet1!A5" in {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2023, 12, 31), (2023, True)),
        (datetime(2023, 6, 30), (2023, False)),
        ("2022-12-31", (2022, True)),
        ("2023/12/31", (2023, True)),
        ("2023年12月31日", (2023, True)),
        ("2023.6.30", (2023, False)),
        ("2023-12-31 00:00:00", (2023, True)),
        ("2023", None),
        ("2023年", None),
        ("12月31日", None),
        ("2023-13-01", None),
        (2023, None),
    ],
)
def test_dated_year(value: object, expected: tuple[int, bool] | None) -> None:
    assert dated_year(value) == expected


@pytest.mark.parametrize("header", ["统计截止日期", "截止日期", "统计时点", "截至日期"])
@pytest.mark.parametrize(
    ("when", "year"),
    [
        (datetime(2023, 12, 31), 2023),
        (datetime(2022, 12, 31), 2022),
        ("2023-12-31", 2023),
        ("2023年12月31日", 2023),
        (datetime(2023, 6, 30), None),  # a point inside the year: no figure
        ("2023-09-30", None),
    ],
)
def test_cutoff_date_column(header: str, when: object, year: int | None) -> None:
    rows: list[list[object]] = [
        ["乡镇", "指标名称", "数值", header],
        ["长城乡", "党员总数", 412, when],
        ["东风镇", "党员总数", 350, datetime(2023, 12, 31)],
    ]
    got = parsed({"Sheet1": rows})
    assert found(got)["Sheet1!C3"] == ("东风镇", "party_members_total", 2023, 350)
    assert found(got).get("Sheet1!C2") == (None if year is None else ("长城乡", "party_members_total", year, 412))
    assert not got["errors"]
    if year is None:
        assert "Sheet1!D2" in {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("left", "right", "years"),
    [
        (datetime(2022, 12, 31), datetime(2023, 12, 31), (2022, 2023)),
        ("2022-12-31", "2023-12-31", (2022, 2023)),
        ("2022年12月31日", "2023年12月31日", (2022, 2023)),
        ("2022年", "2023年", (2022, 2023)),
    ],
)
def test_dates_over_year_groups(left: object, right: object, years: tuple[int, int]) -> None:
    rows: list[list[object]] = [
        ["各乡镇党员情况"],
        ["乡镇", left, None, right, None],
        [None, "党员总数（人）", "党支部数（个）", "党员总数（人）", "党支部数（个）"],
        ["长城乡", 405, 15, 412, 15],
    ]
    got = parsed({"Sheet1": rows}, {"Sheet1": ["A2:A3", "B2:C2", "D2:E2"]})
    assert found(got) == {
        "Sheet1!B4": ("长城乡", "party_members_total", years[0], 405),
        "Sheet1!C4": ("长城乡", "party_branches", years[0], 15),
        "Sheet1!D4": ("长城乡", "party_members_total", years[1], 412),
        "Sheet1!E4": ("长城乡", "party_branches", years[1], 15),
    }


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("党员总数：412人", ("党员总数", "412人")),
        ("其中女党员：98人", ("其中女党员", "98人")),
        ("村集体经济总收入: 120.5万元", ("村集体经济总收入", "120.5万元")),
        ("新发展党员：无", ("新发展党员", "无")),
        ("流动党员：—", ("流动党员", "—")),
        ("网格数：约30个", ("网格数", "约30个")),
        ("填报人：张明", None),  # no indicator
        ("联系电话：13800000000", None),
        ("党员总数：见附表", None),  # no figure
        ("注：党员总数：412人", None),  # a note
        ("2023年党员总数", None),  # no colon
    ],
)
def test_card_cells(text: str, card: tuple[str, str] | None) -> None:
    assert card_of(text, MATCHER) == card


def _card_sheet(title: str, cards: list[list[Any]]) -> list[list[object]]:
    return [[title], [], *cards, [], ["填报人：张明　　联系电话：13800000000"]]


def test_card_sheet_read_at_its_cells() -> None:
    sheet = _card_sheet("长城乡2023年党建工作基本情况", [["党员总数：412人", None, "流动党员：—"], ["新发展党员：无"]])
    got = parsed({"Sheet1": sheet})
    assert found(got) == {
        "Sheet1!A3": ("长城乡", "party_members_total", 2023, 412),
        "Sheet1!A4": ("长城乡", "party_members_new", 2023, 0),
    }
    assert not got["errors"]


@pytest.mark.parametrize(
    ("title", "cards", "sheet"),
    [
        ("2023年党建工作基本情况", [["党员总数：412人"], ["新发展党员：6人"]], "Sheet1"),  # no township anywhere
        ("长城乡2023年党建工作基本情况", [["党员总数：412人"]], "Sheet1"),  # one card is no card sheet
        ("长城乡2023年基本情况", [["填报人：张明"], ["联系电话：138"]], "Sheet1"),  # no indicator
    ],
)
def test_sheets_that_are_no_cards_are_refused(title: str, cards: list[list[Any]], sheet: str) -> None:
    got = parsed({sheet: _card_sheet(title, cards)})
    assert not got["observations"]
    assert [e["cell"] for e in got["errors"]] == [f"{sheet}!A1"]


def test_card_sheet_without_a_year_says_so() -> None:
    got = parsed({"长城乡": _card_sheet("长城乡党建工作基本情况", [["党员总数：412人"], ["新发展党员：6人"]])})
    assert any("无法确定年份" in e["message"] for e in got["errors"])
