"""Text from outside made safe to store and show: file names without control characters, no NUL bytes (which
PostgreSQL refuses in text), mostly-UTF-8 bytes decoded with the bad bytes named by line instead of refused."""

from __future__ import annotations

import math
import re

# C0/C1 control characters (ESC starts the ANSI sequences a terminal would obey) and bidi overrides.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_NAME_CHARS = 120
# A stored figure beyond this is a typo or an attack (1e308 shows as "inf亿人"); SQLite integers stop at 9.2e18.
MAX_ABS_VALUE = 1e15
# Bad bytes a UTF-8 text may have before it counts as another encoding: at most this many, and at most one
# per thousand bytes.
MAX_BAD_BYTES = 20


def display_name(filename: str, limit: int = MAX_NAME_CHARS) -> str:
    """A file name safe to show in a message, a terminal or a page, and to store: no control characters (an
    ANSI escape in a name must not recolour the console), no bidi overrides, at most LIMIT characters."""
    clean = _UNPRINTABLE.sub("", filename or "").strip()
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def no_nul(text: str | None) -> str | None:
    """TEXT without NUL characters (PostgreSQL text columns cannot hold them)."""
    return text.replace("\x00", "") if text and "\x00" in text else text


def storable(value: float | None) -> bool:
    """A figure the store can hold and the pages can show: finite and within ±MAX_ABS_VALUE."""
    return value is None or (math.isfinite(value) and abs(value) <= MAX_ABS_VALUE)


def decode_mostly_utf8(data: bytes) -> tuple[str, list[int]] | None:
    """UTF-8 DATA with a few invalid bytes: the text (each bad byte as U+FFFD) and the 1-based lines holding
    them; None when the bytes are not UTF-8 with a few slips (another encoding, or binary)."""
    bad: list[int] = []
    start = 0
    allowed = min(MAX_BAD_BYTES, max(1, len(data) // 1000))
    while True:
        try:
            data[start:].decode("utf-8")
            break
        except UnicodeDecodeError as e:
            bad.append(start + e.start)
            start += e.end
            if len(bad) > allowed:
                return None
    if not bad:
        return None
    text = data.decode("utf-8-sig", errors="replace")
    lines = sorted({data.count(b"\n", 0, pos) + 1 for pos in bad})
    return text, lines
