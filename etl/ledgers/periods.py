"""Periods in column headers: which column of an indicator's group gives the year's figure.

Offices split one indicator over several columns: 一季度 … 四季度 | 全年, 1-6月 | 7-12月 | 1-12月累计,
本年 | 历年累计, 本年增加 | 本年减少 | 年末数. Only one of them is the year's figure, and which one depends on
the indicator: a flow (new members, sessions, cases, income) counts what happened in the year (本年, 全年);
a stock (members, branches, cooperatives) is what stands at the year's end (年末数), not what was added.
The catalog says which indicators are stocks (`measure: stock`); every other one is a flow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from etl.ledgers.text import squash

ANNUAL, THIS_YEAR, YEAR_END, ADDED, CUMULATIVE, NO_FIGURE = "全年", "本年", "年末", "新增", "累计", "不取"
DECEMBER = "12月"  # 2023年12月 over the columns: December's end for a stock (its year-end), December's for a flow
PLANNED = "应开"  # what was due or planned (应开 | 实开, 计划 | 实际): the held figure is the year's
_ZH_DIGITS = "一二三四五六七八九十"
# Carried over from earlier years (上年结转): beside it in one group, the group's 合计 adds those years in.
CARRIED = set("上年结转 结转 上年结余 上年遗留 上年未结 上年转入 历年结转".split())
_WORDS = {
    ANNUAL: set("全年 全年合计 全年累计 全年数 全年总计 年度合计 全年完成".split()),
    THIS_YEAR: set(
        "本年 本年度 当年 今年 本年累计 本年数 本年实际 本期 本年完成 当年累计 实开 实开数 实际 实际召开 "
        "本期数 本年度数 本年实际数 今年数 当年数 完成 完成数 已完成 实际完成 完成数量 实际完成数 已完成数".split()
    ),
    YEAR_END: set("年末数 年末 年底 年底数 期末 期末数 年末实有 年末实有数 实有 实有数 现有".split()),
    ADDED: set("本年新增 新增 本年增加 增加 净增 当年新增 本年净增 年内新增".split()),
    CUMULATIVE: set("历年累计 累计 历年 累计数 历年合计 累计总数".split()),
    NO_FIGURE: set(
        "本年减少 减少 年初数 年初 上年末 上年末数 期初 期初数 上年 去年 上年同期 同期 同比 增长 增减 增幅 "
        "比上年增减 增长率 上半年 下半年 前三季度 上期 上期数 上年数 上年度 上年度数 上年实际 上年实际数 去年数 "
        "去年同期 上年同期数 本季 本季度 当季 本月 当月 本月份 本旬 本周".split()
    )
    | CARRIED,
    PLANNED: set(
        "应开 应召开 应开数 应开次数 计划 计划数 目标 目标数 任务数 目标任务 计划任务 任务 年度目标 计划完成数".split()
    ),
}
_PERIOD_OF = {w: period for period, words in _WORDS.items() for w in words}
# Months and quarters: 10月, 十二月份, 一季度, 第二季度, 1-6月, 7-12月, 1-12月累计 (annual), 1～9月.
_MONTH = re.compile(rf"^(?:\d{{1,2}}|[{_ZH_DIGITS}]{{1,3}})月份?(?:累计)?$")
_QUARTER = re.compile(rf"^第?[1-4{_ZH_DIGITS[:4]}]季度?(?:累计)?$|^[1-4]-[1-4]季度(?:累计)?$")
_MONTHS = re.compile(r"^(\d{1,2})[-~至到](\d{1,2})月份?(?:累计|合计)?$")

# How well a column of each period gives the year's figure of a flow and of a stock (0: never).
_RANK = {
    ANNUAL: (3, 3),
    THIS_YEAR: (3, 2),
    YEAR_END: (1, 3),
    ADDED: (2, 0),
    CUMULATIVE: (0, 1),
    NO_FIGURE: (0, 0),
    PLANNED: (0, 0),
    DECEMBER: (0, 1),
}
WHY_NOT = {
    ADDED: "是本年新增（增减）数，存量指标只取年末数",
    CUMULATIVE: "是历年累计数，只取本年的数",
    NO_FIGURE: "是年内某一期间或增减数，只取全年（本年）的数",
    PLANNED: "是应开（计划）数，只取实际的数",
    DECEMBER: "是12月的数：存量指标取12月末的数（年末数），本年的流量只取全年的数",
}


def december(text: str) -> bool:
    """True for December written after its year in one header cell (2023年12月 → “12月”)."""
    return squash(text) in ("12月", "12月份", "十二月", "十二月份")


def period_of(text: str) -> str | None:
    """The period a header part names (全年, 一季度, 本年新增 …), or None for any other text."""
    t = squash(text).replace("～", "-").replace("~", "-").replace("—", "-")
    found = _PERIOD_OF.get(t)
    if found is not None:
        return found
    m = _MONTHS.match(t)
    if m:
        return ANNUAL if (int(m.group(1)), int(m.group(2))) == (1, 12) else NO_FIGURE
    if _MONTH.match(t) or _QUARTER.match(t):
        return NO_FIGURE
    return None


# A long table's column saying which part of the year a row holds (月份 | 1月 … 12月 | 全年).
PERIOD_HEADERS = {"月份", "月度", "季度", "期间", "统计期间", "统计月份", "时段"}


# A register's date column: 培训时间, 活动日期, 召开时间 (each row one activity); not the report's own dates.
_DATE_HEADER = re.compile(r"(?:时间|日期)$")
_REPORT_DATE = re.compile(r"填报|填表|报送|制表|打印|上报|更新|导出|录入|提交|审核|修改|创建|截止|截至|统计")
# A day: 2023-03-15, 2023年3月15日, 2023.3.15, 3月15日.
_DAY = re.compile(r"^(?:(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]|\d{1,2}月)\d{1,2}日?(?:\d{1,2}:\d{2}(?::\d{2})?)?$")


def period_column(columns: Sequence[Any]) -> Any:
    """A long table's 月份 / 季度 column, or a register's date column (a Column set aside as no indicator)."""

    def periodic(leaf: str) -> bool:
        t = squash(leaf)
        return t in PERIOD_HEADERS or bool(_DATE_HEADER.search(t) and not _REPORT_DATE.search(t))

    return next((c for c in columns if c.role == "ignored" and periodic(c.leaf)), None)


def part_of_year(text: str) -> bool:
    """True when a row's period cell names a month, a quarter, a half or a day (not 全年, 1-12月, 合计)."""
    return period_of(text) not in (None, ANNUAL, THIS_YEAR, YEAR_END) or bool(_DAY.match(squash(text)))


