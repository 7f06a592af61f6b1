"""Is a figure ↔ indicator candidate a fact? The vetoes of etl.reports.match: catalog veto words (in the figure's
own 、-item, the verb its list shares, and the clause it continues), 其中-subsets, required words, rates,
weak words without their context, wider areas (全县) and single villages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.reports.context import Context
from etl.reports.lists import Pair
from etl.reports.patterns import Rule
from etl.reports.scan import MENTION_RE, Mention, Segment
from etl.reports.scope import single_village, unmodified, village_paragraph, wider_scope
from etl.reports.spans import any_in, contains_any, last_of, next_of

UNIT_NOUN_REACH = 4  # how far before a figure Rule.unit_requires words may end (走访居民约680家)
SENTENCE_MARKS = "。！？!?；;\n"  # etl.reports.scan.SENTENCE_END as characters

# 农村党员队伍建设仍存在七个方面的问题: a 个-figure right before another noun counts that noun (方面, 问题 …), not
# the trigger word before it.
OTHER_NOUN = re.compile(
    r"(?:方面|问题|难题|短板|不足|弱项|环节|特点|原因|举措|措施|步骤|阶段|层面|维度|领域|渠道|途径|类别?|项)"
)
# 这四个主体, 那两个村: a number after a demonstrative refers back to the items just named
DEICTIC = ("这", "那", "上述")
# 有的乡镇…: some of them (not 现有的, 所有的, 原有的 …)
SOME = re.compile(r"(?<![现原所已拥共具没固特仅新含占还只都])有的")
WHOLE_BEFORE = re.compile(r"全(?:镇|乡|街道)$")
FACILITIES = re.compile(r"、[^，,。；;、\n]{1,8}?(?:办公场所|活动场所|场所|阵地|办公室|活动室|办公用房)")
OF_VILLAGES = re.compile(r"(?:以上)?的[\u4e00-\u9fa5]{0,3}?(?:行政|建制)?村(?![民组级干部委党集小])")
# 优化前，那龙镇共有党支部17个；优化后…共有党支部28个: the state before a change is not the current figure
FORMER = re.compile(r"(?:优化|调整|改革|整合|合并|撤并|改造|整顿)前")
LATTER = re.compile(r"(?:优化|调整|改革|整合|合并|撤并|改造|整顿)后|\d{4}年")


# 将原来的74个网格拓展划分为123个网格: the figure right after 原来的 is the state before the change
FORMER_BEFORE = re.compile(r"(?:原来|原有|原先)的?(?:共有|共)?$")
_FORMER_LAST = "来有先的共\n"  # the characters a match of FORMER_BEFORE ends with, or a \n its $ stands before


def _former_state(t: str, sent_start: int, pos: int) -> bool:
    """A 优化前-type marker earlier in the sentence, with no 优化后 or year after it, before POS; or 原来的 right
    before POS."""
    if t[pos - 1] in _FORMER_LAST and FORMER_BEFORE.search(t, max(sent_start, pos - 6), pos) is not None:
        return True  # (most figures follow no character a match of FORMER_BEFORE ends with: no search)
    if "前" not in t[sent_start:pos]:
        return False
    last = None
    for m in FORMER.finditer(t, sent_start, pos):
        last = m
    return last is not None and LATTER.search(t, last.end(), pos) is None


# (每两个月上一次党课: a period counted in words is a rate too)
RATE_RE = re.compile(
    r"每(?:季度|个?月|周|年|半年|天|日|名|人|个|村|户|位|次|期|批)|每[两二三四五六半]个?(?:月|周|季度|年)|"
    r"月均|年均|平均|村均|人均|户均|村村(?:都|均)?有"
)


# 坚持一月一次集中学习: "once a month" written with 一 right before the figure
def _rate(before: str, unit: str, right: bool) -> bool:
    """A 每/平均 word before the figure makes it a rate, except a frequency of the activity before a count of units
    (个) named after its unit: 每个月第一个周五组织辖区内72个村级党支部开展主题党日 counts the branches."""
    if RATE_RE.search(before) is None:
        return False  # most figures: no rate word at all
    m = next(reversed(list(RATE_RE.finditer(before))))
    return not (right and unit == "个" and _TIME_RATE.fullmatch(m.group()) is not None)


_TIME_RATE = re.compile(r"每(?:季度|个?月|周|年|半年|天|日)|每[两二三四五六半]个?(?:月|周|季度|年)")


RATE_END = re.compile(r"[一两半]个?(?:月|周|季度|季|年|旬)$")
_RATE_END_LAST = ("月", "周", "度", "季", "年", "旬", "\n")  # what a text RATE_END finds in ends with
# Words a clause may open with before the verb it repeats from the clause before (，累计培训1430人次).
_LEAD = re.compile(r"(?:全年|年内|共计|累计|合计|共|并|另|同时)?")


@dataclass(slots=True)
class Cand:
    score: float
    indicator: str
    mention: Mention
    tstart: int
    tend: int
    word: str
    right: bool = False
    hit: int = -1  # index of the trigger occurrence, -1 for phrasings/patterns


@dataclass(slots=True)
class Items:
    """The 、-items of a clause: where the words of a shared verb end (its first trigger), and its figures (an
    item after a figure starts after its 、: 召开中心组学习会13次、党工委会议40次)."""

    shared_end: int
    figures: list[Mention]


def vetoed(t: str, clause: Segment, sent_start: int, c: Cand, rule: Rule, items: Items) -> bool:
    """A veto word of RULE in C's own item, the shared verb of the clause's list, or (for a clause that opens
    with the trigger of the clause before: 开展实用技术培训24期，培训群众1600人次) the clause it continues; unless
    the sentence has a word of exclude_unless."""
    item_end = t.find("、", max(c.tend, c.mention.end), clause.end)
    item_end = clause.end if item_end < 0 else item_end
    if not contains_any(t, rule.exclude, sent_start, item_end):
        return False  # most figures: no veto word anywhere before the end of their item
    if c.right and WHOLE_BEFORE.search(t, max(0, c.mention.start - 3), c.mention.start):
        # 结对联系全镇272名流动党员: all of the township's, whatever is done with them (the words after the figure
        # still count: 全镇24个村党支部书记 counts the secretaries)
        if not contains_any(t, rule.exclude, c.mention.start, item_end):
            return False
    pos = min(c.tstart, c.mention.start)
    own = max((m.end + 1 for m in items.figures if m.end < pos and t[m.end] == "、"), default=clause.start)
    window = t[clause.start : item_end] if own == clause.start else t[clause.start : items.shared_end] + t[own:item_end]
    lm = _LEAD.match(t, clause.start)
    lead = lm.end() if lm else clause.start
    if not c.right and c.tstart == lead and clause.start > sent_start:
        prev = max(t.rfind(ch, sent_start, clause.start - 1) for ch in "，,") + 1 or sent_start
        if c.word in t[prev : clause.start]:  # the same verb again: 开展技术培训24期，培训群众1600人次
            window = t[prev : clause.start] + window
    if not any_in(rule.exclude, window):
        return False
    if rule.exclude_unless:
        return not contains_any(t, rule.exclude_unless, sent_start, sentence_end(t, c.mention.end))
    return True


# 120个村的村集体收入可达40万元至50万元: the low end of a band written with its unit twice is no figure
# (由40万元增至50万元 and 从40万元到50万元 are a change: the later figure stands)
BAND_AFTER = re.compile(r"[至到~～—-][\d一二三四五六七八九十]")
_BAND_MARKS = "至到~～—-"
FROM_BEFORE = re.compile(r"(?:由|从)(?:原来的|原|过去的)?$")


INCLUDES_NOTE = re.compile(r"[（(](?:含|包含|包括)[^（()）\n]{1,16}[)）]")


def _band_low(t: str, m: Mention) -> bool:
    """M is the low end of a band: 至/到 and a figure right after it (3次到三江乡进行培训: 到 a place, no band)."""
    return (
        t[m.end : m.end + 1] in _BAND_MARKS  # most figures: no mark of a band after them, no regex
        and BAND_AFTER.match(t, m.end) is not None
        and MENTION_RE.match(t, m.end + 1) is not None
        and FROM_BEFORE.search(t, max(0, m.start - 6), m.start) is None
    )


# 其中以修脚产业为主的137名…: after 其中, a figure whose group a 的-phrase narrows (the whole never counted)
SUBSET_OF_UNSAID = re.compile(r"\s*其中[^，,。；;\n\d的]{1,12}的(?=[\d一二两三四五六七八九十百千]|$)")


def _lifted(t: str, pos: int, near: list[str], lifted: dict[str, tuple[str, ...]]) -> bool:
    """A word of LIFTED stands after POS in its sentence and lifts every one of the NEAR words found."""
    end = next_of(t, SENTENCE_MARKS, pos)
    end = len(t) if end < 0 else end
    return any(all(w in words for w in near) and t.find(word, pos, end) >= 0 for word, words in lifted.items())


def valid(t: str, clause: Segment, sent_start: int, c: Cand, rule: Rule, ctx: Context, items: Items) -> bool:
    text = t[clause.start : clause.end]
    if _band_low(t, c.mention):
        return False
    if rule.exclude and vetoed(t, clause, sent_start, c, rule, items):
        return False
    if rule.unit_requires and c.mention.unit in rule.unit_requires:
        # 走访居民680家: the unit counts this indicator only right after one of its nouns
        near = t[max(0, c.mention.start - UNIT_NOUN_REACH) : c.mention.start]
        if not any(w in near for w in rule.unit_requires[c.mention.unit]):
            return False
    if rule.parents and ctx.whole is not None and not text.lstrip().startswith("其中"):
        # 发展党员12918名，其中女党员2895名；少数民族党员44名 / …，其中女性6名，少数民族2名: the 其中-list goes on
        if ctx.whole[0] not in rule.parents and ctx.whole[1] == rule.unit:
            return False
    if ctx.last_indicator and text.lstrip().startswith("其中"):
        # 发展党员8名，其中农村党员6名: a part of the new members, not the township's rural members
        # (设35个支部，其中农村支部22个、农村党员1184名: a count of branches has no members as its part)
        if rule.parents and ctx.last_indicator not in rule.parents and ctx.last_unit == rule.unit:
            return False
        # 化解矛盾纠纷64件，其中重大疑难纠纷3件: a subset of the same count, unless the indicator has parts
        if ctx.last_indicator == rule.key and not rule.parts:
            return False
    if ctx.last_indicator is None and ctx.whole is None and SUBSET_OF_UNSAID.match(t, clause.start, c.mention.start):
        # 取得了显著成效,其中以修脚产业为主的137名流动党员…: some of a group the sentence never counted, by a trait
        return False
    # 党员380人,其中:村级党组织10个、党员324人;机关党组织1个、党员39人: a bare word inside the list is a part
    if ctx.whole is not None and ctx.whole[0] == rule.key and c.word in rule.weak_bare:
        return False
    # a catalog pattern states its own context (有3个社区、68个居民小组、22个村民委员会)
    required = rule.requires and c.word != "pattern"
    if required and not contains_any(t, rule.requires, clause.start, clause.end) and not is_label(t, c.tstart, c.tend):
        return False
    if rule.exclude_near:
        lo = c.mention.end if c.right else max(clause.start, c.tstart - 4)
        # after a right-hand trigger, look a little further: 50个网格党小组 counts 党小组, not 网格
        hi = min(c.tend + 3, clause.end) if c.right else c.mention.start
        window = t[lo:hi]
        if "含" in window:
            window = INCLUDES_NOTE.sub("", window)  # 共有党员(含预备党员)1236名: what the total includes
        near_words = [w for w in rule.exclude_near if w in window]
        # 在上海等城市设立4个流动党支部: the verb right before a figure whose noun follows it is as near
        if c.right:
            near_words += [w for w in rule.exclude_near if t.endswith(w, clause.start, c.mention.start)]
        if near_words and not (rule.near_lifted and _lifted(t, c.mention.end, near_words, rule.near_lifted)):
            return False
    # 30名发展对象和1名预备党员参加了培训 / 组织45名入党积极分子到敬老院…: people who did something, not the stock
    # (a phrasing that ends after its figure, 843家党支部领办…合作社, reads the same way)
    after_figure = c.right or (c.hit < 0 and c.tend > c.mention.end)
    if after_figure and contains_any(t, rule.exclude_after, c.tend, clause.end):
        return False
    if rule.exclude_acting and c.tend > c.mention.end and _acting(t, clause, c, rule.exclude_acting):
        return False  # 385.3万个党支部开展民主评议党员: those that held an activity, not all of them
    if rule.exclude_next and _restated(t, clause, rule.exclude_next):
        return False
    if rule.exclude_before and _before_figure(t, c.mention.start, rule.exclude_before):
        return False  # 习字、二龙、瓦孜寺等五个农村党支部: the ones named, not all of them
    if rule.exclude_sentence and contains_any(t, rule.exclude_sentence, sent_start, c.mention.start):
        return False  # 现有33家企业建立了党组织，…共有党员390人: the members of the organisations the sentence counts
    if not c.right and c.mention.unit == "个" and OTHER_NOUN.match(t, c.mention.end) and c.word != "pattern":
        return False
    if c.word != "pattern" and t.endswith(DEICTIC, 0, c.mention.start):
        return False  # 乡、嘎查、党员中心户、牧民党员这四个主体: the items named before, referred back to, not counted
    if _named_list(t, clause, c):
        return False
    if _former_state(t, sent_start, c.mention.start):
        return False
    before = t[clause.start : c.mention.start]
    if "有的" in before and SOME.search(before):
        return False  # 有的乡镇纪委立案调查3件以上: what some of them did, not the figure of all
    if not rule.allow_rate and (
        _rate(before, c.mention.unit, c.right) or (before.endswith(_RATE_END_LAST) and RATE_END.search(before))
    ):
        return False
    if not rule.allow_rate and clause.start > sent_start and text.lstrip().startswith("其中"):
        # 平均每个村收入为61.72万元，其中经营性收入为19.06万元: a part of an average is an average too
        prev = max(t.rfind(ch, sent_start, clause.start - 1) for ch in "，,") + 1 or sent_start
        if _rate(t[prev : clause.start], c.mention.unit, c.right):
            return False
    if c.mention.qualifier in ("over", "under") and t.startswith("的", c.mention.end) and c.mention.end >= c.tend:
        return False  # 党员人数不足3人的（支部）: a condition on what follows, not a count
    if c.right and FACILITIES.match(t, c.tend, clause.end):
        return False  # 11个村党支部、村委会办公场所设施齐备: the list's head noun is the premises
    if c.mention.unit in ("元", "万元", "亿元") and OF_VILLAGES.match(t, c.mention.end):
        return False  # 培育一批集体经济收入超100万元的示范村: money describing the villages, not a total
    if c.word in rule.weak_context:
        context = rule.weak_context[c.word]
        # the context may stand before a semicolon: 共有党组织二十九个，其中党支部二十六个；党员一千零三十六名
        lo = full_sentence_start(t, sent_start)
        found = (_context_free if c.word in rule.weak_fresh else contains_any)(t, context, lo, c.tstart)
        # (…司法调解…窗口。累计受理各类诉求136件，其中矛盾纠纷118件: the figure's own sentence says it was received; the
        # earlier sentence's word gives it no verb of its own)
        if not found and not _after(t, c, rule) and (not _said_before(t, lo, context) or _own_verb(t, clause, c, rule)):
            return False
        if c.word in rule.weak_bare and not unmodified(t, c.tstart, context):
            return False
    if wider_scope(t, clause.start, c.mention.start, ctx.own_level):
        return False
    return not single_village(t, sent_start, c.mention.start) and not village_paragraph(t, c.mention.start)


# 组织该镇40余名流动党员: a scope word between the verb and the figure
_SCOPE_BEFORE = re.compile(r"(?:全|该|本|我)(?:镇|乡|街道)$|辖区$")


def _before_figure(t: str, pos: int, words: tuple[str, ...]) -> bool:
    """One of WORDS right before the figure at POS (a space between them aside: 行政村, 86个合作社), or before the
    township's scope word there (组织该镇40余名)."""
    while pos > 0 and t[pos - 1] in " \u3000":
        pos -= 1
    scope = _SCOPE_BEFORE.search(t, max(0, pos - 3), pos)
    end = scope.start() if scope else pos
    return t.endswith(words, max(0, end - 2), end)


