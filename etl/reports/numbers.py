"""Figures in Chinese reports: Arabic, full-width and Chinese numerals, 万/亿, percentages, ranges,
qualifiers (余/约/以上/不足 …) and masked numbers (X, XX, **, ×× …).

Pure functions only. `parse_quantity` reads one standalone figure (an Excel cell, "1.2万", "约30人");
`NUMBER_CORE` and `number_value` are shared with the sentence scanner in etl.reports.scan.
cn2an is used on matched numeral tokens only, never over sentences (it rewrites slogans: 三会一课 → 3会1课).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from etl.reports.textclean import ROUND_TENS

QUALIFIERS = ("exact", "over", "approx", "under")

# Qualifier words, longest first where one is a prefix of another.
PREFIX_QUALIFIERS: dict[str, str] = {
    "不少于": "over",
    "不低于": "over",
    "超过": "over",
    "多于": "over",
    "高于": "over",
    "逾": "over",
    "至少": "over",
    "突破": "over",
    "大约": "approx",
    "约": "approx",
    "将近": "approx",
    "接近": "approx",
    "近": "approx",
    "上": "over",
    "不足": "under",
    "不到": "under",
    "少于": "under",
    "低于": "under",
    "未满": "under",
}
SUFFIX_QUALIFIERS: dict[str, str] = {
    "及以上": "over",
    "以上": "over",
    "余": "over",
    "多": "over",
    "有余": "over",
    "左右": "approx",
    "上下": "approx",
    "以下": "under",
    "以内": "under",
    "不到": "under",
}

CN_DIGITS = "零〇一二两三四五六七八九"
CN_ALL = CN_DIGITS + "十百千万亿点"
MASK_CHARS = "Xx×*_"

# A masked figure: X, XX, **, ××, or partly masked like XX7 / 1X.
# 学__次: a blank of underscores where the number stands is masked too
MASKED = r"(?<![A-Za-z_])(?:\d*(?:[Xx×*]|__)[Xx×*_\d]*)(?![A-Za-z])"
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Arabic with Chinese multipliers written between digit groups: 3万4000, 2万3, 5亿1万4, 1千零20. A last
# multiplier with nothing after it (2万3千, 1.2万) is left to the caller, which joins it back (join_value).
ARABIC_MUL = rf"(?:{ARABIC})(?:[万亿千百]零?\d+(?![\d.]))*"
# Chinese numerals need a digit or a leading 十: 百/千/万 alone (千亩, 万名) are words, not numbers.
# A round 百/千 alone is a number only when a qualifier says so: 百余起, 千余人, 近百场, 上千户, 超百万元.
ROUND_CN = (
    r"(?:(?<=[近上超逾于过破])[百千](?=[余多]?[万个名人次场期户件起家元])|[百千](?=[余多][个名人次场期户件起家]))"
)
CHINESE = rf"(?:[{CN_DIGITS}十][{CN_ALL}]*|{ROUND_CN})"
PERCENT_CN = rf"百分之(?:{ARABIC}|[{CN_ALL}]+)"
NUMBER_CORE = rf"(?:{PERCENT_CN}|{MASKED}|{ARABIC_MUL}|{CHINESE})"

UNIT_WORDS = (
    "万元",
    "亿元",
    "千元",
    "人次",
    "场次",
    "户次",
    "件次",
    "个",
    "名",
    "人",
    "位",
    "次",
    "期",
    "场",
    "轮",
    "户",
    "件",
    "起",
    "宗",
    "家",
    "支",
    "堂",
    "讲",
    "元",
    "%",
)
_UNIT_RE = "|".join(sorted(UNIT_WORDS, key=len, reverse=True)).replace("%", "%")
_PRE_RE = "|".join(sorted(PREFIX_QUALIFIERS, key=len, reverse=True))
_SUF_RE = "|".join(sorted(SUFFIX_QUALIFIERS, key=len, reverse=True))

_STANDALONE = re.compile(
    rf"^(?:共|计|合计|总计|达到?|为)?(?P<pre>{_PRE_RE})?(?P<num>{NUMBER_CORE})"
    rf"(?:\s*(?:[-~～—至到]+)\s*(?P<hi>{NUMBER_CORE}))?"
    rf"(?P<suf1>余|多)?(?P<mul>[万亿千](?!元))?(?P<suf2>余|多)?(?P<unit>{_UNIT_RE})?(?P<post>{_SUF_RE})?$"
)


@dataclass(frozen=True)
class Quantity:
    """A parsed figure. value is None when masked; high is the upper end of a range (3-5万元)."""

    value: float | None
    qualifier: str = "exact"
    masked: bool = False
    unit: str | None = None
    is_percent: bool = False
    high: float | None = None


def normalize(text: str) -> str:
    """NFKC: full-width digits, ％ and Kangxi radicals (PDF text) fold to their plain forms."""
    return unicodedata.normalize("NFKC", text) if text else text


def is_masked(token: str) -> bool:
    """True when TOKEN hides its digits (X, XX, **, ××, XX7)."""
    return any(c in MASK_CHARS for c in token)


_CN_PLAIN_DIGITS = "零〇一二三四五六七八九"
_DIGIT_OF = {c: str(max(i - 1, 0)) for i, c in enumerate(_CN_PLAIN_DIGITS)}
_DIGIT_BY_DIGIT = re.compile(f"[{_CN_PLAIN_DIGITS}]{{2,}}")
_TAIL_MULTIPLIERS = re.compile(r"(?P<head>.+?)(?P<tail>[万亿]+)")
_MULTIPLIER_CHAIN = re.compile(r"\d[万亿千百]零?\d+$")
_CN2AN_ERRORS = (ValueError, KeyError, IndexError, TypeError)


@lru_cache(maxsize=8192)
def numeral_value(token: str) -> float | None:
    """Value of one numeral token with every multiplier applied, None if it is not one.

    Arabic (1,234 / 4.8), Chinese (两 = 2, 十二 = 12, 三千零五 = 3005, 二〇二三 read digit by digit) and mixed
    (2万3千 = 23000, 3万4000, 1.2万). cn2an reads what it can ("smart" mode); the forms it rejects are
    rewritten here: a decimal or a number before a run of 万/亿 (十二点五万 = 125000, 4.78万亿, 四万万),
    a colloquial leading 百/千 (百三 = 130) and 零 before 十 (一百零十万 = 1100000).
    """
    if not token:
        return None
    plain = token.replace(",", "")
    if plain[0].isdigit() and plain.replace(".", "", 1).isdigit():
        return float(plain)
    if token in ("百", "千"):
        return 100.0 if token == "百" else 1000.0
    if token[0] in ROUND_TENS:  # 廿四 = 二十四 (textclean spells them out in reports; `etl numbers` reads them here)
        return numeral_value(ROUND_TENS[token[0]] + token[1:])
    if _DIGIT_BY_DIGIT.fullmatch(token):
        # Digit-by-digit spelling (二〇二三) reads as written.
        return float("".join(_DIGIT_OF[c] for c in token))
    if _ARABIC_GROUP.search(plain):
        # cn2an misreads some mixed forms (5亿13万 as 500030000, 1千零19 refused): spell the groups out first.
        if _DIGITS_RUN_TOGETHER.search(plain):
            return None  # 667.123五: two numbers written side by side, not one
        plain = _ARABIC_GROUP.sub(_spelled_group, plain)
    try:
        return float(cn2an.cn2an(plain, "smart"))
    except _CN2AN_ERRORS:
        pass
    return _repaired_value(plain)


_ARABIC_GROUP = re.compile(r"\d+(?:\.\d+)?")


_DIGITS_RUN_TOGETHER = re.compile(r"\d[一二两三四五六七八九]|[一二两三四五六七八九]\d")


def _spelled_group(m: re.Match[str]) -> str:
    """One Arabic group inside a mixed numeral in Chinese: 13 → 十三 (一十三 after a place), 01 → 零一,
    and digit by digit after 点 (一百点123 = 100.123)."""
    group = m.group(0)
    if m.start() > 0 and m.string[m.start() - 1] == "点":
        return "".join(_CN_PLAIN_DIGITS[0] if c == "0" else _CN_PLAIN_DIGITS[int(c) + 1] for c in group)
    zero = "零" if len(group) > 1 and group[0] == "0" and group[1] != "." else ""
    spelled = cn2an.an2cn(group.lstrip("0") or "0" if zero else group, "low")
    if spelled.startswith("十") and (zero or m.start() > 0):
        spelled = "一" + spelled
    return zero + spelled


def _repaired_value(token: str) -> float | None:
    """The forms cn2an rejects, rewritten into ones it reads (see numeral_value)."""
    before, yi, after = token.rpartition("亿")
    if yi and after and "万" not in after and after[0] != "零" and after[-1] not in "万亿":
        return numeral_value(f"{before}亿零{after}")  # 五亿一千 = 500001000 (cn2an wants the 零)
    if "零十" in token:
        fixed = token.replace("零十", "十") if not token.startswith("零十") else token[1:]
        return numeral_value(fixed.replace("零十", "十"))
    if token[0] in "百千" and len(token) == 2 and token[1] in _CN_PLAIN_DIGITS[2:]:
        return numeral_value("一" + token)
    m = _TAIL_MULTIPLIERS.fullmatch(token)
    if m and m.group("head")[-1] not in "万亿":
        head = numeral_value(m.group("head"))
        if head is not None:
            factor = 1.0
            for c in m.group("tail"):
                factor *= 1e4 if c == "万" else 1e8
            return _round(head * factor)
    return None


def _round(value: float) -> float:
    """A product of a decimal and 万/亿 without float noise (12.5 × 10000 = 125000, not 124999.99…)."""
    return float(f"{value:.15g}")


def chinese_value(token: str) -> float | None:
    """Value of a Chinese numeral token (两 = 2, 十二 = 12, 三千零五 = 3005), None if it is not one."""
    return numeral_value(token)


def arabic_value(token: str) -> float | None:
    """Value of an Arabic token with Chinese multipliers (1,234 / 1.2万 / 3万4000 / 2万3千)."""
    return numeral_value(token)


def join_value(num: str, value: float | None, multiplier: str | None) -> float | None:
    """VALUE of NUM with a following multiplier 万/亿/千 applied. After a chain (2万3 + 千) the multiplier
    is the chain's last place, not a factor on the whole: 2万3千 = 23000, never 20,003,000."""
    if multiplier and _MULTIPLIER_CHAIN.search(num):
        return numeral_value(num + multiplier)
    if value is None or not multiplier:
        return value
    return _round(value * {"千": 1e3, "万": 1e4, "亿": 1e8}[multiplier])


