"""Streaming .xlsx / .xlsm reader: a sheet's rows straight from its zipped XML, one row at a time.

python-calamine loads a whole sheet into memory before the first row can be read (about 60 MB for a
100,000-row ledger, 20× its file size); this reader inflates the sheet XML in chunks and turns each
<row> into a list of Python cells as calamine would: float for numbers, str for text, bool, date /
datetime / time / timedelta for cells with a date or duration number format, "" for empty, error and
uncached formula cells. Rows come from row 0 on (gaps as empty lists), cells from column A on.

Spreadsheet XML from Excel, WPS, LibreOffice and openpyxl is regular, so cells are found with regular
expressions over the bytes (three times faster than an XML parser); any cell not in the common
<c r= s= t=><v>…</v></c> shape takes a slower general path. Anything unreadable raises XlsxError.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from etl.ledgers.centred import centred_spans, centred_styles
from etl.ledgers.numfmt import (
    BUILTIN_DATE,
    BUILTIN_DURATION,
    BUILTIN_PERCENT,
    DATETIME,
    DURATION,
    OTHER,
    PERCENT,
    Shown,
    number_format_kind,
    styled,
)

CHUNK = 1 << 20
_ENTITY = re.compile(rb"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {b"amp": "&", b"lt": "<", b"gt": ">", b"quot": '"', b"apos": "'"}
_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ROOT = re.compile(rb"<(?:(\w+):)?worksheet\b")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([A-Z]*\d*:?([A-Z]*)(\d*))[\"']")
_ROW_NUMBER = re.compile(rb"\br\s*=\s*[\"'](\d+)[\"']")
_SHEET_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([^\"']+)[\"']")
_CELL_REF = re.compile(r"^([A-Z]{1,3})?(\d+)?$")


class XlsxError(ValueError):
    """The workbook's XML cannot be read."""


@dataclass(frozen=True)
class XlsxSheet:
    """One entry of the workbook's sheet list."""

    name: str
    path: str  # zip member, e.g. xl/worksheets/sheet1.xml
    kind: str  # worksheet | chartsheet | dialogsheet | macrosheet
    hidden: bool


def unescape(raw: bytes) -> str:
    """XML text (bytes) → str: line ends normalised to \\n as XML requires, then the five named entities
    and character references resolved (so &#13; stays a carriage return)."""
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"&" not in raw:
        return raw.decode("utf-8")
    return _ENTITY.sub(_entity, raw).decode("utf-8")


def _entity(m: re.Match[bytes]) -> bytes:
    name = m.group(1)
    if name in _NAMED:
        return _NAMED[name].encode()
    code = int(name[2:], 16) if name[1:2] in (b"x", b"X") else int(name[1:])
    return chr(code).encode("utf-8", "surrogatepass")


def attributes(raw: bytes) -> dict[bytes, bytes]:
    """Attributes of a start tag as raw bytes (names keep any prefix; values are not unescaped)."""
    return {k: v or w for k, v, w in _ATTR.findall(raw)}


def column_index(letters: str) -> int:
    """ "A" → 0, "AA" → 26."""
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col - 1


def cell_ref(ref: str) -> tuple[int, int]:
    """ "C5" → (4, 2), 0-based (row, column)."""
    m = _CELL_REF.match(ref.replace("$", ""))
    if not m or not m.group(1) or not m.group(2):
        raise XlsxError(f"bad cell reference {ref!r}")
    return int(m.group(2)) - 1, column_index(m.group(1))


