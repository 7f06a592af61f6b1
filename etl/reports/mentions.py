"""Number mentions: every quantity in a text with its value, range, unit, qualifier, percent and offsets
(shared/spec/extraction.md, "Number mentions"; `python -m etl numbers`).

Numerals are valued by etl.reports.numbers.numeral_value (cn2an plus repairs), the same function the report
scanner uses. This module decides what counts as a quantity: bare numerals and measure words (十斤, 两个),
money in 元, percentages (百分之六十, 60%, 3个百分点 as a change in points), ranges (30-50人, 三四十人,
百分之三十到四十), approximations (十余万, 二十几万) and masked figures (X, **). Years, dates, times, ordinals,
phone numbers and codes, quoted names, slogans and words that merely contain a numeral (data/number_words.yaml)
are left out. Pure functions; offsets are offsets into the text as given.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from etl.reports.numbers import MASKED, PREFIX_QUALIFIERS, SUFFIX_QUALIFIERS, numeral_value
from etl.reports.scan import QUOTED_RE
from etl.reports.textclean import FOLD, FOLD_RE, ROUND_TENS_RE, plain_financial, to_simplified

WORDS_PATH = Path(__file__).resolve().parents[2] / "data" / "number_words.yaml"

# Traditional forms of the characters numerals are written with (the rest of the text is left as it is).
_TRADITIONAL = str.maketrans("萬億兩點個幾餘塊雙對", "万亿两点个几余块双对")
_CN_DIGITS = "零〇一二两三四五六七八九"
_FULL_WIDTH_THOUSANDS = re.compile("[０-９]，[０-９]{3}(?![０-９])")
_SPACES = re.compile("[ \u3000\t]+")
_FRACTION_DIGITS = "零〇一二三四五六七八九"  # 两 is never a decimal digit: 一点两小时 is 1 and 2
_NUMERAL_CHARS = f"0-9{_CN_DIGITS}十百千万亿"
# Characters a space may separate inside one figure (一百 五 十 二, 7 万5 千, 六 个 百 分点).
_JOINABLE = set("0123456789.%" + _CN_DIGITS + "十百千万亿点余多几个分之")

# One numeral run: digits and Chinese numerals with 万/亿 anywhere, approximations (十余万, 二十几万),
# thousands separators (1,100万) and a decimal part (十二点五万, 4.78万亿). Runs never start with 万/亿.
RUN = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|[0-9{_CN_DIGITS}十百千]|{ROUND_TENS_RE.pattern})"
    rf"(?:[{_NUMERAL_CHARS}余多几]|,\d{{3}}(?!\d)|[点.](?=[0-9{_FRACTION_DIGITS}]))*"
)
_TOKEN_RE = re.compile(
    rf"(?P<pct>百分之?)(?=[{_NUMERAL_CHARS}])(?P<pnum>{RUN})|百分之(?P<pmask>[Xx×*]+)"
    rf"|(?P<mask>{MASKED})|(?P<num>{RUN})"
)
_RISING = "一二三四五六七八九"
_DIGIT_PAIR = re.compile(f"([{_RISING}两])([{_RISING}])")
_APPROX_INSIDE = re.compile("零?[余多几]")
# Extra qualifiers before a number, beyond the extractor's: 超过了80, 至少有10个, 不超过, 占比过20.
_PREFIXES: dict[str, str] = {
    **PREFIX_QUALIFIERS,
    "不超过": "under",
    "不多于": "under",
    "不高于": "under",
    "大概": "approx",
    "约有": "approx",
    "大约有": "approx",
    "大概有": "approx",
    "超过了": "over",
    "超出": "over",
    "至少有": "over",
    "至少是": "over",
    "至少要": "over",
    "多达": "over",
}
_PREFIX_RE = re.compile(rf"(?:{'|'.join(sorted(_PREFIXES, key=len, reverse=True))})$")
_PASS_OVER = re.compile(r"(?<=[比率占数值额量])过$")  # 占比过20, but not 通过 / 经过
_SUFFIXES: dict[str, str] = {**SUFFIX_QUALIFIERS, "及以下": "under", "之多": "over"}
_POST_RE = re.compile("|".join(sorted(_SUFFIXES, key=len, reverse=True)))
_RANGE_SEP = re.compile(r"\s*[-~～—–至到]\s*")

# Spans that are never quantities, whatever numerals they hold.
_NOT_QUANTITY_RES = (
    # years and year spans (2023年, 2021-2023年, 二〇二三年), dates (2023.5.1, 2023-05-01, 5月, 5月1日), times
    re.compile(r"(?<!\d)(?:19|20)\d\d\s*(?:[-—~～至到]\s*(?:19|20)?\d\d\s*)?年"),
    re.compile(f"[{_FRACTION_DIGITS}]{{4}}年"),
    re.compile(r"(?<![\d.])(?:19|20)\d\d[./-]\d{1,2}(?:[./-]\d{1,2})?(?![\d.万亿千百元%‰])"),
    re.compile(r"(?<![\d.个])(?:(?:1[0-2]|0?[1-9])\s*[-—~～至到]\s*)?(?:1[0-2]|0?[1-9])\s*月(?:\s*\d{1,2}\s*[日号])?"),
    re.compile(
        r"(?<![零〇一二两三四五六七八九十百千万亿个])(?:十[一二]?|[一二三四五六七八九])月(?:[一二三]?十?[一二三四五六七八九十]?[日号])?"
    ),
    re.compile(r"(?<![\d.])(?:[12]\d|3[01]|0?[1-9])日"),
    re.compile(r"(?<!\d)\d{1,2}[:：]\d\d(?:[:：]\d\d)?(?!\d)|(?<![\d.])\d{1,2}点(?:\d{1,2}分|半|钟)"),
    re.compile(r"(?<!\d)(?:\d\s){3}\d\s*年"),  # 2 0 2 1 年 in a spaced-out title
    # phone numbers, long codes and numbers glued to Latin letters (A2021…, G20, 5G)
    re.compile(r"(?<!\d)(?:\d{3,4}-)?\d{11,}(?!\d)|(?<!\d)\d{3,4}-\d{7,9}(?!\d)"),
    re.compile(r"(?<![A-WYZa-wyz])[A-WYZa-wyz]+[\d.]+[A-WYZa-wyz]*|(?<![\d.])[\d.]+[A-WYZa-wyz]+"),
    # ordinals and list markers: 第三, 一是, （一）, 一、, 1.
    re.compile(rf"第\s*[{_NUMERAL_CHARS}]+"),
    re.compile(rf"(?:^|(?<=[\s。；;：:，,！？]))[{_NUMERAL_CHARS}]{{1,3}}[、.．](?!\d)", re.MULTILINE),
    re.compile(rf"(?<![{_NUMERAL_CHARS}])[一二三四五六七八九十]{{1,2}}是"),
    re.compile(rf"[（(][{_NUMERAL_CHARS}]{{1,3}}[）)]"),
    # slogans made of numbered words (1+1+N, “6322”工程 in quotes is a quoted name)
    re.compile(r"(?<!\d)\d+(?:\+\d+)+|[+＋]\d+"),
)
# A slogan N A 一 B (三会一课, 两学一做, 一村一品, 五个一批): two different non-numeral characters.
_SLOGAN_RE = re.compile(rf"(?<![{_NUMERAL_CHARS}])[{_CN_DIGITS}十]([一-龥])一([一-龥])")


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One quantity. [start, end) covers qualifier words, the number and its unit in the text as given."""

    text: str
    start: int
    end: int
    value: float | None
    high: float | None = None
    unit: str | None = None
    qualifier: str = "exact"
    percent: bool = False
    masked: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": _plain(self.value),
            "high": _plain(self.high),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "percent": self.percent,
            "masked": self.masked,
        }


