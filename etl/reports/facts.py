"""The fact a matched figure makes: its value in the indicator's unit, its parts (attrs: type, level, severity
from the trigger or the words around it; 其中 modifiers naming a part of the figure before), its year and
whether it is a plan. Used by etl.reports.match once a candidate has passed etl.reports.valid."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from etl.reports.context import SCHEDULED, Context, RawFact, achieved_year, fact_year
from etl.reports.meta import Meta
from etl.reports.numbers import convert_money
from etl.reports.patterns import Part, Rule, RuleSet
from etl.reports.periods import period_at
from etl.reports.scan import Mention, Segment
from etl.reports.valid import Cand

PART_MODIFIER = re.compile(r"(?:其中|、)(?P<v>[\u4e00-\u9fa5]{1,8}?)(?P<de>的?)(?=[\dXx×*一二两三四五六七八九十])")
LEVEL = re.compile(r"[一二三四五六七八九\d]级")
# 预计开展200余场，实现…15366名党员全覆盖: the whole a projected campaign covers is stated as it stands, not projected
COVERED = re.compile(r"[^，,。；;、\d]{0,6}?全覆盖")
_LEVEL_NUMBER = re.compile(r"([一二三四五六七八九]|\d)级")
BRACKET_PART = re.compile(r"(?P<v>[\u4e00-\u9fa5]{1,8}?)(?P<de>的?)(?=[\dXx×*一二两三四五六七八九十])")


def _in_open_bracket(t: str, pos: int) -> bool:
    """POS lies after an opening bracket of its sentence that is not closed yet."""
    lo = max(t.rfind(ch, 0, pos) for ch in "。；;\n")
    opened = max(t.rfind("(", lo + 1, pos), t.rfind("（", lo + 1, pos))
    return opened > lo and max(t.find(")", opened, pos), t.find("）", opened, pos)) < 0


def parts_of_last(
    t: str,
    clause: Segment,
    cm: list[Mention],
    hits: list[tuple[int, int, str]],
    a: int,
    b: int,
    rules: RuleSet,
    ctx: Context,
) -> list[Cand]:
    """共有合作社97个，其中运营规范的41个 / 网格128个，其中一级1个、二级12个: after 其中, modifiers with figures
    and no indicator word of their own are parts of the figure before, when that indicator has parts and the
    modifier names one (a level, a listed type, or a status "…的"; not a noun such as 市级示范社)."""
    rule = rules.rules[ctx.last_indicator or ""]
    if not rule.parts or (a < b and hits[a][0] < clause.end):
        return []
    # 54个党支部(村党支部46个,机关事业单位5个): a clause inside the brackets of a stated breakdown
    bracketed = not t.startswith("其中", clause.start) and _in_open_bracket(t, clause.start)
    if not bracketed and not t.startswith("其中", clause.start):
        return []
    out: list[Cand] = []
    pos = clause.start
    for m in cm:
        pm = (BRACKET_PART if bracketed and pos == clause.start else PART_MODIFIER).match(t, pos, m.start + 1)
        if pm is None or pm.end() != m.start or m.unit not in rule.units or not _names_part(rule, pm):
            break
        out.append(
            Cand(
                5,
                rule.key,
                m,
                pm.start("v") - 2 if pos == clause.start and not bracketed else pm.start("v"),
                pm.end("v"),
                "其中",
            )
        )
        pos = m.end
    return out


def _names_part(rule: Rule, pm: re.Match[str]) -> bool:
    v = pm.group("v")
    for p in rule.parts:
        if (p.level and LEVEL.search(v)) or (p.regex is not None and pm.group("de")):
            return True
        if any(w.partition("=")[0] in v for w in p.values):
            return True
    return False


def make_fact(t: str, clause: Segment, c: Cand, rule: Rule, ctx: Context, meta: Meta) -> RawFact:
    m = c.mention
    value = m.value
    if rule.kind == "money" and not m.masked:
        value = convert_money(m.value, m.unit, rule.unit)
    attrs = _attrs(t, clause, c, rule.parts)
    start, end = min(c.tstart, m.start), max(c.tend, m.end)
    year, target = fact_year(ctx, meta, m.start), ctx.target
    if not target and ctx.forecast is not None and ctx.forecast < m.start and COVERED.match(t, m.end) is None:
        target = True  # a projection aims at the year it names, else the report's
    elif not target and SCHEDULED.search(t, clause.start, m.start) is not None:
        target = True  # 排出全年培训班9期: the clause's figure is scheduled, not held yet
    if target and (done := achieved_year(t, clause.start, m.start, ctx, meta)) is not None:
        year, target = done, False
    period = period_at(ctx.periods, m.start)
    if period is None and not target and not any(end <= m.start for end, _ in ctx.periods):
        period = meta.period  # 上半年工作总结: the title's period, unless the sentence named one (全年…)
    if period is not None:
        attrs["period"] = period  # 截至6月底, 上半年, 上年底: another 口径 than the year's, never its headline
    return RawFact(
        rule.key,
        None if m.masked else value,
        m.masked,
        m.qualifier,
        attrs,
        year,
        target,
        start,
        end,
    )


def _attrs(t: str, clause: Segment, c: Cand, parts: tuple[Part, ...]) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    lo = c.mention.end if c.right else max(clause.start, c.tstart - 4)
    window = t[lo : c.tend]
    for p in parts:
        value = _part_value(t, clause, c, p, window, not attrs)
        if value is not None:
            attrs[p.attr] = value
    return attrs


def _part_value(t: str, clause: Segment, c: Cand, p: Part, window: str, first: bool = True) -> Any:
    if p.from_trigger:
        # word_only: the counted word alone (基层党委188个), or a pattern's own text (有党委6738个, 下设3个党委)
        word = t[c.tstart : c.tend] if c.word == "pattern" else c.word
        for k in sorted(p.from_trigger, key=len, reverse=True):
            if k in word if p.word_only else (k in c.word or k in window):
                return p.from_trigger[k]
        return None
    if p.level:
        lv = _LEVEL_NUMBER.search(window)
        return (
            ("一二三四五六七八九".index(lv.group(1)) + 1 if not lv.group(1).isdigit() else int(lv.group(1)))
            if lv
            else None
        )
    if p.regex is not None:
        # in the figure's own 、-item (小区网格1672个、行业网格2655个: each names its own part)
        item = t.rfind("、", clause.start, min(c.tstart, c.mention.start)) + 1 or clause.start
        rm = p.regex.search(t, item, c.tend)
        # a part named after 其中 (其中运营规范的41个), unless an earlier part read it (其中一级1个: a level)
        if rm is None and c.word == "其中" and first:
            return t[c.tstart : c.tend].removeprefix("其中") or None
        return rm.group("v") if rm else None
    for v in p.values:
        word, _, canon = v.partition("=")
        if word in window:
            return canon or word
    return None


def parts_of_core(raw: list[RawFact], rules: RuleSet) -> list[RawFact]:
    """RAW with, after each figure of an indicator that is a kind of another (catalog `part_of`), the same figure as
    that indicator's part, when the report states no figure of it: 已对109名流入党员集中动态纳管 is also the 流动党员
    count's part of type 流入, while 流动党员146人，其中流入15人 keeps 146 as the only 流动党员 figure."""
    if not any(rules.rules[f.indicator].part_of for f in raw):
        return raw
    stated = {f.indicator for f in raw}
    out: list[RawFact] = []
    for f in raw:
        out.append(f)
        part = rules.rules[f.indicator].part_of
        if part is not None and part[0] not in stated:
            key, attr, value = part
            out.append(replace(f, indicator=key, attrs={**f.attrs, attr: value}))
    return out
