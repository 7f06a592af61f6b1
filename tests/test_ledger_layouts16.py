"""Case tables for the layout classes found by audit round 16 (tests/fixtures/ledgers_audit16): a CSV's `="412"`
text formulas, a currency sign typed with an amount, a date written as eight digits (20231231), a township cell's
number set off by a space (5 白沙乡), a township written without its 乡 / 镇 (长城), and an import template's
example row (XX乡)."""

from __future__ import annotations

from typing import Any

import pytest

from etl.ledgers.cells import Parsed, parse_cell
from etl.ledgers.dates import cutoff_year, day_of
from etl.ledgers.importer import LedgerOptions, parse_ledger
from etl.ledgers.text import text_of
from tests.test_ledger_fixtures import fixture_townships
from tests.test_ledger_layouts5 import found, parsed


def _csv(text: str) -> dict[str, Any]:
    data = text.encode("utf-8-sig")
    return parse_ledger(data, "t.csv", fixture_townships(), LedgerOptions(create_townships=True)).to_json()


@pytest.mark.parametrize(
    "line",
    [
        '="长城乡",="2023",="412",="14"',
        '"=""长城乡""","=""2023""","=""412""","=""14"""',
        '="长城乡",2023,="412",14',
    ],
)
def test_a_csv_fields_text_formula_is_the_text_excel_shows(line: str) -> None:
    got = _csv(f"乡镇,年份,党员总数（人）,党支部数（个）\r\n{line}\r\n")
    assert found(got) == {
        "t!C2": ("长城乡", "party_members_total", 2023, 412),
        "t!D2": ("长城乡", "party_branches", 2023, 14),
    }
    assert got["errors"] == []


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("¥985,000", 985000),
        ("￥1,205,000.00", 1205000),
        ("¥ 14,980.00", 14980),
        ("￥16850", 16850),
    ],
)
def test_a_currency_sign_typed_with_an_amount_is_no_part_of_it(cell: str, value: float) -> None:
    got = parse_cell(text_of(cell))
    assert isinstance(got, Parsed) and got.value == value


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (20231231, (2023, 12, 31)),
        (20231231.0, (2023, 12, 31)),
        ("20221231", (2022, 12, 31)),
        ("20230630", (2023, 6, 30)),
        (20231301, None),  # no 13th month
        (2023, None),
        (412, None),
        ("2023123", None),
    ],
)
def test_eight_digits_are_a_day(value: object, day: tuple[int, int, int] | None) -> None:
    assert day_of(value) == day


@pytest.mark.parametrize(("value", "year"), [(20231231, (2023, True)), ("20230630", (2023, False))])
def test_a_cutoff_written_as_eight_digits_gives_the_year(value: object, year: tuple[int, bool]) -> None:
    assert cutoff_year(value) == year


def test_a_date_column_of_eight_digits_gives_each_rows_year() -> None:
    rows = [
        ["统计日期", "乡镇名称", "党员总数（人）"],
        [20221231, "长城乡", 405],
        ["20231231", "长城乡", 412],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!C2": ("长城乡", "party_members_total", 2022, 405),
        "S!C3": ("长城乡", "party_members_total", 2023, 412),
    }


@pytest.mark.parametrize(
    ("cell", "township"),
    [
        ("5 白沙乡", "白沙乡"),
        ("12　东风镇", "东风镇"),
        ("1.长城乡", "长城乡"),
        ("（三）青石镇", "青石镇"),
        ("长城", "长城乡"),
        ("东风", "东风镇"),
        ("河 口", "河口镇"),
        ("白沙", "白沙乡"),
    ],
)
def test_a_township_written_with_its_number_or_without_its_level_word_is_the_known_one(
    cell: str, township: str
) -> None:
    got = parsed({"S": [["2023年统计"], ["乡镇", "党员总数（人）"], [cell, 412]]})
    assert found(got) == {"S!B3": (township, "party_members_total", 2023, 412)}
    assert got["errors"] == []


@pytest.mark.parametrize("name", ["石门", "长城村", "红旗"])
def test_a_name_that_is_no_known_township_without_its_level_word_is_not_matched(name: str) -> None:
    got = parsed({"S": [["2023年统计"], ["乡镇", "党员总数（人）"], ["长城乡", 412], [name, 30]]})
    assert "长城乡" not in {o["township"] for o in got["observations"] if o["cell"] == "S!B4"}


@pytest.mark.parametrize("placeholder", ["XX乡", "××镇", "某某乡", "XXX", "示例：XX乡", "长城乡（示例）"])
def test_an_import_templates_example_row_is_no_township(placeholder: str) -> None:
    rows = [["*乡镇名称", "*统计年度", "*党员总数（人）"], [placeholder, 2023, 100], ["长城乡", 2023, 412]]
    got = parsed({"S": rows})
    assert found(got) == {"S!C3": ("长城乡", "party_members_total", 2023, 412)}
    assert "S!A2" in {w["cell"] for w in got["warnings"]}
