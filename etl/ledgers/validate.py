"""Ledger rows → observations, errors and warnings. Pure: rows in, plain data out.

Every problem is collected (never raised), each naming its cell ("Sheet1!D7") in Chinese, so a clerk sees them all
at once. Skipped rows (合计 / 小计, blank rows inside the table, 序号 rows) are warnings; 合计 rows double as a
checksum of the detail rows above them.

Rows stream through TableReader once, the per-row work (township, year, indicator) once per row; a plain number
cell — nearly every cell of a big ledger — goes through check_number straight into the column store, without a
Parsed or Obs object of its own; a wide row of plain numbers goes in one step (etl.ledgers.plain).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from etl.ledgers.cells import Parsed, check_number, check_value, clean, fmt, note_left_out, shown, tolerance
from etl.ledgers.context import Context, is_example_mark
from etl.ledgers.dates import PART_ROW, YEAR_MONTH, is_cutoff_header, year_cell
from etl.ledgers.extent import merged_identity_cells, next_form, opens_table, restart_columns
from etl.ledgers.figures import MASKED, flags_of
from etl.ledgers.furniture import goes_on_after_note, numbering_row, row_measure
from etl.ledgers.match import IndicatorInfo, Match
from etl.ledgers.percents import scale_percent_columns
from etl.ledgers.periods import part_of_year, period_column
from etl.ledgers.plain import CONVERTED, PlainRows, ValueColumn
from etl.ledgers.read import cell_name
from etl.ledgers.table import Column, Table, label_match
from etl.ledgers.text import (
    CODE_LABELS,
    COLUMN_LABELS,
    INDICATOR,
    SERIAL,
    TOWNSHIP,
    UNIT,
    VILLAGE,
    YEAR,
    is_footer_text,
    is_total_label,
    split_unit,
    text_of,
)
from etl.ledgers.thresholds import missing_threshold
from etl.ledgers.villages import VillageRows

PROGRESS_EVERY = 2000


class TableReader:
    """Reads the data rows of one Table into the Context (observations, errors, warnings)."""

    def __init__(self, table: Table, ctx: Context, merged: Sequence[tuple[int, int, int, int]] = ()):
        self.t, self.ctx = table, ctx
        self.sheet, self.store, self.info = table.sheet, ctx.observations, ctx.matcher.indicators
        self.townships: set[str] = set()  # township names that passed row()'s checks on them (pure, per name)
        self.col = {role: table.column(role) for role in (TOWNSHIP, YEAR, INDICATOR, UNIT, SERIAL, VILLAGE)}
        labels = [c for c in table.columns if c.role == INDICATOR][:2]  # 党员 (merged down) | 党员总数
        self.outer = labels[0] if len(labels) == 2 and labels[1].index == labels[0].index + 1 else None
        self.col[INDICATOR] = labels[-1] if self.outer else self.col[INDICATOR]
        self.long = self.col[INDICATOR] is not None
        year_col = self.col[YEAR]
        self.cutoff = year_col is not None and (is_cutoff_header(year_col.leaf) or year_col.how == YEAR_MONTH)
        self.period_col = period_column(table.columns)
        self.restart = restart_columns(table)
        idents = {c.index for c in (*self.col.values(), self.outer) if c is not None}
        self.merge_of = merged_identity_cells(table, merged, idents)
        self.origin_text: dict[tuple[int, int], str] = {}
        self.sums: dict[tuple[str, int | None], list[Any]] = {}  # (indicator, year) → [total, section, broken]
        self.blank_rows: list[int] = []
        self.last: dict[str, str] = {}
        self.years: dict[float, tuple[int, str]] = {}  # a year number cell → (year, its text)
        self.money_unit = table.money_unit
        self.indicator_of: dict[str, tuple[Match | None, str, str | None]] = {}
        self.row_threshold: float | None = None  # a long table's row indicator's threshold (10万元以上)
        self.row_counted: str | None = None  # … and the counting unit its row states (立案 | 件)
        self.texts: dict[str, str] = {}
        self.percent: dict[str, array[int]] = {}  # indicator → figures read from percent-formatted numbers
        self.values = [ValueColumn(c, self) for c in table.value_columns]
        self.plain = PlainRows.of(self)
        self.villages = VillageRows(self) if self.col[VILLAGE] is not None and not self.long else None

    def cell(self, r: int, c: int) -> str:
        return f"{self.sheet}!{cell_name(r, c)}"

    def text(self, value: Any) -> str:
        """text_of, remembered for strings (township and indicator names repeat on every row)."""
        if value.__class__ is not str:
            return text_of(value)
        found = self.texts.get(value)
        if found is None:
            if len(self.texts) > 50_000:
                self.texts.clear()
            found = self.texts[value] = text_of(value)
        return found

    def ident_text(self, row: Sequence[Any], r: int, col: Column | None) -> str:
        if col is None:
            return ""
        c = col.index
        text = self.text(row[c]) if c < len(row) else ""
        if self.merge_of and (r, c) in self.merge_of:
            origin = self.merge_of[(r, c)]
            if origin == (r, c):
                self.origin_text[origin] = text
            elif not text:  # the origin in this row (小计 merged over 序号:村) may not have been read yet
                text = self.origin_text.get(origin) or (self.text(row[origin[1]]) if origin[0] == r else "")
        return text

    def read(
        self, rows: Iterable[tuple[int, Sequence[Any]]], progress: Callable[[int], None] | None = None
    ) -> tuple[int, Sequence[Any]] | None:
        """Consume ROWS ((absolute row index, cells from column A)) until the notes below the table.

        Returns the row where another table starts (its title or a repeated header), else None."""
        self.store.sheet(self.sheet)
        noted = False  # a 注 row was met: the table ends there unless a township's figures follow it
        for n, (r, row) in enumerate(rows):
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(r)
            first = next((v for v in row if v != "" and v is not None), None)
            if first is None:
                self.blank_rows.append(r)
                continue
            if first.__class__ is str and is_footer_text(first):
                self.blank_rows.clear()
                if n and next_form(first, self.t.township):  # 填报单位：东风镇党委 under 长城乡's form
                    self.finish()
                    return r, row
                noted = True
                continue
            if first.__class__ is str and opens_table(self.restart, row, first):
                self.blank_rows.clear()
                self.finish()
                return r, row
            if noted:  # 注 rows between data rows: the table goes on where a township's figures follow
                values = [vc.index for vc in self.values]
                if not goes_on_after_note(row, self.col[TOWNSHIP], values, self.ctx.townships.find):
                    break
                noted = False
            for b in self.blank_rows:
                self.ctx.warn(self.cell(b, 0), "跳过空行")
            self.blank_rows.clear()
            self.row(r, row, first)
        self.finish()
        return None

    def row(self, r: int, row: Sequence[Any], first_value: Any = None) -> None:
        town = written = self.ident_text(row, r, self.col[TOWNSHIP])
        if self.villages is not None and self.villages.row(r, row, town):
            return
        serial = self.serial_text(row, r)
        first = self.text(first_value) if first_value.__class__ is str else ""
        known = bool(town) and town in self.townships  # checked on an earlier row: no part, total nor organ
        if not known and town and not (town := self.ctx.unless_part(town, self.sheet, r)):  # 其中：长城村, its rows
            self.ctx.warn(self.cell(r, self.col[TOWNSHIP].index), f"跳过“{written}”一行：是上一行的其中项，不是乡镇")  # type: ignore[union-attr]
            return
        if is_example_mark(serial):  # 示例 | 长城乡 | 100: a template's example row, whatever township it names
            return self.ctx.warn(self.cell(r, self._label_col(row)), "跳过模板的填写示例行（序号栏写着“示例”）")
        if (not known and is_total_label(town)) or is_total_label(serial) or is_total_label(first):
            self.ctx.warn(self.cell(r, self._label_col(row)), "跳过合计行")
            self.check_total(r, row, subtotal="小计" in re.sub(r"\s+", "", town + serial + first))
            return
        part = self.t.part  # 2023年上半年…台账: every row is the half year's
        period = part or (self.period_col and self.ident_text(row, r, self.period_col))
        if period and (part or part_of_year(period)):  # 长城乡 | 3月: a month's (a day's) figure is not the year's
            where = self.cell(r, self._label_col(row) if part else self.period_col.index)  # type: ignore[union-attr]
            self.ctx.parts_of_year.append((f"{self.sheet}!{self.t.part_cell}" if self.t.part_cell else where, period))
            self.ctx.warn(where, f"跳过这一行：{'表的标题写的是' if part else ''}“{period}”，只取全年的数")
            return
        if (not town or town in COLUMN_LABELS or town in CODE_LABELS) and numbering_row(row, self.col[SERIAL]):
            self.ctx.warn(self.cell(r, self._label_col(row)), "跳过序号行（没有乡镇名称和数据）")
            return
        organ = "" if known else town or (self.last.get("town", "") if self.long else "")
        if organ and self.ctx.not_township(organ, town and (lambda: self.cell(r, self.col[TOWNSHIP].index))):  # type: ignore[union-attr]
            self.last["town"] = organ
            return
        self.townships.add(town)
        year = self.row_year(r, row)
        if year is None and self.yearless(row):
            self.ctx.error(self.cell(r, self.col[YEAR].index), "这一行有数值但没有年份（年份列是空的）")  # type: ignore[union-attr]
            return
        if year is False:
            return
        indicator, unit = self.row_indicator(r, row)
        if indicator is False:
            return
        township = self.row_township(r, row, town)
        town_col = self.col[TOWNSHIP]
        if township is None and town_col is not None:
            if any(self.text(row[c.index]) for c in self.values if c.index < len(row) and not c.col.township):
                self.ctx.error(self.cell(r, town_col.index), "这一行有数值但没有乡镇名称")
            return
        self.row_values(r, row, township, year, indicator, unit)  # type: ignore[arg-type]  # not False here

    def serial_text(self, row: Sequence[Any], r: int) -> str:
        """The 序号 cell's text when it can be a label (合计, 甲): a number never is, so it is not converted."""
        col = self.col[SERIAL]
        if col is None:
            return ""
        raw = row[col.index] if col.index < len(row) else ""
        return self.ident_text(row, r, col) if raw.__class__ is str or self.merge_of else ""

    def _label_col(self, row: Sequence[Any]) -> int:
        """The row's first filled cell from the table's own first column (a table beside another starts right)."""
        lo = min((c.index for c in self.t.columns), default=0)
        return next((i for i in range(lo, len(row)) if row[i] not in ("", None)), lo)

    def yearless(self, row: Sequence[Any]) -> bool:
        """True when a row with figures leaves its year column empty and nothing else gives the year."""
        if self.col[YEAR] is None or self.t.year or self.ctx.year or any(c.col.year for c in self.values):
            return False
        return any(self.text(row[c.index]) for c in self.values if c.index < len(row))

    def row_year(self, r: int, row: Sequence[Any]) -> int | None | bool:
        col = self.col[YEAR]
        if col is None:
            return None
        raw = row[col.index] if col.index < len(row) else ""
        known = self.years.get(raw) if raw.__class__ in (float, int) and not self.merge_of else None
        if known is not None:  # a number cell of a year already read (nearly every row of a long ledger)
            self.last["year"] = known[1]
            return known[0]
        text = self.ident_text(row, r, col)
        if not text and self.long and "year" in self.last:
            text = self.last["year"]
        if not text:
            return None
        year, skip = year_cell(raw if self.text(raw) == text else text, self.cutoff, self.t.year or self.ctx.year)
        if skip:  # 截止 2023-06-30, 2023年1-6月: a part of the year; 增减: two years' difference
            self.ctx.parts_of_year += [(self.cell(r, col.index), text)] if skip == PART_ROW else []
            self.ctx.warn(self.cell(r, col.index), skip.format(text))
            return False
        if year is None:
            self.ctx.error(self.cell(r, col.index), f"“{text}” 不是有效的年份")
            return False
        self.last["year"] = text
        if raw.__class__ in (float, int) and self.text(raw) == text:
            self.years[raw] = (year, text)
        return year

    def row_indicator(self, r: int, row: Sequence[Any]) -> tuple[str | None | bool, str | None]:
        col = self.col[INDICATOR]
        unit_col = self.col[UNIT]
        unit = self.ident_text(row, r, unit_col) or None if unit_col is not None else None
        if col is None:
            return None, unit
        outer = self.ident_text(row, r, self.outer) if self.outer is not None else ""
        text = self.ident_text(row, r, col) or outer  # a label written in the group column only
        measure = row_measure(text) if text and any(vc.key for vc in self.values) else None  # 人数 / 占比（%）
        if measure == "share":  # the shares of the row above (the columns name the indicators): no figure
            self.ctx.warn(self.cell(r, col.index), f"跳过“{text}”一行：是各项的占比，不是统计数")
        if measure:
            return (None if measure == "count" else False), unit
        if not text:
            if any(self.text(row[c.index]) for c in self.values if c.index < len(row)):
                self.ctx.error(self.cell(r, col.index), "这一行有数值但没有指标名称")
            return False, unit
        if text not in self.indicator_of:
            self.indicator_of[text] = (label_match(text, self.t, self.ctx.matcher), *split_unit(text))
        found, stripped, header_unit = self.indicator_of[text]
        if found is None and outer and outer != text:  # 党员 | 总数: the group and the leaf name it together
            found = self.ctx.matcher.match(outer + stripped)
        if found is None:
            if not any(self.text(row[c.index]) for c in self.values if c.index < len(row)):
                self.ctx.warn(self.cell(r, col.index), f"跳过分组行“{stripped}”（不是指标，也没有数值）")
                return False, unit
            near = self.ctx.matcher.closest(text)
            hint = f"（最接近：{'、'.join(near)}）" if near else ""
            if self.col[TOWNSHIP] is None:  # a form's own item (行次), as a wide table's column: not imported
                self.ctx.warn(self.cell(r, col.index), f"“{stripped}”不是指标目录中的指标，已忽略这一行{hint}")
            else:  # a record of a long table: its figure would be lost
                self.ctx.error(self.cell(r, col.index), f"指标“{stripped}”不在指标目录中{hint}，请改为目录中的指标名称")
            return False, unit
        if self.info[found.key].thresholds and found.threshold is None:
            self.ctx.error(self.cell(r, col.index), missing_threshold(stripped, self.info[found.key]))
            return False, unit
        self.row_threshold = found.threshold
        self.row_counted = self.info[found.key].counted(unit or header_unit)
        return found.key, unit or header_unit

    def row_township(self, r: int, row: Sequence[Any], town: str) -> str | None:
        col = self.col[TOWNSHIP]
        if col is None:
            return None
        if not town and self.long:
            town = self.last.get("town", "")
        if not town:
            return None
        self.last["town"] = town
        return self.ctx.township(town, lambda: self.cell(r, col.index))

    def row_values(
        self,
        r: int,
        row: Sequence[Any],
        township: str | None,
        year: int | None,
        indicator: str | None,
        row_unit: str | None,
    ) -> None:
        """Every value cell of one data row. A plain number takes the short way: the same checks as
        value() (check_number), written out because a big ledger has a million such cells."""
        n, store, sums = len(row), self.store, self.sums
        town_id = -1
        if self.plain is not None and township and row_unit is None:
            town_id = store.towns.id(township)
            if self.plain.add(r, row, town_id, year):
                return
        for vc in self.values:
            raw = row[vc.index] if vc.index < n else ""
            if raw.__class__ is not float and raw.__class__ is not int:
                self.value(r, raw, vc, township, year, indicator, row_unit)
                continue
            info = vc.info if vc.key else (self.info[indicator] if indicator else None)
            if info is None:
                continue
            ind = vc.ind if vc.key else self.series_id(info)
            series = vc.series if vc.key else store.indicators.names[ind]
            if township and not vc.township:
                if town_id < 0:
                    town_id = store.towns.id(township)
                tid = town_id
            else:
                place = self.place(r, vc, township)
                if not place:
                    continue
                tid = store.towns.id(place)
            unit = row_unit or vc.unit or (vc.money if info.kind == "money" else None)
            cell_year = year or vc.year
            if unit not in CONVERTED and raw >= 0:  # no unit conversion, no range to check
                value = clean(float(raw))
            else:
                checked, problem = check_number(raw, info, unit)
                if checked is None:
                    self.ctx.error(self.cell(r, vc.index), problem or "")
                    self.tally(series, cell_year, None, broken=True)
                    continue
                value = checked
            i = store.add_new(tid, cell_year or 0, ind, value, 0, r, vc.index)
            if i < 0:
                self._duplicate(store.seen(tid, cell_year or 0, ind) or 0, r, vc.index, info, value, False)
                continue
            s = sums.get((series, cell_year))
            if s is None:
                s = sums[(series, cell_year)] = [0.0, 0.0, False]
            s[0] += value
            s[1] += value
            if info.kind == "percent":
                self.percent.setdefault(info.key, array("I")).append(i)

    def place(self, r: int, vc: ValueColumn, township: str | None) -> str | None:
        """The township a value cell belongs to: its column's (transposed tables), its row's or the table's."""
        col = vc.col
        place = col.township and self.ctx.township(col.township, lambda: self.cell(self.t.header_bottom, col.index))
        return (
            place
            or township
            or (self.t.township and self.ctx.township(self.t.township, lambda: self.cell(r, col.index)))
        )

    def value(
        self,
        r: int,
        raw: Any,
        vc: ValueColumn,
        township: str | None,
        year: int | None,
        indicator: str | None,
        row_unit: str | None,
    ) -> None:
        """One value cell of any kind: text, masked, percent, date, bool, empty."""
        parsed = self.ctx.parse(raw)
        if parsed is None:
            return
        key = vc.key or indicator
        if key is None:
            return
        info = self.info[key]
        cell_year = year or vc.year
        series = vc.series if vc.key else self.store.indicators.names[self.series_id(info)]
        if isinstance(parsed, str):
            self.ctx.error(self.cell(r, vc.index), parsed)
            self.tally(series, cell_year, None, broken=True)
            return
        place = self.place(r, vc, township)
        if not place:
            return
        unit = parsed.unit or vc.unit_for(info, row_unit)
        value, problem = check_value(parsed, info, unit, shown(raw))
        if problem:
            self.ctx.error(self.cell(r, vc.index), problem)
            self.tally(series, cell_year, None, broken=True)
            return
        if value is None and not parsed.masked:
            return  # 无 in a rate: nothing to record
        if parsed.note:  # 412（其中预备党员8名）
            self.ctx.warn(self.cell(r, vc.index), note_left_out(parsed, shown(raw)))
        flags = flags_of(parsed.qualifier, parsed.masked, value)
        self.keep(r, vc, info, self.store.towns.id(place), cell_year, value, flags, numeric=parsed.numeric)

    def keep(
        self,
        r: int,
        vc: ValueColumn,
        info: IndicatorInfo,
        town: int,
        year: int | None,
        value: float | None,
        flags: int,
        *,
        numeric: bool,
    ) -> None:
        """Store a checked figure unless its (township, year, indicator) was seen: then warn or report."""
        store = self.store
        ind = vc.ind if vc.key else self.series_id(info)
        i = store.add_new(town, year or 0, ind, 0.0 if value is None else value, flags, r, vc.index)
        if i < 0:
            self._duplicate(store.seen(town, year or 0, ind) or 0, r, vc.index, info, value, bool(flags & MASKED))
            return
        self.tally(store.indicators.names[ind], year, value, broken=bool(flags & MASKED))
        if info.kind == "percent" and numeric:
            self.percent.setdefault(info.key, array("I")).append(i)

    def series_id(self, info: IndicatorInfo) -> int:
        """The figure-store id of a long table row's series: its indicator, over the row's threshold, in the
        counting unit the row states."""
        counted = self.row_counted if info.counting else None
        threshold = self.row_threshold if info.thresholds else None
        return self.store.indicator(info.key, counted or info.unit, threshold, counted is not None)

    def _duplicate(self, first: int, r: int, c: int, info: IndicatorInfo, value: float | None, masked: bool) -> None:
        store = self.store
        here, there = self.cell(r, c), store.cell(first)
        first_value = store.value_of(first)
        if (first_value, bool(store.flags[first] & MASKED)) == (value, masked):
            self.ctx.warn(here, f"与 {there} 重复（同一乡镇、年份、指标），已忽略")
        else:
            self.ctx.error(
                here,
                f"“{info.name}”与 {there} 重复且数值不同（{fmt(first_value)} / "
                f"{fmt(value)}）：同一乡镇、年份、指标只能填一个数",
            )

    def tally(self, key: str, year: int | None, value: float | None, *, broken: bool) -> None:
        s = self.sums.get((key, year))
        if s is None:
            s = self.sums[(key, year)] = [0.0, 0.0, False]
        if broken or value is None:
            s[2] = True
            return
        s[0] += value
        s[1] += value

    def check_total(self, r: int, row: Sequence[Any], *, subtotal: bool) -> None:
        """Compare a 合计 / 小计 row with the sum of the detail rows above it; warn per differing column. A total
        label in the year column too (合计 merged over 乡镇:年度) makes it the total of every year above."""
        every_year = is_total_label(self.ident_text(row, r, self.col[YEAR]))
        year = None if every_year else self.row_year(r, row)
        indicator, unit = self.row_indicator(r, row) if self.long else (None, None)
        for vc in self.values:
            col = vc.col
            key = col.indicator or (indicator if isinstance(indicator, str) else None)
            raw = row[col.index] if col.index < len(row) else ""
            parsed = self.ctx.parse(raw)
            if key is None or not isinstance(parsed, Parsed) or parsed.value is None or col.township:
                continue
            info = self.info[key]
            if info.kind == "percent" or info.aggregate != "sum":
                continue
            y = (year if type(year) is int else None) or vc.year
            series = vc.series if col.indicator else self.store.indicators.names[self.series_id(info)]
            s = self.all_years(series) if every_year else self.sums.get((series, y))
            if s is None or s[2]:
                continue
            unit_ = parsed.unit or vc.unit_for(info, unit)
            total, problem = check_value(parsed, info, unit_, text_of(raw))
            expected = s[1] if subtotal else s[0]
            if total is not None and not problem and abs(total - expected) > tolerance(total):
                self.ctx.warn(
                    self.cell(r, col.index),
                    f"合计行与明细之和不符：“{col.header or info.name}”列明细相加为 "
                    f"{fmt(round(expected, 6))}，合计行为 {fmt(total)}",
                )
        if subtotal:
            for s in self.sums.values():
                s[1] = 0.0

    def all_years(self, series: str) -> list[Any] | None:
        """The sums of SERIES over every year (total, since the last 小计, broken) as check_total reads them."""
        parts = [s for (key, _year), s in self.sums.items() if key == series]
        return [sum(p[0] for p in parts), sum(p[1] for p in parts), any(p[2] for p in parts)] if parts else None

    def finish(self) -> None:
        """The last block of a village table; percentages typed as Excel percent cells scaled."""
        if self.villages is not None:
            self.villages.flush()
        scale_percent_columns(self.store, self.percent, self.info, self.ctx)
        self.percent.clear()
