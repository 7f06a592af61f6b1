"""Report once: the ledger template comes pre-filled with the figures the store already holds for each
township and year (store.held), and importing it back stores only what the clerk typed or changed.

In the data sheet a held figure is written in its cell, greyed, with a comment naming its source (“已有值，来源：
工作报告《…》”); only the blank cells are asked. A hidden sheet 已有值 lists what was pre-filled (township, year,
indicator key, threshold, value, masked, qualifier, source), so that the importer drops every cell still equal to
its pre-filled figure: the same figure is never stored twice, never supersedes itself, and never comes back to the
office as a question (conflict, 需说明) it has already answered."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.workbook.workbook import Workbook as XlsxBook
from openpyxl.worksheet.worksheet import Worksheet

from etl.ledgers.figures import ObsStore
from etl.ledgers.form import entry_text
from etl.ledgers.read import Workbook
from store.catalog import IndicatorSpec, ledger_series
from store.held import Held, HeldKey

PREFILL_SHEET = "已有值"
PREFILL_HEAD = ["乡镇", "年份", "指标", "门槛（万元）", "数值", "不公开", "限定", "来源"]
PREFILL_FILL = PatternFill("solid", fgColor="E7E6E6")
AUTHOR = "党建数据看板"
NOTHING_NEW = (
    "模板中的 {n} 个数都是系统中已有的（灰色单元格，已注明来源），没有新填写或改动的数："
    "请在空白单元格填写缺少的数后再上传"
)
NOTE = "已有值，来源：{source}。系统中已有，无需重复填写；如数字有变化，直接改写即可。"
QUALIFIERS = ("exact", "over", "approx", "under")


def series_columns(specs: Sequence[IndicatorSpec]) -> list[tuple[IndicatorSpec, float | None]]:
    """(spec, threshold) per template column, in the order of etl.ledgers.template.template_columns."""
    return [(s, threshold) for s in specs for _name, threshold in ledger_series(s)]


def _cell_value(h: Held) -> Any:
    """A held figure as the clerk would type it: a number when exact, else its text (约30, 100余, X)."""
    if h.masked or h.value is None or h.qualifier != "exact":
        return entry_text(h.value, h.masked, h.qualifier)
    return int(h.value) if float(h.value).is_integer() else h.value


def prefill(
    book: XlsxBook,
    ws: Worksheet,
    specs: Sequence[IndicatorSpec],
    townships: Sequence[str],
    year: int,
    held: Mapping[HeldKey, Held],
    first_row: int = 3,
    first_col: int = 4,
) -> int:
    """Write HELD figures of YEAR into the template rows of TOWNSHIPS (row FIRST_ROW on, one column per series
    from FIRST_COL): greyed, with a comment naming the source; list them on a hidden sheet. How many."""
    listed = book.create_sheet(PREFILL_SHEET)
    listed.sheet_state = "hidden"
    listed.append(PREFILL_HEAD)
    n = 0
    for r, town in enumerate(townships, start=first_row):
        for c, (spec, threshold) in enumerate(series_columns(specs), start=first_col):
            h = held.get((town, year, spec.key, threshold))
            if h is None:
                continue
            cell = ws.cell(row=r, column=c, value=_cell_value(h))
            cell.fill = PREFILL_FILL
            cell.comment = Comment(
                f"已有值，来源：{h.source}。系统中已有，无需重复填写；如数字有变化，直接改写即可。", AUTHOR
            )
            listed.append([town, year, spec.key, threshold, h.value, "是" if h.masked else "否", h.qualifier, h.source])
            n += 1
    return n


def _prefilled(wb: Workbook) -> dict[tuple[str, int, str, float | None], tuple[float | None, bool, str]]:
    """What the template was pre-filled with: (township, year, indicator, threshold) → (value, masked, qualifier)."""
    out: dict[tuple[str, int, str, float | None], tuple[float | None, bool, str]] = {}
    rows = wb.load(PREFILL_SHEET).rows()
    next(rows, None)  # the header
    for row in rows:
        cells = [*row, *[""] * 8][:8]
        town, year, key, threshold, value, masked, qualifier = cells[:7]
        try:
            k = (str(town), int(float(year)), str(key), None if threshold in ("", None) else float(threshold))
            v = None if value in ("", None) else float(value)
        except (TypeError, ValueError):
            continue  # a row the clerk edited into something else: nothing is dropped for it
        out[k] = (v, masked == "是", qualifier if qualifier in QUALIFIERS else "exact")
    return out


def drop_prefilled(wb: Workbook, store: ObsStore) -> int:
    """Drop from STORE every figure still equal to the one its template cell was pre-filled with; how many."""
    if PREFILL_SHEET not in wb.sheet_names:
        return 0
    held = _prefilled(wb)
    if not held:
        return 0
    dropped = 0
    for i in list(store.indexes()):
        o = store[i]
        h = held.get((o.township, o.year or 0, o.indicator, o.threshold))
        if h is None:
            continue
        value, masked, qualifier = h
        same_value = (o.value is None and value is None) or (
            o.value is not None and value is not None and abs(o.value - value) <= 1e-9 * max(1.0, abs(value))
        )
        if same_value and o.masked == masked and o.qualifier == qualifier:
            store.delete(i)
            dropped += 1
    return dropped
