"""Counts of villages over an income threshold (8个村集体经济收入达10万元以上, 50万元以上的村有6个): they pair
two figures, so they are read before the one-figure matching of etl.extract_match.
"""

from __future__ import annotations

import re

from etl.extract_context import Context, RawFact, fact_year
from etl.extract_meta import Meta
from etl.extract_scan import Mention, Segment
from etl.numbers import convert_money
from etl.patterns import RuleSet

VILLAGE_AFTER = re.compile(r"的?(?:行政|建制)?村(?![民组级委干])")
VILLAGE_COUNT = re.compile(r"(?:行政|建制)?村")
THRESHOLD_BEFORE = re.compile(r"(?:达到?|超过?|突破|在)$")


def threshold_facts(
    t: str,
    clause: Segment,
    cm: list[Mention],
    rules: RuleSet,
    ctx: Context,
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
    inc_end = inc.end() if inc else clause.start
    money = [m for m in cm if m.unit in ("万元", "元", "亿元") and m.start >= inc_end and _is_threshold(t, m)]
    if inc is None and not inherited:
        # 力争50万元以上的村达到10个: a threshold followed by 村 needs no income word
        money = [m for m in money if VILLAGE_AFTER.match(t, m.end)]
        if not money:
            return False
    key = next(r.key for r in rules.rules.values() if r.threshold_income)
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
                fact_year(ctx, meta, mm.start),
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
        if m.end <= money.start and VILLAGE_COUNT.match(t, m.end):
            return m
        if m.start >= money.end and m.start - money.end <= 8:
            return m
    return None
