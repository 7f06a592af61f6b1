"""Trigger words of the catalog found in a report's text (etl.reports.match pairs them with figures)."""

from __future__ import annotations

from collections.abc import Iterable

from etl.reports.patterns import RuleSet
from etl.reports.scan import Mention, Segment


def trigger_hits(t: str, rules: RuleSet, spans: Iterable[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
    """Trigger words in T (in the SPANS of it, sorted and apart, when given): leftmost-longest, plus any longer word
    starting inside one found (集中培训 / 培训覆盖率), so a longer reading is never lost; words inside an earlier one
    (警告 in 严重警告) are not kept. Only the offsets where a longer word can start are tried (RuleSet.trigger_inner):
    most words have none."""
    out: list[tuple[int, int, str]] = []
    match, finditer, inner_starts = rules.trigger_re.match, rules.trigger_re.finditer, rules.trigger_inner
    for lo, hi in ((0, len(t)),) if spans is None else spans:
        for m in finditer(t, lo, hi):
            hs, he = m.span()
            word = m.group()
            out.append((hs, he, word))
            for j in inner_starts[word]:
                inner = match(t, hs + j)
                if inner is not None and inner.end() > he:
                    out.append((hs + j, inner.end(), inner.group()))
                    break
    return out


def sentence_runs(sentences: list[tuple[Segment, list[Mention]]]) -> list[tuple[int, int]]:
    """The text spans the SENTENCES cover, adjacent ones joined: fewer, longer scans."""
    out: list[tuple[int, int]] = []
    for sent, _ in sentences:
        if out and out[-1][1] == sent.start:
            out[-1] = (out[-1][0], sent.end)
        else:
            out.append((sent.start, sent.end))
    return out
