"""A stated total and the figures that break it down (issue #11, heldout6 s51).

共举办四级培训班6400多期，培训农村党员基层干部100多万人次。举办种养加技术培训班3126期，培训30.2万人次；
举办农村经纪人培训班494期…: after a total stated as a sum (共, 累计), two or more later figures of the same
indicator in the same paragraph, in sentences of their own or after 其中, that together stay within it are its
breakdown by kind, not figures of their own (realdev h16). Separate trainings listed without a sum
(培训班2期，培训党员438人次；…培训20余人次) stay. Only indicators whose catalog entry says `breakdowns: true`
(counts of a period's activity, where such lists are written) are read this way.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from etl.reports.context import RawFact
from etl.reports.spans import char_positions
from etl.reports.sparse import Sparse

SUM_WORDS = ("共", "累计", "合计", "总计")
# The later figures may add up to a little over a total stated with 多/余 (6400多期).
SLACK = 1.05
# (sentence and clause ends: their positions come from the text's one scan of them, etl.reports.spans)
_SENTENCE_END = "。！？!?\n"
_SUBSET = re.compile("其中")
_CLAUSE_END = "。；;"
_SENTENCE_OR_CLAUSE = "。；;！？\n"
_SUM = Sparse("|".join(SUM_WORDS))
# A breakdown follows its whole within this many figures: a paragraph of thousands of figures (an uploaded file with
# no sentence end) is read in linear time
WINDOW = 64


def drop_breakdowns(facts: list[RawFact], text: str, keys: frozenset[str]) -> list[RawFact]:
    """FACTS without the later figures that break a stated total of the same paragraph down (in text order)."""
    subsets = _marks(text, _SUBSET)  # where 其中 stands: both readings ask
    dropped = _subsets(facts, text, subsets) if subsets else set()
    if keys and sum(1 for f in facts if f.indicator in keys) >= 3:
        _sums(facts, text, keys, subsets, dropped)
    return [f for k, f in enumerate(facts) if k not in dropped] if dropped else facts


def _subsets(facts: list[RawFact], text: str, subsets: list[int]) -> set[int]:
    """Whole figures after 其中 (SUBSETS: where it stands) in the sentence of a larger whole figure of the same
    indicator (全区共成立合作社29个，其中…，村级合作社22个): a subset, not a figure of its own (a part with its attrs
    stays)."""
    out: set[int] = set()
    ends = _marks(text, _SENTENCE_END)
    for i, whole in enumerate(facts):
        if not _plain(whole):
            continue
        sentence_end = _next(ends, whole.end, len(text))
        first_subset = _next(subsets, whole.end, len(text))
        for k in range(i + 1, min(len(facts), i + 1 + WINDOW)):
            f = facts[k]
            if f.start > sentence_end:
                break
            smaller = (f.value or 0) < (whole.value or 0)
            if f.indicator == whole.indicator and _plain(f) and first_subset + 2 <= f.start and smaller:
                out.add(k)
    return out


def _marks(text: str, pattern: re.Pattern[str] | str) -> list[int]:
    """Sorted positions where PATTERN (a regex, or a string of mark characters) stands in TEXT."""
    if isinstance(pattern, str):
        return char_positions(text, pattern)
    return [m.start() for m in pattern.finditer(text)]


def _next(positions: list[int], lo: int, default: int) -> int:
    """The first position at or after LO, else DEFAULT."""
    k = bisect_left(positions, lo)
    return positions[k] if k < len(positions) else default


def _sums(facts: list[RawFact], text: str, keys: frozenset[str], subsets: list[int], dropped: set[int]) -> None:
    """Add to DROPPED the figures that break a total stated as a sum down (see the module's note)."""
    apart = (_marks(text, _CLAUSE_END), subsets)
    sentences, sums = _marks(text, _SENTENCE_OR_CLAUSE), list(_SUM.finditer(text))
    sum_ends = [m.end() for m in sums]
    for i, total in enumerate(facts):
        if total.indicator not in keys or not _plain(total) or i in dropped:
            continue
        end = text.find("\n", total.end)
        end = len(text) if end < 0 else end
        if not _summed(sentences, sums, sum_ends, total.start):
            continue
        later = [
            k
            for k in range(i + 1, min(len(facts), i + 1 + WINDOW))
            if facts[k].indicator == total.indicator
            and facts[k].start < end
            and _plain(facts[k])
            and _apart(apart, total.end, facts[k].start)
        ]
        values = [facts[k].value or 0.0 for k in later]
        whole = total.value or 0.0
        if len(later) >= 2 and all(v < whole for v in values) and sum(values) <= SLACK * whole:
            dropped.update(later)


def _summed(sentences: list[int], sums: list[re.Match[str]], ends: list[int], pos: int) -> bool:
    """The total is stated as a sum: 共/累计/合计/总计 earlier in its sentence
    (我市共举办…培训班6400多期，培训…100多万人次). SENTENCES: where 。；;！？ or a line break stand; SUMS: the sum
    words in text order, ENDS their ends."""
    start = sentences[k - 1] + 1 if (k := bisect_left(sentences, pos)) else 0
    last = bisect_right(ends, pos) - 1  # the sum word ending last at or before POS
    return last >= 0 and sums[last].start() >= start


def _apart(apart: tuple[list[int], list[int]], lo: int, hi: int) -> bool:
    """A later figure stands in a sentence of its own, or after 其中: not an item of the total's own list
    (党纪学习教育培训12次、村干部业务培训班2期 are two figures). APART: where 。；; and where 其中 stand."""
    ends, subsets = apart
    return _next(ends, lo, hi) < hi or _next(subsets, lo, hi) + 2 <= hi


def _plain(f: RawFact) -> bool:
    """A whole figure: no part attrs (a period is no part), not a plan, not masked."""
    return not f.masked and not f.target and f.value is not None and not (f.attrs.keys() - {"period"})
