"""Text as read → text to match on, with a map back to the original offsets.

Four steps, each recorded so every span found in the cleaned text points into the original:
1. remove document-sharing artefacts (##paidbegin##, ##paidend##, "（3631字）", pinyin such as 個(gè), glosses garbled
   by a wrong decoding such as 總?cè)丝?1133戶), even inside a word;
2. fold full-width digits/letters/％/＋ and Kangxi radicals (PDF text) to plain characters, one for one,
   keeping Chinese punctuation (，：；（）) as it is, since clause splitting relies on it, except a ， that
   groups full-width digits by thousands (１，０２０人次);
3. remove layout: spaces inside Chinese text and around a masked number (仅 xx 个), line breaks inside sentences of
   hard-wrapped text;
4. traditional → simplified Chinese (OpenCC t2s);
5. years spelt in Chinese digits (二〇二二年) → Arabic (2022年), one character for one, so that year rules apply; a
   page that masks 党 as * gets it back (*员 → 党员, one for one);
6. numerals in other scripts → the common ones: financial numerals (壹佰贰拾名 → 一百二十名, one for one) and
   the tens 廿/卅/卌 before a unit (廿四次 → 二十四次, with the offsets mapped back); a table flattened one cell
   per line gets its cells on one line (each line break a space, one for one);
7. years of the 民国 calendar (民國44年, and 104年 in a Taiwanese document) → the common era (etl.reports.minguo).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from etl.reports.firstchars import skip_ahead
from etl.reports.minguo import roc_years
from etl.reports.sparse import Sparse

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# Pinyin that some sites print after a traditional character (共有16個(gè)黨支部, 鎮(zhèn)): a bracketed lowercase
# syllable with a tone mark right after a Chinese character, or the two syllables of a word (全乡(quánxiāng)).
PINYIN = rf"(?<=[\u4e00-\u9fff])[（(](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,13}}[)）]"
# …or without tone marks, then a space before the next character (黨(dang) 員236.3萬(wan) 名): the gloss and its space.
PINYIN_PLAIN = r"(?<=[\u4e00-\u9fff])[（(][a-zü]{1,6}[)）] (?=[\u4e00-\u9fff])"
# …or garbled by a wrong decoding that ate its opening bracket and the characters after it (總?cè)丝?1133戶 for
# 總(zǒng)人口11133戶, 山羊?yàn)橹): the "?" are no question marks, so the mojibake must not end a sentence. The
# gloss goes, and so does a "?" between the garble and the figure after it.
GARBLED_GLOSS = (
    rf"(?<=[\u4e00-\u9fff])\?(?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,13}}[)）](?:[\u4e00-\u9fff]{{1,3}}\?(?=\d))?"
)
ARTEFACT = skip_ahead(
    r"##paid(?:begin|end)##|[（(]\s*\d{2,6}\s*字\s*[)）]|" + PINYIN + "|" + PINYIN_PLAIN + "|" + GARBLED_GLOSS
)
_KEEP = set("，：；（）！？、")


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):
        ch = chr(cp)
        if ch not in _KEEP:
            table[cp] = unicodedata.normalize("NFKC", ch)
    for cp in list(range(0x2E80, 0x2EF4)) + list(range(0x2F00, 0x2FD6)):
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1 and folded != chr(cp):
            table[cp] = folded
    table[0x3000] = " "
    return table


FOLD = _fold_table()
# Only the few characters that need folding are touched (str.translate would visit every character).
FOLD_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(FOLD)) + "]")
# A full-width comma between full-width digits, before exactly three of them, groups thousands.
THOUSANDS_COMMA = re.compile(r"([０-９])，(?=[０-９]{3}(?![０-９]))")
# Where neither of the two has a character to start from (most texts), one search says so instead of a scan each.
_FOLD_OR_THOUSANDS = re.compile("[０-９" + "".join(re.escape(chr(c)) for c in sorted(FOLD)) + "]")


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@dataclass
class OffsetMap:
    """Piecewise-linear map from cleaned offsets to original offsets (breakpoints sorted by clean offset)."""

    clean: list[int] = field(default_factory=lambda: [0])
    orig: list[int] = field(default_factory=lambda: [0])

    def __call__(self, i: int) -> int:
        k = bisect_right(self.clean, i) - 1
        return self.orig[k] + (i - self.clean[k])

    @property
    def identity(self) -> bool:
        return len(self.clean) == 1 and self.orig[0] == 0


@dataclass
class CleanText:
    """The cleaned text and the maps back to the original (applied last step first)."""

    original: str
    text: str
    maps: list[OffsetMap]

    def to_original(self, i: int) -> int:
        """Offset in the original text of cleaned offset I."""
        for m in reversed(self.maps):
            if len(m.clean) > 1 or m.orig[0]:  # an identity map (one breakpoint at 0 → 0) leaves I as it is
                i = m(i)
        return i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of cleaned [START, END)."""
        if end <= start:
            s = self.to_original(start)
            return s, s
        return self.to_original(start), self.to_original(end - 1) + 1


