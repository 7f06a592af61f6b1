"""Case tables for the layout classes found by audit round 15 (tests/fixtures/ledgers_audit15): zero-width characters
pasted with a figure (U+200B before 11), and a 合计 written in the 序号 column of a table of villages — one
township's 合计 (the township in the title) is its figure, never one more village; under a 乡镇 column it is the
county's."""

from __future__ import annotations

import pytest

from etl.ledgers.cells import Parsed, parse_cell
from etl.ledgers.text import text_of
from tests.test_ledger_layouts5 import found, parsed


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("\u200b11", 11),
        ("64.5\u200b", 64.5),
        ("\ufeff412", 412),
        ("3\u200d50", 350),
        ("412\u00a0", 412),
        ("\u00a0350 ", 350),
        ("318\u2002", 318),
        ("1\u00a0280", 1280),
        ("2\u202f105", 2105),
    ],
)
def test_zero_width_and_no_break_spaces_around_a_figure_are_no_part_of_it(cell: str, value: float) -> None:
    got = parse_cell(text_of(cell))
    assert isinstance(got, Parsed) and got.value == value


def _block(town: str, villages: list[tuple[str, float]], total: float) -> list[list[object]]:
    return [
        [f"{town}2023年村级集体经济收入情况统计表"],
        ["序号", "村名", "村集体经济总收入（万元）"],
        *[[i, v, x] for i, (v, x) in enumerate(villages, start=1)],
        ["合计", None, total],
        [],
    ]


def test_a_total_in_the_serial_column_of_one_townships_villages_is_its_figure() -> None:
    rows = [*_block("长城乡", [("长城村", 45.2), ("石门村", 30.1)], 75.3), *_block("东风镇", [("红旗村", 28.4)], 28.4)]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!C5": ("长城乡", "collective_income_total", 2023, 75.3),
        "S!C10": ("东风镇", "collective_income_total", 2023, 28.4),
    }
    assert got["errors"] == []


def test_a_total_in_the_serial_column_under_a_township_column_is_the_countys() -> None:
    rows = [
        ["2023年各村集体经济收入"],
        ["序号", "乡镇", "村名", "村集体经济总收入（万元）"],
        [1, "长城乡", "长城村", 45.2],
        [2, "长城乡", "石门村", 30.1],
        [1, "东风镇", "红旗村", 28.4],
        ["合计", None, None, 103.7],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!D3:D4": ("长城乡", "collective_income_total", 2023, 75.3),
        "S!D5:D5": ("东风镇", "collective_income_total", 2023, 28.4),
    }
    assert "S!A6" in {w["cell"] for w in got["warnings"]}
