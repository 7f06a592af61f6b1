"""The catalog patterns searched through the whole text, found in one pass (a few regexes) instead of one search each.

A search of its own per pattern tests every character of the text against that pattern's first characters, some
fifty times per text. Here one regex tests each character once: an alternation by first character (党, 个, ，…),
under each the patterns that can start with it, each inside a lookahead (so every position is tried and no match
hides another pattern's). It reports the first pattern that matches at a position; the ones after it under that
character are asked there in Python (a few positions per text). From the positions where a pattern matches, its
own search's matches follow: the first position, then the first one at or after that match's end, and so on —
what `finditer` does. So each pattern gets exactly the matches its own `finditer` would give.

Under a first character, the patterns whose possible second characters are known sit behind a lookahead of them
((?=员) after 党): where the next character is none of them (党委, 党建 …), the engine skips them all in one test
instead of starting each. Consecutive ones share the lookahead; the order, and so the first pattern reported, is
the same.

A pattern that opens at a sentence start, (?:^|(?<=[。\n]))…, has no first characters to skip to (what follows the
start may be any character): it is tried at the text's start and, through one search of the marks with the rest of
the pattern in a lookahead ([。\n](?=…)), only after each mark, not at every position.

A pattern whose first literal of three characters or more lies a short, varying distance from its start
(党[…]{0,10}示范点) is left out of the scan: its starts are the places of its first characters that far before
that literal, found by a fast search of the literal (etl.reports.textscan._tail).

The scan is several regexes, each over some of the first characters: the engine tries an alternation's branches in
order and, when the one of the character at hand fails (nearly everywhere), goes on through all the others, some ten
instructions each. So the marks and digits, the most frequent first characters of any text, have a regex of their own,
and the Chinese characters regexes of at most _PER_SCAN each (a search of its own costs less than forty more branches
at each of a report's thousand-odd places of first characters). A character is in one regex only: the first pattern
reported at a position is the same.

Any other pattern that may match '' or whose first characters are unknown, with groups other than its figure (n), a
backreference or flags of its own is left out and searched on its own as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]

from etl.reports.firstchars import first_chars, required_chars, second_chars

Patterns = tuple[tuple[str, re.Pattern[str]], ...] | list[tuple[str, re.Pattern[str]]]


@dataclass(frozen=True)
class TextScan:
    """REGEXES: the one-pass scan, by groups of first characters (none when no pattern qualifies); NAMES: their group
    name → (index in the pattern list, the indices listed after it under the same first character); INDICES: the
    patterns it stands for."""

    regexes: tuple[re.Pattern[str], ...]
    names: dict[str, tuple[int, tuple[int, ...]]]
    indices: frozenset[int]
    # index → a search of the marks a sentence-start pattern may follow, the rest of it in a lookahead
    after_marks: dict[int, re.Pattern[str]] = field(default_factory=dict)
    # index → the sets of characters every match of that pattern holds one of each (firstchars.required_chars)
    needs: dict[int, tuple[frozenset[str], ...]] = field(default_factory=dict)
    # index → (literal, fewest and most characters before it, first characters) of a pattern found from its literal
    tails: dict[int, tuple[str, int, int, frozenset[str]]] = field(default_factory=dict)


def text_scan(patterns: Patterns, skip: frozenset[int] = frozenset()) -> TextScan:
    """The one-pass scan of PATTERNS that are searched through the whole text (not starting with their figure
    (?P<n>…), not in SKIP)."""
    bodies: dict[int, str] = {}
    firsts: dict[int, frozenset[str]] = {}
    tails: dict[int, tuple[str, int, int, frozenset[str]]] = {}
    for i, (_key, rx) in enumerate(patterns):
        if i in skip or rx.pattern.startswith("(?P<n>"):
            continue
        body = _body(rx)
        chars = first_chars(rx.pattern) if body is not None else None
        tail = _tail(rx.pattern) if chars is not None else None
        if tail is not None and chars is not None:
            tails[i] = (*tail, chars)
        elif body is not None and chars is not None:
            bodies[i], firsts[i] = body, chars
    after_marks = {
        i: finder
        for i, (_key, rx) in enumerate(patterns)
        if i not in skip and i not in bodies and (finder := _after_marks(rx)) is not None
    }
    needs = {i: required_chars(patterns[i][1].pattern) for i in after_marks}
    if not bodies:
        return TextScan((), {}, frozenset(tails), after_marks, needs, tails)
    names: dict[str, tuple[int, tuple[int, ...]]] = {}
    branches: dict[str, str] = {}
    for ch in sorted(set().union(*firsts.values())):
        under = [i for i in bodies if ch in firsts[i]]
        alts: list[tuple[str, frozenset[str] | None]] = []
        for k, i in enumerate(under):
            name = f"a{len(names)}"
            names[name] = (i, tuple(under[k + 1 :]))
            alts.append((rf"(?<=(?={bodies[i]})[\s\S])(?P<{name}>)", second_chars(bodies[i], ch)))
        branches[ch] = re.escape(ch) + "(?:" + "|".join(_guarded(alts)) + ")"
    regexes = tuple(_scan_regex(group, branches) for group in _char_groups(sorted(branches)))
    return TextScan(regexes, names, frozenset(bodies) | frozenset(tails), after_marks, needs, tails)


_PER_SCAN = 40  # Chinese first characters in one regex of the scan at most


def _char_groups(chars: list[str]) -> list[list[str]]:
    """CHARS (sorted) as the groups the scan has a regex each for: the marks and digits, then the Chinese
    characters in runs of about equal size, at most _PER_SCAN each."""
    chinese = [ch for ch in chars if "\u4e00" <= ch <= "\u9fff"]
    others = [ch for ch in chars if ch not in chinese]
    n = -(-len(chinese) // _PER_SCAN)
    size = -(-len(chinese) // n) if n else 0
    return [g for g in (others, *(chinese[k : k + size] for k in range(0, len(chinese), size or 1))) if g]


def _scan_regex(chars: list[str], branches: dict[str, str]) -> re.Pattern[str]:
    """The regex of the scan for the first characters CHARS: a branch each (BRANCHES). Each branch opens with its
    character, so re makes the class of them the first-character set itself: no lookahead of it is needed, which
    would be tried again at each place the search stops."""
    return re.compile("|".join(branches[ch] for ch in chars))


_MAX_LOOK_BACK = 12  # characters before the literal a pattern is found from at most


def _tail(pattern: str) -> tuple[str, int, int] | None:
    """For a PATTERN whose top-level sequence opens with items of a bounded but varying width (a gap, 党[…]{0,10})
    followed by a literal of three characters or more (示范点): that literal and the fewest and most characters
    before it. Each match holds the literal that far from its start, so the starts follow from the literal's
    places (a fast search) instead of the pattern being tried at each of its first characters. Else None."""
    parsed = parser.parse(pattern)
    items = list(parsed.data)
    k = 0
    while k < len(items):
        j = k
        while j < len(items) and items[j][0] is c.LITERAL:
            j += 1
        if j - k >= 3:
            lo, hi = parser.SubPattern(parsed.state, items[:k]).getwidth() if k else (0, 0)
            if lo < hi <= _MAX_LOOK_BACK:
                return "".join(chr(av) for _op, av in items[k:j]), lo, hi
            return None
        k = max(j, k + 1)
    return None


def _guarded(alts: list[tuple[str, frozenset[str] | None]]) -> list[str]:
    """The alternatives (regex, second characters or None) in order, each run of those with known second characters
    behind one lookahead of all of them."""
    out: list[str] = []
    k = 0
    while k < len(alts):
        if alts[k][1] is None:
            out.append(alts[k][0])
            k += 1
            continue
        run: list[str] = []
        chars: set[str] = set()
        while k < len(alts) and alts[k][1] is not None:
            run.append(alts[k][0])
            chars |= alts[k][1]  # type: ignore[arg-type]
            k += 1
        if not chars:
            out.append("(?!)")  # never: no match starts with this character after all
            continue
        guard = "(?=[" + "".join(re.escape(ch) for ch in sorted(chars)) + "])"
        out.append(guard + ("(?:" + "|".join(run) + ")" if len(run) > 1 else run[0]))
    return out


_SENTENCE_START = re.compile(r"\(\?:\^\|\(\?<=(\[[^\]\[]+\])\)\)")


def _after_marks(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """For RX = (?:^|(?<=[marks]))REST with a class of literal characters and no flags (MULTILINE would move ^), and
    no match of '': [marks](?=REST), whose matches are the marks after which RX matches; else None."""
    m = _SENTENCE_START.match(rx.pattern)
    if m is None or rx.flags != re.UNICODE or first_chars(m.group(1)) is None:
        return None
    finder = re.compile(m.group(1) + "(?=" + rx.pattern[m.end() :] + ")")
    lo, _hi = parser.parse(rx.pattern).getwidth()
    return finder if lo > 0 and finder.groups == rx.groups else None


def _body(rx: re.Pattern[str]) -> str | None:
    """RX's source with its figure group made plain, or None when it cannot go into the scan."""
    if rx.flags != re.UNICODE or rx.groupindex != {"n": 1} or rx.groups != 1 or "(?P=" in rx.pattern:
        return None
    body = rx.pattern.replace("(?P<n>", "(?:")
    try:
        plain = re.compile(body)
    except re.error:
        return None
    return body if plain.groups == 0 else None


