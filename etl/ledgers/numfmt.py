"""Excel number formats: which cells are dates, durations or percentages, and the value a reader gives them.

Shared by the streaming .xlsx reader and the .xls format lookup: a cell's number format is part of its value
(0.956 shown as 95.6% is the percentage 95.6; a date serial shown as 2024年1月12日 is a date).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

_MS_PER_DAY = 86_400_000
_EPOCH = datetime(1899, 12, 30)
_DIFF_1904 = 1462.0
# numFmtId of Excel's built-in date and duration formats, Chinese/Japanese/Korean ones included (27–36,
# 50–58), exactly the ids python-calamine reads as dates.
BUILTIN_DATE = set(range(14, 23)) | set(range(27, 37)) | {45, 47} | set(range(50, 59))
BUILTIN_DURATION = {46}
OTHER, DATETIME, DURATION, PERCENT, YEAR = 0, 1, 2, 3, 4
BUILTIN_PERCENT = {9, 10}  # 0% and 0.00%
# The units a ledger writes after a figure (in a cell, a header, a number format).
UNITS = (
    "万元",
    "亿元",
    "千元",
    "元",
    "人次",
    "场次",
    "户次",
    "人",
    "名",
    "个",
    "次",
    "期",
    "场",
    "户",
    "件",
    "起",
    "家",
    "项",
    "%",
    "百分比",
    "百分率",
)


class PercentNumber(float):
    """A number cell shown with a percent format: 0.956 displayed as 95.6% (the clerk typed 95.6%)."""

    __slots__ = ()


class YearDate(date):
    """A date cell shown with a year-only format (yyyy"年", yyyy): the cell reads as its year, whatever the day."""

    __slots__ = ()


def _shown_chars(code: str) -> Iterator[str]:
    """The format characters of a number format's first section: outside quotes ("年") and escapes (\\x, _x, *x)."""
    escaped = quoted = False
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\*":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return
        else:
            yield ch


def _date_letters(code: str) -> set[str]:
    """The date and time letters of a format's first section, outside quotes, escapes and brackets."""
    letters: set[str] = set()
    brackets = 0
    for ch in _shown_chars(code):
        if ch in "[]":
            brackets += 1 if ch == "[" else -1
        elif brackets <= 0 and ch.lower() in "dmhysae":
            letters.add(ch.lower())
    return letters


def format_kind(code: str) -> int:
    """YEAR, DATETIME, DURATION or OTHER for a custom number format code (first section only)."""
    if _date_letters(code) == {"y"}:
        return YEAR  # yyyy"年": the cell shows a year
    escaped = quoted = ampm = hms = False
    brackets = 0
    prev = " "
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\*":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return OTHER
        elif ch == "[":
            brackets += 1
        elif ch == "]" and brackets == 1 and hms:
            return DURATION
        elif ch == "]":
            brackets = max(brackets - 1, 0)
        elif brackets == 0 and not ampm and ch in "aA":
            ampm = True
        elif brackets == 0 and ampm and ch in "pmPM/":
            return DATETIME
        elif brackets == 0 and not ampm and ch in "dmhysDMHYS":
            return DATETIME
        elif not (hms and ch.lower() == prev.lower()):
            hms = prev == "[" and ch in "mhsMHS"
        prev = ch
    return OTHER


def number_format_kind(code: str) -> int | Shown:
    """PERCENT, a date kind, a Shown (a unit written after the number, a scaled number) or OTHER for a custom
    number format code."""
    shown = shown_format(code)
    if shown is not None:
        return shown
    if is_percent_format(code):
        return PERCENT
    return format_kind(code)


def is_percent_format(code: str) -> bool:
    """True when the number format's first section shows the value as a percentage (0.0%, #,##0.00%)."""
    return "%" in _shown_chars(code)


@dataclass(frozen=True)
class Shown:
    """A number format that shows the number scaled and with a unit written after it: 0!.0,"万元" shows 1205000 as
    120.5万元 (a trailing comma divides by 1000, digits after a forced point `!.` by ten each), #,##0"元" shows
    16850 as 16,850元. The reader gives such a cell as the text it shows, the number unrounded."""

    divide: float
    unit: str

    def text(self, value: float) -> str:
        number = repr(round(value / self.divide, 10))
        return (number[:-2] if number.endswith(".0") else number) + self.unit


