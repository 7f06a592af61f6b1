"""Several patterns searched through one text in one scan, each getting the matches its own finditer gives.

A search of its own per pattern tests every character of the text against that pattern's first characters. Here one
regex does it once for all of them: the class of their first characters (the engine's first-character set: the
search skips the other characters in C), then the patterns as alternatives inside a lookahead, each its own named
group. At a position where some pattern matches, the scan reports the first that does; the ones after it are asked
there in Python (a few positions per text). A pattern's matches then follow from the positions where it matches:
the first one, then the first at or after that match's end, and so on, as its own finditer goes. No pattern may
match '' or have groups of its own.
"""

from __future__ import annotations

import re

from etl.reports.firstchars import class_start, first_chars


class OnePass:
    """PATTERNS (name → regex), found through a text in one scan."""

    __slots__ = ("names", "compiled", "regex")

    def __init__(self, patterns: dict[str, str]) -> None:
        self.names = tuple(patterns)
        self.compiled = {k: re.compile(p) for k, p in patterns.items()}
        chars: set[str] = set()
        for k, p in patterns.items():
            found = first_chars(p)
            if found is None or self.compiled[k].groups:
                raise ValueError(f"not a pattern of known first characters without groups: {p}")
            chars |= found
        union = "".join(re.escape(ch) for ch in sorted(chars))
        alts = "|".join(f"(?P<{k}>{p})" for k, p in patterns.items())
        self.regex = class_start(f"(?=[{union}])(?=(?:{alts}))[\\s\\S]")

    def spans(self, t: str) -> dict[str, list[tuple[int, int]]]:
        """For each pattern, the spans of the matches its own finditer(t) gives, in order."""
        out: dict[str, list[tuple[int, int]]] = {k: [] for k in self.names}
        ends = dict.fromkeys(self.names, 0)
        for m in self.regex.finditer(t):
            s = m.start()
            first = m.lastgroup or ""
            for k in self.names[self.names.index(first) :]:
                if s < ends[k]:
                    continue  # inside this pattern's match before: its finditer does not look here
                if k == first:
                    e = m.end(k)
                else:
                    own = self.compiled[k].match(t, s)
                    if own is None:
                        continue
                    e = own.end()
                out[k].append((s, e))
                ends[k] = e
        return out

    def counts(self, t: str) -> dict[str, int]:
        """For each pattern, len(its findall(t))."""
        return {k: len(v) for k, v in self.spans(t).items()}
