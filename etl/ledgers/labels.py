"""Indicator labels as the matcher compares them (etl.ledgers.match): a row label's or header's item number or
system code (一、, （二）, 3., ①, A01, DJ0301) is no part of its name, nor a pivot table's 求和项, a 其中 mark, a
bracket stating its scope, its unit or punctuation; an income threshold in a header (10万元以上) is read apart."""

from __future__ import annotations

import re
import unicodedata

from etl.ledgers.text import PART_MARK, PUNCT, chinese_lines, split_unit

# A leading item number on a row label or header: 一、 （一） (1) 1. 1、 ① — not part of the name; or a system's
# item code in front (A01 党员总数, A03-新发展党员, DJ0301流动党员), letters then digits (Q1 … Q4, quarters, are not).
_ENUMERATION = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,3}(?:[、.](?!\d)|[)）])|[①-⑳]"
    r"|(?![Qq][1-4](?!\d))[A-Za-z]{1,3}\d{1,4}(?:\s*[-－_.、:：]|\s|(?=[\u4e00-\u9fff])))\s*"
)


def without_numbering(text: str) -> str:
    """TEXT without a leading item number nor a note in brackets after it (一、长城乡 → 长城乡, （二）东风镇（3个村）
    → 东风镇)."""
    return re.sub(r"[(（][^)）]*[)）]$", "", _ENUMERATION.sub("", text.strip())).strip()


# An Excel pivot table names its summed value fields 求和项:党员总数 (WPS: 求和项：党员总数); counts and averages of
# the records (计数项, 平均值项) are no figure of the indicator.
_PIVOT_SUM = re.compile(r"^求和项\s*[:：]\s*")


# A bracket stating a column's scope after its name: what it includes or leaves out, what it means, whom it counts.
_SCOPE_NOTE = re.compile(r"[(\[【]\s*(?:不?含|不?包括|包含|除|指|外出|按)[^)\]】]*[)\]】]")


def match_key(text: str) -> str:
    """Normalised text for indicator matching: no units, brackets' other content kept, no punctuation."""
    t, _unit = split_unit(chinese_lines(text))
    t = _ENUMERATION.sub("", t.strip())
    t = _PIVOT_SUM.sub("", t)  # 求和项:党员总数, a pivot table's value field
    t = PART_MARK.sub("", t)
    t = _SCOPE_NOTE.sub("", t)  # 党员总数（含预备党员）, 流动党员（外出半年以上）: the scope, not the name
    t = re.sub(r"[()\[\]【】]", "", t)
    return PUNCT.sub("", t).lower()


# An income threshold in a header: 10万元以上 / 超过50万元的 / 达到100万元及以上. Money is 万元 (the catalog's).
_THRESHOLD = re.compile(
    r"(达到|达|超过|超|高于|在)?\s*(\d+(?:\.\d+)?)\s*(亿元|万元|万|元)\s*(及以上|以上|或以上)?(?:的)?"
)
_TO_WAN = {"亿元": 10000.0, "万元": 1.0, "万": 1.0, "元": 0.0001}


def split_threshold(text: str) -> tuple[str, float | None]:
    """("集体经济收入10万元以上村数" → ("集体经济收入达标村数", 10.0)): the header with its threshold said as 达标,
    and the threshold in 万元; (TEXT, None) when it states none."""
    t = unicodedata.normalize("NFKC", text)
    m = next((m for m in _THRESHOLD.finditer(t) if m.group(1) or m.group(4)), None)
    if m is None:
        return text, None
    threshold = round(float(m.group(2)) * _TO_WAN[m.group(3)], 6)
    return t[: m.start()] + "达标" + t[m.end() :], threshold
