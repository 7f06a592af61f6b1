"""Counts of villages over an income threshold (8个村集体经济收入达10万元以上, 50万元以上的村有6个): they pair
two figures, so they are read before the one-figure matching of etl.reports.match.
"""

from __future__ import annotations

import re

from etl.reports.context import Context, RawFact, fact_year
from etl.reports.lists import TO_WORD
from etl.reports.meta import Meta
from etl.reports.numbers import convert_money
from etl.reports.patterns import RuleSet
from etl.reports.scan import Mention, Segment

VILLAGE_AFTER = re.compile(r"的?(?:行政|建制)?村(?![民组级委干])")
# (八个立项社区集体收入…: a community with a short modifier; 嘎查 is the village of pastoral areas)
# (226个“破零”任务村收入全部达到1万元以上: villages of a programme, its name in quotes)
VILLAGE_COUNT = re.compile(
    r"(?:行政|建制)?村|嘎查|[\u4e00-\u9fa5]{0,2}?社区(?![党居])|“[^”\n]{1,6}”[\u4e00-\u9fa5]{0,2}村(?![民组级委干])"
)
THRESHOLD_BEFORE = re.compile(r"(?:达到?|超过?|刚过|突破|在)了?$")
# 3个村集体经济总收入合计5280万元，均超过1000万元: every one of the villages counted before clears the threshold
ALL_OF_THEM = re.compile(r"(?:均|全部|都)(?:已|能|可)?(?:达到?|超过?|突破|在)了?$")
# 其中5个超过了千万元: a count right before the threshold, joined by the verb only (the villages talked of before)
COUNT_THEN_VERB = re.compile(r"(?:个)?(?:村)?(?:均|全部|都)?(?:已|更是)?(?:达到?|超过?|突破|迈过|跨过)了?")
# 50万元以上的村有包集、牌坊…等6个村: the villages named, then counted
NAMED_AFTER = re.compile(r"(?:以上)?的?(?:行政)?村有[^，。；;！？\n]{1,40}?等$")
# 2个村突破了百万大关: a round threshold said in words, with no unit
ROUND_MARK = re.compile(
    r"(?:突破|超过|达到|迈过|跨过|跨越|迈上|跃上|站上)了?(十|百|千)万(?:元(?:以上)?(?:大关|关口)?|(?:大关|关口|台阶))"
)
ROUND_VALUE = {"十": 10.0, "百": 100.0, "千": 1000.0}
# 企业产值在5000万元以上的行政村: money that is not income (output, investment) is no threshold of income
NOT_INCOME = re.compile(r"产值|投资|营业额|销售额|资金|贷款|存款|补贴|奖补|经费|资产")
# 超过10万元的村由2022年的4个增加到7个: the count then and now
VILLAGES_FROM = re.compile(r"(?:以上)?的?(?:行政|建制)?村(?:数量?)?(?:由|从)(?:((?:19|20)\d\d)年(?:底|末)?的?)?")
# 8个村收入超过20万元: 收入 right after 村 is the villages' income without the word 集体
VILLAGE_INCOME = re.compile(r"村(?:级|集体)?(?:经济体|经济组织)?的?(?:年|全年)?(?:稳定性|经营性)?收入")
# 10万元以下的村有4个 / 低于10万元: a count below a threshold is not one above it
BELOW_BEFORE = re.compile(r"(?:低于|不足|不到|未达到?|未超过)$")
# 新增…50万元以上的村3个 is a change in the count, not the count
NEW_ONES = re.compile(r"新增|新晋|新培育|净增")


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
    text = t[clause.start : clause.end]
    # most clauses hold no income word: a test of their last characters (…收入, …经济) spares the two searches
    inc = (
        (rules.income_re.search(t, clause.start, clause.end) or VILLAGE_INCOME.search(t, clause.start, clause.end))
        if "入" in text or any(map(text.__contains__, rules.income_ends))
        else None
    )
    inc_end = inc.end() if inc else clause.start
    money = [m for m in cm if m.unit in ("万元", "元", "亿元") and m.start >= inc_end and _is_threshold(t, m)]
    if inc is None and not inherited:
        # 力争50万元以上的村达到10个: a threshold followed by 村 needs no income word
        money = [m for m in money if VILLAGE_AFTER.match(t, m.end) and not NOT_INCOME.search(t, clause.start, m.start)]
        if not money:
            return False
    key = next(r.key for r in rules.rules.values() if r.threshold_income)
    if inc is not None or inherited:
        _round_marks(t, clause, cm, key, ctx, meta, out, used)
    for mm in cm:
        # 4个村集体经济收入仍在10万元以下: a count below a threshold is no indicator (and 10万元 no income)
        if mm.unit in ("万元", "元", "亿元") and mm.start >= inc_end and _is_below(t, mm):
            count = _village_count(t, cm, mm, used)
            if count is not None:
                used.update((id(mm), id(count)))
    for mm in money:
        year = fact_year(ctx, meta, mm.start)
        moved = _from_to(t, cm, mm, used)
        count = moved[1] if moved else _village_count(t, cm, mm, used)
        if (
            count is None
            and ALL_OF_THEM.search(t, max(clause.start, mm.start - 6), mm.start)
            and OWN_SUBJECT.search(t, clause.start, mm.start) is None
        ):
            count = next((m for m in reversed(ctx.earlier) if m.unit == "个" and VILLAGE_COUNT.match(t, m.end)), None)
        if count is None:
            continue
        found = [(count, year)]
        if moved:
            used.add(id(moved[0]))
            if moved[2] is not None:  # 由4个增至7个 without a year: the earlier count's year is unknown
                found.insert(0, (moved[0], moved[2]))
        used.update((id(mm), id(count)))
        if NEW_ONES.search(t, clause.start, mm.start):
            continue
        threshold = None if mm.masked else convert_money(mm.value, mm.unit, "万元")
        # 预计今年年底，全县40个村的村集体收入可达100万元以上: a projection is a target
        target = ctx.target or (ctx.forecast is not None and ctx.forecast < mm.start)
        for c, y in found:
            value = None if c.masked else c.value
            start, end = min(c.start, inc.start() if inc else mm.start), max(c.end, mm.end)
            out.append(RawFact(key, value, c.masked, c.qualifier, {"threshold": threshold}, y, target, start, end))
        if not moved and _all_villages(t, count, mm) and "administrative_villages" in rules.rules:
            # 全镇61个行政村集体经济收入均突破20万元: the township's villages, every one of them over the threshold
            value = None if count.masked else count.value
            out.append(
                RawFact(
                    "administrative_villages",
                    value,
                    count.masked,
                    count.qualifier,
                    {},
                    year,
                    target,
                    max(clause.start, count.start - 2),
                    count.end + 3,
                )
            )
    return inc is not None or inherited


