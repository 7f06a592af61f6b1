"""Patterns searched through a whole text whose matches all start with one of a few characters (县旗, 办街, 廿卅卌 …).

`re` searches such a pattern by testing every character of the text against the set of its first characters: some
fifty machine instructions a character, a quarter of a million for a report of 5,000 characters, whatever the
pattern. `Sparse` finds the places of those characters with `str.find` (a plain character comparison, a few
instructions a character) and asks the pattern to match at each of them, in text order: the matches `finditer`
gives, since every match starts at one of those places and none is empty (a match ending at E hides only the
places before E). Worth it for characters a report holds some dozens of times, not hundreds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from etl.reports.firstchars import first_chars

MAX_CHARS = 8  # more first characters than this: one str.find each costs more than re's own search


class Sparse:
    """PATTERN compiled, with search, finditer, findall and sub giving what the compiled pattern's would."""

    __slots__ = ("regex", "pattern", "chars")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.regex = re.compile(pattern, flags)
        self.pattern = pattern
        chars = first_chars(pattern) if not flags & ~re.UNICODE else None
        if chars is None or len(chars) > MAX_CHARS:
            raise ValueError(f"not a pattern of a few known first characters: {pattern}")
        self.chars = tuple(sorted(chars))

    def _starts(self, t: str, pos: int, endpos: int) -> list[int]:
        out: list[int] = []
        for ch in self.chars:
            i = t.find(ch, pos, endpos)
            while i >= 0:
                out.append(i)
                i = t.find(ch, i + 1, endpos)
        if len(self.chars) > 1:
            out.sort()
        return out

    def finditer(self, t: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        end = len(t) if endpos is None else min(endpos, len(t))
        match, after = self.regex.match, pos
        for s in self._starts(t, pos, end):
            if s >= after:
                m = match(t, s, end)
                if m is not None:
                    after = m.end()
                    yield m

    def search(self, t: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(t, pos, endpos), None)

    def findall(self, t: str) -> list[Any]:
        groups = self.regex.groups
        if groups == 0:
            return [m.group() for m in self.finditer(t)]
        return [m.groups("")[0] if groups == 1 else m.groups("") for m in self.finditer(t)]

    def sub(self, repl: str | Callable[[re.Match[str]], str], t: str) -> str:
        parts: list[str] = []
        last = 0
        for m in self.finditer(t):
            parts.append(t[last : m.start()])
            parts.append(repl(m) if callable(repl) else m.expand(repl))
            last = m.end()
        if not parts:
            return t
        parts.append(t[last:])
        return "".join(parts)
