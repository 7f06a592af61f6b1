"""OCR lines of scanned pages → report text in reading order, with each character's page, line and confidence.

Pure functions over OcrLine lists (etl.reports.ocr): the page's skew is taken out of the line boxes, page
numbers and running headers/footers are dropped, two columns are read left then right (a full-width title or
heading between them keeps its place), pieces on one row are joined, and rows are joined into paragraphs
(a new paragraph at an indent, after a short row, at a wide gap or at a heading marker such as 一、 or （二）).
OCR digit confusions next to digits (O→0, l/I/丨→1, S→5, 方元→万元) are repaired and remembered, and a gap
inside a run of digits wide enough for a decimal point is flagged, so the figures they touch go to review.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from etl.reports.ocr import OcrLine

Box = tuple[float, float, float, float]
Placed = tuple[OcrLine, Box]
# Bands at the top and bottom of a page where running headers, footers and page numbers live (share of height).
MARGIN_BAND = 0.1
PAGE_NUMBER = re.compile(r"^[\s\-—–－·•]*(第\s*)?\d{1,3}(\s*页)?(\s*[/／共]\s*\d{1,3}\s*页?)?[\s\-—–－·•]*$")
NUMERAL = "一二三四五六七八九十"
HEADING = re.compile(rf"^\s*([{NUMERAL}]+、|[（(][{NUMERAL}\d]+[)）]|\d+[、.．]\D|第[{NUMERAL}]+[章节部分])")
# (pattern, replacement, reason): characters OCR confuses with digits, replaced only beside a digit.
CONFUSIONS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"(?<=[\d.])[OoОо〇](?=[\d.%％个名人户件次万元]|$)|[OoОо](?=\d)"), "0", "O→0"),
    (re.compile(r"(?<=[\d.])[lI|丨](?=[\d.%％个名人户件次万元]|$)|[lI|丨](?=\d)"), "1", "l→1"),
    (re.compile(r"(?<=\d)[Ss](?=[\d.%％个名人户件次万元])|(?<![A-Za-z])[Ss](?=\d)"), "5", "S→5"),
    (re.compile(r"(?<=[\d.])方(?=元|人|户|亩|余)"), "万", "方→万"),
)
# A gap between two digits wider than this share of the line's height may hide a decimal point.
DECIMAL_GAP = 0.45


@dataclass
class Piece:
    """A row's worth of text in reading order with, per character, its confidence and its line (index into
    ScanText.lines); repaired characters carry the repair's reason."""

    text: str
    confs: list[float]
    refs: list[int]
    notes: dict[int, str] = field(default_factory=dict)


@dataclass
class ScanText:
    """The text of a scanned document with, for each character, its confidence (1.0 for joins and newlines),
    its line (-1 for joins) and any repair note; LINES are the OCR lines kept, in reading order."""

    text: str
    confs: list[float]
    refs: list[int]
    notes: dict[int, str]
    lines: list[OcrLine]
    pages: int


def deskew(lines: Sequence[OcrLine], width: float, height: float) -> list[Placed]:
    """Each line with its box (x0, y0, x1, y1) in a frame turned by the page's skew (the median slope of its
    wider lines), so rows and columns are level."""
    slopes = [ln.angle for ln in lines if (ln.bbox[2] - ln.bbox[0]) > 3 * (ln.bbox[3] - ln.bbox[1])]
    angle = statistics.median(slopes) if slopes else 0.0
    cos, sin = math.cos(-angle), math.sin(-angle)
    cx, cy = width / 2, height / 2

    def turn(x: float, y: float) -> tuple[float, float]:
        dx, dy = x - cx, y - cy
        return cx + dx * cos - dy * sin, cy + dx * sin + dy * cos

    out: list[Placed] = []
    for ln in lines:
        pts = [turn(x, y) for x, y in ln.quad]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        out.append((ln, (min(xs), min(ys), max(xs), max(ys))))
    return out


def margin_key(text: str) -> str:
    """A header or footer with its numbers removed: the same on every page of a document."""
    return re.sub(r"[\d\s]+", "", text)


