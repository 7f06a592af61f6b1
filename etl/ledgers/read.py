"""Ledger files as bytes → sheets of raw cells. The only IO part of the ledger importer.

The format is told from the content (magic bytes), never from the file name: clerks rename files, and
office systems export HTML tables as ".xls". .xlsx/.xlsm are streamed a row at a time
(etl.ledgers.xlsx_stream: memory stays a small multiple of the file, and number formats are known); .xls and
.xlsb are read with python-calamine, an .xls's percent formats with xlrd; CSV is decoded as UTF-8 or GBK; an HTML
table or XML Spreadsheet 2003 file saved as ".xls" is read by etl.ledgers.html_xls.
Every refusal raises LedgerFileError with a Chinese message naming the file and saying what to do; nothing is written by
this module, so a refused file leaves the database untouched.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import IO, Any

import python_calamine as pc
import xlrd

from etl.ledgers.html_xls import html_sheets, looks_like_html, looks_like_xml_workbook, xml_sheets
from etl.ledgers.numfmt import PERCENT, YEAR, PercentNumber, Shown, YearDate, number_format_kind
from etl.ledgers.xlsx_stream import XlsxBook, XlsxError
from etl.textsafe import decode_mostly_utf8

ERROR_CELL = "单元格是错误值（{value}），按空白处理；请在 Excel/WPS 中改正公式或填入数字后重新上传"
UNCACHED_FORMULA = (
    "公式没有保存计算结果（文件由程序生成、未在 Excel/WPS 中打开过），按空白处理；请在 Excel/WPS 中打开、保存后重新上传"
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# An encrypted .xlsx is an OLE container holding a stream of this (UTF-16) name instead of a zip.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
WORD_STREAM = "WordDocument".encode("utf-16-le")
DEFAULT_MAX_MB = 20.0
# A zip member that inflates more than this many times is treated as a zip bomb. Real sheets compress
# 5–30×: a 100,000-row ledger's sheet XML is about 10× its compressed size.
MAX_RATIO = 200
MAX_UNPACKED = 1024 * 1024 * 1024  # 1 GiB of XML is far beyond any ledger under the size limit
MAX_MEMBERS = 10_000
_BINARY_MAGICS = {
    b"%PDF": "PDF 文件",
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF8": "GIF 图片",
    b"Rar!": "RAR 压缩包",
    b"7z\xbc\xaf": "7z 压缩包",
    b"\x1f\x8b": "gzip 压缩包",
}
Cell = Any  # str | float | int | bool | date | datetime | time | timedelta; "" or None when empty


class LedgerFileError(ValueError):
    """The file cannot be read as a ledger; the message (Chinese) names the file and what to do."""


@dataclass
class SheetData:
    """One sheet: rows() yields every row from the first (absolute index 0), each a list of cells that
    starts at column col_offset. merged holds (first_row, first_col, last_row, last_col), 0-based."""

    name: str
    height: int
    col_offset: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False
    rows: Callable[[], Iterator[list[Cell]]] = lambda: iter(())


@dataclass
class Workbook:
    """The sheets of one file, in workbook order. Sheets are loaded one at a time through load()."""

    filename: str
    kind: str  # xlsx | xls | csv | html | xml
    sheet_names: list[str]
    hidden: set[str] = field(default_factory=set)
    _loader: Callable[[str], SheetData] | None = None
    # (cell or file, message) found while reading: bad bytes of a CSV, formulas without a saved result.
    notes: list[tuple[str, str]] = field(default_factory=list)
    pictures: bool = False  # the workbook holds pictures (a scanned form, photos): figures no reader sees

    def load(self, name: str) -> SheetData:
        """The sheet called NAME (LedgerFileError when it does not exist or cannot be read)."""
        if name not in self.sheet_names:
            listed = "、".join(self.sheet_names)
            raise LedgerFileError(f"{self.filename}：找不到工作表“{name}”，工作簿中有：{listed}")
        assert self._loader is not None
        return self._loader(name)


def max_upload_bytes() -> int:
    """The size limit: $LEDGER_MAX_MB megabytes (20 by default)."""
    try:
        mb = float(os.environ.get("LEDGER_MAX_MB", DEFAULT_MAX_MB))
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def read_bytes(fileobj: IO[bytes] | bytes, filename: str, max_bytes: int | None = None) -> bytes:
    """The file's bytes, refusing files over MAX_BYTES without reading them whole."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    data = fileobj if isinstance(fileobj, bytes | bytearray) else fileobj.read(limit + 1)
    if len(data) > limit:
        raise LedgerFileError(f"{filename}：文件超过 {limit / 1024 / 1024:g} MB 的上限，请拆分后分别上传")
    if not data:
        raise LedgerFileError(f"{filename}：文件是空的，请确认上传的是填好的台账")
    return bytes(data)


