"""Reports as bytes → text. The format is told from the content (magic bytes), not the file name.

Supported: plain text (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK, Big5), .docx (paragraphs and
tables in document order), PDF with a text layer, scanned PDFs and photos (.jpg/.png) by OCR
(etl.reports.scanned), and old .doc/.wps through LibreOffice (etl.reports.office). Anything else raises
ReadError with a Chinese message that names the file and says what to do. The decoded text is returned
verbatim: spans of extracted facts point into it; for a scan, Report.scan maps each character to its page,
line and confidence.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from charset_normalizer import from_bytes

from etl.reports import limits
from etl.reports.errors import ReadError
from etl.reports.ocr_layout import ScanText
from etl.reports.office import OfficeError, to_docx
from etl.reports.scanned import Progress, ScanError, is_image, read_scan
from etl.textsafe import decode_mostly_utf8

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Encrypted .docx/.xlsx files are OLE containers holding a stream of this (UTF-16) name.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# Streams of a word-processing document in an OLE container: Word and Kingsoft WPS, and Microsoft Works .wps.
WORD_STREAMS = ("WordDocument".encode("utf-16-le"), "CONTENTS".encode("utf-16-le"))
EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNIT_IN_HEADER = re.compile(r"[（(]\s*(人次|人|名|个|次|期|场次|场|户|件|起|万元|元|%|％)\s*[)）]\s*$")
_GENERIC_HEADERS = {"数量", "数值", "数据", "完成情况", "完成数", "合计", "数", "值", "情况", "备注"}


# A file named as a container format whose bytes are not that container is broken, not plain text.
_CONTAINER_SUFFIXES = {
    "docx": "{name}：Word 文件已损坏（内容不是有效的 .docx），请在 Word/WPS 中打开原文件另存为 .docx 后再上传。",
    "pdf": "{name}：PDF 文件已损坏（内容不是有效的 PDF），无法打开：请重新导出 PDF，或另存为 .docx 后再上传。",
}


@dataclass
class Report:
    """A report's text and, when it was read by OCR, the page, line and confidence of each character."""

    text: str
    scan: ScanText | None = None


def read_document(filename: str, data: bytes) -> str:
    """Decode DATA (the bytes of FILENAME) into text; raises ReadError for anything unreadable."""
    return read_report(filename, data).text


def read_report(filename: str, data: bytes, progress: Progress | None = None) -> Report:
    """DATA (the bytes of FILENAME) as a Report; PROGRESS(page, pages) is called while a scan is read."""
    name = limits.display_name(filename) or "上传的文件"
    limits.check_file(name, len(data))
    if not data or not data.strip():
        raise ReadError(f"{name}：文件是空的，请检查是否选错了文件。")
    head = data[:8]
    try:
        if is_image(data) or _is_pdf(data):
            report = _read_pdf_or_scan(name, data, progress)
        elif head.startswith(OLE_MAGIC):
            report = Report(_read_ole(name, data))
        else:
            report = Report(_read_other(name, data))
    except (ScanError, OfficeError) as exc:
        raise ReadError(str(exc)) from exc
    if not report.text.strip():
        raise ReadError(f"{name}：文件中没有可提取的文字，请检查文件内容后再上传。")
    limits.check_text(name, report.text)
    return report


def needs_ocr(data: bytes) -> bool:
    """True for a photo or a PDF without a text layer: reading it takes OCR, seconds per page."""
    if is_image(data):
        return True
    if not _is_pdf(data):
        return False
    try:
        return not read_pdf("", data).strip()
    except ReadError:
        return False


def _is_pdf(data: bytes) -> bool:
    return data[:5] == b"%PDF-" or data[:1024].lstrip().startswith(b"%PDF-")


def _read_pdf_or_scan(name: str, data: bytes, progress: Progress | None) -> Report:
    """A PDF's text layer, else (a scanned PDF, or a photo) the text OCR reads."""
    if not is_image(data):
        text = read_pdf(name, data)
        if text.strip():
            return Report(text)
    scan = read_scan(name, data, progress)
    return Report(scan.text, scan)


def _read_other(name: str, data: bytes) -> str:
    head = data[:8]
    if head.startswith(ZIP_MAGIC):
        text = _read_zip(name, data)
    elif data.lstrip()[:5] == b"{\\rtf":
        raise ReadError(f"{name}：这是 RTF 格式文件，无法直接读取：请用 Word 或 WPS 另存为 .docx 后再上传。")
    elif (suffix := name.lower().rpartition(".")[2]) in _CONTAINER_SUFFIXES:
        raise ReadError(_CONTAINER_SUFFIXES[suffix].format(name=name))
    else:
        text = decode_text(name, data)
    return text


