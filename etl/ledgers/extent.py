"""Where a table's data rows lie once its header is found: merged identity cells that cover several rows (one
乡镇 over its indicator rows), and the rows that open another table stacked below (the header repeated, or a
one-cell title naming a year, a 填报单位 line naming another township)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from etl.ledgers.context import Context
from etl.ledgers.read import cell_name
from etl.ledgers.table import Table
from etl.ledgers.text import (
    INDICATOR,
    KEYWORDS,
    TOWNSHIP,
    VALUE,
    VILLAGE,
    YEAR_IN_TEXT,
    squash,
    text_of,
    unit_line_township,
)


def merged_identity_cells(
    table: Table, merged: Sequence[tuple[int, int, int, int]], ident: set[int]
) -> dict[tuple[int, int], tuple[int, int]]:
    """Merged identity cells (one 乡镇 over several indicator rows) fill every row they cover."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for r1, c1, r2, c2 in merged:
        if r2 >= table.first_data_row and any(c1 <= c <= c2 for c in ident) and (r2 - r1) < 10_000:
            for r in range(max(r1, table.first_data_row), r2 + 1):
                for c in ident:
                    if c1 <= c <= c2:
                        out[(r, c)] = (r1, c1)
    return out


def shared_value_cells(table: Table, merged: Sequence[tuple[int, int, int, int]]) -> dict[int, list[tuple[int, str]]]:
    """Value cells merged over the rows of several townships (145.2 in D4:D5, 东风镇 and 青石镇 reporting jointly) or,
    townships across, over several townships' columns: row → [(column, range)]. Such a figure is no one township's.
    A merge the township cell spans too (one township over its rows) is not one; long and village tables are left
    alone (their rows are not one township each)."""
    town = table.column(TOWNSHIP)
    if (town is not None and table.column(INDICATOR) is not None) or table.column(VILLAGE) is not None:
        return {}  # a long table (township and indicator columns) or a table of villages
    values = {c.index: c.township for c in table.columns if c.role == VALUE}
    out: dict[int, list[tuple[int, str]]] = {}
    for r1, c1, r2, c2 in merged:
        inside = [values[c] for c in range(c1, c2 + 1) if c in values]
        if r1 < table.first_data_row or not inside:
            continue
        down = r2 > r1 and town is not None and not (c1 <= town.index <= c2) and not _spans(merged, town.index, r1, r2)
        across = c2 > c1 and len(set(inside)) > 1 and all(inside)
        if down or across:
            out.setdefault(r1, []).append((c1, f"{cell_name(r1, c1)}:{cell_name(r2, c2)}"))
    return out


def _spans(merged: Sequence[tuple[int, int, int, int]], c: int, r1: int, r2: int) -> bool:
    return any(a <= r1 and b >= r2 and x <= c <= y for a, x, b, y in merged)


def without_shared(
    rows: Iterable[tuple[int, Sequence[Any]]], shared: dict[int, list[tuple[int, str]]], ctx: Context, sheet: str
) -> Iterator[tuple[int, Sequence[Any]]]:
    """ROWS with each shared value cell (shared_value_cells) blanked, an error naming its range."""
    for r, row in rows:
        if r in shared:
            row = list(row)
            for c, span in shared[r]:
                if c < len(row) and text_of(row[c]):
                    ctx.error(
                        f"{sheet}!{cell_name(r, c)}",
                        f"“{text_of(row[c])}”填在合并单元格 {span} 中，跨越了多个乡镇，"
                        "无法确定属于哪个乡镇；请按乡镇分别填写",
                    )
                    row[c] = ""
        yield r, row


def restart_columns(table: Table) -> list[tuple[int, set[str]]]:
    """The identity columns whose header word, met again in a data row, means the header repeats."""
    return [(c.index, KEYWORDS[c.role]) for c in table.columns if c.role in (TOWNSHIP, INDICATOR, VILLAGE)]


@lru_cache(maxsize=4096)
def _squashed(text: str) -> str:
    return squash(text_of(text))


def opens_table(restart: Sequence[tuple[int, set[str]]], row: Sequence[Any], first: str) -> bool:
    """A data row that opens another table below this one: the header again (乡镇 | 党员总数 …, RESTART
    from restart_columns), or a one-cell title naming a year (2023年各乡镇…情况). FIRST is the row's first
    non-empty cell, a string."""
    for c, words in restart:
        v = row[c] if c < len(row) else None
        if v.__class__ is str and _squashed(v) in words:
            return True
    if len(first) < 6 or not YEAR_IN_TEXT.search(first):
        return False
    return sum(1 for v in row if v != "" and v is not None) == 1


def next_form(first: str, township: str | None) -> bool:
    """True for a reporting-unit line below a township's form naming another township (填报单位：东风镇党委 under
    长城乡's): the next form starts there, its township on that line."""
    return unit_line_township(first) not in (None, township)
