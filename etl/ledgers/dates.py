"""Dates that stand for a year: a long ledger's 统计截止日期 column (2023-12-31 on every row) and a date cell over a
header's columns (Excel turned a typed 2023/12/31 into a date shown 2023年12月31日).

A stock's figure at a year's last day is that year's; a date inside the year (2023-06-30) is a point of the year,
not the year (its figures are a part of the year, as a month's are). A date cell shown with a year-only number format
(yyyy"年", numfmt.YearDate) is the year it shows, whatever the day under it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from etl.ledgers.cells import parse_year
from etl.ledgers.numfmt import YearDate
from etl.ledgers.periods import part_of_year
from etl.ledgers.text import CUTOFF_HEADERS, squash, text_of

# 2023-12-31, 2023/12/31, 2023.12.31, 2023年12月31日 (a clock time after it allowed).
_DAY = re.compile(
    r"^((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)

# 20231231: a system's date written as eight digits, a number or text.
_COMPACT_DAY = re.compile(r"^((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")


def day_of(value: Any) -> tuple[int, int, int] | None:
    """(year, month, day) of a date cell or a date written as text or as eight digits (20231231); None for
    anything else."""
    if isinstance(value, datetime | date):
        return value.year, value.month, value.day
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        m = _COMPACT_DAY.match(str(int(value)))
    else:
        text = text_of(value) if isinstance(value, str) else ""
        m = _DAY.match(text) or _COMPACT_DAY.match(text)
    if m is None:
        return None
    y, mo, d = (int(g) for g in m.groups())
    return (y, mo, d) if 1 <= mo <= 12 and 1 <= d <= 31 else None


def dated_year(value: Any) -> tuple[int, bool] | None:
    """(year, True) for a year's last day, (year, False) for a day inside the year, None when VALUE is no date."""
    if isinstance(value, YearDate):
        return value.year, True  # shown yyyy"年": the whole year, whatever the day under it
    day = day_of(value)
    if day is None:
        return None
    return day[0], day[1:] == (12, 31)


def is_cutoff_header(text: str) -> bool:
    """True for the header of a column of cut-off dates (统计截止日期, 截止日期, 统计时点)."""
    return squash(text) in CUTOFF_HEADERS


# A month of a year as a periodic export writes it: 2023-12, 2023.11, 2023/12, 2023年12月, 202312.
_YEAR_MONTH = re.compile(r"^((?:19|20)\d{2})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(0[1-9]|1[0-2]))$")
YEAR_MONTH = "年月"  # a Column.how: a 统计月份 column of year-months, read as each row's cut-off


def year_month(value: Any) -> tuple[int, int] | None:
    """(year, month) of a year-month cell (2023-12, 2023年11月, 202312, or the number 2023.12 Excel made of what was
    typed: 2023.1 is January, or October with its zero lost — a part of the year either way); None for anything
    else."""
    typed = isinstance(value, str) or (isinstance(value, float) and not value.is_integer())
    m = _YEAR_MONTH.match(text_of(value) if typed else "")
    if m is None:
        return None
    month = int(m.group(2) or m.group(3))
    return (int(m.group(1)), month) if 1 <= month <= 12 else None


# A year and the period of it a row holds, as each township types it in a 统计期间 cell: 2023年度, 2023年全年,
# 2023.1-12, 2023年1-12月, 2023.01-2023.12, 2022年1—12月 (the whole year), 2023年1-6月, 2023年上半年 (a part).
_YEAR_PERIOD = re.compile(r"^((?:19|20)\d{2})\s*(年度?|[.\-/])\s*(\S.*)?$")
_MONTHS = re.compile(r"^0?(\d{1,2})月?(?:份)?-(?:(?:19|20)\d{2}\s*[.年/-]\s*)?0?(\d{1,2})月?(?:份)?$")
_DOT_THEN_DASH = re.compile(r"^(?:19|20)\d{2}\.\d{1,2}-\d{1,2}$")
_WHOLE = {"", "度", "全年", "全年度", "年度", "全年累计"}
_RETURNS = {"", "年", "年度", "半年", "季", "月"}  # 年报, 半年报, 季报, 月报: the period a statistical return covers