def running_margins(pages: Sequence[Sequence[Placed]], heights: Sequence[float]) -> set[str]:
    """Texts (numbers removed) seen in the top or bottom band of at least two pages: running headers/footers."""
    seen: dict[str, int] = {}
    for boxes, h in zip(pages, heights, strict=True):
        keys = {margin_key(ln.text) for ln, b in boxes if _in_margin(b, h)}
        for k in keys - {""}:
            seen[k] = seen.get(k, 0) + 1
    return {k for k, n in seen.items() if n >= 2}


def _in_margin(box: Box, height: float) -> bool:
    mid = (box[1] + box[3]) / 2
    return mid < MARGIN_BAND * height or mid > (1 - MARGIN_BAND) * height


def body(boxes: Sequence[Placed], height: float, running: set[str]) -> list[Placed]:
    """The lines that are not page numbers (anywhere in the margin bands) or running headers/footers."""
    out: list[Placed] = []
    for ln, b in boxes:
        if _in_margin(b, height) and (PAGE_NUMBER.match(ln.text) or margin_key(ln.text) in running):
            continue
        out.append((ln, b))
    return out


def column_split(boxes: Sequence[Placed], width: float) -> float | None:
    """The x of the gutter between two columns, or None for one column: an empty vertical strip in the middle
    third of the page with at least three lines on each side."""
    if len(boxes) < 6:
        return None
    step = width / 200
    covered = [0] * 201
    for _, b in boxes:
        for i in range(int(b[0] / step), min(200, int(b[2] / step)) + 1):
            covered[i] += 1
    full = sum(1 for _, b in boxes if b[0] < width / 3 and b[2] > 2 * width / 3)
    free = [i for i in range(67, 134) if covered[i] <= full]
    if not free:
        return None
    gutter = statistics.median(free) * step
    left = sum(1 for _, b in boxes if b[2] <= gutter)
    right = sum(1 for _, b in boxes if b[0] >= gutter)
    return gutter if left >= 3 and right >= 3 else None


def reading_order(boxes: Sequence[Placed], width: float) -> list[list[Placed]]:
    """Rows of (line, box) in reading order: top to bottom, a two-column stretch left column first."""
    gutter = column_split(boxes, width)
    ordered = sorted(boxes, key=lambda lb: (lb[1][1] + lb[1][3]) / 2)
    if gutter is None:
        return _rows(ordered)
    out: list[list[Placed]] = []
    block: list[Placed] = []
    for lb in ordered:
        if lb[1][0] < gutter < lb[1][2]:  # crosses the gutter: a full-width line ends the two-column stretch
            out += _columns(block, gutter)
            block = []
            out += _rows([lb])
        else:
            block.append(lb)
    return out + _columns(block, gutter)


def _columns(block: list[Placed], gutter: float) -> list[list[Placed]]:
    left = [lb for lb in block if (lb[1][0] + lb[1][2]) / 2 < gutter]
    right = [lb for lb in block if (lb[1][0] + lb[1][2]) / 2 >= gutter]
    return _rows(left) + _rows(right)


def _rows(ordered: list[Placed]) -> list[list[Placed]]:
    """Group lines whose vertical extents overlap by half a line into rows, each sorted left to right."""
    rows: list[list[Placed]] = []
    for lb in ordered:
        b = lb[1]
        if rows:
            last = rows[-1]
            top, bottom = min(x[1][1] for x in last), max(x[1][3] for x in last)
            overlap = min(bottom, b[3]) - max(top, b[1])
            if overlap > 0.5 * min(bottom - top, b[3] - b[1]):
                last.append(lb)
                continue
        rows.append([lb])
    return [sorted(r, key=lambda lb: lb[1][0]) for r in rows]


def repair(text: str) -> tuple[str, dict[int, str]]:
    """TEXT with OCR digit confusions beside digits repaired (same length) and {offset: reason} of each repair."""
    notes: dict[int, str] = {}
    chars = list(text)
    for pattern, digit, reason in CONFUSIONS:
        for m in pattern.finditer("".join(chars)):
            chars[m.start()] = digit
            notes[m.start()] = reason
    return "".join(chars), notes


