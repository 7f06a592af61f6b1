"""Figure ↔ indicator matching within clauses, driven by the compiled catalog rules (etl.patterns).

A figure becomes a fact when a trigger of a unit-compatible indicator stands in the same clause:
right after its unit (评定出14个先进党组织), or before it within the indicator's gap (培训党员438人次),
or when a catalog phrasing/pattern matches. Each figure yields at most one fact and each trigger
occurrence serves one figure; the closest pairs win. Counts of villages over an income threshold
(8个村集体经济收入达10万元以上) are read first, as they pair two figures.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from etl.extract_meta import Meta
from etl.extract_scan import (
    CLAUSE_END,
    SENTENCE_END,
    Mention,
    Segment,
    scan_mentions,
    years_in,
)
from etl.extract_scope import single_village, unmodified, wider_scope
from etl.numbers import convert_money
from etl.patterns import Part, Rule, RuleSet

RIGHT_GAP = 6
RATE_RE = re.compile(r"每(?:季度|个?月|周|年|半年|天|日|名|人|个|村|户|位|次|期|批)|月均|年均|平均|村均|人均|户均")
# Words between a trigger and a later number that mean the number counts something else
# (党员总数比上年增加12人, 发展党员违纪问题排查**人).
LEFT_BREAK = re.compile(
    r"、|和|与|及|的(?!有|人数|人员|总数|数量|共|达|为)|排查|发现|涉及|带动|惠及|资助|问题|帮扶|结对|其中|中有|占|增加|减少|增长|下降|提高|比上年|同比|较上年|增收"
)
RIGHT_BREAK = re.compile(r"[、的和与及或/（(]")
STRONG_PLAN = re.compile(r"力争|力求|下一步|明年|来年|今后|下阶段|下一阶段")
PLAN_MARK = re.compile(r"计划|确保|争取|预计|目标|不少于|不低于|达到|实现")
THRESHOLD_BEFORE = re.compile(r"(?:达到?|超过?|突破|在)$")


@dataclass
class RawFact:
    indicator: str
    value: float | None
    masked: bool
    qualifier: str
    attrs: dict[str, Any]
    year: int | None
    target: bool
    start: int
    end: int


@dataclass(slots=True)
class _Cand:
    score: float
    indicator: str
    mention: Mention
    tstart: int
    tend: int
    word: str
    right: bool = False
    hit: int = -1  # index of the trigger occurrence, -1 for phrasings/patterns


@dataclass
class _Context:
    target: bool
    target_year: int | None
    years: list[tuple[int, int]] = field(default_factory=list)
    last_indicator: str | None = None  # of the latest fact in this sentence (for 其中 …)


def match_facts(t: str, rules: RuleSet, meta: Meta) -> list[RawFact]:
    """All facts in cleaned text T."""
    mentions = scan_mentions(t)
    if not mentions:
        return []
    hits = trigger_hits(t, rules)
    pattern_hits = _pattern_hits(t, rules, mentions)
    plans = meta.plans
    hit_starts = [h[0] for h in hits]
    facts: list[RawFact] = []
    for sent, in_sentence in _by_sentence(t, mentions):
        ctx = _context(t, sent, meta, plans)
        inherited_income = False
        for clause, cm in _by_clause(t, sent, in_sentence):
            a, b = bisect_left(hit_starts, clause.start), bisect_left(hit_starts, clause.end)
            found, inherited_income = _clause_facts(
                t, sent.start, clause, cm, hits, a, b, pattern_hits, rules, ctx, meta, inherited_income
            )
            if found:
                ctx.last_indicator = found[-1].indicator
            facts.extend(found)
    return facts


def trigger_hits(t: str, rules: RuleSet) -> list[tuple[int, int, str]]:
    """Trigger words in T: leftmost-longest, plus any longer word starting inside one found (集中培训 /
    培训覆盖率), so a longer reading is never lost; words inside an earlier one (警告 in 严重警告) are not kept."""
    out: list[tuple[int, int, str]] = []
    match = rules.trigger_re.match
    for m in rules.trigger_re.finditer(t):
        hs, he = m.span()
        out.append((hs, he, m.group()))
        for p in range(hs + 1, he):
            inner = match(t, p)
            if inner is not None and inner.end() > he:
                out.append((p, inner.end(), inner.group()))
                break
    return out


def _by_sentence(t: str, mentions: list[Mention]) -> list[tuple[Segment, list[Mention]]]:
    """The sentences that hold figures, each with its figures (in text order)."""
    bounds = [m.end() for m in SENTENCE_END.finditer(t)]
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
    """Catalog patterns: figure start → (indicator, match span). A pattern that starts with its figure is
    tried at each figure only; others are searched in the whole text."""
    out: dict[int, tuple[str, int, int]] = {}
    for key, rx in rules.patterns:
        if rx.pattern.startswith("(?P<n>"):
            found = (rx.match(t, m.start) for m in mentions)
        else:
            found = rx.finditer(t)  # type: ignore[assignment]
        for m in found:
            if m is not None:
                out.setdefault(m.start("n"), (key, m.start(), m.end()))
    return out


def _context(t: str, sent: Segment, meta: Meta, plans: list[tuple[int, int, int | None]]) -> _Context:
    """Is this sentence a plan, and for which year."""
    text = t[sent.start : sent.end]
    years = years_in(t, sent.start, sent.end)
    plan = next((p for p in plans if p[0] <= sent.start < p[1]), None)
    future = [y for _, y in years if meta.year and y > meta.year]
    target = (
        plan is not None
        or STRONG_PLAN.search(text) is not None
        or (bool(future) and PLAN_MARK.search(text) is not None)
    )
    if not target:
        return _Context(False, None, years)
    target_year = max(future) if future else (plan[2] if plan and plan[2] else None)
    if target_year is None and meta.year:
        target_year = meta.year + 1
    return _Context(True, target_year, years)


def _fact_year(ctx: _Context, meta: Meta, pos: int) -> int | None:
    if ctx.target:
        return ctx.target_year
    before = [y for p, y in ctx.years if p < pos]
    return before[-1] if before else meta.year


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
    ctx: _Context,
    meta: Meta,
    inherited_income: bool,
) -> tuple[list[RawFact], bool]:
    out: list[RawFact] = []
    used: set[int] = set()
    income = _threshold_facts(t, clause, cm, rules, ctx, meta, inherited_income, out, used)
    cands = [c for m in cm if id(m) not in used for c in _candidates(t, clause, m, cm, hits, a, b, pattern_hits, rules)]
    cands = [c for c in cands if _valid(t, clause, sent_start, c, rules.rules[c.indicator], ctx)]
    cands.sort(key=lambda c: (c.score, -len(c.word)))
    used_hits: set[int] = set()
    for c in cands:
        if id(c.mention) in used or (c.hit >= 0 and c.hit in used_hits):
            continue
        used.add(id(c.mention))
        if c.hit >= 0:
            used_hits.add(c.hit)
        out.append(_fact(t, clause, c, rules.rules[c.indicator], ctx, meta))
    out.sort(key=lambda f: f.start)
    return out, income


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
) -> list[_Cand]:
    out: list[_Cand] = []
    ph = pattern_hits.get(m.start)
    if ph and m.unit in rules.rules[ph[0]].units:
        out.append(_Cand(-2, ph[0], m, ph[1], ph[2], "pattern"))
    out.extend(_template_cands(t, clause, m, rules))
    prev_end = max((x.end for x in cm if x.end <= m.start), default=clause.start)
    next_start = min((x.start for x in cm if x.start >= m.end), default=clause.end)
    for k in range(a, b):
        hs, he, word = hits[k]
        if hs >= m.end and hs - m.end <= RIGHT_GAP and he <= next_start:
            if RIGHT_BREAK.search(t, m.end, hs):
                continue
            if k + 1 < b and hits[k + 1][0] == he:
                continue  # 12个网格党支部: the last noun is the head, the one counted
            out.extend(_for_word(rules, word, m, hs, he, k, hs - m.end, right=True))
        elif he <= m.start and hs >= prev_end:
            gap = _strip_prefix(t, he, m.start) - he
            if LEFT_BREAK.search(t, he, m.start):
                continue
            out.extend(
                c
                for c in _for_word(rules, word, m, hs, he, k, gap + 0.5, right=False)
                if gap <= rules.rules[c.indicator].max_gap
            )
    return out


def _for_word(
    rules: RuleSet, word: str, m: Mention, hs: int, he: int, k: int, score: float, right: bool
) -> list[_Cand]:
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
            out.append(_Cand(score - 0.1, key, m, hs, he, word, right, k))
        else:
            out.append(_Cand(score, key, m, hs, he, word, right, k))
    return out


def _template_cands(t: str, clause: Segment, m: Mention, rules: RuleSet) -> list[_Cand]:
    out = []
    pos = _strip_prefix(t, clause.start, m.start)
    by = rules.templates_by_unit
    after = t[m.end] if m.end < clause.end else ""
    before = "<" + t[pos - 1] if pos > clause.start else ""
    for tp in (*by.get((m.unit, after), ()), *by.get((m.unit, before), ())):
        if tp.left and not t.endswith(tp.left, clause.start, pos):
            continue
        if not tp.right or t.startswith(tp.right, m.end, clause.end):
            s = pos - len(tp.left) if tp.left else m.start
            out.append(_Cand(-1, tp.indicator, m, s, m.end + len(tp.right), tp.left + tp.right))
    return out


_PREFIXES = {w: len(w) for w in ("不少于", "超过", "大约", "将近", "接近", "约", "近", "逾", "达到", "达", "共")}


def _strip_prefix(t: str, lo: int, pos: int) -> int:
    """Position before a qualifier word written in front of a number (共有党员约120名 → before 约)."""
    for n in (3, 2, 1):
        if pos - n >= lo and t[pos - n : pos] in _PREFIXES:
            return pos - n
    return pos


def _valid(t: str, clause: Segment, sent_start: int, c: _Cand, rule: Rule, ctx: _Context) -> bool:
    text = t[clause.start : clause.end]
    if rule.exclude and any(w in text for w in rule.exclude):
        return False
    if rule.parents and ctx.last_indicator and text.lstrip().startswith("其中"):
        # 发展党员8名，其中农村党员6名: a part of the new members, not the township's rural members
        if ctx.last_indicator not in rule.parents:
            return False
    if rule.requires and not any(w in text for w in rule.requires):
        return False
    if rule.exclude_near:
        lo = c.mention.end if c.right else max(clause.start, c.tstart - 4)
        # after a right-hand trigger, look a little further: 50个网格党小组 counts 党小组, not 网格
        hi = min(c.tend + 3, clause.end) if c.right else c.mention.start
        if any(w in t[lo:hi] for w in rule.exclude_near):
            return False
    before = t[clause.start : c.mention.start]
    if not rule.allow_rate and RATE_RE.search(before):
        return False
    if c.word in rule.weak_context:
        context = rule.weak_context[c.word]
        if not any(w in t[sent_start : c.tstart] for w in context):
            return False
        if c.word in rule.weak_bare and not unmodified(t, c.tstart, context):
            return False
    if wider_scope(t, clause.start, c.mention.start):
        return False
    return not single_village(t, sent_start, c.mention.start)


def _fact(t: str, clause: Segment, c: _Cand, rule: Rule, ctx: _Context, meta: Meta) -> RawFact:
    m = c.mention
    value = m.value
    if rule.kind == "money" and not m.masked:
        value = convert_money(m.value, m.unit, rule.unit)
    attrs = _attrs(t, clause, c, rule.parts)
    start, end = min(c.tstart, m.start), max(c.tend, m.end)
    return RawFact(
        rule.key,
        None if m.masked else value,
        m.masked,
        m.qualifier,
        attrs,
        _fact_year(ctx, meta, m.start),
        ctx.target,
        start,
        end,
    )


def _attrs(t: str, clause: Segment, c: _Cand, parts: tuple[Part, ...]) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    lo = c.mention.end if c.right else max(clause.start, c.tstart - 4)
    window = t[lo : c.tend]
    for p in parts:
        value = _part_value(t, clause, c, p, window)
        if value is not None:
            attrs[p.attr] = value
    return attrs


def _part_value(t: str, clause: Segment, c: _Cand, p: Part, window: str) -> Any:
    if p.from_trigger:
        for k in sorted(p.from_trigger, key=len, reverse=True):
            if k in c.word or k in window:
                return p.from_trigger[k]
        return None
    if p.level:
        lv = re.search(r"([一二三四五六七八九]|\d)级", window)
        return (
            ("一二三四五六七八九".index(lv.group(1)) + 1 if not lv.group(1).isdigit() else int(lv.group(1)))
            if lv
            else None
        )
    if p.regex is not None:
        rm = p.regex.search(t, clause.start, c.tend)
        return rm.group("v") if rm else None
    for v in p.values:
        word, _, canon = v.partition("=")
        if word in window:
            return canon or word
    return None


def _threshold_facts(
    t: str,
    clause: Segment,
    cm: list[Mention],
    rules: RuleSet,
    ctx: _Context,
    meta: Meta,
    inherited: bool,
    out: list[RawFact],
    used: set[int],
) -> bool:
    """Counts of villages over an income threshold. Returns whether this clause talks about income,
    so that a following '，XX万元以上X个' in the same sentence is read the same way."""
    if rules.income_re is None:
        return False
    inc = rules.income_re.search(t, clause.start, clause.end)
    if inc is None and not inherited:
        return False
    key = next(r.key for r in rules.rules.values() if r.threshold_income)
    inc_end = inc.end() if inc else clause.start
    money = [m for m in cm if m.unit in ("万元", "元", "亿元") and m.start >= inc_end and _is_threshold(t, m)]
    for mm in money:
        count = _village_count(t, cm, mm, used)
        if count is None:
            continue
        used.update((id(mm), id(count)))
        threshold = None if mm.masked else convert_money(mm.value, mm.unit, "万元")
        start = min(count.start, inc.start() if inc else mm.start)
        end = max(count.end, mm.end)
        out.append(
            RawFact(
                key,
                None if count.masked else count.value,
                count.masked,
                count.qualifier,
                {"threshold": threshold},
                _fact_year(ctx, meta, mm.start),
                ctx.target,
                start,
                end,
            )
        )
    return inc is not None or inherited


def _is_threshold(t: str, m: Mention) -> bool:
    after = t[m.end - 2 : m.end + 2]
    return "以上" in after or THRESHOLD_BEFORE.search(t, max(0, m.start - 2), m.start) is not None


def _village_count(t: str, cm: list[Mention], money: Mention, used: set[int]) -> Mention | None:
    """The count of villages paired with a threshold: 'N个村…' before it or '…以上(的村有)N个' after it."""
    for m in cm:
        if m is money or id(m) in used or m.unit != "个":
            continue
        if m.end <= money.start and re.match(r"(?:行政)?村", t[m.end : m.end + 3]):
            return m
        if m.start >= money.end and m.start - money.end <= 8:
            return m
    return None
