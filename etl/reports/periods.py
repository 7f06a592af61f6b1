"""Period cues: a sentence that says 截至6月底, 上半年, 一季度, 1-9月 or 上年底 states a figure of another 口径 than
the year's (a stock on 12月31日, a flow over the whole year). Such a figure keeps its cue on the fact (attrs
"period") and never stands in for the year's figure (store.resolve treats it like a part: no headline, no sum).

A cue reaches the numbers after it in its sentence, up to the next cue; 全年, 年底, 12月底 name the year again.
"""

from __future__ import annotations

import re

from etl.reports.firstchars import skip_ahead

# (Every alternative writes 年, 月 or 季: period_cues looks for them first. A new cue must write one of them too.)
_CUES = skip_ahead(
    r"(?P<prev>上年(?:底|末)|去年(?:底|末))"
    r"|(?P<upto>截至|截止到|截止)(?:\s*20\d\d\s*年)?\s*(?P<m1>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:底|末|份|\s*\d{1,2}\s*日)?"
    r"|(?P<half>[上下]半年)"
    r"|(?P<q3>前三季度)"
    r"|(?P<quarter>第?(?P<q>[一二三四1-4])季度)"
    r"|(?P<span>(?:1|一)\s*(?:-|—|–|～|~|至|到)\s*(?P<m2>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月)"
    r"|(?P<full>全年度?|本年度|年底|年末)"
)
_ZH = "一二三四五六七八九"


def _month(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _ZH.index(s[1]) + 1
    return _ZH.index(s[0]) + 1


def _label(m: re.Match[str]) -> str | None:
    kind = next(k for k in ("prev", "upto", "half", "q3", "quarter", "span", "full") if m.group(k))
    if kind == "prev":
        return "上年底"
    if kind == "upto":
        month = _month(m.group("m1"))
        return None if month >= 12 else f"截至{month}月底"
    if kind in ("half", "q3"):
        return m.group(kind)
    if kind == "quarter":
        q = m.group("q")
        return f"第{q if not q.isdigit() else _ZH[int(q) - 1]}季度"
    if kind == "span":
        month = _month(m.group("m2"))
        return None if month >= 12 else f"1-{month}月"
    return None  # 全年, 年底: the year's own 口径


def period_cues(t: str, lo: int, hi: int) -> list[tuple[int, str | None]]:
    """(end, label) of every period cue in T[LO:HI]; label None for one that names the whole year."""
    if t.find("年", lo, hi) < 0 and t.find("月", lo, hi) < 0 and t.find("季", lo, hi) < 0:
        return []  # every cue writes one of 年, 月, 季 (most sentences write none): no scan of the sentence
    return [(m.end(), _label(m)) for m in _CUES.finditer(t, lo, hi)]


def title_period(title: str) -> str | None:
    """The part of a year a document's title names (2024年上半年党建工作总结 → 上半年), or None for a year's."""
    cues = period_cues(title, 0, len(title))
    label = cues[0][1] if cues else None
    return None if label == "上年底" else label


def period_at(cues: list[tuple[int, str | None]], pos: int) -> str | None:
    """The period a number at POS is stated for: the latest cue ending before it (None: the year's)."""
    before = [label for end, label in cues if end <= pos]
    return before[-1] if before else None