def open_workbook(fileobj: IO[bytes] | bytes, filename: str = "台账", *, max_bytes: int | None = None) -> Workbook:
    """Open a ledger given as bytes or a binary file object; the format is told from the content."""
    data = read_bytes(fileobj, filename, max_bytes)
    if data.startswith(ZIP_MAGIC):
        if _check_zip(data, filename) == "xlsx":
            # The streaming reader keeps memory near the file size (calamine holds a whole sheet, about 20x
            # the file) and knows each cell's number format: 0.956 shown as 95.6% is a percentage.
            return _xlsx_workbook(data, filename)
        return _calamine_workbook(data, filename, "xlsx")  # .xlsb: binary parts, read by calamine
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise _password(filename)
        if WORD_STREAM in data:
            raise LedgerFileError(f"{filename}：这是 Word 文档，不是 Excel 表格；报告请到“报告导入”页上传")
        return _calamine_workbook(data, filename, "xls")
    head = data[:4096].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if looks_like_html(head) and not head.startswith(b"mime-version"):
        return _grid_workbook(filename, "html", [(*s, False) for s in html_sheets(data, filename, _refusal(filename))])
    if looks_like_xml_workbook(head):
        return _grid_workbook(filename, "xml", xml_sheets(data, _refusal(filename)))
    _refuse_other_formats(data, filename)
    if PurePath(filename).suffix.lower() in (".xlsx", ".xlsm"):
        raise LedgerFileError(
            f"{filename}：扩展名是 Excel 工作簿，但内容不是；请用 Excel 打开确认后另存为 .xlsx 再上传"
        )
    return _csv_workbook(data, filename)


def _refusal(filename: str) -> Callable[[str], LedgerFileError]:
    return lambda message: LedgerFileError(f"{filename}：{message}")


def _grid_workbook(filename: str, kind: str, sheets: list[tuple[str, list[list[Cell]], list[Any], bool]]) -> Workbook:
    """A workbook of sheets read whole (an HTML table, an XML Spreadsheet 2003 file): NAME, rows, merged, hidden."""
    loaded = {
        name: SheetData(name, len(rows), merged=merged, hidden=hidden, rows=_copies(rows))
        for name, rows, merged, hidden in sheets
    }
    hidden = {name for name, _rows, _merged, is_hidden in sheets if is_hidden}
    return Workbook(filename, kind, list(loaded), hidden, _loader=loaded.__getitem__)


def _copies(rows: list[list[Cell]]) -> Callable[[], Iterator[list[Cell]]]:
    return lambda: (list(row) for row in rows)


def _password(filename: str) -> LedgerFileError:
    return LedgerFileError(f"{filename}：工作簿设置了打开密码，无法读取；请在 Excel 中取消密码后另存再上传")


def _corrupt(filename: str) -> LedgerFileError:
    return LedgerFileError(f"{filename}：文件已损坏，无法读取；请用 Excel 打开确认无误后另存为 .xlsx 再上传")


