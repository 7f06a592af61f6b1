"""Rows inside a table's extent that are form furniture, not data: the 栏次 row under the header (甲 | 乙 | 1 | 2 …),
序号-only rows, 注 rows between data rows (a note about one township, with more townships below it), and heading
rows naming the township whose villages follow (一、长城乡 merged across a table of villages); a 序号 column under
a township header merged over it and the names (单位名称 over A2:B3)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from etl.ledgers.cells import Parsed, parse_cell
from etl.ledgers.columns import Column
from etl.ledgers.labels import without_numbering
from etl.ledgers.text import (
    CODE_LABELS,
    COLUMN_LABELS,
    IGNORED,
    INDICATOR,
    SERIAL,
    TOWNSHIP,
    is_total_label,
    looks_like_township,
    split_unit,
    squash,
    text_of,
)


def numbering_row(row: Sequence[Any], serial: Column | None) -> bool:
    """A 序号-only row (SERIAL: the 序号 column), or the column-number row under a header (甲 乙 1 2 3 …)."""
    filled = [(i, text_of(v)) for i, v in enumerate(row) if text_of(v)]
    if serial is not None and all(i == serial.index for i, _ in filled):
        return True
    if filled and filled[0][1] in CODE_LABELS and len(filled) > 2 and all(t.isdigit() for _, t in filled[1:]):
        return True  # 代码 | 1 | 2 | 22 … 28: the form's item codes, in any order
    nums = [t for _, t in filled if t not in COLUMN_LABELS]
    if not nums or not all(t.isdigit() for t in nums):
        return False
    labelled = len(nums) < len(filled)
    # Numbers run on between the labels; a form printed in two halves numbers each (甲 乙 1 | 甲 乙 1).
    texts = " ".join("|" if t in COLUMN_LABELS else t for _, t in filled).split("|")
    runs = [[int(n) for n in run.split()] for run in texts if run.strip()]
    return (labelled or len(nums) >= 3) and all(run == list(range(run[0], run[0] + len(run))) for run in runs)


def goes_on_after_note(
    row: Sequence[Any], town_col: Column | None, values: Sequence[int], find: Callable[[str], str | None]
) -> bool:
    """After a 注 row, whether ROW is the table going on: a township (known to FIND, or shaped like one) in its
    column TOWN_COL and a figure in one of the VALUES columns. Anything else (填表人, 填报说明 lines) ends the table."""
    if town_col is None or town_col.index >= len(row):
        return False
    town = text_of(row[town_col.index])
    if not town or not (find(town) is not None or looks_like_township(town)):
        return False
    parsed = (parse_cell(row[c]) for c in values if c < len(row))
    return any(isinstance(p, Parsed) and p.value is not None for p in parsed)


def heading_township(row: Sequence[Any], known: Callable[[str], bool]) -> str:
    """The township a heading row names (一、长城乡, alone in its row, merged across a table of villages) when KNOWN
    takes it for one; "" for any other row."""
    texts = [t for t in (text_of(v) for v in row) if t]
    if len(texts) != 1:
        return ""
    name = without_numbering(texts[0])
    return name if name and not is_total_label(name) and known(name) else ""


def subtotal_heading(row: Sequence[Any], known: Callable[[str], bool]) -> str:
    """The township a row's label names with its 小计 (长城乡小计, 长城乡合计, merged over 序号 and 村名), its figures
    beside it; "" for any other row."""
    texts = [t for t in (text_of(v) for v in row) if t]
    if len(texts) < 2 or not is_total_label(texts[0]):
        return ""
    name = re.sub(r"(?:小计|合计)$", "", squash(texts[0]))
    return name if name and known(name) and not is_total_label(name) else ""


# The measure a row label states when the columns name the indicators (two rows a township: 人数 and 占比).
_MEASURES = dict.fromkeys(("人数", "数量", "个数", "数", "绝对数", "数值", "实有数", "户数"), "count")
_MEASURES |= dict.fromkeys(("占比", "比例", "比重", "所占比例", "占比例", "百分比", "构成", "构成比"), "share")


def row_measure(label: str) -> str | None:
    """The measure a row label names: "count" (人数, 数量: its cells are the counts), "share" (占比（%）, 比例:
    the shares), None for any other label."""
    return _MEASURES.get(squash(split_unit(label)[0]))


def measure_column(cols: Sequence[Column], sample: Sequence[Sequence[Any]]) -> None:
    """A column of row labels under a header that is no 项目 word (类别, 统计口径) holding only measures, shares among
    them (人数 | 占比（%）), while the other columns name the indicators: it is the rows' label column."""
    if not any(c.indicator for c in cols) or any(c.role == INDICATOR for c in cols):
        return
    for col in cols:
        if col.role != IGNORED:
            continue
        labels = {text_of(row[col.index]) for row in sample if col.index < len(row)} - {""}
        measures = {row_measure(t) for t in labels}
        if labels and measures == {"count", "share"}:
            col.role = INDICATOR
            return


def serial_beside_names(cols: Sequence[Column], sample: Sequence[Sequence[Any]]) -> None:
    """A township header merged over two columns (单位名称 over 序号 and the names): the column holding only whole
    numbers (1, 2, 3 …, and 合计) is the 序号, the one holding names the townships."""
    towns = [c for c in cols if c.role == TOWNSHIP]
    if len(towns) < 2 or len({c.header for c in towns}) > 1:
        return

    def numbered(col: Column) -> bool:
        cells = [text_of(r[col.index]) for r in sample if col.index < len(r)]
        cells = [t for t in cells if t and not is_total_label(t)]
        return bool(cells) and all(t.isdigit() for t in cells)

    serials = [c for c in towns if numbered(c)]
    if serials and len(serials) < len(towns):
        for col in serials:
            col.role = SERIAL
