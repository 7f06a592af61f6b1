"""The two text formats office systems save with an ".xls" name, read as sheets of raw cells like any workbook.

An HTML table ("导出Excel" of many government and business systems: <table> with rowspan/colspan headers, often
GBK, numbers as <td x:num="412"> and formats as mso-number-format styles) and an XML Spreadsheet 2003 workbook
(<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">). A cell spanning rows or columns is a merged
range whose value sits in its first cell, as in an .xlsx, so that A1 names count the spans the way Excel shows
the file. The HTML page is one sheet named after the file (Excel stacks the tables of a page on one sheet, and
a title line above a table is a row of it); an XML workbook has its worksheets. The XML is parsed with
xml.etree after refusing any DTD (an office export has none), so no entity is ever expanded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any

from etl.ledgers.numfmt import PERCENT, PercentNumber, Shown, number_format_kind

Cell = Any
Grid = list[list[Cell]]
Merge = tuple[int, int, int, int]
SS = "urn:schemas-microsoft-com:office:spreadsheet"
XLNS = "urn:schemas-microsoft-com:office:excel"
MAX_SPAN = 1000  # a rowspan/colspan beyond this is broken markup, not a ledger
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "li", "title"}
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
_CLASS_RULE = re.compile(r"\.([\w-]+)\s*\{([^}]*)\}")
_MSO_FORMAT = re.compile(r"""mso-number-format\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^;"']+))""")
_SPACES = re.compile(r"[ \t\r\f\v\xa0\u3000]+")
_NAMED_FORMATS = {"percent": "0.00%", "fixed": "0.00", "standard": "#,##0.00", "general number": "General"}


def looks_like_html(head: bytes) -> bool:
    """HEAD (the file's first bytes, lowercased, leading space and BOM removed) starts an HTML page or table."""
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in head:
        return True
    return head.startswith(b"<") and not head.startswith(b"<?xml") and any(t in head for t in (b"<table", b"<body"))


def looks_like_xml_workbook(head: bytes) -> bool:
    return head.startswith(b"<?xml") and SS.encode() in head


