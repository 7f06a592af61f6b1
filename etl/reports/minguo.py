"""Years of the 民国 calendar (Taiwan's official dating) → the common era, in the cleaned text (etl.reports.textclean).

民國44年 is always a 民国 year (1955). A bare 104年 or 111年度 is one only in a Taiwanese document: written in
Traditional script with a word only Taiwan's administration uses (公所, 鄉鎮市, 法務部, 臺灣…) and no year of four
digits anywhere (a page that writes 2023年 writes its years so; a mainland page's 10年 or 50年 is a span of years).
Such a year is 60–130 (民國60年 = 1971 … 民國130年 = 2041), written as a year is (not 10年来, 50年代, 第60年).
The year is rewritten with four digits (104年 → 2015年) and the offsets mapped back, so every year rule applies.
"""

from __future__ import annotations

import re

ROC_OFFSET = 1911
# Words of Taiwan's administration and places, as written in Traditional script (checked before t2s)
TAIWAN_WORDS = (
    "民國",
    "公所",
    "鄉鎮市",
    "鄉(鎮、市)",
    "鄉（鎮、市）",
    "鄉鎮市區",
    "臺灣",
    "台灣",
    "行政院",
    "法務部",
    "內政部",
    "立法院",
    "縣議會",
    "鄉民代表",
    "里長",
)
_PREFIXED = re.compile(r"民国\s*(\d{1,3})(?=\s*年)")
# A bare year: two or three digits before 年 (年度 / 年全年 / 年1月), no digit or point before it, not a span of years
# (10年来, 50年代, 近60年, 第70年, 满80年, 100年历史) nor an age (70年龄)
_BARE = re.compile(
    r"(?<![\d.,，第近满逾约每])(\d{2,3})(?=\s*年(?!代|龄|级|纪|来|间|内|多|余|半|前|后|左右|历史|之久|老))"
)
_FOUR_DIGIT_YEAR = re.compile(r"(?:19|20)\d\d\s*年")
LOW, HIGH = 60, 130


def taiwanese(original: str) -> bool:
    """ORIGINAL (Traditional script, before t2s) writes one of Taiwan's administrative words."""
    return any(w in original for w in TAIWAN_WORDS)


def roc_years(text: str, original: str) -> tuple[str, list[tuple[int, int]]]:
    """TEXT with its 民国 years written as years of the common era, and the breakpoints (offset in the new text,
    offset in TEXT) of the map back; ORIGINAL: the text before t2s, which tells whether the document is Taiwanese.
    (A year of four digits, which most texts write near their start, is looked for first.)"""
    points: list[tuple[int, int]] = []
    prefixed = "民国" in text
    bare = "年" in text and _FOUR_DIGIT_YEAR.search(text) is None and taiwanese(original)
    if not prefixed and not bare:
        return text, points
    hits: list[tuple[int, int]] = [(h.start(1), h.end(1)) for h in _PREFIXED.finditer(text)] if prefixed else []
    if bare:
        taken = {s for s, _ in hits}
        hits += [
            (h.start(1), h.end(1))
            for h in _BARE.finditer(text)
            if h.start(1) not in taken and LOW <= int(h.group(1)) <= HIGH
        ]
    if not hits:
        return text, points
    out: list[str] = []
    pos = shift = 0
    for start, end in sorted(hits):
        year = str(int(text[start:end]) + ROC_OFFSET)
        out.append(text[pos:start])
        out.append(year)
        shift += len(year) - (end - start)
        points.append((end + shift, end))  # (the digits written more map onto the year's; what follows, onto 年)
        pos = end
    out.append(text[pos:])
    return "".join(out), points
