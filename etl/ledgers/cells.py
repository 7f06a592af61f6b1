"""One ledger cell → a figure: numbers, numbers as text, 约30 / 100余, masked cells, units, years.

Pure functions with Chinese error messages (the caller adds the cell name). check_number is the same
rule as check_value for a plain number cell, without building a Parsed per cell: a million-figure
ledger goes through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from etl.ledgers.match import IndicatorInfo
from etl.ledgers.numfmt import UNITS, PercentNumber
from etl.ledgers.text import text_of
from etl.reports.numbers import MONEY_FACTORS, chinese_value, parse_quantity
from etl.textsafe import MAX_ABS_VALUE, storable

# Cells that mean "no figure" rather than a figure: nothing is recorded.
EMPTY_MARKS = set(
    "- -- --- — —— － / // ／ \\ —/— ... ...... 空 空白 暂无 暂无数据 无数据 未填 未填报 不适用 不涉及 未涉及 "
    "缺 缺项 未统计 未报 未上报 未报送 待报 待上报 尚未上报 n/a N/A NA".split()
)
# Cells that say nothing happened: a count (or an amount) of 0; a rate has no figure then.
ZERO_MARKS = {"无", "没有", "零", "未发生"}
# A range (10-12, 8~10, 3至5) is not one figure.
_RANGE = re.compile(r"\d\s*(?:-|~|～|—|–|至|到)\s*[\d零一二三四五六七八九十百千万]")
_DATE = re.compile(r"^(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$")
# A note after the figure saying what it holds: in brackets (412（含预备党员8名）, 350(女86), 15（其中村级12个）) or
# after a space or comma (412 含预备党员8名, 330，其中女79), or the counts a rate comes from (98.5%（197/200）): the
# figure is before it. A bracket of a unit (120（万元）) is no note.
_NOTE_AFTER = re.compile(
    r"(?<=[\d\u4e00-\u9fff%])\s*(?:\((?P<bracket>[^()]*[\u4e00-\u9fff][^()]*|\s*\d+\s*/\s*\d+\s*)\)"
    r"|[\s,，;；]+(?P<words>(?:其中|含|包括|包含|不含|另有|另|内含)[^\d\s].*))$"
)
# A footnote mark after a figure (412①, 64.0②, 28*, 15¹, 36※): it points to a note under the table and is no part of
# the figure — NFKC would turn ① and ¹ into digits run into it (4121).
_FOOTNOTE = re.compile(
    r"(?<=[\d%％０-９])\s*([\u2460-\u2473\u2474-\u2487\u2776-\u277f\u00b9\u00b2\u00b3\u2070-\u2079]|[*＊※]{1,2})$"
)
# A bare figure scaled by 万 / 亿 with no unit after it (95万): an amount in 元 when it is money.
# A number in E notation (1.205E+06, 6.4e5), as Excel writes long numbers into a CSV it saves.
_E_NOTATION = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d{1,3}$")
_SCALED = re.compile(r"\d\s*[万亿](?:余|多)?$")
# The ideographic full stop a Chinese input mode types for the decimal point (120。5), or after a figure (412。).
_IME_STOP = re.compile(r"(?<=\d)。(?=\d)")


@dataclass
class Parsed:
    value: float | None
    qualifier: str = "exact"
    masked: bool = False
    unit: str | None = None
    is_percent: bool = False
    numeric: bool = False  # a number cell (not text): percentages may be stored as fractions
    zero_word: bool = False  # 无 / 没有: nothing happened
    scaled: bool = False  # 95万: the 万 applied, no unit written
    note: str | None = None  # 412（其中预备党员8名）: the note after the figure, not read


def split_note(text: str) -> tuple[str, str | None]:
    """(figure text, note) of a cell whose figure is followed by a note on its parts (`350(女86)` → ("350", "女86"));
    (TEXT, None) when there is no note, or when what is left before it is no figure."""
    m = _NOTE_AFTER.search(text)
    if m is None:
        return text, None
    note = (m.group("bracket") or m.group("words")).strip()
    head = text[: m.start()].strip()
    unit = re.sub(r"^单位[:：]?\s*", "", note) if m.group("bracket") is not None else ""
    if unit in UNITS:
        return head + unit, None  # 12（人）, 120（万元）: the unit in brackets
    return (head, note) if head and parse_quantity(head) is not None else (text, None)


def fmt(value: float | None) -> str:
    """412.0 → "412", 12.5 → "12.5" (for messages)."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"


def clean(v: float) -> float:
    """round(v, 9): a figure without binary noise (0.1 + 0.2 → 0.3). A whole number of 1/512ths (412, 12.5,
    0.25) has at most 9 decimals and is its own rounding, which is skipped (it goes through decimal digits)."""
    return v if (v * 512.0).is_integer() else round(v, 9)