def decode_markup(data: bytes) -> str:
    """The page's text: its BOM, the charset its <meta> or <?xml?> declares (gb2312 read as GB18030, a superset),
    else UTF-8, else GB18030; bytes that still fail become �."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    m = _CHARSET.search(data[:4096]) or re.search(rb"""encoding\s*=\s*["']([A-Za-z0-9_-]+)""", data[:200])
    declared = m.group(1).decode("ascii").lower() if m else ""
    if declared in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936"):
        return data.decode("gb18030", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode(declared or "utf-8", "replace") if _known(declared) else data.decode("utf-8", "replace")


def _known(codec: str) -> bool:
    try:
        "".encode(codec)
    except LookupError:
        return False
    return bool(codec)


def _format_kind(code: str) -> int | Shown | None:
    code = _NAMED_FORMATS.get(code.strip().lower(), code)
    kind = number_format_kind(code)
    return kind if kind == PERCENT or isinstance(kind, Shown) else None


def _styled_number(value: float, kind: int | Shown | None) -> Cell:
    if kind == PERCENT:
        return PercentNumber(value)
    if isinstance(kind, Shown):
        return kind.text(value)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


class _Layout:
    """Rows of cells placed on a grid that remembers the cells spanned from above (rowspan)."""

    def __init__(self) -> None:
        self.rows: Grid = []
        self.merged: list[Merge] = []
        self.taken: set[tuple[int, int]] = set()

    def row(self) -> int:
        self.rows.append([])
        return len(self.rows) - 1

    def free(self, r: int, c: int) -> int:
        """The first column from C on in row R that no cell above spans."""
        while (r, c) in self.taken:
            c += 1
        return c

    def put(self, r: int, c: int, value: Cell, across: int, down: int) -> int:
        """Place VALUE in row R at column C spanning ACROSS columns and DOWN rows; returns the column after it."""
        while len(self.rows) < r + down:  # a span reaches rows still to come
            self.rows.append([])
        row = self.rows[r]
        row.extend([""] * (c + across - len(row)))
        row[c] = value
        if across > 1 or down > 1:
            self.merged.append((r, c, r + down - 1, c + across - 1))
            self.taken.update((r + i, c + j) for i in range(down) for j in range(across))
        return c + across

    def grid(self) -> Grid:
        while self.rows and not any(v != "" for v in self.rows[-1]):
            self.rows.pop()
        return self.rows


class _TableParser(HTMLParser):
    """Tables of a page (nested tables read as text of their cell) and the text lines outside them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.layout = _Layout()
        self.tables = 0
        self.password = False
        self.classes: dict[str, str] = {}
        self._depth = 0  # open <table> elements
        self._row = -1  # current table row (grid index), -1 outside a row
        self._next = 0  # the grid row the next <tr> of the table fills
        self._col = 0  # the column the next cell of the row may take
        self._cell: dict[str, str | None] | None = None
        self._text: list[str] = []
        self._outside: list[str] = []
        self._skip = 0  # inside <script>/<style>
        self._style: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "input" and (dict(attrs).get("type") or "").lower() == "password":
            self.password = True
        elif tag == "table":
            if self._depth == 0:
                self._flush_outside()
                self.tables += 1
                self._next = len(self.layout.rows)
            self._depth += 1
        elif self._depth > 1:
            self._space(tag)
        elif tag == "tr" and self._depth == 1:
            self._end_cell()
            self._new_row()
        elif tag in ("td", "th") and self._depth == 1:
            self._end_cell()
            if self._row < 0:
                self._new_row()
            self._cell = dict(attrs)
            self._text = []
        else:
            self._space(tag)

    def _new_row(self) -> None:
        self._row, self._next, self._col = self._next, self._next + 1, 0
        while len(self.layout.rows) <= self._row:
            self.layout.row()

    def _space(self, tag: str) -> None:
        if tag == "br" or tag in _BLOCKS:
            (self._text if self._cell is not None else self._outside).append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "input", "meta", "img", "col", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(self._skip - 1, 0)
            if tag == "style" and not self._skip:
                self._read_styles("".join(self._style))
                self._style = []
        elif tag == "table" and self._depth:
            self._depth -= 1
            if self._depth == 0:
                self._end_cell()
                self._row = -1
        elif self._depth == 1 and tag in ("td", "th"):
            self._end_cell()
        elif self._depth == 1 and tag == "tr":
            self._end_cell()
            self._row = -1
        elif tag in _BLOCKS:
            self._space(tag)

    def handle_data(self, data: str) -> None:
        if self._skip:
            self._style.append(data)
        elif self._cell is not None:
            self._text.append(data)
        elif self._depth == 0:
            self._outside.append(data)

    def close(self) -> None:
        super().close()
        self._end_cell()
        self._flush_outside()

    def _read_styles(self, css: str) -> None:
        for m in _CLASS_RULE.finditer(css):
            f = _MSO_FORMAT.search(m.group(2))
            if f:
                self.classes[m.group(1)] = next(g for g in f.groups() if g is not None)

    def _flush_outside(self) -> None:
        for line in "".join(self._outside).split("\n"):
            text = _SPACES.sub(" ", line).strip()
            if text:
                self.layout.put(self.layout.row(), 0, text, 1, 1)
        self._outside = []

    def _end_cell(self) -> None:
        attrs, self._cell = self._cell, None
        if attrs is None:
            return
        lines = (_SPACES.sub(" ", line).strip() for line in "".join(self._text).split("\n"))
        text = "\n".join(line for line in lines if line)
        across, down = _span(attrs.get("colspan")), _span(attrs.get("rowspan"))
        col = self.layout.free(self._row, self._col)
        self._col = self.layout.put(self._row, col, self._value(attrs, text), across, down)

    def _value(self, attrs: dict[str, str | None], text: str) -> Cell:
        fmt = _MSO_FORMAT.search(attrs.get("style") or "")
        code = next(g for g in fmt.groups() if g is not None) if fmt else None
        for name in (attrs.get("class") or "").split():
            code = code if code is not None else self.classes.get(name)
        if "x:num" not in attrs or "x:str" in attrs:
            return text
        raw = attrs["x:num"] or text.replace(",", "").replace(" ", "")
        try:
            number = float(raw)
        except ValueError:
            return text
        return _styled_number(number, _format_kind(code) if code else None)


def _span(value: str | None) -> int:
    try:
        return min(max(int(str(value).strip()), 1), MAX_SPAN)
    except ValueError:
        return 1


def html_sheets(data: bytes, filename: str, refuse: Callable[[str], Exception]) -> list[tuple[str, Grid, list[Merge]]]:
    """The page's one sheet (named after the file); REFUSE(message) for a page without a table."""
    parser = _TableParser()
    parser.feed(decode_markup(data))
    parser.close()
    if parser.password:
        raise refuse(
            "这是一个网页（HTML）登录页，不是导出的表格；"
            "请登录系统后重新“导出Excel”，或用 Excel 打开后另存为 .xlsx 再上传"
        )
    if not parser.tables:
        raise refuse(
            "这是网页（HTML）格式的文件，但里面没有表格（可能是系统的出错或登录页面）；"
            "请重新从系统导出，或用 Excel 打开确认后另存为 .xlsx 再上传"
        )
    return [(PurePath(filename).stem or "Sheet1", parser.layout.grid(), parser.layout.merged)]


def _q(name: str, ns: str = SS) -> str:
    return f"{{{ns}}}{name}"


def _int(el: ET.Element, name: str, default: int) -> int:
    try:
        return int(el.get(_q(name)) or default)
    except ValueError:
        return default


def xml_sheets(data: bytes, refuse: Callable[[str], Exception]) -> list[tuple[str, Grid, list[Merge], bool]]:
    """The worksheets of an XML Spreadsheet 2003 file: (name, rows, merged ranges, hidden)."""
    if b"<!DOCTYPE" in data[:65536].upper() or b"<!ENTITY" in data.upper():
        raise refuse("XML 表格中含有文档类型声明（DTD），为安全起见拒绝读取；请用 Excel 打开后另存为 .xlsx 再上传")
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        raise refuse("XML 表格已损坏（格式不完整），无法读取；请用 Excel 打开确认无误后另存为 .xlsx 再上传") from None
    formats: dict[str, int | Shown | None] = {}
    for style in root.iter(_q("Style")):
        nf = style.find(_q("NumberFormat"))
        if nf is not None and nf.get(_q("Format")):
            formats[style.get(_q("ID")) or ""] = _format_kind(nf.get(_q("Format")) or "")
    sheets: list[tuple[str, Grid, list[Merge], bool]] = []
    for ws in root.iter(_q("Worksheet")):
        layout = _Layout()
        table = ws.find(_q("Table"))
        r = -1
        for row in table.iter(_q("Row")) if table is not None else ():
            r = min(_int(row, "Index", r + 2), 1_048_576) - 1  # Excel's last row: a bogus index stays bounded
            while len(layout.rows) <= r:
                layout.row()
            c = -1
            for cell in row.iter(_q("Cell")):
                c = _int(cell, "Index", c + 2) - 1
                c = layout.free(r, c) if cell.get(_q("Index")) is None else c
                across = min(_int(cell, "MergeAcross", 0), MAX_SPAN) + 1
                down = min(_int(cell, "MergeDown", 0), MAX_SPAN) + 1
                value = _xml_value(cell.find(_q("Data")), formats.get(cell.get(_q("StyleID")) or ""))
                c = layout.put(r, c, value, across, down) - 1
        hidden = any((v.text or "").strip() == "SheetHidden" for v in ws.iter(_q("Visible", XLNS)))
        sheets.append((ws.get(_q("Name")) or f"Sheet{len(sheets) + 1}", layout.grid(), layout.merged, hidden))
    if not sheets:
        raise refuse("XML 表格中没有工作表；请用 Excel 打开确认后另存为 .xlsx 再上传")
    return sheets


def _xml_value(data: ET.Element | None, kind: int | Shown | None) -> Cell:
    if data is None:
        return ""
    text = "".join(data.itertext())
    typ = data.get(_q("Type"))
    if typ == "Number":
        try:
            return _styled_number(float(text), kind)
        except ValueError:
            return text.strip()
    if typ == "DateTime":
        try:
            return datetime.fromisoformat(text.strip().rstrip("Z"))
        except ValueError:
            return text.strip()
    if typ == "Boolean":
        return text.strip() == "1"
    return text
