"""The row-at-a-time path for wide rows of plain numbers (etl.ledgers.plain) reads exactly what the cell-by-cell
path reads: the same figures, cells, errors and warnings, rows it cannot take falling back to the cells."""

from __future__ import annotations

from typing import Any

import pytest

from etl.ledgers import plain
from etl.ledgers.importer import LedgerOptions, parse_ledger
from tests.ledger_support import ledger_bytes
from tests.test_ledger_fixtures import fixture_townships

HEAD = ["乡镇", "年份", "党员总数（人）", "农村党员数（人）", "流动党员数（人）"]


def _parse(rows: list[list[object]], monkeypatch: pytest.MonkeyPatch, *, plain_rows: bool) -> tuple[Any, list[bool]]:
    """parse_ledger's JSON for ROWS, with or without the plain-row path; what each PlainRows.add answered."""
    answers: list[bool] = []
    add = plain.PlainRows.add

    def counted(self: plain.PlainRows, *args: Any) -> bool:
        answers.append(add(self, *args))
        return answers[-1]

    with monkeypatch.context() as m:
        m.setattr(plain.PlainRows, "add", counted)
        if not plain_rows:
            m.setattr(plain.PlainRows, "of", staticmethod(lambda _reader: None))
        options = LedgerOptions(create_townships=True, year=None)
        result = parse_ledger(ledger_bytes(rows), "t.xlsx", fixture_townships(), options).to_json()
    return result, answers


CASES = {
    "plain": ([["长城乡", 2022, 412, 300, 12], ["长城乡", 2023, 420.5, 301, 0], ["东风镇", 2023, 88, 70, 3]], 3, 0),
    "negative": ([["长城乡", 2023, 412, -3, 12], ["东风镇", 2023, 88, 70, 3]], 1, 1),
    "text cell": ([["长城乡", 2023, "约400", 300, 12], ["东风镇", 2023, 88, 70, "—"]], 0, 2),
    "empty cell": ([["长城乡", 2023, 412, None, 12], ["东风镇", 2023, 88, 70, 3]], 1, 1),
    "short row": ([["长城乡", 2023, 412, 300], ["东风镇", 2023, 88, 70, 3]], 1, 1),
    "repeated row": ([["长城乡", 2023, 412, 300, 12], ["长城乡", 2023, 412, 301, 12]], 1, 1),
    "repeated, then more": (
        [["长城乡", 2023, 412, 300, 12], ["长城乡", 2023, 412, 300, 12], ["东风镇", 2023, 88, 70, 3]],
        1,
        2,
    ),
    "total row": ([["长城乡", 2023, 412, 300, 12], ["东风镇", 2023, 88, 70, 3], ["合计", 2023, 500, 370, 16]], 2, 0),
    "unknown township": ([["新华乡", 2023, 412, 300, 12]], 1, 0),
}


@pytest.mark.parametrize("name", CASES)
def test_plain_rows_read_as_the_cells_do(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rows, taken, refused = CASES[name]
    sheet = [["2023年党员情况统计表"], HEAD, *rows]
    fast, answers = _parse(sheet, monkeypatch, plain_rows=True)
    slow, none = _parse(sheet, monkeypatch, plain_rows=False)
    assert fast == slow
    assert none == []
    assert (answers.count(True), answers.count(False)) == (taken, refused)


def test_total_row_is_checked_against_plain_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = [HEAD, ["长城乡", 2023, 412, 300, 12], ["东风镇", 2023, 88, 70, 3], ["合计", 2023, 500, 371, 15]]
    fast, answers = _parse(sheet, monkeypatch, plain_rows=True)
    assert answers == [True, True]
    warned = {w["cell"]: w["message"] for w in fast["warnings"]}
    assert "明细相加为 370，合计行为 371" in warned["Sheet!D4"]
    assert "明细相加为 15，合计行为 15" not in str(warned)
    assert "Sheet!C4" not in warned


@pytest.mark.parametrize(
    ("header", "value", "plain_path"),
    [
        ("培训覆盖率（%）", 0.9, False),  # a rate: a fraction may be a percent cell
        ("农村居民人均可支配收入（万元）", 1.5, False),  # 万元 under a 元 indicator: converted
        ("村集体经济总收入（万元）", 1.5, False),  # an amount is rounded to its unit's 6 decimals
        ("入党申请人数（人）", 7, True),
    ],
)
def test_rate_or_converted_columns_take_the_cells(
    header: str, value: float, plain_path: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = [["乡镇", "年份", "党员总数（人）", header], ["长城乡", 2023, 412, value]]
    fast, answers = _parse(sheet, monkeypatch, plain_rows=True)
    slow, _ = _parse(sheet, monkeypatch, plain_rows=False)
    assert fast == slow and len(fast["observations"]) == 2
    assert answers == ([True] if plain_path else [])