def _check_zip(data: bytes, filename: str) -> str:
    """Refuse zips that are not workbooks, are encrypted, or would inflate to absurd sizes.

    Returns "xlsx" for XML workbooks (.xlsx, .xlsm) and "xlsb" for binary ones."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise _corrupt(filename) from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        if "word/document.xml" in names:
            raise LedgerFileError(f"{filename}：这是 Word 文档，不是 Excel 表格；报告请到“报告导入”页上传")
        if any(n.startswith("ppt/") for n in names):
            raise LedgerFileError(f"{filename}：这是 PowerPoint 文件，不是 Excel 表格")
        raise LedgerFileError(f"{filename}：这是一个压缩包，不是 Excel 表格；请解压后上传其中的 .xlsx 文件")
    if any(i.flag_bits & 0x1 for i in infos):
        raise _password(filename)
    total = sum(i.file_size for i in infos)
    bomb = (
        len(infos) > MAX_MEMBERS
        or total > MAX_UNPACKED
        or any(i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos)
    )
    if bomb:
        raise LedgerFileError(f"{filename}：文件解压后异常巨大（疑似“压缩炸弹”），已拒绝读取；请上传正常的台账文件")
    return "xlsx" if "xl/workbook.xml" in names else "xlsb"


# Everything a damaged workbook can raise while its zip and XML are read.
_XLSX_ERRORS = (
    XlsxError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    ValueError,
    UnicodeDecodeError,
    OSError,
)


def _xlsx_workbook(data: bytes, filename: str) -> Workbook:
    """.xlsx / .xlsm through the streaming reader: rows are inflated and parsed as they are consumed."""
    try:
        book = XlsxBook(zipfile.ZipFile(io.BytesIO(data)))
    except _XLSX_ERRORS:
        raise _corrupt(filename) from None
    sheets = {s.name: s for s in book.sheets if s.kind == "worksheet"}
    hidden = {s.name for s in book.sheets if s.hidden}

    def load(name: str) -> SheetData:
        sheet = sheets[name]
        try:
            _prefix, last_row, _col = book.head(sheet)
            merged = book.merged(sheet)
            size = book.zf.getinfo(book.member(sheet)).file_size
        except _XLSX_ERRORS:
            raise _corrupt(filename) from None
        height = last_row + 1 if last_row >= 0 else max(size // 200, 1)
        return SheetData(
            name=name,
            height=height,
            merged=merged,
            hidden=name in hidden,
            rows=lambda: _guarded(book.rows(sheet), filename),
        )

    notes: list[tuple[str, str]] = []
    book.on_uncached = lambda ref: notes.append((ref, UNCACHED_FORMULA))
    book.on_error = lambda ref, value: notes.append((ref, ERROR_CELL.format(value=value or "错误值")))
    pictures = any(n.startswith("xl/media/") for n in book.zf.namelist())
    return Workbook(
        filename=filename,
        kind="xlsx",
        sheet_names=list(sheets),
        hidden=hidden,
        _loader=load,
        notes=notes,
        pictures=pictures,
    )


def _calamine_workbook(data: bytes, filename: str, kind: str) -> Workbook:
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        metas = wb.sheets_metadata
    except pc.PasswordError:
        raise _password(filename) from None
    except Exception:  # calamine raises several error types (and plain ValueError) for broken files
        raise _corrupt(filename) from None
    hidden = {m.name for m in metas if m.visible != pc.SheetVisibleEnum.Visible}
    names = [m.name for m in metas if m.typ == pc.SheetTypeEnum.WorkSheet]

    def load(name: str) -> SheetData:
        try:
            sheet = wb.get_sheet_by_name(name)
        except pc.PasswordError:
            raise _password(filename) from None
        except Exception:
            raise _corrupt(filename) from None
        merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
        start, end = sheet.start or (0, 0), sheet.end or (-1, 0)
        percent = percents.get(name, {}) if kind == "xls" else {}
        # iter_rows yields rows from the very first one, cells from the first used column on.
        return SheetData(
            name=name,
            height=end[0] + 1,
            col_offset=start[1],
            merged=merged,
            hidden=name in hidden,
            rows=lambda: _guarded(_with_percents(sheet.iter_rows(), percent, start[1]), filename),
        )

    percents = xls_styled_cells(data) if kind == "xls" else {}
    return Workbook(filename=filename, kind=kind, sheet_names=names, hidden=hidden, _loader=load)


def _xls_kind(code: str) -> int | Shown | None:
    kind = number_format_kind(code)
    return kind if kind in (PERCENT, YEAR) or isinstance(kind, Shown) else None


def xls_styled_cells(data: bytes) -> dict[str, dict[tuple[int, int], int | Shown]]:
    """Sheet name → (row, col) → PERCENT or YEAR for the cells of an .xls shown with a percent format (number cells)
    or a year-only date format (date cells, yyyy"年"): xlrd reads the formats; calamine, which reads the values, does
    not. Empty when xlrd cannot read the file."""
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception:  # xlrd raises its own errors and plain ones for files calamine reads fine
        return {}
    styled = {i: _xls_kind(book.format_map[xf.format_key].format_str) for i, xf in enumerate(book.xf_list)}
    styled = {i: k for i, k in styled.items() if k is not None}
    wanted = {PERCENT: xlrd.XL_CELL_NUMBER, YEAR: xlrd.XL_CELL_DATE}  # a Shown: number cells
    out: dict[str, dict[tuple[int, int], int | Shown]] = {}
    for sheet in book.sheets() if styled else ():
        cells = {
            (r, c): kind
            for r in range(sheet.nrows)
            for c in range(sheet.row_len(r))
            if (kind := styled.get(sheet.cell_xf_index(r, c))) is not None
            and sheet.cell_type(r, c) == (xlrd.XL_CELL_NUMBER if isinstance(kind, Shown) else wanted[kind])
        }
        if cells:
            out[sheet.name] = cells
    return out


def _with_percents(
    rows: Iterator[list[Cell]], cells: dict[tuple[int, int], int | Shown], offset: int
) -> Iterator[list[Cell]]:
    """Rows with the cells of CELLS (absolute row, column → kind) as PercentNumber (numbers), YearDate (dates) or
    the text a unit-showing format gives a number (Shown)."""
    if not cells:
        yield from rows
        return
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            kind = cells.get((r, c + offset))
            if kind == PERCENT and isinstance(v, float | int) and not isinstance(v, bool):
                row[c] = PercentNumber(v)
            elif kind == YEAR and isinstance(v, date):
                row[c] = YearDate(v.year, v.month, v.day)
            elif isinstance(kind, Shown) and isinstance(v, float | int) and not isinstance(v, bool):
                row[c] = kind.text(v)
        yield row


def _guarded(rows: Iterator[list[Cell]], filename: str) -> Iterator[list[Cell]]:
    try:
        yield from rows
    except Exception:
        raise _corrupt(filename) from None


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _refuse_other_formats(data: bytes, filename: str) -> None:
    """Raise for HTML/XML/PDF/images and other binaries; return for text that may be CSV."""
    for magic, what in _BINARY_MAGICS.items():
        if data.startswith(magic):
            raise LedgerFileError(f"{filename}：这是 {what}，不是 Excel 表格；请上传 .xlsx、.xls 或 .csv 文件")
    head = data[:4096].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith(b"mime-version"):
        raise LedgerFileError(
            f"{filename}：这是“单个文件网页”（MHT）格式的文件，只是扩展名像 Excel；"
            "请用 Excel 打开后“另存为”Excel 工作簿（.xlsx）再上传"
        )
    if head.startswith(b"<?xml"):
        raise LedgerFileError(
            f"{filename}：这是 XML 文件，不是 Excel 表格；请用 Excel 打开后“另存为”Excel 工作簿（.xlsx）再上传"
        )
    if b"\x00" in data[:8192] and not data.startswith(_UTF16_BOMS):  # Excel's Unicode text is UTF-16
        raise LedgerFileError(f"{filename}：不是电子表格文件，无法识别其格式；请上传 .xlsx、.xls 或 .csv 文件")


def decode_text(data: bytes, filename: str, notes: list[tuple[str, str]] | None = None) -> str:
    """CSV text: UTF-8 (with or without BOM) first, UTF-8 with a few bad bytes (each named in NOTES by its
    line), then GBK/GB18030 as Chinese Excel saves it; UTF-16 with its BOM (Excel's 另存为 Unicode 文本)."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise LedgerFileError(f"{filename}：UTF-16 文字编码有误；请用 Excel 另存为 .xlsx 再上传") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    slipped = decode_mostly_utf8(data)
    if slipped is not None:
        text, lines = slipped
        where = "、".join(f"第 {n} 行" for n in lines[:10]) + ("等" if len(lines) > 10 else "")
        if notes is not None:
            notes.append((filename, f"{where}有无法识别的字节（不是有效的 UTF-8），已显示为 �；请核对这些行"))
        return text
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    raise LedgerFileError(f"{filename}：无法识别文件的文字编码；请用 Excel 另存为 .xlsx 或 UTF-8 编码的 CSV 再上传")


_SEP_HINT = re.compile(r"\A\ufeff?sep=([^\r\n]) *\r?\n", re.IGNORECASE)


def _text_formulas(row: list[str]) -> list[Cell]:
    """A CSV row with each `="412"` field (a text formula an export writes so that Excel keeps codes and figures as
    it wrote them) as the text Excel shows: 412."""
    return [c[2:-1] if c[:2] == '="' and c[-1:] == '"' and len(c) > 2 else c for c in row]


def _csv_workbook(data: bytes, filename: str) -> Workbook:
    notes: list[tuple[str, str]] = []
    text = decode_text(data, filename, notes)
    # sep=| on the first line: Excel's instruction naming the delimiter, a line it does not show.
    hint = _SEP_HINT.match(text)
    text = text[hint.end() :] if hint else text
    lines = [line for line in text[:8192].splitlines() if line.strip()]
    delimiter = hint.group(1) if hint else max(",\t;", key=lambda d: sum(d in line for line in lines))
    if sum(delimiter in line for line in lines) < 2:
        raise LedgerFileError(f"{filename}：不是电子表格文件（没有找到表格的列）；请上传 .xlsx、.xls 或 .csv 文件")
    # Excel names a CSV's only sheet after the file.
    name = PurePath(filename).stem or "Sheet1"
    height = text.count("\n") + 1

    def rows() -> Iterator[list[Cell]]:
        # A cell may be as long as the file (the size limit bounds it), not csv's default 128 KB.
        csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        yield from (map(_text_formulas, reader) if '="' in text else reader)

    sheet = SheetData(name=name, height=height, rows=rows)
    return Workbook(filename=filename, kind="csv", sheet_names=[name], _loader=lambda _n: sheet, notes=notes)


def cell_name(row: int, col: int) -> str:
    """A1-style name of 0-based ROW/COL (0, 2 → "C1")."""
    return f"{column_letter(col)}{row + 1}"


def column_letter(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_A1 = re.compile(r"^([A-Z]+)(\d+)$")


def parse_cell_name(name: str) -> tuple[int, int]:
    """Inverse of cell_name: "C1" → (0, 2)."""
    m = _A1.match(name)
    if not m:
        raise ValueError(name)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1
