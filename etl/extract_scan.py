"""Scanning cleaned report text: figures with their units and qualifiers, sentences, clauses, and the
places where a number is a name rather than a quantity (quotes, 《titles》, ordinals, slogans).

Pure functions over the cleaned text (see etl.textclean); offsets are cleaned-text offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from etl.numbers import (
    NUMBER_CORE,
    PREFIX_QUALIFIERS,
    apply_multiplier,
    number_value,
    qualifier_of,
)

UNITS = (
    "万元",
    "亿元",
    "千元",
    "人次",
    "场次",
    "户次",
    "个",
    "名",
    "人",
    "位",
    "次",
    "期",
    "场",
    "户",
    "件",
    "起",
    "宗",
    "家",
    "份",
    "堂",
    "班",
    "元",
    "%",
)
MENTION_RE = re.compile(
    rf"(?P<num>{NUMBER_CORE})(?:(?P<rng>[-~～—至])(?P<hi>{NUMBER_CORE}))?"
    r"(?P<suf1>余|多)?(?P<mul>[万亿千](?!元))?(?P<suf2>余|多)?"
    rf"(?P<unit>{'|'.join(sorted(UNITS, key=len, reverse=True))})?(?P<post>及以上|以上|以下|左右|以内|之多)?"
)
_PRE_RE = re.compile(rf"(?:{'|'.join(sorted(PREFIX_QUALIFIERS, key=len, reverse=True))})$")
# Quoted names and 《document titles》: numbers inside are names, not quantities.
QUOTED_RE = re.compile(r"“[^“”\n]{0,40}”|\"[^\"\n]{0,40}\"|《[^《》\n]{0,80}》|「[^「」\n]{0,40}」|‘[^‘’\n]{0,40}’")
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
CLAUSE_END = re.compile(r"[，。！？!?；;\n]|,(?!\d{3})")
YEAR_RE = re.compile(r"(?<![\d.])((?:19[5-9]|20\d)\d)\s*年(?!龄|级|轻|代)")
PROGRAMME_AFTER = re.compile(r"^(?:工作)?(?:工程|机制|模式|战略|行动|体系|布局|计划|方针|要求|活动)")


@dataclass(frozen=True)
class Mention:
    """A figure in the cleaned text. [start, end) covers the number, qualifiers and unit."""

    start: int
    end: int
    num_end: int
    value: float | None
    masked: bool
    unit: str
    qualifier: str
    is_percent: bool
    chinese: bool


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every short quotation and 《title》 in TEXT, sorted."""
    return [(m.start(), m.end()) for m in QUOTED_RE.finditer(text)]


def inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """True when POS lies inside one of SPANS (STARTS = their start offsets, for bisect)."""
    k = bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] < pos < spans[k][1]


def scan_mentions(text: str) -> list[Mention]:
    """Every figure with a unit (or a percentage) that can be a quantity, in text order."""
    quotes = quoted_spans(text)
    qstarts = [s for s, _ in quotes]
    out: list[Mention] = []
    for m in MENTION_RE.finditer(text):
        unit = m.group("unit")
        num = m.group("num")
        if not unit and not num.startswith("百分之"):
            continue
        s = m.start()
        if _is_name(text, m, num, unit) or inside(quotes, qstarts, s):
            continue
        value, masked, pct = number_value(num)
        if value is None and not masked:
            continue
        mul = m.group("mul")
        value = apply_multiplier(value, mul)
        if m.group("hi"):
            hi_val, hi_masked, _ = number_value(m.group("hi"))
            masked = masked or hi_masked
        pre = _PRE_RE.search(text, max(0, s - 3), s)
        qualifier = qualifier_of(pre.group(0) if pre else None, (m.group("suf1"), m.group("suf2"), m.group("post")))
        if m.group("hi") and qualifier == "exact":
            qualifier = "over"
        if m.group("post") == "之多":
            qualifier = "over"
        pct = pct or unit == "%"
        out.append(
            Mention(
                start=s,
                end=m.end(),
                num_end=m.end("num"),
                value=value,
                masked=masked,
                unit="%" if pct else unit,
                qualifier=qualifier,
                is_percent=pct,
                chinese=not (num[0].isdigit() or masked or num.startswith("百分之")),
            )
        )
    return out


def _is_name(text: str, m: re.Match[str], num: str, unit: str | None) -> bool:
    """Ordinals (第一, 第**次), slogans (1+1+N, 6322工程), a lone 一 (一人一档), numbers glued to letters."""
    s = m.start()
    before = text[s - 1] if s > 0 else ""
    after = text[m.end("num")] if m.end("num") < len(text) else ""
    if before == "第" or before == "+" or after == "+":
        return True
    if before.isascii() and before.isalpha() and not (num[0] in "Xx" or before in "Xx"):
        return True
    if num == "一" and _lone_one_is_word(text, m):
        return True
    if not unit and PROGRAMME_AFTER.match(text, m.end()):
        return True
    return False


def _lone_one_is_word(text: str, m: re.Match[str]) -> bool:
    """一 is a count in 整顿软弱涣散党组织一个 / 通报批评一人次, a word in 一人一档, 一村一品, 一次性, 一是."""
    after = text[m.end() : m.end() + 1]
    before = text[m.start() - 1 : m.start()] if m.start() else ""
    return after in ("一", "性", "是", "批", "线", "把") or before in ("一", "每", "第", "统", "唯", "万")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int


def segments(text: str, boundary: re.Pattern[str]) -> list[Segment]:
    """Split TEXT at BOUNDARY characters (kept with the segment they end)."""
    out: list[Segment] = []
    pos = 0
    for m in boundary.finditer(text):
        if m.end() > pos:
            out.append(Segment(pos, m.end()))
        pos = m.end()
    if pos < len(text):
        out.append(Segment(pos, len(text)))
    return out


def years_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(offset, year) of each 'YYYY年' in TEXT[start:end]."""
    return [(m.start(), int(m.group(1))) for m in YEAR_RE.finditer(text, start, end)]