def _acting(t: str, clause: Segment, c: Cand, verbs: tuple[str, ...]) -> bool:
    """The figure opens its clause and its counted word is the subject of one of VERBS at once (N个党支部开展…); not
    the object of a verb before it (对26个党支部开展星级评定) nor all of them (16个党支部全部开展了…)."""
    return t.startswith(verbs, c.tend) and not t[clause.start : c.mention.start].strip()


def _named_list(t: str, clause: Segment, c: Cand) -> bool:
    """青山养鱼专业合作社、绿源种植专业合作社3家单位: the trigger word closes each name of a 、-list and the figure
    follows the last one at once: it counts the ones named, not all of them."""
    return (
        c.hit >= 0 and not c.right and c.tend == c.mention.start and t.find(c.word + "、", clause.start, c.tstart) >= 0
    )


_NEXT_LEAD = re.compile(r"(?:其中|共|已|并)?")
# 调处490件，调处率100%，调处成功473件: a clause giving the share alone stands between the attempts and the successes
_RATE_CLAUSE = re.compile(r"[^，,。；;！？\n\d]{1,8}?率(?:达到|达|为)?[\d.]+[%％][，,]")


def _restated(t: str, clause: Segment, words: tuple[str, ...]) -> bool:
    """The clause after CLAUSE (same sentence, after a comma) opens with one of WORDS: 调解纠纷1852件，调解成功1818起
    restates the attempts as the successful ones, which are the figure."""
    if clause.end >= len(t) or t[clause.end - 1] not in "，,":
        return False
    rate = _RATE_CLAUSE.match(t, clause.end)
    pos = _NEXT_LEAD.match(t, rate.end() if rate else clause.end).end()  # type: ignore[union-attr]
    word = next((w for w in words if t.startswith(w, pos)), None)
    return word is not None and _RESTATED_FIGURE.match(t, pos + len(word)) is not None