# (A tone mark is looked for with str's `in`, a few instructions a character, not a class search at every one.)
_PINYIN_PLAIN = Sparse(PINYIN_PLAIN)


def has_pinyin(text: str) -> bool:
    """TEXT holds a tone mark or a bare bracketed syllable (PINYIN_PLAIN): maybe a pinyin gloss."""
    return any(ch in text for ch in _TONED) or _PINYIN_PLAIN.search(text) is not None


def remove_artefacts(text: str) -> tuple[str, OffsetMap]:
    """TEXT without artefacts, and the map from the result's offsets back to TEXT's."""
    if "##" not in text and "字" not in text and not has_pinyin(text):
        return text, OffsetMap()
    return _remove(text, ARTEFACT.finditer(text))


# A space between Chinese characters or digits (培训党员 438 人次, 2023 年) is layout, not meaning.
SOFT_SPACE = skip_ahead(r"(?<=[\u4e00-\u9fff\d%])[ \t]{1,3}(?=[\u4e00-\u9fff\d])")
_HARD_END = set("。！？；：!?;:")
# Closing quotes and brackets end a sentence only after a sentence end (…。” or …。）); a full line ending in one
# (社区（居委会）| 开展“双报到” at the edge of the page) goes on on the next.
_CLOSERS = "”’」』）)"


# Digits separated by spaces: one number whose digits are letter-spaced (2 0 2 3) or grouped by thousands (1 020,
# 12 345 678), else numbers of their own — a flattened table's row (28323 28242 28218, or 561 563 564 under three year
# columns), whose spaces separate figures. A run is tried from its first digit only ((?<!\d\d) after it): one that
# fails there fails from every later digit of it too, and a match ends where its last run does, so the matches are
# those of \d+(?:[ \t]{1,3}\d+)+, without its attempt at every digit (each backtracking over the rest of the run).
_DIGIT_RUNS = re.compile(r"\d(?<!\d\d)\d*(?:[ \t]{1,3}\d+)+")
_GAP = re.compile(r"[ \t]+")
_ONE_NUMBER = re.compile(r"\d(?:[ \t]{1,3}\d)+|\d{1,3}[ \t]\d{3}|\d{1,2}(?:[ \t]\d{3})+")


def _table_spaces(text: str) -> set[int]:
    """The starts of the spaces that separate numbers of their own."""
    return {
        m.start() + gap.start()
        for m in _DIGIT_RUNS.finditer(text)
        if not _ONE_NUMBER.fullmatch(m.group())
        for gap in _GAP.finditer(m.group())
    }


