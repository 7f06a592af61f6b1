"""跨列居中: a header typed in one cell and centred across the empty cells after it (horizontal alignment
centerContinuous), the way careful clerks spread a group title without merging. Excel draws it as a merged cell;
the .xlsx reader (etl.ledgers.xlsx_stream) gives such spans to the table reader as merged ranges."""

from __future__ import annotations

import re
from collections.abc import Iterable

_XF = re.compile(rb"<(?:\w+:)?xf\b[^>]*?(?:/>|>.*?</(?:\w+:)?xf>)", re.S)
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.S)
_REF = re.compile(rb"\br\s*=\s*[\"']([A-Z]{1,3})(\d+)[\"']")
_STYLE = re.compile(rb"\bs\s*=\s*[\"'](\d+)[\"']")


# Chunks (about 1 MB of sheet XML each, thousands of rows) looked at: the header rows stand near the top; a long
# ledger is not read a second time to its end for a title centred over its columns.
HEAD_CHUNKS = 2


def centred_styles(styles: bytes) -> set[bytes]:
    """The cell style indexes (the s attribute, as bytes) whose alignment is centerContinuous."""
    xfs = _CELL_XFS.search(styles)
    if xfs is None or b"centerContinuous" not in xfs.group(1):
        return set()
    return {str(i).encode() for i, xf in enumerate(_XF.findall(xfs.group(1))) if b"centerContinuous" in xf}


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def centred_spans(chunks: Iterable[bytes], styles: set[bytes]) -> list[tuple[int, int, int, int]]:
    """(row, first col, row, last col), 0-based, of each filled centerContinuous cell with the empty
    centerContinuous cells right after it, from the sheet XML in CHUNKS (each ending at a row's end; the first
    HEAD_CHUNKS of them)."""
    cells: dict[int, dict[int, bool]] = {}  # row → column → filled
    ids = b"|".join(re.escape(s) for s in sorted(styles))
    # Only the cells of those styles: one scan of the bytes, not a match per cell.
    styled = re.compile(
        rb"<(?:\w+:)?c\b([^>]*?\bs\s*=\s*[\"'](?:" + ids + rb")[\"'][^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S
    )
    for n, chunk in enumerate(chunks):
        if n == HEAD_CHUNKS:
            break
        for attrs, body in styled.findall(chunk):
            style = _STYLE.search(attrs)
            ref = _REF.search(attrs)
            if style is None or ref is None or style.group(1) not in styles:
                continue
            filled = bool(body) and (b"<v" in body or b"<is" in body) and not re.search(rb"<(?:\w+:)?v\s*/>", body)
            cells.setdefault(int(ref.group(2)) - 1, {})[_column(ref.group(1))] = filled
    spans = []
    for r, row in cells.items():
        for c, filled in row.items():
            if not filled:
                continue
            last = c
            while row.get(last + 1) is False:
                last += 1
            if last > c:
                spans.append((r, c, r, last))
    return spans