class XlsxBook:
    """An open .xlsx/.xlsm: its sheet list, shared strings and date styles; rows are read on demand."""

    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self.names = {n.lower(): n for n in zf.namelist()}
        rels = self._rels("xl/_rels/workbook.xml.rels", "xl/")
        book = self._member("xl/workbook.xml")
        self.is_1904 = bool(re.search(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*[\"'](?:1|true)[\"']", book))
        self.sheets = self._sheets(book, rels)
        self.strings = self._shared_strings(rels)
        self.date_styles = self._date_styles(rels)
        self.centred = self._centred(rels)
        # Called with "Sheet!C3" for a formula cell without a saved result (it reads as empty).
        self.on_uncached: Callable[[str], None] = lambda _ref: None
        # Called with "Sheet!C3" and the error value ("#DIV/0!") for a cell holding an error (it reads as empty).
        self.on_error: Callable[[str, str], None] = lambda _ref, _value: None

    def _member(self, path: str) -> bytes:
        name = self.names.get(path.lower())
        if name is None:
            raise XlsxError(f"missing {path}")
        return self.zf.read(name)

    def _rels(self, path: str, base: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type suffix, zip path) of a .rels part."""
        out: dict[str, tuple[str, str]] = {}
        try:
            data = self._member(path)
        except XlsxError:
            return out
        for tag in re.findall(rb"<(?:\w+:)?Relationship\b([^>]*)>", data):
            a = attributes(tag)
            target = unescape(a.get(b"Target", b""))
            full = target.lstrip("/") if target.startswith("/") else _join(base, target)
            out[unescape(a.get(b"Id", b""))] = (unescape(a.get(b"Type", b"")).rsplit("/", 1)[-1], full)
        return out

    def _sheets(self, book: bytes, rels: dict[str, tuple[str, str]]) -> list[XlsxSheet]:
        sheets = []
        for tag in re.findall(rb"<(?:\w+:)?sheet\b([^>]*)>", book):
            attrs = attributes(tag)
            rid = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
            kind, path = rels.get(unescape(rid), ("worksheet", ""))
            state = attrs.get(b"state", b"visible")
            sheets.append(XlsxSheet(unescape(attrs.get(b"name", b"")), path, kind.lower(), state != b"visible"))
        return sheets

    def _shared_strings(self, rels: dict[str, tuple[str, str]]) -> list[str]:
        path = next((p for kind, p in rels.values() if kind == "sharedStrings"), "xl/sharedStrings.xml")
        name = self.names.get(path.lower())
        if name is None:
            return []
        prefix = _prefix(self.zf, name, b"sst")
        p = re.escape(prefix)
        pattern = re.compile(rb"<" + p + rb"si\b[^>]*?(?:/>|>(.*?)</" + p + rb"si>)", re.S)
        text = _text_runs(p)
        out: list[str] = []
        for chunk in _chunks(self.zf, name, b"</" + prefix + b"si>"):
            out.extend(text(m.group(1) or b"") for m in pattern.finditer(chunk))
        return out

    def _centred(self, rels: dict[str, tuple[str, str]]) -> set[bytes]:
        path = next((p for kind, p in rels.values() if kind == "styles"), "xl/styles.xml")
        try:
            return centred_styles(self._member(path))
        except XlsxError:
            return set()

    def _date_styles(self, rels: dict[str, tuple[str, str]]) -> dict[int, int | Shown]:
        """Cell style index (the s attribute) → DATETIME / DURATION / PERCENT / YEAR / Shown, for those styles only."""
        path = next((p for kind, p in rels.values() if kind == "styles"), "xl/styles.xml")
        try:
            styles = self._member(path)
        except XlsxError:
            return {}
        custom: dict[int, int | Shown] = {}
        for tag in re.findall(rb"<(?:\w+:)?numFmt\b([^>]*)>", styles):
            a = attributes(tag)
            code = unescape(a.get(b"formatCode", b""))
            custom[int(a.get(b"numFmtId", b"-1"))] = number_format_kind(code)
        xfs = re.search(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", styles, re.S)
        out: dict[int, int | Shown] = {}
        for i, tag in enumerate(re.findall(rb"<(?:\w+:)?xf\b([^>]*)>", xfs.group(1) if xfs else b"")):
            m = re.search(rb"\bnumFmtId\s*=\s*[\"'](\d+)[\"']", tag)
            fmt = int(m.group(1)) if m else 0
            kind = (
                custom[fmt]
                if fmt in custom
                else (
                    DATETIME
                    if fmt in BUILTIN_DATE
                    else DURATION
                    if fmt in BUILTIN_DURATION
                    else PERCENT
                    if fmt in BUILTIN_PERCENT
                    else OTHER
                )
            )
            if kind != OTHER:
                out[i] = kind
        return out

    def member(self, sheet: XlsxSheet) -> str:
        """The zip member name of SHEET (XlsxError when it is missing)."""
        name = self.names.get(sheet.path.lower())
        if name is None:
            raise XlsxError(f"missing {sheet.path}")
        return name

    def head(self, sheet: XlsxSheet) -> tuple[bytes, int, int]:
        """(element prefix, last row, last column) from the sheet's <dimension>; -1 when not given."""
        with self.zf.open(self.member(sheet)) as f:
            start = f.read(CHUNK)
        m = _ROOT.search(start)
        prefix = m.group(1) + b":" if m and m.group(1) else b""
        dim = _DIMENSION.search(start)
        if not dim or not dim.group(3):
            return prefix, -1, -1
        return prefix, int(dim.group(3)) - 1, column_index(dim.group(2).decode()) if dim.group(2) else -1

    def merged(self, sheet: XlsxSheet) -> list[tuple[int, int, int, int]]:
        """Merged ranges (first_row, first_col, last_row, last_col), 0-based, from after the sheet data."""
        tail = b""
        seen_end = False
        with self.zf.open(self.member(sheet)) as f:
            while chunk := f.read(CHUNK):
                if seen_end:
                    tail += chunk
                    continue
                tail = tail[-32:] + chunk
                end = _SHEET_DATA_END.search(tail) if b"sheetData" in tail else None
                if end:
                    seen_end, tail = True, tail[end.end() :]
        out = []
        for ref in _MERGE.findall(tail if seen_end else b""):
            first, _, last = ref.decode().partition(":")
            (r1, c1), (r2, c2) = cell_ref(first), cell_ref(last or first)
            out.append((r1, c1, r2, c2))
        if self.centred:  # 跨列居中: a title centred across empty cells reads as merged over them
            prefix = self.head(sheet)[0]
            chunks = _chunks(self.zf, self.member(sheet), b"</" + prefix + b"row>")
            out += [span for span in centred_spans(chunks, self.centred) if span not in out]
        return out

    def rows(self, sheet: XlsxSheet) -> Iterator[list[Any]]:
        """Every row of SHEET from row 0 (absent rows as []), each a list of cells from column A."""
        prefix, _h, _w = self.head(sheet)
        reader = _RowReader(self, prefix)
        reader.sheet = sheet.name
        expected = 0
        for r, cells in reader.read(_chunks(self.zf, self.member(sheet), b"</" + prefix + b"row>")):
            while expected < r:
                yield []
                expected += 1
            yield cells
            expected = r + 1


def _join(base: str, target: str) -> str:
    parts = (base + target).split("/")
    out: list[str] = []
    for p in parts:
        if p == "..":
            if out:
                out.pop()
        elif p and p != ".":
            out.append(p)
    return "/".join(out)


def _chunks(zf: zipfile.ZipFile, name: str, end: bytes) -> Iterator[bytes]:
    """The member's bytes in pieces that each end right after the closing tag END (the last: the rest)."""
    buf = b""
    with zf.open(name) as f:
        while chunk := f.read(CHUNK):
            buf += chunk
            last = buf.rfind(end)
            if last >= 0:
                yield buf[: last + len(end)]
                buf = buf[last + len(end) :]
    if buf:
        yield buf


def _prefix(zf: zipfile.ZipFile, name: str, root: bytes) -> bytes:
    """The namespace prefix ("x:" or "") the part's root element ROOT is written with."""
    with zf.open(name) as f:
        start = f.read(4096)
    m = re.search(rb"<(?:(\w+):)?" + root + rb"\b", start)
    return m.group(1) + b":" if m and m.group(1) else b""


def _text_runs(prefix: bytes) -> Callable[[bytes], str]:
    """A function: the inside of <si> or <is> → its text (runs joined, phonetic <rPh> runs left out)."""
    phonetic = re.compile(rb"<" + prefix + rb"rPh\b.*?</" + prefix + rb"rPh>", re.S)
    texts = re.compile(rb"<" + prefix + rb"t\b[^>]*?(?:/>|>(.*?)</" + prefix + rb"t>)", re.S)

    def text(inner: bytes) -> str:
        if b"<" + prefix + b"rPh" in inner:
            inner = phonetic.sub(b"", inner)
        runs = texts.findall(inner)
        if len(runs) == 1:
            return unescape(runs[0])
        return "".join(unescape(t) for t in runs)

    return text


class _RowReader:
    """Turns chunks of sheet XML into (row index, cells)."""

    def __init__(self, book: XlsxBook, prefix: bytes):
        p = re.escape(prefix)
        self.book = book
        self.end = b"</" + prefix + b"sheetData>"
        # <row r="5" …>: the number is read directly when r comes first, as every producer writes it.
        self.row = re.compile(
            rb"<" + p + rb"row(?=[\s/>])(?: r=\"(\d+)\")?([^>]*?)(?:/>|>(.*?)</" + p + rb"row>)", re.S
        )
        # The common shape first (r, then optional s and t, a bare <v>); anything else as a whole element.
        self.cell = re.compile(
            rb"<" + p + rb"c r=\"([A-Z]{1,3})\d+\"(?: s=\"(\d+)\")?(?: t=\"(\w+)\")?"
            rb"(?:/>|>(?:<" + p + rb"v>([^<]*)</" + p + rb"v>|<" + p + rb"is><" + p + rb"t(?: xml:space=\"preserve\")?>"
            rb"([^<]*)</" + p + rb"t></" + p + rb"is>)?</" + p + rb"c>)"
            rb"|<" + p + rb"c\b([^>]*?)(?:/>|>(.*?)</" + p + rb"c>)",
            re.S,
        )
        self.row_end = b"</" + prefix + b"row>"
        # a row's start tag, not self-closing, with its number first (as every producer writes it)
        self.row_start = re.compile(rb"<" + p + rb"row r=\"(\d+)\"[^>]*(?<!/)>").match
        self.value = re.compile(rb"<" + p + rb"v\b[^>]*?(?:/>|>(.*?)</" + p + rb"v>)", re.S)
        self.inline = re.compile(rb"<" + p + rb"is\b[^>]*?(?:/>|>(.*?)</" + p + rb"is>)", re.S)
        self.text = _text_runs(p)
        self.columns: dict[bytes, int] = {}
        self.texts: dict[bytes, str] = {}  # inline strings repeat (township and indicator names)
        self.sheet = ""
        self.strings = book.strings
        self.date_styles = {str(k).encode(): v for k, v in book.date_styles.items()}

    def read(self, chunks: Iterator[bytes]) -> Iterator[tuple[int, list[Any]]]:
        r = -1
        started = False
        for chunk in chunks:
            if not started:
                m = re.search(rb"<(?:\w+:)?sheetData\b[^>]*?(/?)>", chunk)
                if m is None:
                    continue
                if m.group(1):
                    return
                started, chunk = True, chunk[m.end() :]
            end = chunk.find(self.end)
            if end >= 0:
                chunk = chunk[:end]
            # Split at each </row> (a plain byte search): a piece that opens with <row r="5" …> is that row's
            # start tag and cells; any other piece (an empty <row/>, spaces between rows) goes the general way.
            pieces = chunk.split(self.row_end)
            tail = pieces.pop()
            for piece in pieces:
                m = self.row_start(piece)
                if m is None:
                    yield from (found := self.general_rows(piece + self.row_end, r))
                    r = found[-1][0] if found else r
                    continue
                r = int(m.group(1)) - 1
                yield r, self.cells(piece, r, m.end()) if m.end() < len(piece) else []
            if tail:
                yield from (found := self.general_rows(tail, r))
                r = found[-1][0] if found else r
            if end >= 0:
                return

    def general_rows(self, xml: bytes, r: int) -> list[tuple[int, list[Any]]]:
        """The rows of XML in any shape (R: the row before them)."""
        out = []
        for num, attrs, inner in self.row.findall(xml):
            if num:
                r = int(num) - 1
            else:
                other = _ROW_NUMBER.search(attrs) if attrs else None
                r = int(other.group(1)) - 1 if other else r + 1
            out.append((r, self.cells(inner, r) if inner else []))
        return out

    def cells(self, inner: bytes, row: int = 0, pos: int = 0) -> list[Any]:
        """The cells of a row's XML (from POS on) as a list from column A."""
        out: list[Any] = []
        col = -1
        columns, strings, dates = self.columns, self.strings, self.date_styles
        texts = self.texts
        for letters, style, typ, v, inline, attrs, body in self.cell.findall(inner, pos):
            if letters:
                c = columns.get(letters)
                if c is None:
                    c = columns[letters] = column_index(letters.decode())
                if not typ or typ == b"n":
                    if v:
                        value: Any = float(v)
                        if style and style in dates:
                            value = styled(value, dates[style], self.book.is_1904)
                    else:
                        value = ""
                elif typ == b"s":
                    value = strings[int(v)] if v else ""
                elif typ == b"inlineStr":
                    value = texts.get(inline)
                    if value is None:
                        if len(texts) > 100_000:
                            texts.clear()
                        value = texts[inline] = unescape(inline)
                elif typ == b"e":  # #DIV/0!, #REF! …: empty, said
                    value = ""
                    self.book.on_error(f"{self.sheet}!{letters.decode()}{row + 1}", unescape(v or b""))
                else:
                    value = self.typed(typ, v, style)
            else:
                c, value = self.general(attrs, body, col)
            col = c
            if c == len(out):
                out.append(value)
            elif c > len(out):
                out.extend([""] * (c - len(out)))
                out.append(value)
            else:
                out[c] = value
        return out

    def general(self, raw_attrs: bytes, body: bytes, col: int) -> tuple[int, Any]:
        """A cell in any other shape: extra attributes, a formula, an inline string, line breaks."""
        attrs = attributes(raw_attrs)
        ref = attrs.get(b"r")
        c = cell_ref(ref.decode())[1] if ref else col + 1
        typ = attrs.get(b"t", b"n")
        if typ in (b"inlineStr", b"is"):
            m = self.inline.search(body)
            return c, self.text(m.group(1) or b"") if m else ""
        m = self.value.search(body)
        v = m.group(1) if m else None
        where = f"{self.sheet}!{ref.decode() if ref else f'第 {c + 1} 列'}"
        if typ == b"e":  # an error value (a formula's #DIV/0!, #REF! …): empty, said
            self.book.on_error(where, unescape(v or b""))
            return c, ""
        if (v is None or not v.strip()) and b"<f" in body:
            self.book.on_uncached(where)
        if v is None:
            return c, ""
        if typ == b"n":
            v = v.strip()
            value = float(v) if v else ""
            style = attrs.get(b"s")
            if style and value != "" and style in self.date_styles:
                return c, styled(value, self.date_styles[style], self.book.is_1904)  # type: ignore[arg-type]
            return c, value
        if typ == b"s":
            return c, self.strings[int(v)]
        return c, self.typed(typ, v, attrs.get(b"s"))

    def typed(self, typ: bytes, v: bytes, style: bytes | None) -> Any:
        if typ == b"b":
            return v.strip() != b"0" if v else ""
        if typ == b"str":
            return unescape(v)
        if typ == b"d":
            return _iso(unescape(v).strip())
        if typ == b"s":
            return self.strings[int(v)] if v else ""
        if typ == b"n":
            return float(v) if v else ""
        return ""  # e (error) and anything unknown read as empty, as python-calamine does


def _iso(text: str) -> Any:
    """A t="d" cell (ISO 8601): date, datetime or time."""
    if not text:
        return ""
    try:
        if "T" in text or " " in text:
            stamp = datetime.fromisoformat(text.rstrip("Z"))
            return stamp.date() if stamp.time() == time() and len(text) <= 10 else stamp
        if ":" in text:
            return time.fromisoformat(text)
        return date.fromisoformat(text)
    except ValueError:
        return text