# …成功化解28件: after the restating word, the resolving verb (if any) and at once the figure
_RESTATED_FIGURE = re.compile(r"(?:化解|调解|调处|解决|办结)?了?[\d一二三四五六七八九十两XＸx×*]")


def valid_item(t: str, clause: Segment, sent_start: int, p: Pair, rule: Rule, own_level: str | None = None) -> bool:
    """valid for an item of a 分别 list: veto words count in the item (and the shared verb before it)."""
    item = t[p.item.start : p.item.end]
    if contains_any(t, rule.exclude, clause.start, p.item.end) or any_in(rule.exclude_near, item):
        return False
    if rule.requires and not contains_any(t, rule.requires, clause.start, clause.end):
        return False
    if not rule.allow_rate and RATE_RE.search(item):
        return False
    if p.word in rule.weak_context:
        context = rule.weak_context[p.word]
        if not contains_any(t, context, full_sentence_start(t, sent_start), p.tstart):
            return False
        if p.word in rule.weak_bare and not unmodified(t, p.tstart, context):
            return False
    return not (wider_scope(t, clause.start, p.tstart, own_level) or single_village(t, sent_start, p.tstart))


def _context_free(t: str, context: tuple[str, ...], lo: int, hi: int) -> bool:
    """A context word between LO and HI that no figure of its own follows before HI
    (召开中心组学习16次，干部集中学习5次: the central group had its figure; the cadres' 集中学习 is another's)."""
    if not contains_any(t, context, lo, hi):
        return False
    last = max(t.rfind(w, lo, hi) for w in context)
    digit = _DIGIT.search(t, last, hi)
    # (中心组学习12次，其中集中学习5次: a part of the central group's figure)
    return digit is None or "其中" in t[digit.end() : hi]