def text_matches(scan: TextScan, patterns: Patterns, t: str) -> dict[int, list[re.Match[str]]]:
    """For each pattern of SCAN, the matches `patterns[i][1].finditer(t)` gives, in order."""
    starts: dict[int, list[int]] = {i: [] for i in sorted(scan.indices)}
    hits = [(m.start(), m.lastgroup or "") for regex in scan.regexes for m in regex.finditer(t)]
    if len(scan.regexes) > 1:
        hits.sort()  # in text order, as one regex would give them (a character is in one regex only)
    for s, name in hits:
        first, later = scan.names[name]
        starts[first].append(s)
        for i in later:
            if patterns[i][1].match(t, s) is not None:
                starts[i].append(s)
    for i, (lit, lo, hi, chars) in scan.tails.items():
        places: set[int] = set()
        q = t.find(lit)
        while q >= 0:
            places.update(p for p in range(max(q - hi, 0), q - lo + 1) if t[p] in chars)
            q = t.find(lit, q + 1)
        starts[i] = sorted(p for p in places if patterns[i][1].match(t, p) is not None)
    for i, finder in scan.after_marks.items():
        if all(any(ch in t for ch in chars) for chars in scan.needs.get(i, ())):
            starts[i] = [0, *(m.start() + 1 for m in finder.finditer(t))]  # (0: the text's start, asked below)
        else:
            starts[i] = []  # a character every match holds is nowhere in T: no match, no search
    out: dict[int, list[re.Match[str]]] = {}
    for i, positions in starts.items():
        rx, end, found = patterns[i][1], 0, []
        for s in positions:
            if s >= end:
                own = rx.match(t, s)
                if own is not None:  # always, but at the text's start: the scan saw it match here
                    found.append(own)
                    end = own.end()
        out[i] = found
    return out