def parse_cell(value: Any) -> Parsed | str | None:
    """A value cell → Parsed, None for an empty cell, or a Chinese error message."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return f"“{text_of(value)}” 不是数字"
    if value.__class__ is PercentNumber:  # 0.956 shown as 95.6%
        return Parsed(round(float(value) * 100, 9), unit="%", is_percent=True)
    if isinstance(value, int | float):
        return Parsed(clean(float(value)), numeric=True)
    if isinstance(value, datetime | date | time | timedelta):
        return f"“{text_of(value)}” 不是数字（单元格是日期格式）"
    raw = str(value).strip()
    if raw.startswith("'") and len(raw) > 1:  # '350: the apostrophe an export puts before a number kept as text
        raw = raw[1:].strip()
    mark = _FOOTNOTE.search(raw)
    text, note = split_note(text_of(raw[: mark.start()] if mark else raw))
    note = mark.group(1) if mark else note
    text = text.removeprefix("¥").lstrip()  # ¥985,000, ￥1,205,000.00: the currency sign typed with the amount
    if "。" in text:
        text = _IME_STOP.sub(".", text).removesuffix("。")
    if text[-2:-1].isdigit() and text[-1:] == ".":  # 412. : a point with no decimals after it, as Excel reads it
        text = text[:-1]
    if not text or text in EMPTY_MARKS:
        return None
    if text in ZERO_MARKS:
        return Parsed(0.0, zero_word=True)
    sign = 1.0
    body = text
    if body[0] in "-−" and len(body) > 1:
        sign, body = -1.0, body[1:].strip()
    if _E_NOTATION.match(body):  # 1.205E+06: a CSV saved again by Excel writes long numbers so
        return Parsed(clean(sign * float(body)), note=note)
    plus = body.endswith("+") and len(body) > 1  # 30+ (30, over)
    q = parse_quantity(body[:-1] if plus else body)
    if _DATE.match(body):
        return f"“{raw}” 是日期，不是数字"
    if q is not None and q.high is not None or _RANGE.search(body):
        return f"“{raw}” 是一个范围，不是一个数：请填写确切的数字"
    if q is None or (q.value is None and not q.masked):
        return f"“{raw}” 不是数字"
    v = None if q.value is None else sign * q.value
    qualifier = "over" if plus and q.qualifier == "exact" else q.qualifier
    scaled = q.unit is None and bool(_SCALED.search(body))
    return Parsed(v, qualifier, q.masked, q.unit, q.is_percent, scaled=scaled, note=note)


def note_left_out(p: Parsed, raw: str) -> str:
    """The warning for a cell whose note after the figure was not read (412（其中预备党员8名）)."""
    mark = _FOOTNOTE.search("0" + p.note) if p.note else None
    if mark is not None and mark.start() == 1:
        return f"只导入了“{raw}”中的数 {fmt(p.value)}，“{p.note}”是注释标记（见表下的注），未导入"
    return f"只导入了“{raw}”中的数 {fmt(p.value)}，“{p.note}”是说明，未导入"


def shown(value: Any) -> str:
    """A cell as the clerk sees it, for messages (a percent-formatted 1.2 is “120%”)."""
    if value.__class__ is PercentNumber:
        return f"{fmt(round(float(value) * 100, 9))}%"
    return text_of(value)


def check_value(p: Parsed, info: IndicatorInfo, unit: str | None, raw: str) -> tuple[float | None, str | None]:
    """(value in the canonical unit, error message or None) for a parsed cell of indicator INFO."""
    unit = "%" if p.is_percent else (p.unit or unit)  # a unit written in the cell wins
    if p.masked or p.value is None or (p.zero_word and info.kind == "percent"):
        return None, None
    if p.scaled and info.kind == "money":
        unit = "元"  # 95万 is 950,000 元 whatever the column's unit
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
    if not storable(v):
        return None, _too_large(raw[:30])
    return v, None


def check_number(number: float, info: IndicatorInfo, unit: str | None) -> tuple[float | None, str | None]:
    """check_value for a number cell (int or float, not bool): the same value and the same message."""
    v = clean(float(number))
    kind = info.kind
    if not storable(v):
        return None, _too_large(text_of(number))
    if unit is None:
        if v < 0 and kind != "money":
            return None, _negative(number, info)
        return v, None
    if unit == "%" and kind != "percent":
        return None, f"“{text_of(number)}” 是百分比，但“{info.name}”的单位是{info.unit}"
    if kind == "money" and unit in MONEY_FACTORS and info.unit in MONEY_FACTORS:
        v = round(v * MONEY_FACTORS[unit] / MONEY_FACTORS[info.unit], 6)
    elif unit in MONEY_FACTORS and kind != "money":
        return None, f"“{text_of(number)}” 的单位是{unit}，但“{info.name}”的单位是{info.unit}"
    if v < 0 and kind != "money":
        return None, _negative(number, info)
    return v, None


def _too_large(shown: str) -> str:
    return f"“{shown}” 超出可存储的范围（绝对值不超过 {MAX_ABS_VALUE:.0e}），请核对"


def _negative(number: float, info: IndicatorInfo) -> str:
    what = "比率" if info.kind == "percent" else info.name
    return f"“{text_of(number)}” 是负数，{what}不能为负"


def tolerance(total: float) -> float:
    """Half a unit of the total's last decimal: a total typed as 123.46 matches details adding to 123.456."""
    text = repr(float(total)).rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** (-decimals) + 1e-9


def parse_year(value: Any) -> int | None:
    """2023, 2023.0, "2023", "2023年", "２０２３年度", "2023年末", a date → 2023; None otherwise."""
    if isinstance(value, datetime | date):
        return value.year
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and 1949 <= value <= 2100 else None
    text = text_of(value)
    m = re.fullmatch(r"((?:19|20)\d{2})(?:\.0)?\s*(?:年度?|年底|年末)?", text)  # 2023年末: the year's end
    if m:
        return int(m.group(1))
    m = re.fullmatch(r"([零〇一二三四五六七八九]{4})\s*(?:年度?)?", text)  # 二〇二三年
    year = chinese_value(m.group(1)) if m else None
    return int(year) if year and 1949 <= year <= 2100 else None
