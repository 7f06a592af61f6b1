"""The value columns of a ledger table, and the row-at-a-time path for rows of plain numbers.

A wide ledger's row is ten non-negative number cells of ten catalog indicators; cell by cell that is a
million trips through the figure store. When every value column of a table is plain (its own catalog
indicator, no township of its own, not a rate, no unit to convert) such a row is stored in one step:
the same figures, the same 合计 sums and the same duplicate check (any seen key sends the row back to
the cell-by-cell path, which reports it), decided once per table instead of once per cell.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from operator import itemgetter
from typing import Any, Protocol

from etl.ledgers.cells import clean
from etl.ledgers.context import Context
from etl.ledgers.figures import ObsStore
from etl.ledgers.match import IndicatorInfo
from etl.ledgers.table import Column, Table
from etl.reports.numbers import MONEY_FACTORS


class TableReader(Protocol):
    """What this module uses of etl.ledgers.validate.TableReader (which uses this module): no import cycle."""

    info: dict[str, IndicatorInfo]
    store: ObsStore
    ctx: Context
    t: Table
    money_unit: str | None
    values: list[ValueColumn]
    sums: dict[tuple[str, int | None], list[Any]]


CONVERTED = {"%", *MONEY_FACTORS}  # units check_number converts or refuses
_MIXED = -1  # value columns of different years (2022年 | 2023年 headers): no one year for the row


class ValueColumn:
    """What is fixed for one value column of a table: where it is and what it holds."""

    __slots__ = ("col", "index", "key", "info", "ind", "series", "year", "unit", "money", "township")

    def __init__(self, col: Column, reader: TableReader):
        self.col, self.index = col, col.index
        self.key = col.indicator
        self.info = reader.info[col.indicator] if col.indicator else None
        counted = self.info.counted(col.unit) if self.info else None
        self.ind = (
            reader.store.indicator(self.info.key, counted or self.info.unit, col.threshold, counted is not None)
            if self.info
            else -1
        )
        self.series = reader.store.indicators.names[self.ind] if self.info else ""  # totals are per series
        self.year = col.year or reader.ctx.year or reader.t.year  # a row's own year comes first
        self.unit = col.unit
        self.money = reader.money_unit
        self.township = col.township

    def unit_for(self, info: IndicatorInfo, row_unit: str | None) -> str | None:
        return row_unit or self.unit or (self.money if info.kind == "money" else None)


def is_plain(vc: ValueColumn) -> bool:
    """A value column whose number cells are stored as they are: its own indicator, not a rate, no
    township of its own and no unit to convert."""
    info = vc.info
    if info is None or vc.township or info.kind == "percent":
        return False
    return vc.unit_for(info, None) not in CONVERTED


class PlainRows:
    """Rows of plain numbers of one table, each stored in one step (see the module's docstring)."""

    def __init__(self, values: Sequence[ValueColumn], store: ObsStore, sums: dict[tuple[str, int | None], list[Any]]):
        self.store, self.sums = store, sums
        index = [vc.index for vc in values]
        self.cells = itemgetter(*index) if len(index) > 1 else (lambda row: (row[index[0]],))
        self.width = max(index) + 1
        self.inds, self.cols = array("H", (vc.ind for vc in values)), array("I", index)
        words: dict[int, int] = {}
        for vc in values:
            words[vc.ind >> 6] = words.get(vc.ind >> 6, 0) | 1 << (vc.ind & 63)
        self.words = sorted(words.items())
        self.series = [vc.series for vc in values]
        years = {vc.year for vc in values}
        self.own_year = years.pop() if len(years) == 1 else _MIXED
        self.totals: dict[int | None, list[list[Any]]] = {}  # year → each column's [total, section, broken]

    @staticmethod
    def of(reader: TableReader) -> PlainRows | None:
        """The plain-row path of READER's table, or None when a value column is not plain (or two share a
        series: their second cell is a duplicate, reported cell by cell)."""
        values = reader.values
        if not values or not all(is_plain(vc) for vc in values):
            return None
        if len({vc.ind for vc in values}) < len(values):
            return None
        return PlainRows(values, reader.store, reader.sums)

    def add(self, r: int, row: Sequence[Any], town: int, year: int | None) -> bool:
        """Store row R's figures when every value cell is a non-negative number and no key was seen; False
        (nothing stored) otherwise."""
        if len(row) < self.width:
            return False
        raws = self.cells(row)
        for v in raws:
            if (v.__class__ is not float and v.__class__ is not int) or not v >= 0:
                return False
        cell_year = year or self.own_year
        if cell_year == _MIXED:
            return False
        values = [clean(float(v)) for v in raws]
        if not self.store.add_row(town, cell_year or 0, r, self.inds, self.cols, values, self.words):
            return False
        totals = self.totals.get(cell_year)
        if totals is None:
            totals = self.totals[cell_year] = [self._total(s, cell_year) for s in self.series]
        for s, v in zip(totals, values, strict=True):
            s[0] += v
            s[1] += v
        return True

    def _total(self, series: str, year: int | None) -> list[Any]:
        s = self.sums.get((series, year))
        if s is None:
            s = self.sums[(series, year)] = [0.0, 0.0, False]
        return s