@dataclass(frozen=True)
class _Vocabulary:
    words: re.Pattern[str]
    units: re.Pattern[str]
    foreign: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    doc = yaml.safe_load(WORDS_PATH.read_text(encoding="utf-8"))
    words = [re.escape(w) for w in sorted(doc["words"], key=len, reverse=True)] + list(doc["patterns"])
    units = sorted(doc["units"], key=len, reverse=True)
    foreign = sorted(doc["foreign_currencies"] + doc["not_quantities_after"], key=len, reverse=True)
    return _Vocabulary(
        words=re.compile("|".join(words)),
        units=re.compile("|".join(map(re.escape, units))),
        foreign=re.compile(rf"[余多]?(?:{'|'.join(map(re.escape, foreign))})"),
    )


def find_mentions(text: str) -> list[NumberMention]:
    """Every quantity in TEXT, in text order (see the module docstring for what is left out)."""
    if not text:
        return []
    compact, where = _compact(_fold(text))
    blocked = _blocked(compact)
    raw: list[_Raw] = []
    pos = 0
    while True:
        m = _TOKEN_RE.search(compact, pos)
        if m is None:
            break
        got = _read_token(compact, m, blocked)
        pos = max(m.end() if got is None else got.end, m.start() + 1)
        if got is not None and got.keep:
            raw.append(got)
    return [_to_mention(text, r, where) for r in _merge_ranges(compact, raw)]