ALL_VILLAGES_BEFORE = re.compile(r"(?:全[乡镇]|全街道|辖区?)(?:共|的)?$")
# (全镇23个行政村100%实现经营性收入超20万元: every one of them, as a share)
ALL_VILLAGES_AFTER = re.compile(r"均|全部|都|(?<![\d.])100%|百分之百")
# 21个行政村集体经济收入全部超过10万元: 行政村 …全部 says every village, without 全镇 before
EVERY_VILLAGE = re.compile(r"(?:行政|建制)村[^，,。；;\n\d]{0,12}?全部")
# 南湾乡各村集体经济收入均超过20万元: a clause naming its own subject speaks of no count before it
OWN_SUBJECT = re.compile(r"各(?:行政)?村|全[乡镇]|所有(?:行政)?村|[乡镇]的?各")


def _all_villages(t: str, count: Mention, money: Mention) -> bool:
    """The count is all the township's villages (全镇N个村…均…, N个行政村…全部…) and it comes before the threshold."""
    if count.end > money.start or ALL_VILLAGES_AFTER.search(t, count.end, money.start) is None:
        return False
    return (
        ALL_VILLAGES_BEFORE.search(t, max(0, count.start - 4), count.start) is not None
        or EVERY_VILLAGE.match(t, count.end, money.start) is not None
    )


