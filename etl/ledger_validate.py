"""Ledger rows → observations, errors and warnings. Pure: rows in, plain data out.

Every problem is collected (never raised), each naming its cell ("Sheet1!D7") in Chinese, so a clerk
sees them all at once. Skipped rows (合计 / 小计, blank rows inside the table, 序号 rows) are warnings;
合计 rows double as a checksum of the detail rows above them.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from etl.ledger_read import cell_name
from etl.ledger_table import (
    INDICATOR,
    SERIAL,
    TOWNSHIP,
    UNIT,
    YEAR,
    Column,
    IndicatorInfo,
    IndicatorMatcher,
    Match,
    Table,
    is_note_text,
    is_total_label,
    split_unit,
    text_of,
)
from etl.numbers import MONEY_FACTORS, chinese_value, parse_quantity

# Cells that mean "nothing to report" rather than a figure.
EMPTY_MARKS = {"-", "--", "—", "——", "－", "/", "／", "\\", "无", "空", "暂无", "不适用"}
_COLUMN_LABELS = set("甲乙丙丁戊己庚辛壬癸")
PROGRESS_EVERY = 2000
_ORG_SUFFIX = re.compile(r"(?<=[乡镇道木])(党委|党总支|党支部|人民政府|政府|办事处)$")


@dataclass(slots=True)
class Obs:
    """One figure read from the ledger, value in the indicator's canonical unit."""

    township: str
    year: int | None
    indicator: str
    value: float | None
    unit: str
    cell: str
    qualifier: str = "exact"
    masked: bool = False

    def to_json(self) -> dict[str, Any]:
        value: float | int | None = self.value
        if value is not None and float(value).is_integer():
            value = int(value)
        return {"township": self.township, "year": self.year, "indicator": self.indicator, "value": value,
                "unit": self.unit, "cell": self.cell, "qualifier": self.qualifier, "masked": self.masked}


class ObsStore:
    """Observations kept column-wise: about 40 bytes each instead of ~250 as objects, so a 100,000-row
    ledger stays within a few times its file size. Iterating yields Obs; names are interned."""

    _QUALIFIERS = ("exact", "over", "approx", "under")

    def __init__(self) -> None:
        self._names: list[str] = []
        self._ids: dict[str, int] = {}
        self._cols = {c: array("i") for c in ("town", "year", "ind", "unit", "sheet", "row", "col", "flags")}
        self._value = array("d")
        self._deleted: set[int] = set()

    def intern(self, text: str) -> int:
        if text not in self._ids:
            self._ids[text] = len(self._names)
            self._names.append(text)
        return self._ids[text]

    def append(self, township: str, year: int | None, indicator: str, value: float | None, unit: str,
               sheet: str, row: int, col: int, qualifier: str = "exact", masked: bool = False) -> int:
        """Add one observation (cell = sheet, 0-based row and column); returns its index."""
        c, ids = self._cols, self._ids
        c["town"].append(ids[township] if township in ids else self.intern(township))
        c["year"].append(year or 0)
        c["ind"].append(ids[indicator] if indicator in ids else self.intern(indicator))
        c["unit"].append(ids[unit] if unit in ids else self.intern(unit))
        c["sheet"].append(ids[sheet] if sheet in ids else self.intern(sheet))
        c["row"].append(row)
        c["col"].append(col)
        flags = self._QUALIFIERS.index(qualifier) | (4 if masked else 0) | (8 if value is None else 0)
        c["flags"].append(flags)
        self._value.append(0.0 if value is None else value)
        return len(self._value) - 1

    def key(self, i: int) -> tuple[int, int, int]:
        """(township, year, indicator) of observation I as interned ids."""
        return self._cols["town"][i], self._cols["year"][i], self._cols["ind"][i]

    def __getitem__(self, i: int) -> Obs:
        c, names = self._cols, self._names
        flags = c["flags"][i]
        return Obs(names[c["town"][i]], c["year"][i] or None, names[c["ind"][i]],
                   None if flags & 8 else self._value[i], names[c["unit"][i]],
                   f"{names[c['sheet'][i]]}!{cell_name(c['row'][i], c['col'][i])}",
                   self._QUALIFIERS[flags & 3], bool(flags & 4))

    def set_value(self, i: int, value: float) -> None:
        self._value[i] = value

    def delete(self, i: int) -> None:
        self._deleted.add(i)

    def __len__(self) -> int:
        return len(self._value) - len(self._deleted)

    def __iter__(self) -> Iterator[Obs]:
        return (self[i] for i in range(len(self._value)) if i not in self._deleted)


