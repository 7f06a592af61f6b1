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
MASK_CHARS = "Xx×*"

# A masked figure: X, XX, **, ××, or partly masked like XX7 / 1X.
MASKED = r"(?<![A-Za-z])(?:\d*[Xx×*][Xx×*\d]*)(?![A-Za-z])"
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Arabic with a Chinese multiplier and an optional remainder: 1.2万, 3万4000, 1.3亿.
ARABIC_MUL = rf"(?:{ARABIC})(?:[万亿](?!元)(?:\d+(?![\d.]))?)?"
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


@lru_cache(maxsize=4096)
def chinese_value(token: str) -> float | None:
    """Value of a Chinese numeral token (两 = 2, 十二 = 12, 三千零五 = 3005), None if it is not one."""
    if not token:
        return None
    if token in ("百", "千"):
        return 100.0 if token == "百" else 1000.0
    if all(c in "零〇一二三四五六七八九" for c in token) and len(token) > 1:
        # Digit-by-digit spelling (二〇二三) reads as written.
        return float("".join(str("零一二三四五六七八九".index(c.replace("〇", "零"))) for c in token))
    try:
        return float(cn2an.cn2an(token, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def arabic_value(token: str) -> float | None:
    """Value of an Arabic token with optional 万/亿 multiplier (1,234 / 1.2万 / 3万4000)."""
    token = token.replace(",", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:([万亿])(\d+)?)?", token)
    if not m:
        return None
    value = float(m.group(1))
    if m.group(2):
        mul = 1e4 if m.group(2) == "万" else 1e8
        value *= mul
        if m.group(3):
            value += float(m.group(3))
    return value


def number_value(token: str) -> tuple[float | None, bool, bool]:
    """(value, masked, is_percent) of a NUMBER_CORE token; value None when masked or unreadable."""
    if token.startswith("百分之"):
        inner = token[3:]
        if inner == "百":
            return 100.0, False, True
        return (arabic_value(inner) if inner[0].isdigit() else chinese_value(inner)), False, True
    if is_masked(token):
        return None, True, False
    if token[0].isdigit():
        return arabic_value(token), False, False
    return chinese_value(token), False, False


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
    return value * {"千": 1e3, "万": 1e4, "亿": 1e8}[mul]


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
    value, masked, pct = number_value(m.group("num"))
    if value is None and not masked:
        return None
    high = None
    if m.group("hi"):
        high, hi_masked, _ = number_value(m.group("hi"))
        masked = masked or hi_masked
        value = _scale_low_end(value, m.group("num"), m.group("hi"))
    unit = m.group("unit")
    value = apply_multiplier(value, m.group("mul"))
    high = apply_multiplier(high, m.group("mul"))
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
