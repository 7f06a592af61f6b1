"""Scanning cleaned report text: figures with their units and qualifiers, sentences, clauses, and the
places where a number is a name rather than a quantity (quotes, 《titles》, ordinals, slogans).

Pure functions over the cleaned text (see etl.reports.textclean); offsets are cleaned-text offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from etl.reports.firstchars import class_start, skip_ahead
from etl.reports.numbers import (
    ARABIC_MUL,
    CHINESE,
    CN_ALL,
    MASKED,
    PERCENT_CN,
    PREFIX_QUALIFIERS,
    join_money_unit,
    join_value,
    number_value,
    qualifier_of,
)
from etl.reports.sparse import Sparse

UNITS = (
    "万元",
    "亿元",
    "千元",
    "人次",
    "场次",
    "户次",
    "批次",
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
    "处",
    "家",
    "份",
    "堂",
    "班",
    "批",
    "元",
    "%",
)
_CORE = rf"(?:{MASKED}|{ARABIC_MUL}|{CHINESE})"
# What follows a Chinese numeral's run (十二, 三百五十) in a figure: a range's mark, 余/多/几, a multiplier or a unit.
_AFTER_CN = "".join(sorted(set("-~～—至余多几万亿千") | {u[0] for u in UNITS}))
# A figure needs a unit (or is a 百分之… percentage): the regex engine drops bare numbers (years, codes,
# 一是, 二十大) without a Python-level step per match.
MENTION_RE = class_start(
    # The leading lookahead is the engine's first-character set: it skips, in C, every character that cannot start
    # a figure (etl.reports.firstchars.class_start). The second one turns down at once a Chinese numeral that no
    # unit can follow (一是, 进一步, 三会一课): every figure written so is a run of them and then one of _AFTER_CN,
    # or 百分之, so the figures found are the same, without the whole pattern tried at each such numeral.
    rf"(?=[\dXx×*_零〇一二两三四五六七八九十百千])(?=[\dXx×*_]|[{CN_ALL}]+[{re.escape(_AFTER_CN)}]|百分之)(?<![\d.])(?!(?<=几)十)(?!(?<=数)(?<![人户总次件场个]数)十)(?:(?P<pcn>{PERCENT_CN})|(?P<num>{_CORE})(?:(?P<rng>[-~～—至])(?P<hi>{_CORE}))?"
    # 十几家 / 二十几名 read as 十余 (10, over); 几十名 / 数十名 (but not 人数十二名) are no number
    r"(?P<suf1>余|多|(?<=十)几)?(?P<mul>[万亿千](?!元))?(?P<suf2>余|多)?"
    rf"(?P<unit>{'|'.join(sorted(UNITS, key=len, reverse=True))}))(?P<post>及以上|以上|以下|左右|以内|之多)?"
)
# A table flattened to text states the counting unit once, in the label (党员总数（人）：1236, 基层党组织数(个) 45):
# the bare number after such a label carries the label's unit.
HEADED_RE = Sparse(
    rf"[（(](?P<unit>{'|'.join(sorted(UNITS, key=len, reverse=True))})[)）][ \t]*[：:|]?[ \t]*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?![\d.,{''.join(sorted({u[0] for u in UNITS}))}万亿千百年月日号])"
)
_PRE_RE = re.compile(rf"(?:{'|'.join(sorted(PREFIX_QUALIFIERS, key=len, reverse=True))})$")
# Quoted names and 《document titles》: numbers inside are names, not quantities.
# A quotation that holds a clause break (“今年第一季度立案4起，移送司法机关1起。”) is speech, not a name.
_IN_NAME = r"(?:[^“”\n，。；！？,]|,(?=\d{3}))"
QUOTED_RE = Sparse(
    rf"“{_IN_NAME}{{0,40}}”|\"[^\"\n]{{0,40}}\"|《[^《》\n]{{0,80}}》|「[^「」\n]{{0,40}}」|‘[^‘’\n]{{0,40}}’"
)
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# 47起（其中家支纠纷12起）: a parenthesised 其中 opens a clause of its own, so it reads as a subset.
# 人均纯收入4000元（预计年底达到4500元）: a bracketed projection is a clause of its own, continuing the one before.
# 有8个村委会                中小学“营养餐”: a wide gap between Chinese words is a column gap of flattened layout.
CLAUSE_END = skip_ahead(r"[，。！？!?；;\n]|(?<!\d),|,(?!\d{3})|[（(](?=其中|预计)|(?<=[\u4e00-\u9fff])[ \t]{4,}")
YEAR_RE = skip_ahead(r"(?<![\d.])((?:19[5-9]|20\d)\d)\s*年(?!龄|级|轻|代)")


# (Not frozen: a frozen dataclass sets each field through object.__setattr__, several times the cost of a plain slot
# store, and a report builds a few hundred of these. Treat them as values all the same: nothing assigns to one, and
# unsafe_hash keeps the field hash a frozen one has.)
@dataclass(slots=True, unsafe_hash=True)
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


# 形成“镇指挥中心—四大板块—30个村(社)网格—132个微网格”治理链条: a quoted chain of levels joined by dashes counts
# each level; the figure opening a link (after the dash, not a range 1—3) is a quantity, not part of a name
_CHAIN_LINK = re.compile(r"[\u4e00-\u9fff）)]—")


def _chain_item(text: str, s: int) -> bool:
    """The figure at S opens a link of a quoted chain (…四大板块—132个微网格”)."""
    return s >= 2 and text[s - 1] == "—" and _CHAIN_LINK.match(text, s - 2) is not None


def scan_mentions(text: str) -> list[Mention]:
    """Every figure with a unit (or a percentage) that can be a quantity, in text order."""
    quotes = quoted_spans(text)
    qstarts = [s for s, _ in quotes]
    out: list[Mention] = []
    for m in MENTION_RE.finditer(text):
        pcn, num, _rng, hi, suf1, mul, suf2, unit, post = m.groups()
        if suf1 == "几":
            suf1 = "余"
        num = pcn or num
        s = m.start()
        num_end = s + len(num)
        if _is_name(text, s, num_end, num) or (quotes and inside(quotes, qstarts, s) and not _chain_item(text, s)):
            continue
        value, masked, pct = _FAST.get(num) or number_value(num)
        if mul:
            value = join_value(num, value, mul)
        elif not pcn:
            value, unit = join_money_unit(num, value, unit)
        if value is None and not masked:
            continue
        if hi:
            masked = masked or number_value(hi)[1]
        pre = text[s - 1] in _PRE_LAST and _PRE_RE.search(text, max(0, s - 3), s)
        qualifier = (
            qualifier_of(pre.group(0) if pre else None, (suf1, suf2, post)) if pre or suf1 or suf2 or post else "exact"
        )
        if (hi and qualifier == "exact") or post == "之多":
            qualifier = "over"
        pct = pct or unit == "%"
        end = m.end()
        if unit == "家" and text.startswith("庭户", end):
            unit, end = "户", end + 2  # 共联系5661家庭户: households (家庭户), not 家 of firms
        out.append(
            Mention(
                s,
                end,
                num_end,
                value,
                masked,
                "%" if pct else unit,
                qualifier,
                pct,
                not (num[0].isdigit() or masked or pct),
            )
        )
    if "）" in text or ")" in text:
        out = _with_headed(text, out)
    return _with_bare_counts(text, out)


# A township's villages or branches counted with no 个 (轄9村3213人, 對全鎮10農村黨支部…): after 辖/全镇/共有 the
# bare number before the counted noun is a count of them; so is the number right after a township's name before
# its villages written with their communities (楚店镇14村(社区)均…), and the number of grids a unit is divided into
# (将全县185个村(社区)划分为902网格). Each branch opens with its words, not a lookbehind of them, so a search skips
# to one of a few characters (辖全共现镇乡划), not to every digit, 为 and 成. The figures are the named groups, and a
# match ends with its figure: the words before a figure lie inside an earlier match only when the figure does too,
# so the figures found are the same.
BARE_COUNT_RE = skip_ahead(
    r"(?:辖|全[镇乡]|共有|现有)(?P<num>\d{1,4})"
    r"(?=(?:行政)?村(?![民组级干部委党集小支])|农村党支部|党支部|村委会|村民委员会)"
    r"|[镇乡](?P<town>\d{1,3})(?=村[（(](?:社区|居)[)）])"
    r"|划分[为成](?P<grid>\d{1,5})(?=网格(?![员长]))"
)


def _with_bare_counts(text: str, found: list[Mention]) -> list[Mention]:
    """FOUND and the bare counts of villages, branches or grids (BARE_COUNT_RE) as 个-figures, in text order."""
    bare = []
    for m in BARE_COUNT_RE.finditer(text):
        g = m.lastgroup or "num"
        s, e = m.span(g)
        bare.append(Mention(s, e, e, float(m.group(g)), False, "个", "exact", False, False))
    return sorted(found + bare, key=lambda x: x.start) if bare else found


def _with_headed(text: str, found: list[Mention]) -> list[Mention]:
    """FOUND and the bare numbers after a label that names their unit (党员总数（人）：1236), in text order."""
    headed = []
    for m in HEADED_RE.finditer(text):
        s, e = m.span("num")
        value, unit = join_money_unit(m.group("num"), float(m.group("num").replace(",", "")), m.group("unit"))
        if value is not None:
            headed.append(Mention(s, e, e, value, False, unit, "exact", unit == "%", False))
    return sorted(found + headed, key=lambda x: x.start) if headed else found


def scan_units(text: str, start: int, end: int) -> set[str]:
    """The units of the figures in TEXT[start:end] ("%" for percentages)."""
    return {"%" if m.group("pcn") else m.group("unit") for m in MENTION_RE.finditer(text, start, end)}


# Plain small integers are most figures: skip the general parser for them.
_FAST = {str(i): (float(i), False, False) for i in range(1000)}
_PRE_LAST = {w[-1] for w in PREFIX_QUALIFIERS}


def _is_name(text: str, s: int, num_end: int, num: str) -> bool:
    """Ordinals (第一, 第**次), slogans (1+1+N), a lone 一 (一人一档), numbers glued to letters."""
    before = text[s - 1] if s > 0 else ""
    after = text[num_end] if num_end < len(text) else ""
    if before == "第" or before == "+" or after == "+":
        return True
    if before.isascii() and before.isalpha() and not (num[0] in "Xx" or before in "Xx"):
        return True
    return num == "一" and _lone_one_is_word(text, s, num_end)


_ONE_TO_ONE = re.compile(r"[^，。；;\n]{0,8}?(?:划分|分|划)[成为]一个")


def _lone_one_is_word(text: str, s: int, num_end: int) -> bool:
    """一 is a count in 整顿软弱涣散党组织一个 / 通报批评一人次, a word in 一人一档, 一村一品, 一次性, 一是."""
    m = MENTION_RE.match(text, s)
    end = m.end() if m else num_end
    after = text[end : end + 1]
    before = text[s - 1 : s] if s else ""
    if text[max(0, s - 2) : s] in ("分成", "分为", "划成", "设为") or _ONE_TO_ONE.match(text, end):
        return True  # 将一个行政村划分成一个网格: a rule of division, not a count
    # 最后一个村党支部换届选举落下帷幕, 又一个: one singled out of several, not a count
    # (我作为一名流动党员 / 成为村委会的一名后备干部: one person described, an article, not a count)
    last = text[max(0, s - 2) : s] in ("最后", "最先", "最早", "作为", "成为", "身为") or (
        before in ("是", "的") and text[num_end : num_end + 1] in ("名", "位")
    )
    return (
        last
        or (m is not None and m.group("unit") == "次" and _once_to(text, s))
        or (m is not None and m.group("unit") == "批")  # 培育一批示范村: "a batch of", not a count of batches
        or after in ("一", "性", "是", "批", "线", "把")
        or before in ("一", "每", "第", "统", "唯", "万", "又", "另")
    )


def _once_to(text: str, s: int) -> bool:
    """对*%的党员进行了一次集中培训: 对 X 进行(了)一次 Y is what each of X got once, not a count of Y."""
    before = text[max(0, s - 24) : s]
    if not before.endswith(("进行了", "进行")):
        return False
    cut = max(before.rfind(c) for c in "，。；;,\n")
    return "对" in before[cut + 1 :]


@dataclass(slots=True, unsafe_hash=True)  # (a value, as Mention: not frozen for the cost of building one)
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
    if text.find("年", start, end) < 0:
        return []  # most sentences name no year: no regex scan (its lookbehind start has no prefix to skip to)
    return [(m.start(), int(m.group(1))) for m in YEAR_RE.finditer(text, start, end)]