def join_money_unit(num: str, value: float | None, unit: str) -> tuple[float | None, str]:
    """1万5千元 read as 1万5 + 千元 is 15000 元: a money unit's multiplier after a chain is its last place."""
    if unit in ("千元", "万元", "亿元") and _MULTIPLIER_CHAIN.search(num):
        return numeral_value(num + unit[0]), "元"
    return value, unit


def number_value(token: str) -> tuple[float | None, bool, bool]:
    """(value, masked, is_percent) of a NUMBER_CORE token; value None when masked or unreadable."""
    if token.startswith("百分之"):
        inner = token[3:]
        if inner == "百":
            return 100.0, False, True
        return numeral_value(inner), False, True
    if is_masked(token):
        return None, True, False
    return numeral_value(token), False, False


def qualifier_of(prefix: str | None, suffixes: tuple[str | None, ...]) -> str:
    """The qualifier implied by a prefix word and suffix words (the last non-exact one wins)."""
    q = PREFIX_QUALIFIERS.get(prefix or "", "exact")
    for s in suffixes:
        if s:
            q = SUFFIX_QUALIFIERS.get(s, q)
    return q


def apply_multiplier(value: float | None, mul: str | None) -> float | None:
    if value is None or not mul:
        return value
    return _round(value * {"千": 1e3, "万": 1e4, "亿": 1e8}[mul])