def remove_layout(text: str) -> tuple[str, OffsetMap]:
    """Remove soft spaces and, in hard-wrapped text (PDF lines, fixed-width .txt), the line breaks inside
    sentences, so that a sentence broken over two lines is matched as one."""
    cuts = []
    if " " in text or "\t" in text:  # (no space or tab, nothing to cut: no scan)
        separate = _table_spaces(text)
        cuts = [(m.start(), m.end()) for m in SOFT_SPACE.finditer(text) if m.start() not in separate]
    if "x" in text or "X" in text or "*" in text:
        cuts.extend(_masked_spaces(text))
    cuts.extend(_soft_newlines(text))
    if not cuts:
        return text, OffsetMap()
    return _remove(text, sorted(cuts))


# 指标仅 xx 个, 在座的 xx 余名: a masked number spaced off like a typed figure (the spaces are layout too)
MASK_SPACED = skip_ahead(r"(?<=[\u4e00-\u9fff])([ \t]{0,3})[Xx×*]{1,4}([ \t]{0,3})(?=[\u4e00-\u9fff])")


def _masked_spaces(text: str) -> list[tuple[int, int]]:
    return [m.span(g) for m in MASK_SPACED.finditer(text) for g in (1, 2) if m.end(g) > m.start(g)]


# A page that masks 党 as * (入*积极分子, *员发展, 向*组织靠拢) and never writes it: the * are the character, not
# figures.
MASKED_PARTY = re.compile(r"(?<![\dXx×*])\*(?=[\u4e00-\u9fff])(?![名个人次件期场户位家起元余多万千百十])")
MASKED_PARTY_WORDS = re.compile(r"\*员|入\*|\*组织|\*委|\*支部|\*的")


def unmask_party(text: str) -> str:
    """TEXT with a masked 党 written back (one character for one), when the page writes no 党 and masks it at least
    three times."""
    if "*" not in text or "党" in text or len(MASKED_PARTY_WORDS.findall(text)) < 3:
        return text
    return MASKED_PARTY.sub("党", text)


_FIELD = re.compile(r"\s*[^\s，。；：:,]{2,16}[：:]")


_ROW_END = re.compile(r"\d(?:[ \t]+\d+(?:\.\d+)?){2,}$")


def printed_width(line: str) -> int:
    """LINE's width on the page in half-width columns: a Chinese character or full-width sign takes two, a digit,
    Latin letter or ASCII sign one (a line of 36 Chinese characters is as wide as one of 32 and 8 digits). Its UTF-8
    length tells them apart without a look at each character: three bytes for the first, one for the second."""
    return (len(line.encode("utf-8")) + len(line)) // 2


_LINE = re.compile(r"[^\n]*")
_DOUBLE_GAP = re.compile(r"\n[ \t\u3000]*\n")


