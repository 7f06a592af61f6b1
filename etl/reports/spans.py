"""Window questions over one text in logarithmic time: does any of these words lie inside t[lo:hi], where is
the last / next of these characters before / after a position.

The matcher asks them once per candidate figure, over windows as long as the sentence: plain slicing
(`any(w in t[lo:hi] ...)`, `rfind`) makes a sentence of n figures cost n² (a paragraph of 4,000 numbers took
16 s). Short windows keep the plain form; long ones use an index of the text built once per (text, words).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import lru_cache

# Windows up to this many characters are sliced directly: cheaper than the index and identical in result.
SHORT = 256


@lru_cache(maxsize=128)
def _word_index(t: str, words: tuple[str, ...]) -> tuple[list[int], list[int]]:
    """Starts of every occurrence of WORDS in T (sorted) and, per start, the least end from there on."""
    pairs: list[tuple[int, int]] = []
    for w in set(words):
        i = t.find(w)
        while i >= 0:
            pairs.append((i, i + len(w)))
            i = t.find(w, i + 1)
    pairs.sort()
    starts = [s for s, _ in pairs]
    least_end = [e for _, e in pairs]
    for k in range(len(least_end) - 2, -1, -1):
        least_end[k] = min(least_end[k], least_end[k + 1])
    return starts, least_end


@lru_cache(maxsize=4096)
def word_alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    """One regex finding any of WORDS (literally), compiled once per tuple of words (the catalog's when its rules
    are built, etl.reports.patterns.build_rules: not while a report is read)."""
    return re.compile("|".join(map(re.escape, words)))


def runs_ending(t: str, ends: re.Pattern[str]) -> list[tuple[int, int]]:
    """T cut after each match of ENDS (sentences, each with its mark; the last run may have none), found from the
    marks alone instead of a match at every sentence."""
    spans, start = [], 0
    for m in ends.finditer(t):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(t):
        spans.append((start, len(t)))
    return spans


def any_in(words: tuple[str, ...], s: str) -> bool:
    """any(w in S for w in WORDS), in one scan for non-empty WORDS."""
    return bool(words) and ("" in words or word_alternation(words).search(s) is not None)


def contains_any(t: str, words: tuple[str, ...], lo: int, hi: int) -> bool:
    """any(w in t[lo:hi] for w in words), for 0 <= lo."""
    if not words:
        return False
    if "" in words:
        return True
    if hi - lo <= SHORT:
        return word_alternation(words).search(t, lo, hi) is not None  # (one scan in C, not a slice and a test a word)
    starts, least_end = _word_index(t, words)
    i = bisect_left(starts, lo)
    return i < len(starts) and least_end[i] <= hi


# The characters that end sentences and clauses of a report: one scan of the text finds them all, and the sentence,
# clause and breakdown readers take the ones they need from it (char_positions) instead of a scan each.
SENTENCE_MARKS = "。！？!?；;\n"


@lru_cache(maxsize=8)
def _sentence_marks(t: str) -> list[tuple[int, str]]:
    """(position, character) of every SENTENCE_MARKS character in T."""
    return [(m.start(), m.group()) for m in _char_class(SENTENCE_MARKS).finditer(t)]


@lru_cache(maxsize=32)
def _char_positions(t: str, chars: str) -> list[int]:
    if chars == SENTENCE_MARKS:
        return [p for p, _ in _sentence_marks(t)]
    if _MARK_SET.issuperset(chars):
        return [p for p, ch in _sentence_marks(t) if ch in chars]
    return [m.start() for m in _char_class(chars).finditer(t)]  # the scan in C, not a Python step per character


_MARK_SET = frozenset(SENTENCE_MARKS)


def char_positions(t: str, chars: str) -> list[int]:
    """Sorted positions of the CHARS characters in T (computed once per text and CHARS; do not change the list)."""
    return _char_positions(t, chars)


def last_of(t: str, chars: str, lo: int, hi: int) -> int:
    """max(t.rfind(ch, lo, hi) for ch in chars): the last position in [lo, hi) holding one of CHARS, or -1."""
    if hi - lo <= SHORT:
        return max(t.rfind(ch, lo, hi) for ch in chars)
    positions = _char_positions(t, chars)
    i = bisect_left(positions, min(hi, len(t))) - 1
    return positions[i] if i >= 0 and positions[i] >= lo else -1


@lru_cache(maxsize=16)
def _char_class(chars: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(chars) + "]")


def next_of(t: str, chars: str, pos: int) -> int:
    """The first position at or after POS holding one of CHARS, or -1."""
    stop = min(len(t), pos + SHORT)
    m = _char_class(chars).search(t, pos, stop)
    if m:
        return m.start()
    if stop >= len(t):
        return -1
    positions = _char_positions(t, chars)
    i = bisect_left(positions, stop)
    return positions[i] if i < len(positions) else -1


class _Scan:
    """pattern.finditer(t, start), pulled lazily, with the running maximum of key(match) over the matches."""

    def __init__(self, pattern: re.Pattern[str], t: str, start: int, key: Callable[[re.Match[str]], int]) -> None:
        self._it = pattern.finditer(t, start)
        self._key = key
        self.start = start
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.best: list[int] = []
        self._done = False

    def pull(self, limit: int) -> None:
        while not self._done and (not self.starts or self.starts[-1] <= limit):
            m = next(self._it, None)
            if m is None:
                self._done = True
                return
            self.starts.append(m.start())
            self.ends.append(m.end())
            self.best.append(max(self._key(m), self.best[-1] if self.best else -1))


@lru_cache(maxsize=64)
def _scan(pattern: re.Pattern[str], t: str, start: int, key: Callable[[re.Match[str]], int]) -> _Scan:
    return _Scan(pattern, t, start, key)


def best_match(
    pattern: re.Pattern[str], t: str, lo: int, hi: int, key: Callable[[re.Match[str]], int], reach: int
) -> int:
    """max(key(m) for m in pattern.finditer(t, lo, hi)), -1 if none, for a pattern whose attempt at p reads no
    further than p + reach. Calls with the same (t, lo) and growing hi share one scan: linear, not quadratic.

    An attempt at p <= hi - reach reads the same characters whether the scan stops at hi or runs on, so the
    matches starting there are those of the unbounded scan; only the last few positions are scanned again."""
    scan = _scan(pattern, t, lo, key)
    limit = hi - reach
    scan.pull(limit)
    i = bisect_right(scan.starts, limit)
    best = scan.best[i - 1] if i else -1
    resume = max(scan.ends[i - 1] if i else lo, limit + 1)
    for m in pattern.finditer(t, resume, hi):
        best = max(best, key(m))
    return best
