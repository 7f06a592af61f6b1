"""The characters a regular expression's matches can start with, and a pattern prefixed with a lookahead of
them. `re` finds the first character of a pattern that starts with a literal, a class or an alternation
itself and skips ahead in C; one that starts with an optional group ((?:共有|现有|有)?党员…) it tries at every
position, about twice as slowly as behind a one-class lookahead (which would slow the others down). A match of
the prefixed pattern is a match of the original and the other way round, since every match starts with one of
the characters; patterns whose start cannot be told for sure (a negated class, any character, a
backreference, a match that may be empty, case-insensitive flags) are left as they are. `class_start` then makes
such a lookahead the engine's own first-character set, so a search skips the other characters in C without
starting the matcher at each of them."""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
from re import _compiler as compiler  # type: ignore[attr-defined]
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

_ZERO_WIDTH = {c.AT, c.ASSERT, c.ASSERT_NOT}  # skipping one only widens the set: still every possible start
_REPEATS = {c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT}


def _parsed(pattern: str) -> list[Any] | None:
    """PATTERN's parsed items, or None when it does not parse or its flags (ignore case, verbose) change what its
    characters match."""
    try:
        parsed = parser.parse(pattern)
    except re.error:
        return None
    return None if parsed.state.flags & (re.IGNORECASE | re.VERBOSE) else list(parsed)


def first_chars(pattern: str) -> frozenset[str] | None:
    """Every character a non-empty match of PATTERN can start with; None when unsure or when it may match ''."""
    items = _parsed(pattern)
    if items is None:
        return None
    found = _sequence(items)
    if found is None:
        return None
    chars, nullable = found
    return None if nullable or not chars else frozenset(chars)


def second_chars(pattern: str, first: str) -> frozenset[str] | None:
    """Every character that follows FIRST in a match of PATTERN that starts with FIRST; None when unsure or when
    such a match may end right after FIRST. (A scan that has read FIRST can skip PATTERN unless the next
    character is one of them: etl.reports.textscan.)"""
    items = _parsed(pattern)
    starts = None if items is None else _starts(items)
    if starts is None or any(len(x) < 2 for x in starts if x[:1] == first):
        return None
    return frozenset(x[1] for x in starts if x[0] == first)


_MAX_STARTS = 400  # two-character starts listed before giving up (a wide class twice)