def decode_text(name: str, data: bytes) -> str:
    """Plain text in UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _check_text(name, data[3:].decode("utf-8", errors="replace"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _check_text(name, data.decode("utf-16"))
    try:
        return _check_text(name, data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if (slipped := decode_mostly_utf8(data)) is not None:  # a few bad bytes in UTF-8 text: shown as �
        return _check_text(name, slipped[0])
    decoded = []
    for enc in ("gb18030", "big5"):
        try:
            decoded.append(data.decode(enc))
        except UnicodeDecodeError:
            continue
    if decoded:
        return _check_text(name, max(decoded, key=_chinese_score))
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16_le", "utf_16_be"]).best()
    if best is None:
        raise ReadError(f"{name}：无法识别文本编码，请另存为 UTF-8 编码的 .txt 文件后再上传。")
    return _check_text(name, str(best))


# Frequent characters of reports in both scripts: GB18030 also decodes Big5 bytes (and the reverse
# sometimes succeeds), but only the right decoding is full of these.
_COMMON = set(
    "的一是在不了有和人中大为上个年工作发展党员乡镇村委书记开建设组织服务群众干部全共次名户万元主会对进"
    "個們來時發經過說產後學種動對會為員黨鄉鎮幹組織務眾記設開與"
)


def _chinese_score(text: str) -> float:
    sample = text[:5000]
    common = sum(1 for c in sample if c in _COMMON)
    odd = sum(1 for c in sample if "\ue000" <= c <= "\uf8ff" or "\u3400" <= c <= "\u4dbf")
    return (common - 5 * odd) / max(1, len(sample))


def _check_text(name: str, text: str) -> str:
    if len(_CONTROL.findall(text[:4000])) > 20:
        raise ReadError(f"{name}：不是文本文件（可能是图片或其他二进制文件），请上传 .txt、.docx 或 .pdf 报告。")
    return text


def _read_ole(name: str, data: bytes) -> str:
    """An old binary Office file: .doc and .wps through LibreOffice; encrypted files and Excel are refused."""
    if ENCRYPTED_STREAM in data:
        raise ReadError(f"{name}：文件已加密（设置了打开密码），请在 Word/WPS 中取消密码并另存为 .docx 后再上传。")
    if not any(s in data for s in WORD_STREAMS):
        if any(s in data for s in EXCEL_STREAMS):
            raise ReadError(f"{name}：这是 Excel 表格，不是报告：请到“台账上传”页面导入。")
        raise ReadError(f"{name}：不是可识别的 Word/WPS 文件（可能已损坏）：请在 Word/WPS 中另存为 .docx 后再上传。")
    return read_docx(name, to_docx(name, data))


def _read_zip(name: str, data: bytes) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise ReadError(f"{name}：文件已损坏，无法打开：请重新保存（另存为 .docx）后再上传。") from exc
    limits.check_zip(name, zf.infolist())
    if "word/document.xml" in names:
        return read_docx(name, data)
    if any(n.startswith("xl/") for n in names):
        raise ReadError(f"{name}：这是 Excel 表格，不是报告：请到“台账上传”页面导入。")
    if "content.xml" in names:
        raise ReadError(f"{name}：这是 OpenDocument 文件（.odt），无法直接读取：请另存为 .docx 后再上传。")
    raise ReadError(f"{name}：不支持的压缩文件格式：请上传 .txt、.docx 或带文字层的 .pdf 报告。")


def read_docx(name: str, data: bytes) -> str:
    """Paragraphs and tables of a .docx in document order; each table row is one line (see table_lines)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on broken packages
        raise ReadError(f"{name}：Word 文件已损坏，无法打开：请在 Word/WPS 中打开后另存为 .docx 再上传。") from exc
    lines: list[str] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, doc).text)
        elif tag == "tbl":
            rows = [[cell.text.strip() for cell in row.cells] for row in Table(child, doc).rows]
            lines.extend(table_lines(rows))
    return "\n".join(lines)


def table_lines(rows: list[list[str]]) -> list[str]:
    """Turn table rows into sentences that keep their header context.

    With a header row (no digits in it), each data row becomes "label：header1value1unit，header2value2unit",
    the unit taken from a header such as "党员数（人）". Without one, cells are joined with "：" / "，".
    """
    rows = [_dedupe(r) for r in rows if any(c for c in r)]
    if not rows:
        return []
    header = rows[0]
    has_header = len(rows) > 1 and not any(re.search(r"\d", c) for c in header)
    if not has_header:
        return [("：" if len(r) == 2 else "，").join(c for c in r if c) + "。" for r in rows]
    unit_cols = {i for i, h in enumerate(header) if h in ("单位", "计量单位")}
    out = []
    for row in rows[1:]:
        row = _merge_unit_columns(row, unit_cols)
        label_first = bool(row) and not re.search(r"\d", row[0])
        parts = []
        for i, cell in enumerate(row):
            if not cell or (label_first and i == 0):
                continue
            head = header[i] if i < len(header) else ""
            unit_m = _UNIT_IN_HEADER.search(head)
            unit = unit_m.group(1) if unit_m and re.search(r"[\dXx*×]$", cell) else ""
            head = _UNIT_IN_HEADER.sub("", head).strip()
            head = "" if head in _GENERIC_HEADERS else head
            parts.append(f"{head}{cell}{unit}")
        label = row[0] + "：" if label_first and row[0] else ""
        out.append(label + "，".join(parts) + "。")
    return out


def _merge_unit_columns(row: list[str], unit_cols: set[int]) -> list[str]:
    """A 单位 column's cell goes after the value to its left (23 | 个 → 23个); the column becomes empty."""
    row = list(row)
    for i in sorted(unit_cols):
        if 0 < i < len(row) and row[i]:
            row[i - 1] = row[i - 1] + row[i]
            row[i] = ""
    return row


def _dedupe(row: list[str]) -> list[str]:
    """Merged cells repeat their text in python-docx; keep one copy."""
    out: list[str] = []
    for c in row:
        if not out or c != out[-1] or not c:
            out.append(c)
    return out


def read_pdf(name: str, data: bytes) -> str:
    """Text of a PDF's text layer, page by page ("" for a scanned PDF: the caller reads it by OCR)."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            limits.check_pdf_pages(name, len(pdf.pages))
            pages = [page.extract_text() or "" for page in pdf.pages]
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many types: PDFSyntaxError, PDFPasswordIncorrect, …
        if "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
            raise ReadError(f"{name}：PDF 文件已加密，请去掉打开密码后再上传。") from exc
        raise ReadError(f"{name}：PDF 文件已损坏，无法打开：请重新导出 PDF，或另存为 .docx 后再上传。") from exc
    return "\n".join(pages)