def _soft_newlines(text: str) -> list[tuple[int, int]]:
    """Line breaks of wrapped text: many lines of one printed width; a full-width line not ending a sentence
    continues on the next (short lines such as titles and headings are kept). Widths are printed widths
    (printed_width), since the digits and ASCII signs of a PDF's line are half as wide as its Chinese characters.
    Double-spaced text (a blank line after every printed line, as some PDF converters give it) is read the same
    way, its blank lines the breaks."""
    breaks = text.count("\n")
    # (most breaks in pairs: the lines are those that are not blank, each gap of one blank line a break)
    double = breaks >= 8 and text.count("\n\n") * 2 >= breaks * 8 // 10
    if double:
        spans = [(m.start(), m.end()) for m in _LINE.finditer(text) if text[m.start() : m.end()].strip()]
    else:
        spans, pos = [], 0
        for line in text.split("\n"):
            spans.append((pos, pos + len(line)))
            pos += len(line) + 1
    if len(spans) < 5 or len(text) > 60 * len(spans):
        return []  # paragraphs, not printed lines (a printed Chinese line holds at most ~50 characters)
    lines = [text[a:b] for a, b in spans]
    widths = [printed_width(line.rstrip()) for line in lines]
    long = [w for w in widths if w >= 40]
    if len(long) < 4:
        return []
    # Wrapped text: most long lines reach (nearly) the same width, the page's.
    width = Counter(long).most_common(1)[0][0]
    width = max(w for w in long if w <= width + 4)
    if sum(1 for w in long if w >= width - 8) < max(4, len(long) * 6 // 10):
        return []
    out = []
    for k, line in enumerate(lines[:-1]):
        stripped = line.rstrip()
        end, after = spans[k][1], spans[k + 1][0]
        if double and not _DOUBLE_GAP.fullmatch(text, end, after):
            continue  # (two blank lines or more: a paragraph's end)
        # 项目：数值 lines (农村居民人均可支配收入：23,560元 / 矛盾纠纷化解：216件) are fields, not wrapped prose
        fields = _FIELD.match(line) is not None and _FIELD.match(lines[k + 1]) is not None
        # (…Villager Committees (unit) 1530 1498 1476: a table row ending in its cells is no wrapped prose)
        row = stripped[-1:].isdigit() and _ROW_END.search(stripped) is not None
        if widths[k] >= width - 8 and stripped.rstrip(_CLOSERS)[-1:] not in _HARD_END and not fields and not row:
            out.append((end, after) if double else (end, end + 1))
    return out


def _remove(text: str, spans: Iterable[Any]) -> tuple[str, OffsetMap]:
    """TEXT without the [start, end) SPANS (sorted, or match objects), with the map back to TEXT."""
    m = OffsetMap()
    parts: list[str] = []
    pos = out = 0
    for hit in spans:
        start, end = hit if isinstance(hit, tuple) else hit.span()
        if start < pos:
            continue
        parts.append(text[pos:start])
        out += start - pos
        pos = end
        m.clean.append(out)
        m.orig.append(pos)
    parts.append(text[pos:])
    return "".join(parts), m


# Characters that are also simplified characters and that t2s would wrongly fold in names (乾丰乡, 乾元镇 are not
# 干丰乡, 干元镇); a figure never depends on them.
KEEP_T2S = frozenset("乾")


def _keep_simplified(text: str, converted: str) -> str:
    """CONVERTED with the characters of KEEP_T2S put back where TEXT had them (same length only)."""
    if len(converted) != len(text) or not any(ch in text for ch in KEEP_T2S):  # a substring search, not a set
        return converted
    return "".join(o if o in KEEP_T2S else c for o, c in zip(text, converted, strict=True))


def to_simplified(text: str) -> tuple[str, OffsetMap]:
    """OpenCC t2s; when a conversion changes length, lines are converted char by char to keep offsets."""
    cc = _t2s()
    converted = _keep_simplified(text, cc.convert(text))
    m = OffsetMap()
    if len(converted) == len(text):
        return converted, m
    out: list[str] = []
    clean_pos = 0
    for orig_pos, ch in enumerate(text):
        c = ch if ch in KEEP_T2S else cc.convert(ch)
        if len(c) != 1 or clean_pos != orig_pos:
            m.clean.append(clean_pos)
            m.orig.append(orig_pos)
        out.append(c)
        clean_pos += len(c)
    return "".join(out), m


CN_YEAR = re.compile(r"(?:一九|二[〇零○0])[〇零○0一二三四五六七八九]{2}(?=\s*年)")
_CN_DIGIT = str.maketrans("〇零○一二三四五六七八九", "000123456789")


def arabic_years(text: str) -> str:
    """二〇二二年 → 2022年 (same length: offsets are unchanged)."""
    if "〇" not in text and "零" not in text and "○" not in text and "一九" not in text and "二0" not in text:
        return text
    return CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGIT), text)


# Financial numerals (大写数字, as on receipts and in some tables): only a run of at least two with a digit among
# them is a number (陆续, 伍家, 拾起 are words).
FINANCIAL = str.maketrans("壹贰貳叁肆伍陆陸柒捌玖拾佰仟", "一二二三四五六六七八九十百千")
_FIN_DIGITS = "壹贰貳叁肆伍陆陸柒捌玖"
FINANCIAL_RUN = re.compile(f"[{_FIN_DIGITS}拾佰仟零万亿]{{2,}}")
# 廿 = 二十, 卅 = 三十, 卌 = 四十 before a counted unit or a date's 日 (廿四次, 卅人); a place name keeps them
# (廿八都镇).
ROUND_TENS = {"廿": "二十", "卅": "三十", "卌": "四十"}
ROUND_TENS_RE = Sparse("[廿卅卌](?=[一二三四五六七八九]?(?:[个名人次场期户件起家余多日天万]|元))")


