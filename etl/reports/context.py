"""Per-sentence context of a figure: is it a plan or goal (target), and which year is it about; the fact record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from etl.reports.firstchars import skip_ahead
from etl.reports.meta import SAME_YEAR, Meta
from etl.reports.periods import period_cues
from etl.reports.scan import Segment, years_in
from etl.reports.spans import last_of

# (确保在7月底前对…2个软弱涣散村党组织进行顺利转化: a deadline to meet is a goal)
STRONG_PLAN = re.compile(
    r"力争|力求|下一步|明年|来年|今后|下阶段|下一阶段|"
    r"(?:确保|务必)(?:在|于)?(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:底|末|中旬|上旬|下旬)?(?:前|之前)"
)
# 预计年底发展党员40名, 人均可支配收入预计达到29500元: a projection within the year is a target of that year.
# 计划发展党员490名左右 (計畫 reads 计画): a plan verb before the figure (not 按计划完成, not 计划生育);
# 有望突破, 年底将达到: a projection; 拟发展新党员13名, 拟表彰先进基层党组织3个, 拟推荐: 拟 as a plan verb (not the noun
# 拟发展对象 / 拟表彰对象, the candidates named so far)
# 全县党员发展指标仅12个: the year's development quota is a target too
FORECAST = skip_ahead(
    r"预计|预期|预测|可达|有望|将(?:达到|突破|超过)|(?:党员发展|发展党员)指标|(?:(?<![按原超照])计[划画]|拟)(?:全年|年内|今年|当年)?"
    r"(?=(?:发展|新发展|培养|选拔|选派|吸收|举办|开展|培训|新建|建成|完成|实现|达到|表彰|推荐|评选|命名|授予)(?![^，。；]{0,8}?对象))"
)
# XX年(预测)，全镇国内生产总值… : a paragraph opened by a year marked as forecast projects every figure in it
PARAGRAPH_FORECAST = re.compile(r"[^\n。]{0,12}?年(?:度)?[（(](?:预测|预计|预测数)[)）]")
# 排出全年党员干部培训班9期: a schedule for the year (in a mid-year report) plans what its own clause counts; the next
# clause (已举办4期) is what was done
SCHEDULED = re.compile(r"(?:排出|排定|拟定|安排)了?(?:全年|年度|今年|下半年)")
PLAN_MARK = re.compile(r"计划|确保|争取|预计|目标|不少于|不低于|达到|实现")
# 2023年，预计全镇人均生产总值…；财政收入3103万元；…农民人均纯收入X112元: a projection heading a sentence covers every
# figure of its list, past the semicolons that end each item
HEAD_FORECAST = re.compile(r"[^，,。；;\n\d]{0,3}(?:\d{4}年(?:底|末|全年)?)?[，,]?\s*(?:预计|预期)")


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


@dataclass
class Context:
    target: bool
    target_year: int | None
    years: list[tuple[int, int]] = field(default_factory=list)
    last_indicator: str | None = None  # of the latest fact in this sentence (for 其中 …)
    last_unit: str | None = None  # that indicator's canonical unit
    # 发展党员12918名，其中女党员2895名；少数民族党员44名: the figure a 其中-list of the sentences before (joined
    # by ；) broke down, with its unit; the list goes on until a sentence states a figure of its own
    whole: tuple[str, str] | None = None
    earlier: list[Any] = field(default_factory=list)  # the figures of the sentence's earlier clauses
    own_level: str | None = None  # Meta.own_level: 全县 is the document's own scope in a county summary
    forecast: int | None = None  # where the sentence says 预计/可达: figures after it are projections (targets)
    periods: list[tuple[int, str | None]] = field(default_factory=list)  # etl.reports.periods cues of the sentence


def sentence_context(t: str, sent: Segment, meta: Meta, plans: list[tuple[int, int, int | None]]) -> Context:
    """Is this sentence a plan, and for which year."""
    text = t[sent.start : sent.end]
    years = years_in(t, sent.start, sent.end)
    periods = period_cues(t, sent.start, sent.end)
    plan = next((p for p in plans if p[0] <= sent.start < p[1]), None)
    future = [y for _, y in years if meta.year and y > meta.year]
    target = (
        plan is not None
        or STRONG_PLAN.search(text) is not None
        or (bool(future) and PLAN_MARK.search(text) is not None)
    )
    if not target:
        fc = FORECAST.search(t, sent.start, sent.end)
        forecast = fc.start() if fc else None
        if forecast is None and PARAGRAPH_FORECAST.match(t, t.rfind("\n", 0, sent.start) + 1):
            forecast = sent.start
        if forecast is None and sent.start > 0 and t[sent.start - 1] in "；;":
            lo = last_of(t, "。！？!?\n", 0, sent.start) + 1
            if HEAD_FORECAST.match(t, lo) is not None:
                forecast = sent.start
        return Context(False, None, years, forecast=forecast, periods=periods)
    target_year = max(future) if future else (plan[2] if plan and plan[2] else None)
    if target_year is None and meta.year:
        target_year = meta.year if plan and plan[2] == SAME_YEAR else meta.year + 1
    return Context(True, target_year, years, periods=periods)


def achieved_year(t: str, lo: int, pos: int, ctx: Context, meta: Meta) -> int | None:
    """2023年全乡…总收入为186万元，2024年力争达到220万元: in a plan or goal sentence, a clause (LO..POS) that names
    an earlier year than the one aimed at and has no plan word of its own states an achieved figure of that year."""
    named = [y for p, y in ctx.years if lo <= p < pos]
    aim = ctx.target_year or meta.year
    if not named or aim is None or named[-1] >= aim:
        return None
    text = t[lo:pos]
    if STRONG_PLAN.search(text) or PLAN_MARK.search(text):
        return None
    return named[-1]


def fact_year(ctx: Context, meta: Meta, pos: int) -> int | None:
    if ctx.target:
        return ctx.target_year
    before = [y for p, y in ctx.years if p < pos]
    return before[-1] if before else meta.year