def _starts(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The first two characters of the matches of a parsed sequence, as strings; a shorter string where a match
    may end before its second character. None when unsure or too many."""
    acc = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # a lookaround only narrows the matches
        if all(len(x) == 2 for x in acc):
            break
        item = _item_starts(op, av)
        if item is None:
            return None
        joined = _concat(acc, item)
        if joined is None:
            return None
        acc = joined
    return acc


def _concat(left: set[str], right: set[str]) -> set[str] | None:
    out = {x if len(x) == 2 else (x + y)[:2] for x in left for y in (right if len(x) < 2 else ("",))}
    return out if len(out) <= _MAX_STARTS else None


def _item_starts(op: Any, av: Any) -> set[str] | None:
    if op is c.LITERAL:
        return {chr(av)}
    if op is c.IN:
        found = _charset(av)
        return None if found is None or len(found[0]) > _MAX_STARTS else found[0]
    if op is c.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _starts(list(av[-1]))
    if op is c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            seq = _starts(list(alt))
            if seq is None:
                return None
            out |= seq
        return out if len(out) <= _MAX_STARTS else None
    if op in _REPEATS:
        low, high, body = av
        once = _starts(list(body))
        if once is None or "" in once:
            return None  # a body that may match '' (its repeats are hard to list): unsure
        out = {""} if low == 0 else set()
        if low <= 1 <= high:
            out |= once
        if high >= 2:  # two or more times: the first two characters come from the first two repeats
            twice = _concat(once, once)
            if twice is None:
                return None
            out |= twice
        return out
    return None  # ANY, NOT_LITERAL, GROUPREF, ATOMIC_GROUP …: unsure


def skip_ahead(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """PATTERN compiled so that a search skips, in C, the characters no match can start with: behind a lookahead of
    first_chars when `re` finds no literal prefix or first-character set of its own (an alternation whose branches
    open with a group, a class or a lookbehind: (?P<half>[上下]半年)|…, (?<=，)社区…), as it is otherwise. The
    matches are the same either way."""
    compiled = re.compile(pattern, flags)
    parsed = parser.parse(pattern, flags)
    if compiler._get_literal_prefix(parsed, flags)[0] or compiler._get_charset_prefix(parsed, flags):
        return compiled
    chars = first_chars(pattern) if not flags & ~re.UNICODE else None
    if chars is None:
        return compiled
    return class_start("(?=[" + "".join(re.escape(ch) for ch in sorted(chars)) + "])(?:" + pattern + ")", flags)


def class_start(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """PATTERN compiled; when it opens with a lookahead of one character class ((?=[…]), as skip_ahead writes), that
    class also becomes the engine's first-character set, the one `re` builds itself for a pattern opening with a
    class: a search then tests each character against the set in C and starts the matcher only where it holds,
    instead of at every position (where the lookahead would fail at once, but only after the matcher started). A
    match starts where the lookahead holds, so the matches are the same; `.pattern` is PATTERN. Anything else, or
    a `re` whose internals differ, gets a plain re.compile."""
    try:
        return _with_charset(pattern, flags) or re.compile(pattern, flags)
    except Exception:  # noqa: BLE001 - internals of another Python version: the plain pattern is as good
        return re.compile(pattern, flags)


def _with_charset(pattern: str, flags: int) -> re.Pattern[str] | None:
    parsed = parser.parse(pattern, flags)
    flags = parsed.state.flags | flags
    if flags & (re.IGNORECASE | re.VERBOSE | re.DEBUG) or not parsed.data:
        return None
    op, av = parsed.data[0]
    if op is not c.ASSERT or av[0] != 1 or len(av[1].data) != 1 or av[1].data[0][0] not in (c.IN, c.LITERAL):
        return None
    first_op, first_av = av[1].data[0]
    lo, hi = parsed.getwidth()
    if lo == 0 or (first_op is c.IN and any(item_op is c.NEGATE for item_op, _ in first_av)):
        return None  # a match may be empty (it may start anywhere); a negated class: left to re
    if first_op is c.LITERAL:
        # a class of one character ((?=[市]) parses as a literal): the engine's one-character prefix, found by a plain
        # character comparison, which the matcher then starts at without skipping it (prefix skip 0)
        code = [c.INFO, 0, c.SRE_INFO_PREFIX, min(lo, compiler.MAXCODE), min(hi, compiler.MAXCODE), 1, 0, first_av, 0]
    else:
        code = [c.INFO, 0, c.SRE_INFO_CHARSET, min(lo, compiler.MAXCODE), min(hi, compiler.MAXCODE)]
        compiler._compile_charset(compiler._optimize_charset(list(first_av))[0], flags, code)
    code[1] = len(code) - 1
    compiler._compile(code, parsed.data, flags)
    code.append(c.SUCCESS)
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    compiled: re.Pattern[str] = _sre.compile(
        pattern, flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)
    )
    return compiled


def _sequence(items: list[tuple[Any, Any]]) -> tuple[set[str], bool] | None:
    """(first characters, may the sequence match '') of a parsed sequence; None when unsure."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        item = _item(op, av)
        if item is None:
            return None
        chars, nullable = item
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _item(op: Any, av: Any) -> tuple[set[str], bool] | None:
    if op is c.LITERAL:
        return {chr(av)}, False
    if op is c.IN:
        return _charset(av)
    if op is c.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _sequence(list(av[-1]))  # (?i:…) scoped flags
    if op is c.BRANCH:
        out: set[str] = set()
        nullable = False
        for alt in av[1]:
            seq = _sequence(list(alt))
            if seq is None:
                return None
            out |= seq[0]
            nullable = nullable or seq[1]
        return out, nullable
    if op in _REPEATS:
        low, _high, body = av
        seq = _sequence(list(body))
        if seq is None:
            return None
        return seq[0], seq[1] or low == 0
    return None  # ANY, NOT_LITERAL, GROUPREF, ATOMIC_GROUP …: unsure


def _charset(items: list[tuple[Any, Any]]) -> tuple[set[str], bool] | None:
    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            out.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] <= 256:
            out.update(chr(x) for x in range(av[0], av[1] + 1))
        else:
            return None  # NEGATE, CATEGORY (\d …), wide ranges: unsure or too many to list
    return out, False


def required_chars(pattern: str) -> tuple[frozenset[str], ...]:
    """Sets of characters of which every match of PATTERN holds one each: the first characters of each item of its
    top-level sequence that cannot match '' (lookarounds and items of unknown start left out). A text without a
    character of one of them holds no match, so its search can be skipped."""
    items = _parsed(pattern)
    out: list[frozenset[str]] = []
    for op, av in items or ():
        if op in _ZERO_WIDTH:
            continue
        item = _item(op, av)
        if item is not None and item[0] and not item[1]:
            out.append(frozenset(item[0]))
    return tuple(out)