def _fold(text: str) -> str:
    """Full-width forms and Kangxi radicals (textclean's table), traditional characters (OpenCC t2s, so 進一步
    is a word), thousands commas between full-width digits (４，５６５) and financial numerals (壹佰 = 一百), one
    character for one character."""
    if "，" in text:
        text = _FULL_WIDTH_THOUSANDS.sub(lambda m: m.group(0).replace("，", ","), text)
    folded = FOLD_RE.sub(lambda m: FOLD[ord(m.group())], text)
    simplified, offsets = to_simplified(folded)
    return plain_financial((simplified if offsets.identity else folded).translate(_TRADITIONAL))


def _compact(text: str) -> tuple[str, list[int]]:
    """TEXT without the spaces inside a figure, and for each kept character its offset in TEXT (plus the end)."""
    pieces: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _SPACES.finditer(text):
        s, e = m.span()
        prev, nxt = text[s - 1 : s], text[e : e + 1]
        both_digits = prev.isascii() and prev.isdigit() and nxt.isascii() and nxt.isdigit()
        if s and prev in _JOINABLE and nxt in _JOINABLE and not both_digits:
            pieces.append(text[pos:s])
            where.extend(range(pos, s))
            pos = e
    pieces.append(text[pos:])
    where.extend(range(pos, len(text) + 1))
    return "".join(pieces), where


def _blocked(text: str) -> bytearray:
    """1 at every offset inside a year, date, ordinal, code, quoted name, slogan or numeral word."""
    mask = bytearray(len(text))
    spans = [m.span() for r in _NOT_QUANTITY_RES for m in r.finditer(text)]
    spans += [m.span() for m in _vocabulary().words.finditer(text)]
    spans += [m.span() for m in QUOTED_RE.finditer(text)]
    spans += [m.span() for m in _SLOGAN_RE.finditer(text) if _is_slogan(m.group(1), m.group(2))]
    for s, e in spans:
        mask[s:e] = b"\x01" * (e - s)
    return mask


def _is_slogan(a: str, b: str) -> bool:
    """三会一课: two different words, neither a numeral (九人一百人 is two counts)."""
    return a != b and a not in _NUMERAL_PLACES and b not in _NUMERAL_PLACES


_NUMERAL_PLACES = set(_CN_DIGITS + "十百千万亿")


@dataclass
class _Raw:
    start: int  # compact offsets, prefix qualifier included
    num_start: int
    end: int
    value: float | None
    high: float | None
    unit: str | None
    qualifier: str
    percent: bool
    masked: bool
    tail: str  # the 万/亿 a range's low end may share (3-5万)
    keep: bool = True