def year_period(value: Any) -> tuple[int, bool] | None:
    """(year, True) for a period cell naming a whole year (2023年度, 2023.1-12, 2023年1-12月, 2023.01-2023.12, the
    annual return 2023年年报), (year, False) for a part of it (2023年1-6月, 2023年上半年, 2023年半年报); None when
    VALUE names no year and period."""
    text = text_of(value) if isinstance(value, str) else ""
    m = _YEAR_PERIOD.match(text)
    if m is None or (day_of(text) is not None and not _DOT_THEN_DASH.match(text)):
        return None  # 2023年12月31日, 2023-1-12: a day (dated_year); 2023.1-12 is months 1 to 12
    rest = re.sub(r"(?<=月)累计$", "", re.sub(r"[—–~～至到]", "-", squash(m.group(3) or "")))
    if rest in _WHOLE:
        return int(m.group(1)), True
    if rest.endswith("报"):  # a return: 2023年年报, 2023年报 (the year's); 2023年半年报, 2023年季报 (a part)
        kind = rest[:-1]
        return (int(m.group(1)), kind in ("", "年", "年度")) if kind in _RETURNS or part_of_year(kind) else None
    months = _MONTHS.match(rest)
    if months is not None:
        first, last = int(months.group(1)), int(months.group(2))
        return (int(m.group(1)), (first, last) == (1, 12)) if 1 <= first <= last <= 12 else None
    return (int(m.group(1)), False) if part_of_year(rest) else None


# Excel's day numbers of 1990-01-01 … 2100-12-31: a cut-off date whose cell lost its date format (45291).
_SERIALS = range(32874, 73051)
_EPOCH = date(1899, 12, 30)


def cutoff_year(value: Any) -> tuple[int, bool] | None:
    """dated_year, or for a year-month the month's end: (2023, True) for 2023-12, (2023, False) for 2023-11; for a
    year's period (year_period) whether it is the whole year; a whole number in Excel's range of dates is that
    day (45291 → (2023, True), its date format lost)."""
    if value.__class__ in (int, float) and float(value).is_integer() and int(value) in _SERIALS:
        return dated_year(_EPOCH + timedelta(days=int(value)))
    month = year_month(value)
    if month is not None:
        return month[0], month[1] == 12
    return year_period(value) or dated_year(value)


# A year column's cell naming the table's own year (the title's): 本年 | 上年 rows under each township.
_THIS_YEAR = {"本年", "本年度", "今年", "当年", "本期", "本年底", "本年末", "年末", "年底", "本年实绩"}
# … or an earlier year as this table restates it: another 口径 than that year's own return, never stored (rounds 5, 7
# and 12: 上年底, 上年, 上年同期 columns).
_EARLIER = {"上年", "上年度", "去年", "上期", "上年同期", "同期", "上年底", "上年末", "年初", "前年", "上年数"}
# A row of the difference between two years' figures (增减, 增长, 同比, 比上年±), no year's figure.
_DIFFERENCE = re.compile(r"^(?:比上年|较上年|同比)?(?:增减|增长|增幅|变化|变动|差额|同比|±)")
PART_ROW = "跳过“{}”一行：是年内某天或某期间的数，只取年末（全年）的数"
EARLIER_ROW = "跳过“{}”一行：是本表转述的往年的数，只取本年的数（往年的数以当年的报表为准）"
DIFFERENCE_ROW = "跳过“{}”一行：是两年之间的增减，不是某一年的数"


def year_cell(value: Any, cutoff: bool, base: int | None) -> tuple[int | None, str]:
    """The year a year column's cell VALUE gives, and the warning of a row to skip instead ("" when read): a
    period or date (cut-off dates when CUTOFF) inside the year is a part of it (PART_ROW); 本年 / 当年 is the table's
    year BASE (its title's); 上年 / 去年 / 上年同期 an earlier year restated (EARLIER_ROW); 增减 / 同比 rows
    (DIFFERENCE_ROW) are no year's."""
    dated = (cutoff_year if cutoff else year_period)(value)  # 2023.1-12, 2023年1-6月, 截止 2023-06-30
    if dated is not None:
        return dated[0], "" if dated[1] else PART_ROW
    text = squash(text_of(value)) if isinstance(value, str) else ""
    if base is not None and text in _THIS_YEAR:  # with no year to count from, 本年 / 去年 name none (an error)
        return base, ""
    if base is not None and text in _EARLIER:
        return None, EARLIER_ROW
    if text and _DIFFERENCE.match(text):
        return None, DIFFERENCE_ROW
    return parse_year(value), ""
