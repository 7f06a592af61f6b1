"""Constructs that share one trigger or one list among figures:
- "召开党委会、中心组学习会、专题党课分别为24次、12次、4次" pairs the i-th item with the i-th figure;
  "给予警告、严重警告处分各2人" gives each item the one figure;
- "党支部由2022年的31个增至34个": the second figure is the current value, the first the named year's
  (without a named year the earlier figure's year is unknown, and it is left out);
- "2002年—2003年，…农民人均纯收入分别为2297元、2296元": one item and one figure per year the sentence named, in order;
- "城乡居民人均可支配收入分别达到32000元、18650元": the towns' figure, then the countryside's (the rural one).

Pure functions over cleaned text; etl.reports.match turns the pairs into facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from etl.reports.numbers import PREFIX_QUALIFIERS
from etl.reports.patterns import RuleSet
from etl.reports.scan import Mention, Segment

# 分别为 / 分别是 / 分别达到 …; a qualifier written once after 分别 (分别不少于8名、16名) holds for every figure.
RESPECTIVELY = re.compile(r"分别(?:为|是|有|达到|达|占|计)?|各(?=[\dXx×*一二两三四五六七八九十])")
ITEM_SPLIT = re.compile(r"[、和及与]")
BETWEEN_FIGURES = re.compile(r"\s*[、，,和及与]?\s*")
FROM_YEAR = re.compile(r"由(?:((?:19|20)\d\d)年(?:底|末)?的?)?")
# 2002年—2003年: two years joined by a dash or 至/到, every year between them named
YEAR_SPAN = re.compile(r"年?\s*[—–\-~～至到]+\s*$")
TO_WORD = re.compile(r"(?:增|增加|增长|发展|提高|提升|上升|扩大|减少|下降|降|减)(?:至|到)|达到")


@dataclass(frozen=True, slots=True)
class Pair:
    indicator: str
    mention: Mention  # qualifier adjusted when a word after 分别 applies to all figures
    original: Mention
    tstart: int
    tend: int
    word: str
    item: Segment
    year: int | None = None  # the year named for this figure (由2022年的31个), else the sentence's
    keep: bool = True  # False: the figure is consumed but is not a fact (由31个增至34个: 31, year unknown)


def pairs(
    t: str,
    clause: Segment,
    cm: list[Mention],
    hits: list[tuple[int, int, str]],
    a: int,
    b: int,
    rules: RuleSet,
    years: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> list[Pair]:
    """The item ↔ figure pairs of a 分别/各 list in CLAUSE, or [] when it does not pair up cleanly."""
    text = t[clause.start : clause.end]
    rm = RESPECTIVELY.search(t, clause.start, clause.end) if "分别" in text or "各" in text else None
    if rm is None:
        return []
    figures = _figures_after(t, cm, rm.end())
    if not figures:
        return []
    each = rm.group().startswith("各")
    # 镇党委书记、镇长分别讲党课3次、2次: the verb after 分别 names the indicator of every figure
    found = item_trigger(hits, a, b, Segment(rm.end(), figures[0].start), figures[0], rules)
    if found is not None or figures[0].start - rm.end() > 3:
        if found is None or each or len(figures) < 2:
            return []
        key, hs, he, word = found
        return [Pair(key, f, f, hs, he, word, Segment(hs, he)) for f in figures if f.unit in rules.rules[key].units]
    if not each and len(figures) >= 2 and years:
        # (2021年、2022年农民人均纯收入分别为…: the years of the clause are no items)
        lead = max((t.find("年", p) + 1 for p, _ in years if clause.start <= p < rm.start()), default=clause.start)
        single = _items(t, lead, rm.start())
        if len(single) == 1 and (found_years := _per_year(t, rm.start(), figures, hits, a, b, rules, single[0], years)):
            return found_years
    items = _items(t, clause.start, rm.start())
    if len(items) == 1 and not each and len(figures) == 2 and t.find("城乡", clause.start, rm.start()) >= 0:
        return _town_and_country(t, figures, hits, a, b, rules, items[0])
    if len(items) < 2 or (each and len(figures) != 1) or (not each and len(items) != len(figures)):
        return []
    figures = figures * len(items) if each else figures
    qualifier = _shared_qualifier(t, rm.end(), figures[0])
    out: list[Pair] = []
    head = item_trigger(hits, a, b, items[-1], figures[-1], rules)
    for item, fig in zip(items, figures, strict=True):
        found = item_trigger(hits, a, b, item, fig, rules)
        if found is None and head is not None and _shares_head(item, head, rules):
            # 城镇、农村居民人均可支配收入分别为32000元、18650元 / 男、女党员分别为800名、456名: a modifier before 、
            # shares the last item's noun; its figure is another kind's, consumed, no fact
            key, hs, he, word = head
            out.append(Pair(key, fig, fig, hs, he, word, item, keep=False))
            continue
        if found is None:
            return []  # every item must name an indicator, or the list is something else
        key, hs, he, word = found
        m = replace(fig, qualifier=qualifier) if qualifier and fig.qualifier == "exact" else fig
        out.append(Pair(key, m, fig, hs, he, word, item))
    return out


def _per_year(
    t: str,
    before: int,
    figures: list[Mention],
    hits: list[tuple[int, int, str]],
    a: int,
    b: int,
    rules: RuleSet,
    item: Segment,
    years: list[tuple[int, int]],
) -> list[Pair]:
    """农民人均纯收入分别为2297元、2296元 after 2002年—2003年 (or 2002年、2003年): one indicator, one figure per year
    the sentence names before BEFORE, in order; [] unless the years and the figures pair up one to one."""
    named = _years_named(t, [(p, y) for p, y in years if p < before])
    if len(named) != len(figures):
        return []
    found = item_trigger(hits, a, b, item, figures[0], rules)
    if found is None:
        return []
    key, hs, he, word = found
    if any(f.unit not in rules.rules[key].units for f in figures):
        return []
    return [Pair(key, f, f, hs, he, word, item, y) for f, y in zip(figures, named, strict=True)]


SHARED_HEAD_ITEM = 8  # the longest item that may be a bare modifier of the last item's noun (石桥镇城镇)


def _shares_head(item: Segment, head: tuple[str, int, int, str], rules: RuleSet) -> bool:
    """ITEM, short and naming no indicator, modifies the noun of the list's last item (HEAD, its trigger):
    城镇、农村居民…收入, 男、女党员; for an indicator without parts (whose parts the modifier might name)."""
    return item.end - item.start <= SHARED_HEAD_ITEM and not rules.rules[head[0]].parts


def _town_and_country(
    t: str, figures: list[Mention], hits: list[tuple[int, int, str]], a: int, b: int, rules: RuleSet, item: Segment
) -> list[Pair]:
    """城乡居民人均可支配收入分别达到32000元、18650元: one word for the towns' and the countryside's figures, in that
    order: the second is the rural figure, the first (the towns') is consumed and no fact."""
    found = item_trigger(hits, a, b, item, figures[1], rules)
    if found is None:
        return []
    key, hs, he, word = found
    town, country = figures
    return [Pair(key, town, town, hs, he, word, item, keep=False), Pair(key, country, country, hs, he, word, item)]


def _years_named(t: str, years: list[tuple[int, int]]) -> list[int]:
    """The years YEARS name, a span of two (2002年—2003年) standing for every year in it; [] unless they rise."""
    ys = [y for _, y in years]
    if len(ys) == 2 and 0 < ys[1] - ys[0] < 10 and YEAR_SPAN.search(t, years[0][0] + 4, years[1][0]):
        return list(range(ys[0], ys[1] + 1))
    return ys if all(x < y for x, y in zip(ys, ys[1:], strict=False)) else []


def _figures_after(t: str, cm: list[Mention], pos: int) -> list[Mention]:
    """The figures right after POS, one after another with only 、/和 between them."""
    out: list[Mention] = []
    for m in cm:
        if m.start < pos:
            continue
        gap = t[pos : m.start]
        if out:
            if BETWEEN_FIGURES.fullmatch(gap) is None:
                break
        elif len(gap) > 12:  # 分别不少于8名, 分别讲党课3次: words may stand before the first figure
            break
        out.append(m)
        pos = m.end
    return out


def _items(t: str, start: int, end: int) -> list[Segment]:
    """The list items between START and END (split at 、和及与)."""
    out, pos = [], start
    for m in ITEM_SPLIT.finditer(t, start, end):
        out.append(Segment(pos, m.start()))
        pos = m.end()
    out.append(Segment(pos, end))
    return [s for s in out if s.end > s.start]


def _shared_qualifier(t: str, pos: int, first: Mention) -> str | None:
    word = t[pos : first.start]
    return PREFIX_QUALIFIERS.get(word) if word else None


def item_trigger(
    hits: list[tuple[int, int, str]], a: int, b: int, item: Segment, fig: Mention, rules: RuleSet
) -> tuple[str, int, int, str] | None:
    """The indicator an item names: its longest trigger word whose indicator takes the figure's unit."""
    best: tuple[int, str, int, int, str] | None = None
    for k in range(a, b):
        hs, he, word = hits[k]
        if hs < item.start or he > item.end:
            continue
        for key in rules.trigger_map[word]:
            rule = rules.rules[key]
            if fig.unit not in rule.units:
                continue
            rank = len(word) - (10 if word in rule.weak_context else 0)
            if best is None or rank > best[0]:
                best = (rank, key, hs, he, word)
    return best[1:] if best else None


def from_to(
    t: str, clause: Segment, cm: list[Mention], hits: list[tuple[int, int, str]], a: int, b: int, rules: RuleSet
) -> list[Pair]:
    """党支部由2022年的31个增至34个 → the 2022 figure and the current one, both of the trigger before 由."""
    fm = FROM_YEAR.search(t, clause.start, clause.end) if t.find("由", clause.start, clause.end) >= 0 else None
    if fm is None or (
        fm.end() < clause.end and not ("0" <= t[fm.end()] <= "9" or t[fm.end()] in "Xx×*一二两三四五六七八九十")
    ):
        return []
    after = [m for m in cm if m.start >= fm.end()]
    if len(after) < 2 or after[0].start != fm.end() or after[0].unit != after[1].unit:
        return []
    old, new = after[0], after[1]
    if TO_WORD.fullmatch(t, old.end, new.start) is None:
        return []
    found = item_trigger(hits, a, b, Segment(max(clause.start, fm.start() - 12), fm.start()), old, rules)
    if found is None:
        return []
    key, hs, he, word = found
    item = Segment(hs, he)
    year = int(fm.group(1)) if fm.group(1) else None
    return [
        Pair(key, old, old, hs, he, word, item, year, keep=year is not None),
        Pair(key, new, new, hs, he, word, item),
    ]
