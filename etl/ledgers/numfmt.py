"""Excel number formats: which cells are dates, durations or percentages, and the value a reader gives them.

Shared by the streaming .xlsx reader and the .xls format lookup: a cell's number format is part of its value
(0.956 shown as 95.6% is the percentage 95.6; a date serial shown as 2024年1月12日 is a date).
"""

from __future__ import annotations

from collections.abc import Iterator
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


def is_percent_format(code: str) -> bool:
    """True when the number format's first section shows the value as a percentage (0.0%, #,##0.00%)."""
    return "%" in _shown_chars(code)


def styled(value: float, kind: int, is_1904: bool) -> Any:
    """A number cell of a date, duration or percent style as the reader gives it."""
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