@dataclass(frozen=True)
class Issue:
    cell: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"cell": self.cell, "message": self.message}


@dataclass
class TownshipNames:
    """Township lookup for validation: find(name) → the stored name (aliases, 长城彝族乡 = 长城乡) or None."""

    find: Callable[[str], str | None]
    closest: Callable[[str], list[str]] = lambda _name: []


@dataclass
class Parsed:
    value: float | None
    qualifier: str = "exact"
    masked: bool = False
    unit: str | None = None
    is_percent: bool = False
    numeric: bool = False  # a number cell (not text): percentages may be stored as fractions


@dataclass
class Context:
    """State shared by every table of one file: options, lookups and what was found so far."""

    matcher: IndicatorMatcher
    townships: TownshipNames
    create_townships: bool = False
    year: int | None = None  # --year
    observations: ObsStore = field(default_factory=ObsStore)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    new_townships: list[str] = field(default_factory=list)
    _seen: dict[tuple[int, int, int], int] = field(default_factory=dict)  # (township, year, indicator) → index
    _towns: dict[str, str | None] = field(default_factory=dict)
    _parsed: dict[str, Parsed | str | None] = field(default_factory=dict)

    def error(self, cell: str, message: str) -> None:
        self.errors.append(Issue(cell, message))

    def warn(self, cell: str, message: str) -> None:
        self.warnings.append(Issue(cell, message))

    def township(self, name: str, cell: str) -> str | None:
        """The stored township for NAME; reports an unknown one once (error, or a note when creating)."""
        if name in self._towns:
            return self._towns[name]
        written, name = name, re.sub(r"\s+", "", name)
        if name in self._towns:
            self._towns[written] = self._towns[name]
            return self._towns[name]
        found = self.townships.find(name)
        if found is None and _ORG_SUFFIX.search(name):  # 长城乡党委, 东风镇人民政府 name the township
            found = self.townships.find(_ORG_SUFFIX.sub("", name))
        if found is None:
            if self.create_townships:
                found = name
                self.new_townships.append(name)
                self.warn(cell, f"乡镇“{name}”不在地区列表中，将新建")
            else:
                near = self.townships.closest(name)
                hint = f"，最接近的有：{'、'.join(near)}" if near else ""
                self.error(cell, f"找不到乡镇“{name}”{hint}。请核对名称，或选择新建乡镇（命令行加 --create-townships）")
        # An unknown name still labels its figures in the output; the error keeps them from being stored.
        self._towns[name] = self._towns[written] = found or name
        return found or name


def fmt(value: float | None) -> str:
    """412.0 → "412", 12.5 → "12.5" (for messages)."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"


def parse_cell(value: Any) -> Parsed | str | None:
    """A value cell → Parsed, None for an empty cell, or a Chinese error message."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return f"“{text_of(value)}” 不是数字"
    if isinstance(value, int | float):
        return Parsed(round(float(value), 9), numeric=True)
    if isinstance(value, datetime | date | time | timedelta):
        return f"“{text_of(value)}” 不是数字（单元格是日期格式）"
    raw = str(value).strip()
    text = text_of(raw)
    if not text or text in EMPTY_MARKS:
        return None
    sign = 1.0
    body = text
    if body[0] in "-−" and len(body) > 1:
        sign, body = -1.0, body[1:].strip()
    q = parse_quantity(body)
    if q is None or (q.value is None and not q.masked):
        return f"“{raw}” 不是数字"
    v = None if q.value is None else sign * q.value
    return Parsed(v, q.qualifier, q.masked, q.unit, q.is_percent)


def check_value(p: Parsed, info: IndicatorInfo, unit: str | None, raw: str) -> tuple[float | None, str | None]:
    """(value in the canonical unit, error message or None) for a parsed cell of indicator INFO."""
    unit = "%" if p.is_percent else (p.unit or unit)  # a unit written in the cell wins
    if p.masked or p.value is None:
        return None, None
    if unit == "%" and info.kind != "percent":
        return None, f"“{raw}” 是百分比，但“{info.name}”的单位是{info.unit}"
    v = p.value
    if info.kind == "money" and unit in MONEY_FACTORS and info.unit in MONEY_FACTORS:
        v = round(v * MONEY_FACTORS[unit] / MONEY_FACTORS[info.unit], 6)
    elif unit in MONEY_FACTORS and info.kind != "money":
        return None, f"“{raw}” 的单位是{unit}，但“{info.name}”的单位是{info.unit}"
    if v < 0 and info.kind != "money":
        what = "比率" if info.kind == "percent" else info.name
        return None, f"“{raw}” 是负数，{what}不能为负"
    if info.kind == "percent" and v > 100 and not p.numeric:
        return None, f"“{raw}” 超过 100%"
    return v, None