def _from_to(t: str, cm: list[Mention], money: Mention, used: set[int]) -> tuple[Mention, Mention, int | None] | None:
    """超过10万元的村由2022年的4个增加到7个 → (4个, 7个, 2022); None when the threshold is not followed so."""
    fm = VILLAGES_FROM.match(t, money.end)
    if fm is None or fm.end() == money.end:
        return None
    after = [m for m in cm if m.start >= fm.end() and id(m) not in used]
    if len(after) < 2 or after[0].start != fm.end() or after[0].unit != "个" or after[1].unit != "个":
        return None
    if TO_WORD.fullmatch(t, after[0].end, after[1].start) is None:
        return None
    return after[0], after[1], int(fm.group(1)) if fm.group(1) else None


def _is_below(t: str, m: Mention) -> bool:
    return (
        m.qualifier == "under"
        or t.startswith(("以下", "以内"), m.end)
        or bool(BELOW_BEFORE.search(t, max(0, m.start - 4), m.start))
    )


RANGE_MARKS = set("-~～—至到")
# 平均达到1181.79万元 / 村均21.44万元 / 村均集体经营性收入超过170万元: an average, not a threshold
AVERAGE_BEFORE = re.compile(r"(?:平均|村均|均值)(?:[^，,。；;\d]{0,10}?(?:达到?|为|是|超过|突破))?了?$")


def _is_threshold(t: str, m: Mention) -> bool:
    if _is_below(t, m) or AVERAGE_BEFORE.search(t, max(0, m.start - 16), m.start):
        return False
    after = t[m.end - 2 : m.end + 2]
    if t[m.num_end : m.num_end + 1] in RANGE_MARKS or (t[m.end : m.end + 1] in RANGE_MARKS and "以上" not in after):
        return False  # 收入在10至20万元 / 可达40万元至50万元的村: a closed band, not "above 10万"
    if "以上" in after:
        return True
    verb = THRESHOLD_BEFORE.search(t, max(0, m.start - 3), m.start)
    # 66个村经营性收入达5143.88万元: a bare 达 before a figure no one would set as a bar is the villages' total
    return verb is not None and (not verb.group().startswith("达") or _round(m.value))


def _round(value: float | None) -> bool:
    """A figure one sets as a bar: at most two significant digits (10, 50, 100, 1.5万元), not 5143.88."""
    if value is None:
        return True
    digits = f"{value:.6f}".replace(".", "").strip("0")
    return len(digits) <= 2


def _village_count(t: str, cm: list[Mention], money: Mention, used: set[int]) -> Mention | None:
    """The count of villages paired with a threshold: 'N个村…' before it or '…以上(的村有)N个' after it."""
    for m in cm:
        if m is money or id(m) in used or m.unit != "个":
            continue
        if m.end <= money.start and VILLAGE_COUNT.match(t, m.end):
            return m
        if m.end <= money.start and COUNT_THEN_VERB.fullmatch(t, m.end, money.start):
            return m
        if m.start >= money.end and m.start - money.end <= 8:
            return m
        if m.start >= money.end and VILLAGE_COUNT.match(t, m.end) and NAMED_AFTER.search(t, money.end, m.start):
            return m
    return None


def _round_marks(
    t: str, clause: Segment, cm: list[Mention], key: str, ctx: Context, meta: Meta, out: list[RawFact], used: set[int]
) -> None:
    """其中2个村更是在集体经济收入方面突破了百万大关, 其中5个超过了千万元: a count of villages before a round
    threshold said in words."""
    for rm in ROUND_MARK.finditer(t, clause.start, clause.end):
        count = next(
            (
                m
                for m in reversed(cm)
                if m.end <= rm.start()
                and m.unit == "个"
                and id(m) not in used
                and (VILLAGE_COUNT.match(t, m.end) or m.end == rm.start())
            ),
            None,
        )
        if count is None:
            continue
        used.add(id(count))
        value = None if count.masked else count.value
        threshold = {"threshold": ROUND_VALUE[rm.group(1)]}
        year = fact_year(ctx, meta, count.start)
        start, end = count.start, rm.end()
        out.append(RawFact(key, value, count.masked, count.qualifier, threshold, year, ctx.target, start, end))