def _read_token(text: str, m: re.Match[str], blocked: bytearray) -> _Raw | None:
    """The mention starting at match M, or None when it is not a quantity (its characters are skipped)."""
    s = m.start()
    if blocked[s]:
        return _skip(m.end())
    if m.group("mask"):
        return _read_masked(text, m)
    if m.group("pmask"):  # 百分之XX
        start, qualifier = _prefix(text, s, "exact")
        return _Raw(start, s, m.end(), None, None, "%", qualifier, True, True, "")
    run = m.group("pnum") or m.group("num")
    run_start = m.start("pnum") if m.group("pnum") else s
    if run[0] in "百千" and not m.group("pct") and not _round_hundreds(text, run_start, run):
        return _skip(run_start + 1)
    if run == "零" and "点" in text[max(run_start - 1, 0) : run_start + 2]:
        return _skip(run_start + 1)  # 零点 (midnight), 点零: no figure
    read = _read_run(run)
    if read is None:
        return _skip(m.end())
    used, value, high, approx = read
    end = run_start + used
    if _DIGIT_PAIR.search(run[:used].split("点")[0]) and high is not None and m.group("pct"):
        return _skip(end)  # 百分之二三十 is no figure
    percent = bool(m.group("pct"))
    unit: str | None = None
    rest = text[end : end + 8]
    gap = len(rest) - len(rest.lstrip(" \u3000"))  # 党员 644 名: a unit after a space or two
    gap = gap if gap <= 2 else 0
    if _vocabulary().foreign.match(rest, gap):
        return _skip(end)
    qualifier = "over" if approx else "exact"
    post = _POST_RE.match(rest)
    if post:
        qualifier = _suffix_qualifier(post.group(0), qualifier)
        end += post.end()
        rest = text[end : end + 8]
    if rest.startswith("%") and not percent:
        percent, unit, end = True, "%", end + 1
    elif rest.startswith("个百分点"):
        if high is not None:
            return _skip(end + 4)  # 二三十个百分点 is no figure
        percent, unit, end = True, "百分点", end + 4
    elif not percent:
        u = _vocabulary().units.match(rest, gap)
        if u:
            unit, end = u.group(0), end + u.end()
    if percent and unit is None:
        unit = "%"
    post = _POST_RE.match(text, end)
    if post:
        qualifier = _suffix_qualifier(post.group(0), qualifier)
        end = post.end()
    start, qualifier = _prefix(text, s, qualifier)
    tail = run[:used].rstrip("余多几")[-1:]
    return _Raw(start, s, end, value, high, unit, qualifier, percent, False, tail if tail in "万亿" else "")


def _skip(end: int) -> _Raw:
    return _Raw(end, end, end, None, None, None, "exact", False, False, "", keep=False)


def _read_masked(text: str, m: re.Match[str]) -> _Raw | None:
    """X, XX, ** where a number stands: only before a unit or %, so X委 / ZZ stay letters."""
    end = m.end()
    approx = text[end : end + 1] in ("余", "多")
    end += approx
    if text.startswith("%", end):
        unit: str | None = "%"
        end += 1
    else:
        u = _vocabulary().units.match(text, end)
        if u is None:
            return _skip(m.end())
        unit, end = u.group(0), u.end()
    start, qualifier = _prefix(text, m.start(), "over" if approx else "exact")
    return _Raw(start, m.start(), end, None, None, unit, qualifier, unit == "%", True, "")


def _round_hundreds(text: str, s: int, run: str) -> bool:
    """A run starting with 百/千 is a number in 百三 (130), 百余人, 近百场, 上千户; otherwise a word (千方百计)."""
    if len(run) == 2 and run[1] in "一二三四五六七八九":
        return True
    if run in ("百", "千"):
        before = text[s - 1 : s]
        after = text[s + 1 : s + 2]
        return before in ("近", "上", "超", "逾", "过", "破") or after in ("余", "多")
    return run[:2] in ("百余", "千余", "百多", "千多")


_LONGEST_RUN = 40  # no quantity is written with more characters; longer runs are codes or noise


def _read_run(run: str) -> tuple[int, float | None, float | None, bool] | None:
    """(characters used, value, high, approximate) of the longest readable prefix of RUN."""
    if len(run) > _LONGEST_RUN:
        return None
    for used in range(len(run), 0, -1):
        part = run[:used]
        trimmed = part.rstrip("余多几")
        if not trimmed or (trimmed[-1] in "点." and trimmed != part):
            continue
        approx = trimmed != part or bool(_APPROX_INSIDE.search(trimmed))
        clean = _APPROX_INSIDE.sub("", trimmed)
        pair = _pair_range(clean)
        if pair is not None:
            return used, pair[0], pair[1], approx
        value = numeral_value(clean)
        if value is not None and math.isfinite(value):
            return used, value, None, approx
    return None


