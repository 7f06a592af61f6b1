"""An inventory restated for a year right after it (issue #11, dev7 s12).

茂县全县支部数302个，党员总数7668名，…新发展党员214名。2022年全县支部数301个，…党员总数7854人，…新发展党员172名。:
a sentence with no year of its own whose figures are all written again, with other values, in the next sentence that
opens with its year is the state before that year (the previous year's), not a current figure (the spec's
before/after pair: the earlier one is a fact only with a year of its own). At least two indicators must be restated,
every one with a new value, so that a sentence of other work before a year's tally keeps its figures.
"""

from __future__ import annotations

import re

from etl.reports.context import RawFact
from etl.reports.spans import runs_ending

_SENTENCE_END = re.compile(r"[。！？!?\n]")  # opens with a class: the search skips to the marks in C
_YEAR = re.compile(r"(?:19|20)\d\d\s*年")
_OPENS_WITH_YEAR = re.compile(r"\s*(?:19|20)\d\d\s*年(?:度|底|末)?[，,]?")
MIN_RESTATED = 2


def drop_restated(raw: list[RawFact], text: str) -> list[RawFact]:
    """RAW without the figures of a sentence restated, every indicator with a new value, by the next sentence that
    opens with a year."""
    if len(raw) < 2 * MIN_RESTATED or _YEAR.search(text) is None:
        return raw
    spans = runs_ending(text, _SENTENCE_END)  # (the non-empty matches of [^。！？!?\n]*[。！？!?\n]?)
    by_sentence: dict[int, list[RawFact]] = {}
    k = 0
    for f in sorted(raw, key=lambda f: f.start):
        while k < len(spans) and spans[k][1] <= f.start:
            k += 1
        if k < len(spans):
            by_sentence.setdefault(k, []).append(f)
    drop: set[int] = set()
    for i, facts in by_sentence.items():
        later = by_sentence.get(i + 1)
        s, e = spans[i]
        if not later or _YEAR.search(text, s, e) or not _OPENS_WITH_YEAR.match(text, spans[i + 1][0]):
            continue
        before = {ind: {f.value for f in facts if f.indicator == ind} for ind in {f.indicator for f in facts}}
        after = {ind: {f.value for f in later if f.indicator == ind} for ind in before}
        if len(before) >= MIN_RESTATED and all(after[ind] and not (after[ind] & before[ind]) for ind in before):
            drop.update(id(f) for f in facts)
    return [f for f in raw if id(f) not in drop] if drop else raw
