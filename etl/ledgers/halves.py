"""A report form printed in halves side by side (指标名称 | 代码 | 计量单位 | 数量, twice across the sheet, as the
收益分配 and 附报指标 halves of 农经 forms are), or two tables of townships side by side (乡镇 | … twice across the
sheet, the 2022 table beside the 2023 one): each half is read as a table of its own over the same rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import takewhile, tee
from typing import Any

from etl.ledgers.context import Context
from etl.ledgers.extent import shared_value_cells, without_shared
from etl.ledgers.table import Table
from etl.ledgers.text import IGNORED, INDICATOR, TOWNSHIP, VALUE, text_of
from etl.ledgers.validate import TableReader

Rows = Iterable[tuple[int, Sequence[Any]]]


def halves(table: Table) -> list[Table]:
    """TABLE split where a label column (指标, else 乡镇) starts again away from the one before it; [TABLE] when it
    does not. A half's value column, set aside as a repeat of the first half's (数量 again), is a value column again."""
    for role in (INDICATOR, TOWNSHIP):
        labels = [c.index for c in table.columns if c.role == role]
        starts = [i for k, i in enumerate(labels) if k == 0 or i > labels[k - 1] + 1]
        if len(starts) > 1:
            break
    else:
        return [table]
    bounds = [0, *starts[1:], max(c.index for c in table.columns) + 1]
    out = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        letters = {c.letter for c in table.columns if lo <= c.index < hi}
        cols = [
            replace(c, role=VALUE, duplicate_of="") if c.role == IGNORED and c.duplicate_of not in ("", *letters) else c
            for c in table.columns
            if lo <= c.index < hi
        ]
        out.append(replace(table, columns=cols))
    return out


def read_table(
    table: Table, ctx: Context, merged: Sequence[tuple[int, int, int, int]], rows: Rows, progress: Callable[[int], None]
) -> tuple[int, Sequence[Any]] | None:
    """TableReader.read for TABLE, or for each of its halves over the same rows (the first half finds where
    the table ends). Returns the row where another table starts, else None."""
    shared = shared_value_cells(table, merged)
    if shared:
        rows = without_shared(rows, shared, ctx, table.sheet)
    pairs = [(c.index, c.units_at) for c in table.value_columns if c.units_at >= 0]
    if pairs:
        rows = with_row_units(rows, pairs)
    parts = halves(table)
    if len(parts) == 1:
        return TableReader(table, ctx, merged).read(rows, progress=progress)
    first, again = tee(rows)
    stop = TableReader(parts[0], ctx, merged).read(first, progress=progress)
    for part in parts[1:]:
        again, later = tee(again)
        TableReader(part, ctx, merged).read(takewhile(lambda rr: stop is None or rr[0] < stop[0], later))
    return stop


def with_row_units(rows: Rows, pairs: Sequence[tuple[int, int]]) -> Iterator[tuple[int, Sequence[Any]]]:
    """ROWS with each figure of a `数值 | 单位` pair written with the unit beside it (985000 | 元 → "985000元"), read
    as a unit written in the cell (converted to the indicator's unit)."""
    for r, row in rows:
        cells = list(row)
        for value, unit in pairs:
            figure = text_of(cells[value]) if value < len(cells) else ""
            written = text_of(cells[unit]) if unit < len(cells) else ""
            if figure and written:
                cells[value] = figure + written
        yield r, cells
