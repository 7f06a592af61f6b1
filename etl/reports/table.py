"""Tables with a column per year (a 述职 comparing this year with the last), as plain text or as .docx rows:

    项目　　　　2022年　2023年        项目，2022年，2023年。
    入党申请人　　38人　　45人         入党申请人，38人，45人。

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

# Two years next to each other on one line (only cells or separators between them): a candidate header.
QUICK = re.compile(r"(?:19|20)\d\d年度?[ \t，,、|｜:：]*(?:19|20)\d\d年")
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