def _tokens(code: str) -> Iterator[tuple[str, str]]:
    """(kind, text) of a format's first section: "digit", "point", "comma", "literal", "other" (%, E, /, @)."""
    i = 0
    while i < len(code):
        ch = code[i]
        if ch == ";":
            return
        if ch == '"':
            end = code.find('"', i + 1)
            end = len(code) if end < 0 else end
            yield "literal", code[i + 1 : end]
            i = end + 1
            continue
        if ch == "[":
            end = code.find("]", i)
            i = len(code) if end < 0 else end + 1
            continue
        if ch in "\\!" and i + 1 < len(code):
            yield "literal", code[i + 1]
        elif ch in "_*":
            pass  # a space as wide as the next character, a fill
        elif ch in "0#?":
            yield "digit", ch
        elif ch in ".,":
            yield ("point" if ch == "." else "comma"), ch
        elif ch in "%Ee/@":
            yield "other", ch
        elif "\u4e00" <= ch <= "\u9fff":
            yield "literal", ch
        elif ch in "\r\n":
            yield "break", ch  # a line break typed into the format (Ctrl+J)
        i += 2 if ch in "\\!_*" else 1


_MAGNITUDE = {"十": 10.0, "百": 100.0, "千": 1000.0}


def shown_format(code: str) -> Shown | None:
    """The Shown of a number format whose first section writes a unit after the number (0"人", #,##0"元") or scales
    it (a trailing comma, digits after a forced point: 0!.0,"万元"; 0.00,,"万元"⏎% with the percent sign wrapped out
    of sight); None for any other format (0.00, #,##0, accounting and currency formats, percent, dates)."""
    tokens = list(_tokens(code))
    hundred = 1.0
    if (br := next((i for i, (k, _t) in enumerate(tokens) if k == "break"), None)) is not None:
        # 0.00,,"万元"⏎%: divided by a million, times a hundred by a percent sign wrapped out of sight — the 万元
        # trick of Chinese Excel guides; any other line break leaves the format alone.
        if [t for k, t in tokens[br:] if k != "break"] != ["%"]:
            return None
        tokens, hundred = tokens[:br], 100.0
    if not any(k == "digit" for k, _t in tokens) or any(k == "other" for k, _t in tokens):
        return None
    last_digit = max(i for i, (k, _t) in enumerate(tokens) if k == "digit")
    first_digit = min(i for i, (k, _t) in enumerate(tokens) if k == "digit")
    scale = sum(1 for k, _t in tokens[last_digit:] if k == "comma")  # 0,  0.00,, : each divides by 1000
    divide = 1000.0**scale / hundred
    inner = tokens[first_digit:last_digit]
    if not any(k == "point" for k, _t in inner):  # 0!.0 / 0"."0000: a point shown, the digits after it divide
        dot = next((i for i, (k, t) in enumerate(inner) if k == "literal" and t == "."), None)
        if dot is not None:
            divide *= 10.0 ** sum(1 for k, _t in inner[dot:] + [tokens[last_digit]] if k == "digit")
    unit = "".join(t for k, t in tokens[last_digit:] if k == "literal").strip()
    if unit[:1] in _MAGNITUDE and unit[1:] in ("万元", "亿元"):  # 0!.00,"十万元": 12.05十万元 is 120.5万元
        divide, unit = divide / _MAGNITUDE[unit[0]], unit[1:]
    if (unit and unit not in UNITS) or (not unit and divide == 1.0):
        return None
    return Shown(divide, unit)


def styled(value: float, kind: int | Shown, is_1904: bool) -> Any:
    """A number cell of a date, duration, percent or unit-showing style as the reader gives it."""
    if isinstance(kind, Shown):
        return kind.text(value)
    if kind == PERCENT:
        return PercentNumber(value)
    if kind == YEAR:
        day = excel_date(value, DATETIME, is_1904)
        return YearDate(day.year, day.month, day.day) if isinstance(day, date) else day
    return excel_date(value, kind, is_1904)


def excel_date(value: float, kind: int, is_1904: bool) -> Any:
    """A date-formatted number as python-calamine gives it: date, datetime, time or timedelta."""
    try:
        if kind == DURATION:
            return timedelta(milliseconds=round(value * _MS_PER_DAY))
        f = value + _DIFF_1904 if is_1904 else value
        stamp = _EPOCH + timedelta(milliseconds=round((f if f >= 60.0 else f + 1.0) * _MS_PER_DAY))
    except (OverflowError, ValueError):
        return value
    if value < 1.0:
        return stamp.time()
    if value == int(value):
        return stamp.date()
    return stamp
