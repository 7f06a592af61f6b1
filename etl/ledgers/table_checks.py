"""Checks on a recognised ledger table before its rows are read: the columns set aside (not in the catalog, a 合计
column, a part of the year, a second column of one indicator), whether its year can be told, and a table left
with no indicator column to read."""

from __future__ import annotations

from etl.ledgers.columns import Table
from etl.ledgers.context import Context, Issue
from etl.ledgers.diagnose import why_no_year
from etl.ledgers.match import IndicatorMatcher
from etl.ledgers.text import TOTAL

# Column.how of a column set aside as a part of the year (etl.ledgers.table._choose_periods).
_PERIOD = "期间"


def column_issues(table: Table, matcher: IndicatorMatcher) -> list[Issue]:
    """Warnings for header columns that are ignored: not in the catalog, or a 合计 column."""
    out: list[Issue] = []
    for col in table.columns:
        cell = f"{table.sheet}!{col.header_cell}"
        if col.role == TOTAL:
            out.append(Issue(cell, f"跳过合计列“{col.header}”"))
        elif col.duplicate_of:
            name = matcher.indicators[col.indicator].name if col.indicator else col.header
            first = col.duplicate_of
            out.append(
                Issue(cell, f"“{col.header}”列与 {first} 列都对应“{name}”，只导入 {first} 列；如不对请在预览中调整")
            )
        elif col.why:
            out.append(Issue(cell, f"“{col.header}”{col.why}，此列不导入"))
        elif col.role == "ignored" and col.leaf and col.how != "手动":
            near = matcher.closest(col.leaf)
            hint = f"（最接近：{'、'.join(near)}）" if near else ""
            out.append(
                Issue(cell, f"“{col.header}”列不是指标目录中的指标，已忽略{hint}；如需导入请在预览中指定对应指标")
            )
    return out


def check_year(table: Table, ctx: Context) -> None:
    """A warning when --year overrides the title's year; an error when no year can be told for the table (a table
    whose only indicator columns are parts of the year is told so by check_value_columns instead)."""
    has_column_year = table.column("year") is not None or any(c.year for c in table.value_columns)
    if ctx.year and table.year and ctx.year != table.year and not has_column_year:
        ctx.warn(
            f"{table.sheet}!A1",
            f"{table.year_from}中的年份 {table.year} 与指定的年份 {ctx.year} 不同，按 {ctx.year} 导入",
        )
    if not (has_column_year or ctx.year or table.year or _parts_only(table)):
        ctx.error(f"{table.sheet}!{table.columns[0].header_cell}", why_no_year([table.title, table.sheet]))


def check_value_columns(table: Table, ctx: Context) -> None:
    """An error when the table has no indicator column to read, naming the part of the year when that is why
    (截至2023年6月30日党员总数 alone: a half year's stock, not the year's)."""
    if table.value_columns:
        return
    where = f"{table.sheet}!{table.columns[0].header_cell}"
    part = next((c for c in table.columns if c.how == _PERIOD and c.why), None)
    if part is not None:
        ctx.error(where, f"没有可导入的指标列：“{part.header}”{part.why}；请上传全年（年末）的数")
    else:
        ctx.error(where, "没有可导入的指标列：请在预览中为列指定指标")


def _parts_only(table: Table) -> bool:
    """True when every indicator column of the table was set aside as a part of the year."""
    return not table.value_columns and any(c.how == _PERIOD for c in table.columns)
