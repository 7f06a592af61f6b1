"""Figure ↔ indicator matching within clauses, driven by the compiled catalog rules (etl.reports.patterns).

A figure becomes a fact when a trigger of a unit-compatible indicator stands in the same clause:
right after its unit (评定出14个先进党组织), or before it within the indicator's gap (培训党员438人次),
or when a catalog phrasing/pattern matches. Each figure yields at most one fact and each trigger
occurrence serves one figure; the closest pairs win. Counts of villages over an income threshold
(8个村集体经济收入达10万元以上) are read first, as they pair two figures. Whether a candidate is a fact
(veto words, 其中-subsets, rates, single villages …) is decided in etl.reports.valid.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from operator import attrgetter, itemgetter

from etl.reports.context import Context, RawFact, sentence_context
from etl.reports.facts import make_fact, parts_of_last
from etl.reports.income import threshold_facts
from etl.reports.lists import from_to, pairs
from etl.reports.meta import Meta
from etl.reports.patterns import Rule, RuleSet, Template
from etl.reports.scan import (
    CLAUSE_END,
    QUOTED_RE,
    Mention,
    Segment,
    scan_mentions,
    scan_units,
)
from etl.reports.scope import foreign_clauses, own_names
from etl.reports.spans import SENTENCE_MARKS, char_positions
from etl.reports.table import YEARS_SIDE_BY_SIDE, year_columns, yearbook_rows
from etl.reports.textscan import text_matches
from etl.reports.triggers import sentence_runs, trigger_hits
from etl.reports.valid import Cand, Items, field_label_end, valid, valid_item

RIGHT_GAP = 6
# Words between a trigger and a later number that mean the number counts something else
# (党员总数比上年增加12人, 发展党员违纪问题排查**人).
# (专属网格增加到50个 names the new level: 增加到 / 提高至 are not breaks.)
_STRONG = (
    r"的(?!有|人数|人员|总数|数量|共|达|为)|排查|发现|涉及|带动|惠及|资助|问题|帮扶|结对|其中|中有|占|"
    r"(?:增加|减少|增长|下降|提高)(?![到至])|比上年|同比|较上年|增收"
)
LEFT_BREAK = re.compile(r"、|和|与|及|" + _STRONG)
# The part of LEFT_BREAK that is not a list conjunction (、和与及).
STRONG_BREAK = re.compile(_STRONG)
# A verb right after a trigger takes its own objects: 召开党委会议研究主题教育和党建工作21次 (和 joins what was
# studied, not indicators).
VERB_OBJECT = re.compile(r"(?:专题)?(?:研究|部署|审议|讨论|传达)")
# Units below a village that a 个-figure often counts right after a village word (9个行政村42个村民小组).
# (辖有7个嘎查2个村: the 2 counts the villages, not the 嘎查 before it)
COUNTED_NOUN = re.compile(
    r"(?:村民|居民|党)?小组|自然(?:村|组|社)|村组|组(?![织建])|社区|居委会|片区|屯|寨|村(?![民组级干部委党集小])"
)
CONTINUES = re.compile(
    r"(?:(?P<year>\d{4})年(?:底|末)?，?)?(?:力争|争取|(?P<fc>预计)(?:年底|年末|全年)?|确保)?(?:并|且|已)?"
    r"(?:达到|达|突破|增至|增加到|提高到|提升到|增长到|增长至)"
)
# (派出一名党建干部对流动党员…: a person counted, then what that person deals with)
RIGHT_BREAK = re.compile(r"[、的和与及或/（(]|(?:干部|书记|人员|同志|专干)[对向给为帮]")


def match_facts(t: str, rules: RuleSet, meta: Meta) -> list[RawFact]:
    """All facts in cleaned text T."""
    if meta.village:
        return []  # a village's own document: its figures are the village's, not the township's
    if meta.entries_at is not None:
        t = t[: meta.entries_at]  # townships listed as entries: each entry's figures are that township's
    mentions = scan_mentions(t)
    book = yearbook_rows(t, rules, meta) if (" " in t or "\t" in t) and YEARS_SIDE_BY_SIDE.search(t) else []
    if not mentions:
        return book
    sentences = _by_sentence(t, mentions)
    # every use of a trigger word lies in a sentence holding a figure (a table's row is one): only they are scanned
    hits = trigger_hits(t, rules, sentence_runs(sentences) if rules.trigger_in_sentence else ((0, len(t)),))
    facts, in_tables = year_columns(t, mentions, hits, rules, meta)
    facts = book + facts
    if in_tables:
        mentions = [m for m in mentions if id(m) not in in_tables]
        sentences = _by_sentence(t, mentions)
    pattern_hits = _pattern_hits(t, rules, mentions)
    plans = meta.plans
    hit_starts = [h[0] for h in hits]
    inherited_income = False
    prev_end = -1
    whole: tuple[str, str] | None = None
    last: tuple[str, str] | None = None  # the latest fact's indicator and unit, of the sentences before
    own = own_names(meta.township, meta.aliases)
    for sent, in_sentence in sentences:
        ctx = sentence_context(t, sent, meta, plans)
        ctx.own_level = meta.own_level
        if sent.start != prev_end or t[sent.start - 1] not in "；;":
            inherited_income = False  # talk of income carries over a semicolon, not a full stop
            whole = None
        ctx.whole, opened, stated = whole, None, False
        prev_end = sent.end
        if last and t[sent.start : sent.end].lstrip().startswith("其中"):
            ctx.last_indicator, ctx.last_unit = last  # 发展党员20.2万名。其中，女党员9.9万名: the figure before
            ctx.whole = opened = last
        foreign = foreign_clauses(t, sent.start, sent.end, own, meta.own_level is not None)
        for clause, cm in _by_clause(t, sent, in_sentence):
            if foreign and any(clause.start <= s < clause.end for s in foreign):
                ctx.earlier.extend(cm)
                continue
            a, b = bisect_left(hit_starts, clause.start), bisect_left(hit_starts, clause.end)
            if ctx.last_indicator and ctx.last_unit and t[clause.start : clause.end].lstrip().startswith("其中"):
                ctx.whole = opened = (ctx.last_indicator, ctx.last_unit)
            found, inherited_income = _clause_facts(
                t, sent.start, clause, cm, hits, a, b, pattern_hits, rules, ctx, meta, inherited_income
            )
            if found:
                ctx.last_indicator = found[-1].indicator
                ctx.last_unit = rules.rules[found[-1].indicator].unit
                if not t[clause.start : clause.end].lstrip().startswith("其中") and not any(
                    rules.rules[f.indicator].parents for f in found
                ):
                    ctx.whole = opened = None  # a figure of its own (共有党员300名) ends the 其中-list before it
            ctx.earlier.extend(cm)
            if found and "占" in t[clause.end - 1 : clause.end + 3]:
                found = [f for f in found if not _share_of_earlier(t, f, facts)]
            facts.extend(found)
            stated = stated or bool(found)
        # a sentence stating figures of its own ends the list, unless it opened one (…，其中…)
        whole = opened or (None if stated else ctx.whole)
        if ctx.last_indicator and ctx.last_unit:
            last = (ctx.last_indicator, ctx.last_unit)
    return facts


def _by_sentence(t: str, mentions: list[Mention]) -> list[tuple[Segment, list[Mention]]]:
    """The sentences that hold figures, each with its figures (in text order)."""
    bounds = [p + 1 for p in char_positions(t, SENTENCE_MARKS)]  # SENTENCE_END, as shared with others
    groups: dict[int, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(bisect_right(bounds, m.start), []).append(m)
    out = []
    for k, ms in groups.items():
        start = bounds[k - 1] if k > 0 else 0
        end = bounds[k] if k < len(bounds) else len(t)
        out.append((Segment(start, end), ms))
    return out


def _by_clause(t: str, sent: Segment, mentions: list[Mention]) -> list[tuple[Segment, list[Mention]]]:
    """The clauses of SENT that hold figures, each with its figures."""
    bounds = [m.end() for m in CLAUSE_END.finditer(t, sent.start, sent.end)]
    groups: dict[int, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(bisect_right(bounds, m.start), []).append(m)
    return [
        (Segment(bounds[k - 1] if k else sent.start, bounds[k] if k < len(bounds) else sent.end), ms)
        for k, ms in groups.items()
    ]


def _pattern_hits(t: str, rules: RuleSet, mentions: list[Mention]) -> dict[int, tuple[str, int, int]]:
    """Catalog patterns: figure start → (indicator, match span) of the first pattern (in catalog order) that
    reads that figure. The patterns that start with their figure are tried at each figure only, as one
    alternation (etl.reports.patterns.FigureAlternation); the others are searched in the whole text, most of
    them in one pass (etl.reports.textscan)."""
    fig = rules.figure_patterns
    scanned = text_matches(rules.text_patterns, rules.patterns, t)
    found: dict[int, tuple[int, str, int, int]] = {}
    for i, (key, rx) in enumerate(rules.patterns):
        if i in fig.indices:
            continue
        if rx.pattern.startswith("(?P<n>"):
            hits = (rx.match(t, m.start) for m in mentions)
        else:
            hits = scanned[i] if i in scanned else rx.finditer(t)  # type: ignore[assignment]
        for m in hits:
            if m is not None:
                found.setdefault(m.start("n"), (i, key, m.start(), m.end()))
    if fig.regex is not None:
        for mention in mentions:
            m = fig.match(t, mention.start)
            if m is not None:
                i, key = fig.names[m.lastgroup or ""]
                prev = found.get(mention.start)
                if prev is None or prev[0] > i:
                    found[mention.start] = (i, key, m.start(), m.end())
    return {pos: (key, s, e) for pos, (_, key, s, e) in found.items()}


def _clause_facts(
    t: str,
    sent_start: int,
    clause: Segment,
    cm: list[Mention],
    hits: list[tuple[int, int, str]],
    a: int,
    b: int,
    pattern_hits: dict[int, tuple[str, int, int]],
    rules: RuleSet,
    ctx: Context,
    meta: Meta,
    inherited_income: bool,
) -> tuple[list[RawFact], bool]:
    out: list[RawFact] = []
    used: set[int] = set()
    income = threshold_facts(t, clause, cm, rules, ctx, meta, inherited_income, out, used)
    listed = pairs(t, clause, cm, hits, a, b, rules, ctx.years) or from_to(t, clause, cm, hits, a, b, rules)
    listed = [p for p in listed if id(p.original) not in used]
    for p in listed:
        rule = rules.rules[p.indicator]
        if p.keep and valid_item(t, clause, sent_start, p, rule, meta.own_level):
            f = make_fact(t, clause, Cand(-3, p.indicator, p.mention, p.tstart, p.tend, p.word), rule, ctx, meta)
            if not ctx.target:
                named = [y for pos, y in ctx.years if clause.start <= pos < p.tstart]
                f.year = p.year or (named[-1] if named else meta.year)
            out.append(f)
    if listed:
        used.update(id(p.original) for p in listed)
    notes = _notes(t, clause)
    cands = [
        c
        for m in cm
        if id(m) not in used
        for c in _candidates(t, clause, m, cm, hits, a, b, pattern_hits, rules, notes)
    ]
    if clause.start > sent_start and cm and id(cm[0]) not in used:
        cands.extend(_continued(t, sent_start, clause, cm[0], hits, rules))
    items = Items(hits[a][0] if a < b else clause.end, cm)
    # Best candidates first; the vetoes (valid, pure) are asked only of those whose figure and trigger are
    # still free: the same picks as filtering first, since a stable sort keeps the order of the valid ones.
    if len(cands) > 1:
        cands.sort(key=lambda c: (c.score, -len(c.word)))
    used_hits: set[int] = set()
    for c in cands:
        if id(c.mention) in used or (c.hit >= 0 and c.hit in used_hits):
            continue
        rule = rules.rules[c.indicator]
        if not valid(t, clause, sent_start, c, rule, ctx, items):
            continue
        f = make_fact(t, clause, c, rule, ctx, meta)
        if ctx.last_indicator == c.indicator and rule.parts and _unnamed_part(t, clause, f, rule):
            continue
        used.add(id(c.mention))
        if c.hit >= 0:
            used_hits.add(c.hit)
        out.append(f)
    if not out and ctx.last_indicator:
        out.extend(
            make_fact(t, clause, c, rules.rules[c.indicator], ctx, meta)
            for c in parts_of_last(t, clause, cm, hits, a, b, rules, ctx)
        )
    if len(out) > 1:
        out.sort(key=lambda f: f.start)
    return out, income


# …，占 61.38%: the share right after a figure
# (占全县的12%: a share of a wider whole, not of the figure before)
SHARE = re.compile(r"\s*[，,]?\s*占(?:总数|总量|总人数|其)?的?\s*(\d+(?:\.\d+)?)\s*[%％]")
SHARE_TOLERANCE = 0.6  # percentage points: the share as printed, rounded


def _share_of_earlier(t: str, f: RawFact, facts: list[RawFact]) -> bool:
    """发展新党员1564人，…。乡镇中发展新党员960名，占61.38%: a figure whose stated share is its part of the latest
    earlier figure of the same indicator breaks that figure down; it is no figure of its own."""
    m = SHARE.match(t, f.end)
    if m is None or not f.value:
        return False
    prev = next((g.value for g in reversed(facts) if g.indicator == f.indicator and g.value), None)
    return prev is not None and abs(f.value / prev * 100 - float(m.group(1))) <= SHARE_TOLERANCE


def _unnamed_part(t: str, clause: Segment, f: RawFact, rule: Rule) -> bool:
    """已发展到781家，其中粮油专业合作社有247家: after 其中, a figure of the indicator just stated that names none of
    its catalog parts (a type, a level) breaks the figure down some other way (by trade): a subset, no fact."""
    return t[clause.start : clause.end].lstrip().startswith("其中") and not any(p.attr in f.attrs for p in rule.parts)


def _quoted_head(between: str, unit: str) -> bool:
    """BETWEEN (trigger … figure) is one quoted name alone (“微阵地”) before a figure of things (个, 处 …)."""
    return unit in ("个", "处", "座", "家") and between[0] == "“" and between.find("”") == len(between) - 1


# bisect keys in C (no Python frame a step): a trigger hit's start, a figure's end and start
_start = itemgetter(0)
_end_of = attrgetter("end")
_start_of = attrgetter("start")


def _neighbours(cm: list[Mention], m: Mention, clause: Segment) -> tuple[int, int]:
    """The end of the clause's figure before M and the start of the one after (clause bounds if none); the
    figures are in text order and do not overlap, so two bisections answer it."""
    i = bisect_right(cm, m.start, key=_end_of)
    j = bisect_left(cm, m.end, key=_start_of)
    return (cm[i - 1].end if i else clause.start), (cm[j].start if j < len(cm) else clause.end)


def _candidates(
    t: str,
    clause: Segment,
    m: Mention,
    cm: list[Mention],
    hits: list[tuple[int, int, str]],
    a: int,
    b: int,
    pattern_hits: dict[int, tuple[str, int, int]],
    rules: RuleSet,
    notes: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> list[Cand]:
    out: list[Cand] = []
    ph = pattern_hits.get(m.start)
    if ph and m.unit in rules.rules[ph[0]].units:
        out.append(Cand(-2, ph[0], m, ph[1], ph[2], "pattern"))
    out.extend(_template_cands(t, clause, m, rules))
    prev_end, next_start = _neighbours(cm, m, clause)
    # 开展2次基层“政治建设”专题轮训: a quoted name between the unit and the noun is a modifier, not a gap
    reach = RIGHT_GAP
    quote = QUOTED_RE.search(t, m.end, clause.end) if "“" in t[m.end : m.end + RIGHT_GAP] else None
    if quote is not None and quote.start() - m.end < RIGHT_GAP and quote.end() <= next_start:
        reach += quote.end() - quote.start()
    # Only hits from the figure before to RIGHT_GAP after this one can pair with it: bisect, not a clause scan.
    lo = bisect_left(hits, prev_end, a, b, key=_start)
    for k in range(lo, bisect_right(hits, m.end + reach, lo, b, key=_start)):
        hs, he, word = hits[k]
        gap_ok = hs - m.end <= (reach if quote is not None and hs >= quote.end() else RIGHT_GAP)
        if hs >= m.end and gap_ok and he <= next_start:
            if RIGHT_BREAK.search(t, m.end, hs):
                continue
            if (k + 1 < b and hits[k + 1][0] in (he, _after_note(t, he))) or ORG_HEAD.match(t, he):
                continue  # 12个网格党支部, XX个行政村(社区)党组织: the last noun is the head, the one counted
            out.extend(_for_word(rules, word, m, hs, he, k, hs - m.end, right=True))
        elif he <= m.start and hs >= prev_end:
            gap = _strip_prefix(t, he, m.start) - he
            between = t[he : m.start]
            if notes:
                # 确定入党积极分子（含村级后备力量）44名: a bracketed note between trigger and figure is transparent,
                # and a word inside it claims the figure only when no word before it does (过硬党支部（先进党支部）9个)
                if any(ns <= hs and ne <= m.start for ns, ne in notes if ne > hs):
                    gap += NOTE_PENALTY
                inner = [(ns, ne) for ns, ne in notes if he <= ns and ne <= m.start]
                if inner:
                    gap -= sum(ne - ns for ns, ne in inner)
                    between = _outside(t, he, m.start, inner)
            if "”" in between and ("“" not in between or _quoted_head(between, m.unit)):
                # 创建“农村党员实训户”示范点7个: the word is inside a quoted name that ends before the figure;
                # 建设网格“微阵地”217个: a quoted name right after the word is what the figure counts (the word its
                # modifier)
                continue
            brk = LEFT_BREAK.search(between)
            # 培训党员、干部和入党积极分子560人次: a list joined by 、和及与 is the verb's objects
            objects = brk is not None and STRONG_BREAK.search(between) is None
            if objects and VERB_OBJECT.match(t, he):
                brk, objects = None, False
            if (brk and not objects) or _counts_noun_after(t, m, clause):
                continue
            out.extend(
                c
                for c in _for_word(rules, word, m, hs, he, k, gap + 0.5, right=False)
                if gap <= rules.rules[c.indicator].max_gap and (not objects or rules.rules[c.indicator].list_objects)
            )
    return out


# 行政村(社区)党组织: a short bracketed note right after a noun, before the noun it modifies
SHORT_NOTE = re.compile(r"[（(][^（()）\n，,。]{1,4}[）)]")


# A party organisation named right after a counted noun (and its note) is what the figure counts
ORG_HEAD = re.compile(r"(?:[（(][^（()）\n，,。]{1,4}[）)])?(?:党组织|党支部|党总支|党委|支部)")


def _after_note(t: str, pos: int) -> int:
    """The end of a short bracketed note starting at POS, or -1."""
    m = SHORT_NOTE.match(t, pos) if t.startswith(("（", "("), pos) else None
    return m.end() if m else -1


NOTE_PENALTY = 3
NOTE = re.compile(r"[（(](?!其中)[^（()）\n]{1,30}[）)]")


def _notes(t: str, clause: Segment) -> list[tuple[int, int]]:
    """Bracketed notes in CLAUSE（含村级后备力量）, as spans including the brackets."""
    if t.find("（", clause.start, clause.end) < 0 and t.find("(", clause.start, clause.end) < 0:
        return []
    return [m.span() for m in NOTE.finditer(t, clause.start, clause.end)]


def _outside(t: str, lo: int, hi: int, notes: list[tuple[int, int]]) -> str:
    """The text LO..HI without the NOTES inside it."""
    parts, pos = [], lo
    for ns, ne in notes:
        parts.append(t[pos:ns])
        pos = ne
    parts.append(t[pos:hi])
    return "".join(parts)


def _counts_noun_after(t: str, m: Mention, clause: Segment) -> bool:
    """辖9个行政村42个村民小组: a 个-figure followed by a noun counts that noun, not the word before it."""
    return m.unit == "个" and COUNTED_NOUN.match(t, m.end, clause.end) is not None


def _for_word(rules: RuleSet, word: str, m: Mention, hs: int, he: int, k: int, score: float, right: bool) -> list[Cand]:
    out = []
    for key in rules.trigger_map[word]:
        rule = rules.rules[key]
        if m.unit not in rule.units:
            continue
        if word in rule.weak_context:
            # A weak word counts only right before its number (context checked in _valid); when it does,
            # it is the more specific reading of a word another indicator also uses (中心组…集中学习).
            if right or score > 2.5:
                continue
            out.append(Cand(score - 0.1, key, m, hs, he, word, right, k))
        else:
            out.append(Cand(score, key, m, hs, he, word, right, k))
    return out


def _continued(
    t: str, sent_start: int, clause: Segment, m: Mention, hits: list[tuple[int, int, str]], rules: RuleSet
) -> list[Cand]:
    """农村居民人均可支配收入增长7%，达到2.3万元: a clause that opens with 达到/突破… and its figure continues
    the subject of the clause before, when that clause gave its trigger no figure of a fitting unit, or when
    the clause names its own year (2023年…总收入为186万元，2024年力争达到220万元)."""
    cm = CONTINUES.match(t, clause.start, m.start)
    if cm is None or _strip_prefix(t, cm.end(), m.start) != cm.end():
        # 党员培训：8期，1,960人次: a bare figure after the first of a 项目：数值 line counts under its label
        bare = _strip_prefix(t, clause.start, m.start) == clause.start and not t[m.end : clause.end].strip("，,。；;\n")
        if not bare or field_label_end(t, clause.start) < 0:
            return []
    lo = max(t.rfind(ch, sent_start, clause.start - 1) for ch in "，,") + 1 or sent_start
    lo_k = bisect_left(hits, lo, key=_start)
    prev = [h for h in hits[lo_k : bisect_left(hits, clause.start, lo_k, key=_start)] if h[1] < clause.start]
    before = scan_units(t, lo, clause.start)
    # 发展党员*名，预计年底达到*名: a projection is its own (target) fact beside the achieved figure
    own_year = cm is not None and (cm.group("year") is not None or cm.group("fc") is not None)
    for k in range(len(prev) - 1, -1, -1):
        hs, he, word = prev[k]
        for key in rules.trigger_map[word]:
            rule = rules.rules[key]
            if m.unit in rule.units and word not in rule.weak_context and (own_year or not before & rule.units):
                return [Cand(4, key, m, hs, he, word)]
    return []


def _template_cands(t: str, clause: Segment, m: Mention, rules: RuleSet) -> list[Cand]:
    """Catalog phrasings around M: those with a right part (keyed by the character after M), then those with a
    left part only (looked up by the words that end before M), each group in catalog order."""
    out = []
    pos = _strip_prefix(t, clause.start, m.start)
    after = t[m.end] if m.end < clause.end else ""
    for tp in rules.templates_by_unit.get((m.unit, after), ()):
        if tp.left and not t.endswith(tp.left, clause.start, pos):
            continue
        if t.startswith(tp.right, m.end, clause.end):
            if rules.trigger_re.match(t, m.end + len(tp.right)) is not None:
                continue  # 全乡14个村党支部: the phrasing's noun modifies a longer one that is counted
            s = pos - len(tp.left) if tp.left else m.start
            out.append(Cand(-1, tp.indicator, m, s, m.end + len(tp.right), tp.left + tp.right))
    lefts = rules.templates_by_left.get((m.unit, t[pos - 1])) if pos > clause.start else None
    if lefts:
        found = [f for n, words in lefts if pos - n >= clause.start for f in words.get(t[pos - n : pos], ())]
        for _, tp in sorted(found, key=_order) if len(found) > 1 else found:
            out.append(Cand(-1, tp.indicator, m, pos - len(tp.left), m.end, tp.left))
    return out


def _order(found: tuple[int, Template]) -> int:
    return found[0]


_PREFIXES = {w: len(w) for w in ("不少于", "超过", "大约", "将近", "接近", "约", "近", "逾", "达到", "达", "共")}
_PREFIX_LAST = frozenset(w[-1] for w in _PREFIXES)


def _strip_prefix(t: str, lo: int, pos: int) -> int:
    """Position before a qualifier word written in front of a number (共有党员约120名 → before 约)."""
    if pos <= lo or t[pos - 1] not in _PREFIX_LAST:
        return pos  # most figures: no qualifier word ends right before them
    for n in (3, 2, 1):
        if pos - n >= lo and t[pos - n : pos] in _PREFIXES:
            return pos - n
    return pos