def parse_quantity(text: str) -> Quantity | None:
    """Parse one standalone figure ("1,234", "１２３", "12.5%", "约30", "100余", "XX", "三千零五", "1.2万",
    "5000元", "3-5万元", "百分之六十四"); None when TEXT is not a figure."""
    if text is None:
        return None
    s = normalize(str(text)).strip().replace(" ", "")
    if not s:
        return None
    m = _STANDALONE.match(s)
    if not m:
        return None
    num, hi, mul, unit = m.group("num", "hi", "mul", "unit")
    value, masked, pct = number_value(num)
    high = None
    if hi:
        high, hi_masked, _ = number_value(hi)
        masked = masked or hi_masked
        value = _scale_low_end(value, num, hi)
        high = join_value(hi, high, mul)
    elif unit and not mul:
        value, unit = join_money_unit(num, value, unit)
    value = join_value(num, value, mul)
    if value is None and not masked:
        return None
    if unit == "%":
        pct = True
    if pct:
        unit = "%"
    qualifier = qualifier_of(m.group("pre"), (m.group("suf1"), m.group("suf2"), m.group("post")))
    if high is not None and qualifier == "exact":
        qualifier = "over"  # a range 3-5 guarantees its lower end
    return Quantity(value=value, qualifier=qualifier, masked=masked, unit=unit, is_percent=pct, high=high)


def _scale_low_end(low: float | None, low_token: str, high_token: str) -> float | None:
    """In 3-5万 the multiplier written once applies to both ends."""
    mul = high_token[-1] if high_token[-1] in "万亿" else None
    if low is None or mul is None or low_token[-1] in "万亿":
        return low
    return apply_multiplier(low, mul)


MONEY_FACTORS = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8}


def convert_money(value: float | None, unit: str, canonical: str) -> float | None:
    """Convert VALUE in UNIT (元/万元/亿元) to CANONICAL (元 or 万元), rounded to avoid float noise."""
    if value is None:
        return None
    out = value * MONEY_FACTORS[unit] / MONEY_FACTORS[canonical]
    return round(out, 6)