def rank(period: str, stock: bool) -> int:
    """How well a column of PERIOD gives the year's figure (0: it never does); a header with no period: 2."""
    if not period:
        return 2
    flow_rank, stock_rank = _RANK[period]
    return stock_rank if stock else flow_rank


# A title or sheet name saying its figures are a part of the year: 2023年上半年…, 2023年1-6月…, 第一季度, 12月份…月报,
# 截至2023年6月30日 / 6月底 (a stock at a point before the year's end), a sheet named after a month (1月, 2023年12月:
# one sheet a month). A bare 12月 inside a title is often the date it was made.
_PART_IN_TITLE = re.compile(
    r"上半年|下半年|前三季度|第?[一二三四1-4]季度|\d{1,2}[-~至到]\d{1,2}月(?:份)?"
    r"|(?:截至|截止|至)(?:(?:19|20)\d{2}年)?\d{1,2}月(?:底|末|\d{1,2}日)|\d{1,2}月[底末]"
    r"|(?<![\d-])\d{1,2}月份|^(?:(?:19|20)\d{2}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月份?$"
    r"|^(?:19|20)\d{2}[.\-/](?:0?[1-9]|1[0-2])$"
)


def _periods_named(text: str) -> list[str | None]:
    """The periods TEXT names, in order: a part of the year as its token (上半年, 1-6月, 6月底), the whole year as
    None (1-12月, 12月底)."""
    out: list[str | None] = []
    for m in _PART_IN_TITLE.finditer(squash(text).replace("—", "-").replace("～", "-")):
        token = re.sub(r"^(?:截至|截止|至)?(?:(?:19|20)\d{2}年)?", "", m.group(0))
        token = re.sub(r"^(?:19|20)\d{2}[.\-/]0?(\d{1,2})$", r"\1月", token)  # a sheet named 2023.01
        point = re.match(r"(\d{1,2})月(?:底|末|\d{1,2}日)$", token)
        if point is not None:
            out.append(token if int(point.group(1)) != 12 else None)
        elif (period := period_of(token)) in (ANNUAL, THIS_YEAR, YEAR_END):
            out.append(None)
        elif period is not None:
            out.append(token)
    return out


def part_in_title(sheet: str, titles: Sequence[str]) -> str:
    """The part of the year the title rows or else the sheet name say the table holds (上半年, 1-6月, 6月底), or "".
    The titles speak first: a tab named 12月 titled 2023年1-12月…（累计） holds the year (a cumulative 月报)."""
    named = [p for t in titles for p in _periods_named(t)]
    if named:
        return next((p for p in named if p), "")
    return next((p for p in _periods_named(sheet) if p), "")


# A bare 累计 beside 本季 / 本月 in a periodic report is the year to date (1月 to the period's end), not 历年累计.
_TO_DATE = {"累计", "累计数"}
_ZH_NUM = {c: i for i, c in enumerate(_ZH_DIGITS, start=1)}


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _ZH_NUM.get(text[-1], 0) + (10 if len(text) > 1 else 0)


def period_end(part: str) -> int | None:
    """The month a part of the year ends with (第四季度 → 12, 1-6月 → 6, 下半年 → 12, 10月份 → 10), None if unknown."""
    t = squash(part).replace("～", "-").replace("~", "-").replace("—", "-")
    halves = {"上半年": 6, "下半年": 12, "前三季度": 9}
    if t in halves:
        return halves[t]
    q = re.search(rf"([1-4{_ZH_DIGITS[:4]}])季度?(?:累计)?$", t)
    if q:
        return 3 * _month(q.group(1))
    m = re.search(rf"(\d{{1,2}}|[{_ZH_DIGITS}]{{1,3}})月", t)
    return _month(m.group(1)) if m else None


# A name written after the year-to-date it counts (本年累计调解成功, 今年累计发展党员): the year's figure in a monthly
# or quarterly report, where the same name alone (调解成功) is the month's.
TO_DATE_PREFIX = re.compile(r"^(?:本年度?|今年|当年|全年)累计(?=\S{2})")


def to_date(leaf: str) -> bool:
    """True for a header naming the figure since the year's start in a periodic report (累计)."""
    return squash(leaf) in _TO_DATE