SAID_BEFORE = 160


def _said_before(t: str, lo: int, context: tuple[str, ...]) -> bool:
    """The sentence before LO names the context (…把党委理论学习中心组学习作为重要抓手…。2025年全年共组织集中学习
    18次): up to SAID_BEFORE characters back, within the paragraph (lines broken around a quote stay in it)."""
    if lo < 2 or t[lo - 1] != "。":
        return False
    start = max(0, lo - SAID_BEFORE)
    blank = t.rfind("\n\n", start, lo)
    start = start if blank < 0 else blank
    last = max(t.rfind(w, start, lo) for w in context)
    # (开展理论中心组学习8次。…开展12期集中学习: the context had its own figure; the next one is another's)
    return last >= 0 and _DIGIT.search(t, last, lo) is None


_DIGIT = re.compile(r"[\dXx×*＊]")


def _own_verb(t: str, clause: Segment, c: Cand, rule: Rule) -> bool:
    """The figure's clause, or the clause before it when the figure's opens with 其中 (受理各类诉求136件，其中矛盾纠纷
    118件), names a word of the rule's exclude_near (受理, 排查出) before it: a verb that says what the figure counts,
    so a context word said in the sentence before does not apply."""
    if not rule.exclude_near:
        return False
    lo = clause.start
    if t.startswith("其中", lo):
        lo = max(t.rfind(ch, 0, lo - 1) for ch in "，,；;。\n") + 1
    return contains_any(t, rule.exclude_near, lo, c.tstart)