def decimal_gaps(line: OcrLine) -> set[int]:
    """Offsets of digits in LINE followed, inside a run of digits, by a gap wide enough for a dropped point."""
    height = line.bbox[3] - line.bbox[1]
    out: set[int] = set()
    for i in range(len(line.text) - 1):
        if line.text[i].isdigit() and line.text[i + 1].isdigit():
            gap = line.char_boxes[i + 1][0] - line.char_boxes[i][2]
            if gap > DECIMAL_GAP * height:
                out.update((i, i + 1))
    return out


def row_piece(row: Sequence[Placed], index: dict[int, int]) -> Piece:
    """The text of one row: its lines left to right, a space where the gap is wider than two characters."""
    piece = Piece("", [], [])
    prev_right: float | None = None
    for ln, b in row:
        char_w = (b[3] - b[1]) or 1.0
        if prev_right is not None and b[0] - prev_right > 2 * char_w:
            _append(piece, " ", 1.0, -1)
        fixed, notes = repair(ln.text)
        gaps = decimal_gaps(ln)
        base = len(piece.text)
        for i, ch in enumerate(fixed):
            _append(piece, ch, ln.confs[i], index[id(ln)])
            if i in notes:
                piece.notes[base + i] = notes[i]
            elif i in gaps:
                piece.notes[base + i] = "数字间有空隙（可能漏识小数点）"
        prev_right = b[2]
    return piece


def _append(piece: Piece, ch: str, conf: float, ref: int) -> None:
    piece.text += ch
    piece.confs.append(conf)
    piece.refs.append(ref)


def paragraphs(rows: Sequence[Sequence[Placed]], index: dict[int, int]) -> list[Piece]:
    """Rows joined into paragraphs: a row continues the paragraph unless it is indented, follows a short row
    or a wide gap, or starts with a heading marker."""
    if not rows:
        return []
    boxes = [_row_box(r) for r in rows]
    heights = [b[3] - b[1] for b in boxes]
    char_h = statistics.median(heights) or 1.0
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    steps = [boxes[i + 1][1] - boxes[i][1] for i in range(len(boxes) - 1) if boxes[i + 1][1] > boxes[i][1]]
    step = statistics.median(steps) if steps else 1.6 * char_h
    out: list[Piece] = []
    for i, row in enumerate(rows):
        piece = row_piece(row, index)
        b = boxes[i]
        new = (
            i == 0
            or b[0] - left > 1.2 * char_h
            or boxes[i - 1][2] < right - 2.5 * char_h
            or b[1] - boxes[i - 1][1] > 1.7 * step
            or b[1] < boxes[i - 1][1]  # the next column
            or HEADING.match(piece.text) is not None
        )
        if new:
            out.append(piece)
        else:
            last = out[-1]
            if _word_char(last.text[-1:]) and _word_char(piece.text[:1]):
                _append(last, " ", 1.0, -1)
            base = len(last.text)
            last.text += piece.text
            last.confs += piece.confs
            last.refs += piece.refs
            last.notes.update({base + k: v for k, v in piece.notes.items()})
    return out


def _row_box(row: Sequence[Placed]) -> Box:
    boxes = [b for _, b in row]
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _word_char(ch: str) -> bool:
    """A Latin letter or digit: two of them across a line break are kept apart by a space."""
    return ch.isascii() and ch.isalnum()


def assemble(pages: Sequence[tuple[Sequence[OcrLine], float, float]]) -> ScanText:
    """The document's text from each page's OCR lines (with the page's width and height)."""
    turned = [deskew(lines, w, h) for lines, w, h in pages]
    running = running_margins(turned, [h for _, _, h in pages])
    kept: list[OcrLine] = []
    index: dict[int, int] = {}
    pieces: list[Piece] = []
    for boxes, (_, width, height) in zip(turned, pages, strict=True):
        rows = reading_order(body(boxes, height, running), width)
        for row in rows:
            for ln, _ in row:
                index[id(ln)] = len(kept)
                kept.append(ln)
        pieces += paragraphs(rows, index)
    text, confs, refs, notes = "", [], [], {}
    for n, p in enumerate(pieces):
        if n:
            text += "\n"
            confs.append(1.0)
            refs.append(-1)
        notes.update({len(text) + k: v for k, v in p.notes.items()})
        text += p.text
        confs += p.confs
        refs += p.refs
    return ScanText(text=text, confs=confs, refs=refs, notes=notes, lines=kept, pages=len(pages))