def plain_financial(text: str) -> str:
    """壹佰贰拾 → 一百二十, one character for one (simplified text: 貳/陸 are already 贰/陆)."""
    if not any(c in text for c in _FIN_DIGITS):
        return text
    return FINANCIAL_RUN.sub(
        lambda m: m.group().translate(FINANCIAL) if any(c in _FIN_DIGITS for c in m.group()) else m.group(), text
    )


def plain_numerals(text: str) -> tuple[str, OffsetMap]:
    """Financial numerals and 廿/卅/卌 as the common numerals (after t2s)."""
    text = plain_financial(text)
    m = OffsetMap()
    if not ROUND_TENS_RE.search(text):
        return text, m
    out: list[str] = []
    pos = shift = 0
    for hit in ROUND_TENS_RE.finditer(text):
        start = hit.start()
        out.append(text[pos:start])
        out.append(ROUND_TENS[hit.group()])
        shift += 1
        m.clean.append(start + shift)  # the inserted 十 and what follows map back onto 廿 and after it
        m.orig.append(start)
        pos = start + 1
    out.append(text[pos:])
    return "".join(out), m


# ASCII punctuation typed in Chinese text (as some sites and converters give it: 党员801人,党支部28个;…) is the
# Chinese punctuation a rule is written with; a comma or colon between digits (3,288户, 10:30) stays.
# (, : not between two digits; five first characters a report holds a few times at most: found with str.find)
_ASCII_PUNCT = Sparse(r"[;()]|[,:](?!(?<=\d[,:])\d)")
_TO_CHINESE = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}


def chinese_punctuation(text: str) -> str:
    """TEXT with ASCII , ; : ( ) as their Chinese forms (one character for one: offsets are unchanged)."""
    return _ASCII_PUNCT.sub(lambda m: _TO_CHINESE[m.group()], text)


# A table flattened one cell per line (党员数(人) |⏎7849 |⏎2.69 |⏎|): a run of such lines is one row of cells
_CELL_LINE = re.compile(r"[^|\n]{0,40}\|[ \t]*")
CELL_RUN = 6


def join_cell_lines(text: str) -> str:
    """A run of at least CELL_RUN lines that are each one table cell ending in | → its cells on one line (each
    line break a space, one for one), so that a label's value stands beside it as in a row-per-line table."""
    if "|\n" not in text:
        return text
    lines = text.split("\n")
    cell = [_CELL_LINE.fullmatch(line) is not None for line in lines]
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and cell[j]:
            j += 1
        if j - i >= CELL_RUN:
            out.append(" ".join(lines[i:j]))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def clean_text(text: str) -> CleanText:
    """Apply the cleaning steps to TEXT (see module docstring)."""
    step1, m1 = remove_artefacts(text)
    if _FOLD_OR_THOUSANDS.search(step1) is None:
        step2 = step1
    else:
        step1 = THOUSANDS_COMMA.sub(r"\1,", step1)
        step2 = FOLD_RE.sub(lambda m: FOLD[ord(m.group())], step1)
    step3, m3 = remove_layout(step2)
    step3 = chinese_punctuation(step3)
    step4, m4 = to_simplified(step3)
    step6, m6 = plain_numerals(arabic_years(unmask_party(join_cell_lines(step4))))
    step7, points = roc_years(step6, step3)
    m7 = OffsetMap([0, *(c for c, _ in points)], [0, *(o for _, o in points)])
    maps = [m for m in (m1, m3, m4, m6, m7) if not m.identity]
    return CleanText(original=text, text=step7, maps=maps)
