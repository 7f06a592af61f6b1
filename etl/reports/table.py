"""Tables with a column per year (a 述职 comparing this year with the last), as plain text or as .docx rows:

    项目　　　　2022年　2023年        项目，2022年，2023年。
    入党申请人　　38人　　45人         入党申请人，38人，45人。

and a statistical yearbook's table flattened to text, its columns headed by bare years and its counting unit stated
once in the row's label, an English label often beside it:

            Item 2005 2010 2013
    2.村民委员会  (个)  Number of Villager Committees (unit) 28323 28242 28218

Each figure of a row is a fact of the indicator its label names, for the year of its column. Read before the
sentence matching of etl.reports.match, which then skips these figures.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from etl.reports.context import RawFact
from etl.reports.lists import item_trigger
from etl.reports.meta import Meta
from etl.reports.numbers import convert_money
from etl.reports.patterns import RuleSet
from etl.reports.scan import Mention, Segment
from etl.reports.sparse import Sparse

# Two years next to each other on one line (only cells or separators between them): a candidate header.
QUICK = Sparse(r"(?:19|20)\d\d年度?[ \t，,、|｜:：]*(?:19|20)\d\d年")
YEAR_CELL = re.compile(r"((?:19|20)\d\d)年度?")
CELL_SEP = re.compile(r"[\s，,、|｜:：。]*")


def year_columns(
    t: str, mentions: list[Mention], hits: list[tuple[int, int, str]], rules: RuleSet, meta: Meta
) -> tuple[list[RawFact], set[int]]:
    """Facts of year-column tables in T, and the ids of the mentions they used."""
    facts: list[RawFact] = []
    used: set[int] = set()
    if QUICK.search(t) is None:
        return facts, used
    starts = [m.start for m in mentions]
    hit_starts = [h[0] for h in hits]
    for header in QUICK.finditer(t):
        line_start = t.rfind("\n", 0, header.start()) + 1
        line_end = _line_end(t, header.start())
        line = t[line_start:line_end]
        years = [int(y) for y in YEAR_CELL.findall(line)]
        rest = YEAR_CELL.sub("", line)
        if len(set(years)) != len(years) or len(rest.strip()) > 12 or re.search(r"\d", rest):
            continue
        pos = line_end + 1
        while pos < len(t):
            end = _line_end(t, pos)
            row = mentions[bisect_left(starts, pos) : bisect_left(starts, end)]
            if len(row) != len(years) or not _cells_only(t, row, end):
                break
            label = Segment(pos, row[0].start)
            a, b = bisect_left(hit_starts, label.start), bisect_left(hit_starts, label.end)
            found = item_trigger(hits, a, b, label, row[0], rules)
            if found is not None:
                key, hs, _he, _word = found
                rule = rules.rules[key]
                for m, year in zip(row, years, strict=True):
                    if m.unit not in rule.units:
                        continue
                    value = convert_money(m.value, m.unit, rule.unit) if rule.kind == "money" else m.value
                    target = bool(meta.year and year > meta.year)
                    facts.append(
                        RawFact(key, None if m.masked else value, m.masked, m.qualifier, {}, year, target, hs, m.end)
                    )
                    used.add(id(m))
            pos = end + 1
    return facts, used


def _line_end(t: str, pos: int) -> int:
    end = t.find("\n", pos)
    return len(t) if end < 0 else end


def _cells_only(t: str, row: list[Mention], end: int) -> bool:
    """Only separators between the figures of a row and after the last one."""
    bounds = [m.end for m in row]
    nexts = [m.start for m in row[1:]] + [end]
    return all(CELL_SEP.fullmatch(t, e, n) is not None for e, n in zip(bounds, nexts, strict=True))


# Two bare years side by side: the quick test for BARE_YEARS (a scan of the whole text for a rare shape)
YEARS_SIDE_BY_SIDE = re.compile(r"(?:19|20)\d\d[ \t]+(?:19|20)\d\d")
# A header of bare years (Item 2005 2010 2013 / 项目 2019 2020 2021): only a short word before them
BARE_YEARS = re.compile(
    r"^[ \t]*(?:[A-Za-z\u4e00-\u9fff]{1,8}[ \t]+)?((?:19|20)\d\d(?:[ \t]+(?:19|20)\d\d)+)[ \t]*$", re.M
)
# The counting unit a yearbook row states in its Chinese label: 村民委员会 (个)
LABEL_UNIT = re.compile(r"[（(](个|人|名|户|家|次|件|万元|元|亿元)[)）]")
BOOK_ROWS = 200  # lines read under one header
_BOOK_CELL = re.compile(r"[ \t]+(\d+(?:\.\d+)?)")


def yearbook_rows(t: str, rules: RuleSet, meta: Meta) -> list[RawFact]:
    """Facts of yearbook tables in T: under a header of bare years, each row whose Chinese label names an indicator and
    states its counting unit in brackets, with one bare number per year at the end of its line."""
    facts: list[RawFact] = []
    for header in BARE_YEARS.finditer(t):
        years = [int(y) for y in header.group(1).split()]
        if len(set(years)) != len(years):
            continue
        tail = re.compile(rf"(?:[ \t]+\d+(?:\.\d+)?){{{len(years)}}}[ \t]*$")
        pos = header.end() + 1
        for _ in range(BOOK_ROWS):
            end = _line_end(t, pos)
            if pos >= len(t) or not t[pos:end].strip() or BARE_YEARS.match(t, pos, end):
                break
            cells = tail.search(t, pos, end)
            unit = LABEL_UNIT.search(t, pos, cells.start()) if cells else None
            found = _book_trigger(t, pos, unit.start(), unit.group(1), rules) if cells and unit else None
            if cells and unit and found:
                key, hs = found
                rule = rules.rules[key]
                for c, year in zip(_BOOK_CELL.finditer(t, cells.start(), end), years, strict=False):
                    value: float | None = float(c.group(1))
                    if rule.kind == "money":
                        value = convert_money(value, unit.group(1), rule.unit)
                    target = bool(meta.year and year > meta.year)
                    facts.append(RawFact(key, value, False, "exact", {}, year, target, hs, c.end(1)))
            pos = end + 1
    return facts


def _book_trigger(t: str, lo: int, hi: int, unit: str, rules: RuleSet) -> tuple[str, int] | None:
    """The indicator a yearbook row's label T[LO:HI] names (its longest trigger, not a weak one, of an indicator that
    takes UNIT and whose veto words the label lacks), with the trigger's start."""
    best: tuple[int, str, int] | None = None
    for m in rules.trigger_re.finditer(t, lo, hi):
        for key in rules.trigger_map[m.group()]:
            rule = rules.rules[key]
            label = t[lo:hi]
            if unit not in rule.units or m.group() in rule.weak_context:
                continue
            if any(w in label for w in (*rule.exclude, *rule.exclude_near)):
                continue
            if best is None or len(m.group()) > best[0]:
                best = (len(m.group()), key, m.start())
    return best[1:] if best else None
