"""The period a header names before its indicator: 截至2023年12月31日党员总数, 2023年1月1日至12月31日新发展党员,
1-12月新发展党员, 截至6月底入党积极分子.

Offices write a column's period into its header, with or without its year. A span from 1 January to 31 December
(1-12月), or a point at the year's end (12月31日, 年底), is the year; a span or a point inside the year is a part
of it (its column gives no figure of the year, as a month's column does).
"""

from __future__ import annotations

import re

from etl.ledgers.text import squash

_YEAR = r"(?:((?:19|20)\d{2})[年./-])?"
_DAY = _YEAR + r"(\d{1,2})[月./-](\d{1,2})日?"
_TO = r"(?:至|到|-|—|–|~)"
_UNTIL = r"^(?:截至|截止到?|至)"
_AFTER = r"(?:止|底|末|累计)?的?"
# 截至2023年12月31日 / 截止到2023.12.31 / 至12月31日止, then the name (的 allowed: 截至…的党员).
_UNTIL_DAY = re.compile(rf"{_UNTIL}{_DAY}{_AFTER}")
# 截至2023年底 / 截止2023年末 / 截至12月底 / 截至2023年12月 / 截至6月末 / 截至年底 / 截至2023年: a month's (the
# year's) end without its day.
_UNTIL_END = re.compile(rf"{_UNTIL}(?:((?:19|20)\d{{2}})年|本?年(?=[底末]))?(?:(\d{{1,2}})月份?)?[底末]?的?")
# 2023年1月1日至12月31日 / 2023.1.1-2023.12.31 / 1月1日至6月30日, then the name.
_DAY_SPAN = re.compile(rf"^{_DAY}{_TO}{_DAY}{_AFTER}")
# 1-12月 / 本年1-6月 / 2023年1-12月累计, then the name.
_MONTH_SPAN = re.compile(rf"^(?:本年|全年|当年)?{_YEAR}(\d{{1,2}}){_TO}(\d{{1,2}})月份?{_AFTER}")


def header_span(text: str) -> tuple[str, int | None, bool] | None:
    """(the name after the period, the period's year when written, whether it is the whole year) for a header
    that starts with a period; None for any other header."""
    t = squash(text)
    m = _UNTIL_DAY.match(t)
    if m is not None:
        y, mo, d = _ints(m.groups())
        return _named(t[m.end() :], y, (mo, d) == (12, 31))
    m = _UNTIL_END.match(t)
    if m is not None and (m.group(1) or m.group(2) or re.search("[底末]", m.group(0))):
        y, mo = _ints(m.groups())
        return _named(t[m.end() :], y, mo in (None, 12))
    m = _DAY_SPAN.match(t)
    if m is not None:
        y, mo, d, y2, mo2, d2 = _ints(m.groups())
        whole = (mo, d, mo2, d2) == (1, 1, 12, 31) and (y2 is None or y in (None, y2))
        return _named(t[m.end() :], y or y2, whole)
    m = _MONTH_SPAN.match(t)
    if m is not None:
        y, first, last = _ints(m.groups())
        return _named(t[m.end() :], y, (first, last) == (1, 12))
    return None


def _ints(groups: tuple[str | None, ...]) -> tuple[int | None, ...]:
    return tuple(int(g) if g else None for g in groups)


def _named(rest: str, year: int | None, whole: bool) -> tuple[str, int | None, bool] | None:
    """The span's reading when a name follows it (a bare date or span is no indicator's header)."""
    return (rest, year, whole) if len(rest) >= 2 else None