def _pair_range(numeral: str) -> tuple[float, float] | None:
    """三四十 = 30–40, 十五六 = 15–16, 一万六七 = 16000–17000: two rising digits beside a place word."""
    integer = numeral.split("点")[0]
    m = _DIGIT_PAIR.search(integer)
    if m is None:
        return None
    first, second = _RISING.index(m.group(1).replace("两", "二")), _RISING.index(m.group(2))
    # Without a place word only a pair of neighbours is a range (三四个 = 3–4; 一二三 is read digit by digit).
    if second <= first or not (_has_place(integer) or (len(numeral) == 2 and second - first in (1, 2))):
        return None
    i = m.start()
    low = numeral_value(numeral[: i + 1] + numeral[i + 2 :])
    high = numeral_value(numeral[:i] + numeral[i + 1 :])
    if low is None or high is None or low >= high:
        return None
    return low, high


def _has_place(numeral: str) -> bool:
    return any(c in "十百千万亿" for c in numeral)


def _prefix(text: str, s: int, qualifier: str) -> tuple[int, str]:
    """Start of the mention and its qualifier after a qualifier word before the number (超过了80, 至少有)."""
    window = text[max(0, s - 4) : s]
    p = _PREFIX_RE.search(window)
    if p and p.group(0) == "上" and text[s] not in "百千万":
        p = None  # 上千户 is over a thousand; 上1次党课 is giving one lecture
    if p:
        return s - len(p.group(0)), _PREFIXES[p.group(0)] if qualifier == "exact" else qualifier
    if _PASS_OVER.search(window):
        return s - 1, "over"
    return s, qualifier


def _suffix_qualifier(word: str, qualifier: str) -> str:
    return _SUFFIXES.get(word, qualifier)


def _merge_ranges(text: str, raw: list[_Raw]) -> list[_Raw]:
    """Join LOW sep HIGH (30-50人, 一到五个, 百分之三十到四十, 3-5万元) into one mention with value and high."""
    out: list[_Raw] = []
    for r in raw:
        prev = out[-1] if out else None
        if prev is not None and _joins(text, prev, r):
            low = prev.value
            if r.tail and not prev.tail and low is not None and r.value is not None:
                scaled = low * (1e4 if r.tail == "万" else 1e8)
                low = scaled if scaled <= r.value else low
            out[-1] = _Raw(
                prev.start,
                prev.num_start,
                r.end,
                low,
                r.value,
                r.unit or prev.unit,
                prev.qualifier if prev.qualifier != "exact" else r.qualifier,
                prev.percent or r.percent,
                False,
                r.tail,
            )
            continue
        out.append(r)
    return out


def _joins(text: str, low: _Raw, high: _Raw) -> bool:
    if low.masked or high.masked or low.high is not None or high.high is not None:
        return False
    if low.value is None or high.value is None:
        return False
    if low.unit and high.unit != low.unit and not (low.percent and high.unit is None):
        return False
    sep = _RANGE_SEP.fullmatch(text, low.end, high.start)
    if sep is None:
        return False
    scale = 1e4 if high.tail == "万" and not low.tail else 1e8 if high.tail == "亿" and not low.tail else 1.0
    return low.value < high.value or low.value * scale < high.value


def _to_mention(original: str, r: _Raw, where: list[int]) -> NumberMention:
    start, end = where[r.start], where[r.end - 1] + 1
    unit = r.unit
    return NumberMention(
        text=original[start:end],
        start=start,
        end=end,
        value=r.value,
        high=r.high,
        unit=unit,
        qualifier=r.qualifier,
        percent=r.percent,
        masked=r.masked,
    )


def _plain(value: float | None) -> float | int | None:
    """Whole numbers print as integers (23000, not 23000.0)."""
    if value is None:
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value