def _after(t: str, c: Cand, rule: Rule) -> bool:
    """An `after` context word of C's weak word later in its sentence (后进党支部2个，均已整改到位)."""
    words = rule.weak_after.get(c.word)
    if not words:
        return False
    return contains_any(t, words, c.mention.end, sentence_end(t, c.mention.end))


# A line of the form 项目：数值 (行政村数：38个, 党员培训：8期，1,960人次): its label names what the figures count.
FIELD_LINE = re.compile(r"[^\s，。；：:,、]{2,16}[：:]")


def is_label(t: str, start: int, end: int) -> bool:
    """The trigger START..END is the label of a 项目：数值 line (行政村数：38个): it ends at the colon, and only a few
    characters without punctuation stand before it on its line."""
    if end >= len(t) or t[end] not in "：:":
        return False
    line = t.rfind("\n", 0, start) + 1
    return start - line <= 6 and FIELD_LINE.fullmatch(t, line, end + 1) is not None


def field_label_end(t: str, pos: int) -> int:
    """The end of the label (after its colon) of the 项目：数值 line holding POS, or -1."""
    line = t.rfind("\n", 0, pos) + 1
    m = FIELD_LINE.match(t, line)
    return m.end() if m and m.end() <= pos else -1


def full_sentence_start(t: str, pos: int) -> int:
    """Start of the sentence around POS when semicolons do not end sentences."""
    return last_of(t, "。！？!?\n", 0, pos) + 1


def sentence_end(t: str, pos: int) -> int:
    """The end (after its mark) of the sentence holding POS; semicolons end sentences here."""
    end = next_of(t, SENTENCE_MARKS, pos)
    return len(t) if end < 0 else end + 1
