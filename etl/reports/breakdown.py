"""A stated total and the figures that break it down (issue #11, heldout6 s51).

共举办四级培训班6400多期，培训农村党员基层干部100多万人次。举办种养加技术培训班3126期，培训30.2万人次；
举办农村经纪人培训班494期…: after a total stated as a sum (共, 累计), two or more later figures of the same
indicator in the same paragraph, in sentences of their own or after 其中, that together stay within it are its
breakdown by kind, not figures of their own (realdev h16). Separate trainings listed without a sum
(培训班2期，培训党员438人次；…培训20余人次) stay. Only indicators whose catalog entry says `breakdowns: true`
(counts of a period's activity, where such lists are written) are read this way.
"""

from __future__ import annotations

from etl.reports.context import RawFact

SUM_WORDS = ("共", "累计", "合计", "总计")
# The later figures may add up to a little over a total stated with 多/余 (6400多期).
SLACK = 1.05


def drop_breakdowns(facts: list[RawFact], text: str, keys: frozenset[str]) -> list[RawFact]:
    """FACTS without the later figures that break a stated total of the same paragraph down (in text order)."""
    dropped = _subsets(facts, text)
    if keys and sum(1 for f in facts if f.indicator in keys) >= 3:
        _sums(facts, text, keys, dropped)
    return [f for k, f in enumerate(facts) if k not in dropped] if dropped else facts


def _subsets(facts: list[RawFact], text: str) -> set[int]:
    """Whole figures after 其中 in the sentence of a larger whole figure of the same indicator (全区共成立合作社29个，
    其中…，村级合作社22个): a subset, not a figure of its own (a part with its attrs stays)."""
    out: set[int] = set()
    for i, whole in enumerate(facts):
        if not _plain(whole):
            continue
        for k in range(i + 1, len(facts)):
            f = facts[k]
            between = text[whole.end : f.start]
            if any(mark in between for mark in "。！？!?\n"):
                break
            smaller = (f.value or 0) < (whole.value or 0)
            if f.indicator == whole.indicator and _plain(f) and "其中" in between and smaller:
                out.add(k)
    return out


def _sums(facts: list[RawFact], text: str, keys: frozenset[str], dropped: set[int]) -> None:
    """Add to DROPPED the figures that break a total stated as a sum down (see the module's note)."""
    for i, total in enumerate(facts):
        if total.indicator not in keys or not _plain(total) or i in dropped:
            continue
        end = text.find("\n", total.end)
        end = len(text) if end < 0 else end
        if not _summed(text, total.start):
            continue
        later = [
            k
            for k in range(i + 1, len(facts))
            if facts[k].indicator == total.indicator
            and facts[k].start < end
            and _plain(facts[k])
            and _apart(text, total.end, facts[k].start)
        ]
        values = [facts[k].value or 0.0 for k in later]
        whole = total.value or 0.0
        if len(later) >= 2 and all(v < whole for v in values) and sum(values) <= SLACK * whole:
            dropped.update(later)


def _summed(text: str, pos: int) -> bool:
    """The total is stated as a sum: 共/累计/合计/总计 earlier in its sentence
    (我市共举办…培训班6400多期，培训…100多万人次)."""
    start = max(text.rfind(ch, 0, pos) for ch in "。；;！？\n") + 1
    return any(w in text[start:pos] for w in SUM_WORDS)


def _apart(text: str, lo: int, hi: int) -> bool:
    """A later figure stands in a sentence of its own, or after 其中: not an item of the total's own list
    (党纪学习教育培训12次、村干部业务培训班2期 are two figures)."""
    between = text[lo:hi]
    return any(mark in between for mark in ("。", "；", ";", "其中"))


def _plain(f: RawFact) -> bool:
    """A whole figure: no part attrs (a period is no part), not a plan, not masked."""
    return not f.masked and not f.target and f.value is not None and not (f.attrs.keys() - {"period"})