@dataclass
class _Sum:
    total: float = 0.0
    section: float = 0.0
    broken: bool = False  # a masked or unreadable detail cell: the checksum cannot be told


class TableReader:
    """Reads the data rows of one Table into the Context (observations, errors, warnings)."""

    def __init__(self, table: Table, ctx: Context, merged: Sequence[tuple[int, int, int, int]] = ()):
        self.t, self.ctx = table, ctx
        self.sheet = table.sheet
        self.values = table.value_columns
        self.info = ctx.matcher.indicators
        self.col = {role: table.column(role) for role in (TOWNSHIP, YEAR, INDICATOR, UNIT, SERIAL)}
        self.long = self.col[INDICATOR] is not None
        ident = {c.index for c in self.col.values() if c is not None}
        # Merged identity cells (one 乡镇 over several indicator rows) fill every row they cover.
        self.merge_of: dict[tuple[int, int], tuple[int, int]] = {}
        for r1, c1, r2, c2 in merged:
            if r2 >= table.first_data_row and any(c1 <= c <= c2 for c in ident) and (r2 - r1) < 10_000:
                for r in range(max(r1, table.first_data_row), r2 + 1):
                    for c in ident:
                        if c1 <= c <= c2:
                            self.merge_of[(r, c)] = (r1, c1)
        self.origin_text: dict[tuple[int, int], str] = {}
        self.sums: dict[tuple[str, int | None], _Sum] = {}
        self.percent_numeric: dict[str, list[int]] = {}
        self.blank_rows: list[int] = []
        self.last: dict[str, str] = {}
        self.money_unit = table.money_unit
        self.indicator_of: dict[str, tuple[Match | None, str, str | None]] = {}

    def cell(self, r: int, c: int) -> str:
        return f"{self.sheet}!{cell_name(r, c)}"

    def ident_text(self, row: Sequence[Any], r: int, col: Column | None) -> str:
        if col is None:
            return ""
        c = col.index
        text = text_of(row[c]) if c < len(row) else ""
        if (r, c) in self.merge_of:
            origin = self.merge_of[(r, c)]
            if origin == (r, c):
                self.origin_text[origin] = text
            elif not text:
                text = self.origin_text.get(origin, "")
        return text

    def read(self, rows: Iterable[tuple[int, Sequence[Any]]], progress: Callable[[int], None] | None = None) -> None:
        """Consume ROWS ((absolute row index, cells from column A)) until the notes below the table."""
        for n, (r, row) in enumerate(rows):
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(r)
            first = next((v for v in row if v != "" and v is not None), None)
            if first is None:
                self.blank_rows.append(r)
                continue
            if isinstance(first, str) and is_note_text(first):
                break
            for b in self.blank_rows:
                self.ctx.warn(self.cell(b, 0), "跳过空行")
            self.blank_rows.clear()
            self.row(r, row, first)
        self.finish()

    def row(self, r: int, row: Sequence[Any], first_value: Any = None) -> None:
        town = self.ident_text(row, r, self.col[TOWNSHIP])
        serial = self.ident_text(row, r, self.col[SERIAL])
        first = text_of(first_value) if isinstance(first_value, str) else ""
        if any(is_total_label(t) for t in (town, serial, first)):
            self.ctx.warn(self.cell(r, self._label_col(row)), "跳过合计行")
            self.check_total(r, row, subtotal="小计" in re.sub(r"\s+", "", town + serial + first))
            return
        if (not town or town in _COLUMN_LABELS) and self._numbering_row(row):
            self.ctx.warn(self.cell(r, self._label_col(row)), "跳过序号行（没有乡镇名称和数据）")
            return
        year = self.row_year(r, row)
        if year is False:
            return
        indicator, unit = self.row_indicator(r, row)
        if indicator is False:
            return
        township = self.row_township(r, row, town)
        town_col = self.col[TOWNSHIP]
        if township is None and town_col is not None:
            if any(text_of(row[c.index]) for c in self.values if c.index < len(row) and not c.township):
                self.ctx.error(self.cell(r, town_col.index), "这一行有数值但没有乡镇名称")
            return
        for col in self.values:
            self.value(r, row, col, township, year, indicator, unit)

    def _label_col(self, row: Sequence[Any]) -> int:
        return next((i for i, v in enumerate(row) if v not in ("", None)), 0)

    def _numbering_row(self, row: Sequence[Any]) -> bool:
        """A 序号-only row, or the column-number row under a header (甲 乙 1 2 3 …)."""
        filled = [(i, text_of(v)) for i, v in enumerate(row) if text_of(v)]
        serial = self.col[SERIAL]
        if serial is not None and all(i == serial.index for i, _ in filled):
            return True
        nums = [t for _, t in filled if t not in _COLUMN_LABELS]
        if not nums or not all(t.isdigit() for t in nums):
            return False
        ints = [int(t) for t in nums]
        labelled = len(nums) < len(filled)
        return (labelled or len(ints) >= 3) and ints == list(range(ints[0], ints[0] + len(ints)))

    def row_year(self, r: int, row: Sequence[Any]) -> int | None | bool:
        col = self.col[YEAR]
        if col is None:
            return None
        raw = row[col.index] if col.index < len(row) else ""
        text = self.ident_text(row, r, col)
        if not text and self.long and "year" in self.last:
            text = self.last["year"]
        if not text:
            return None
        year = parse_year(raw if text_of(raw) == text else text)
        if year is None:
            self.ctx.error(self.cell(r, col.index), f"“{text}” 不是有效的年份")
            return False
        self.last["year"] = text
        return year

    def row_indicator(self, r: int, row: Sequence[Any]) -> tuple[str | None | bool, str | None]:
        col = self.col[INDICATOR]
        unit_col = self.col[UNIT]
        unit = self.ident_text(row, r, unit_col) or None if unit_col is not None else None
        if col is None:
            return None, unit
        text = self.ident_text(row, r, col)
        if not text:
            if any(text_of(row[c.index]) for c in self.values if c.index < len(row)):
                self.ctx.error(self.cell(r, col.index), "这一行有数值但没有指标名称")
            return False, unit
        if text not in self.indicator_of:
            self.indicator_of[text] = (self.ctx.matcher.match(text), *split_unit(text))
        found, stripped, header_unit = self.indicator_of[text]
        if found is None:
            near = self.ctx.matcher.closest(text)
            hint = f"（最接近：{'、'.join(near)}）" if near else ""
            self.ctx.error(self.cell(r, col.index), f"指标“{stripped}”不在指标目录中{hint}，请改为目录中的指标名称")
            return False, unit
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
        return self.ctx.township(town, self.cell(r, col.index))

    def value(self, r: int, row: Sequence[Any], col: Column, township: str | None, year: int | None,
              indicator: str | bool | None, row_unit: str | None) -> None:
        raw = row[col.index] if col.index < len(row) else ""
        parsed = self._parse(raw)
        if parsed is None:
            return
        key = col.indicator or (indicator if isinstance(indicator, str) else None)
        if key is None:
            return
        info = self.info[key]
        year = year or col.year or self.ctx.year or self.t.year
        if isinstance(parsed, str):
            self.ctx.error(self.cell(r, col.index), parsed)
            self._sum(key, year, None, broken=True)
            return
        place = col.township and self.ctx.township(col.township, self.cell(self.t.header_bottom, col.index))
        place = place or township or (self.t.township and self.ctx.township(self.t.township, self.cell(r, col.index)))
        if not place:
            return
        unit = parsed.unit or row_unit or col.unit or (self.money_unit if info.kind == "money" else None)
        value, problem = check_value(parsed, info, unit, text_of(raw))
        if problem:
            self.ctx.error(self.cell(r, col.index), problem)
            self._sum(key, year, None, broken=True)
            return
        store = self.ctx.observations
        i = store.append(place, year, key, value, info.unit, self.sheet, r, col.index, parsed.qualifier, parsed.masked)
        if self._add(i, info):
            self._sum(key, year, value, broken=parsed.masked)
            if info.kind == "percent" and parsed.numeric:
                self.percent_numeric.setdefault(key, []).append(i)

    def _parse(self, raw: Any) -> Parsed | str | None:
        if isinstance(raw, str):
            cache = self.ctx._parsed
            if raw not in cache:
                if len(cache) > 50_000:
                    cache.clear()
                cache[raw] = parse_cell(raw)
            return cache[raw]
        return parse_cell(raw)

    def _add(self, i: int, info: IndicatorInfo) -> bool:
        """Keep observation I unless its (township, year, indicator) was seen: then warn or report."""
        store = self.ctx.observations
        key = store.key(i)
        if key not in self.ctx._seen:
            self.ctx._seen[key] = i
            return True
        first, obs = store[self.ctx._seen[key]], store[i]
        store.delete(i)
        if (first.value, first.masked) == (obs.value, obs.masked):
            self.ctx.warn(obs.cell, f"与 {first.cell} 重复（同一乡镇、年份、指标），已忽略")
        else:
            self.ctx.error(obs.cell, f"“{info.name}”与 {first.cell} 重复且数值不同（{fmt(first.value)} / "
                                     f"{fmt(obs.value)}）：同一乡镇、年份、指标只能填一个数")
        return False

    def _sum(self, key: str, year: int | None, value: float | None, *, broken: bool) -> None:
        s = self.sums.setdefault((key, year), _Sum())
        if broken or value is None:
            s.broken = True
            return
        s.total += value
        s.section += value

    def check_total(self, r: int, row: Sequence[Any], *, subtotal: bool) -> None:
        """Compare a 合计 / 小计 row with the sum of the detail rows above it; warn per differing column."""
        year = self.row_year(r, row)
        indicator, unit = self.row_indicator(r, row) if self.long else (None, None)
        for col in self.values:
            key = col.indicator or (indicator if isinstance(indicator, str) else None)
            raw = row[col.index] if col.index < len(row) else ""
            parsed = self._parse(raw)
            if key is None or not isinstance(parsed, Parsed) or parsed.value is None or col.township:
                continue
            info = self.info[key]
            if info.kind == "percent" or info.aggregate != "sum":
                continue
            y = (year if type(year) is int else None) or col.year or self.ctx.year or self.t.year
            s = self.sums.get((key, y))
            if s is None or s.broken:
                continue
            unit_ = parsed.unit or unit or col.unit or (self.money_unit if info.kind == "money" else None)
            total, problem = check_value(parsed, info, unit_, text_of(raw))
            expected = s.section if subtotal else s.total
            if total is not None and not problem and abs(total - expected) > _tolerance(total):
                self.ctx.warn(self.cell(r, col.index), f"合计行与明细之和不符：“{col.header or info.name}”列明细相加为 "
                                                       f"{fmt(round(expected, 6))}，合计行为 {fmt(total)}")
        if subtotal:
            for s in self.sums.values():
                s.section = 0.0

    def finish(self) -> None:
        """Percentages typed as Excel percent cells arrive as fractions (0.95): scale such columns."""
        store = self.ctx.observations
        for key, indexes in self.percent_numeric.items():
            values = [store[i].value for i in indexes]
            if all(v is None or 0 <= v <= 1 for v in values) and any(v for v in values):
                for i, v in zip(indexes, values, strict=True):
                    if v is not None:
                        store.set_value(i, round(v * 100, 6))
                self.ctx.warn(store[indexes[0]].cell, f"“{self.info[key].name}”按百分比格式读取（0.95 即 95%）")
            for i in indexes:
                o = store[i]
                if o.value is not None and o.value > 100:
                    self.ctx.error(o.cell, f"“{fmt(o.value)}” 超过 100%")
                    store.delete(i)
                    self.ctx._seen.pop(store.key(i), None)
        self.percent_numeric.clear()


def _tolerance(total: float) -> float:
    """Half a unit of the total's last decimal: a total typed as 123.46 matches details adding to 123.456."""
    text = repr(float(total)).rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** (-decimals) + 1e-9


def parse_year(value: Any) -> int | None:
    """2023, 2023.0, "2023", "2023年", "２０２３年度", a date → 2023; None otherwise."""
    if isinstance(value, datetime | date):
        return value.year
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and 1949 <= value <= 2100 else None
    text = text_of(value)
    m = re.fullmatch(r"((?:19|20)\d{2})(?:\.0)?\s*(?:年度?)?", text)
    if m:
        return int(m.group(1))
    m = re.fullmatch(r"([零〇一二三四五六七八九]{4})\s*(?:年度?)?", text)  # 二〇二三年
    year = chinese_value(m.group(1)) if m else None
    return int(year) if year and 1949 <= year <= 2100 else None
