"""etl.reports.readers: each supported format decodes verbatim, each unreadable input gives a Chinese message
that names the file and says what to do (never a traceback)."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from etl.reports.readers import ReadError, read_document, table_lines

TEXT = "青石镇2023年党建工作总结\n全镇共有党员426名，培训党员1,200人次。"


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8 bom", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
        ("gbk", TEXT.encode("gbk")),
        ("gb18030", TEXT.encode("gb18030")),
        ("utf-16 bom", TEXT.encode("utf-16")),
    ],
)
def test_text_encodings_are_detected(label: str, data: bytes) -> None:
    assert read_document("报告.txt", data) == TEXT


def test_big5_is_told_from_gbk() -> None:
    trad = "楓林鎮黨委現有黨員534名，全年舉辦黨員培訓班6期。"
    assert read_document("報告.txt", trad.encode("big5")) == trad


def test_encoding_comes_from_content_not_extension() -> None:
    assert read_document("报告.docx.txt", TEXT.encode("gbk")) == TEXT
    assert read_document("report", TEXT.encode("gbk")) == TEXT


def _docx(paragraphs_before: list[str], table: list[list[str]], paragraphs_after: list[str]) -> bytes:
    doc = docx.Document()
    for p in paragraphs_before:
        doc.add_paragraph(p)
    t = doc.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, cell in enumerate(row):
            t.rows[r].cells[c].text = cell
    for p in paragraphs_after:
        doc.add_paragraph(p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_tables_in_document_order() -> None:
    data = _docx(["一、基本情况"], [["项目", "数量"], ["党员总数", "426名"]], ["二、主要工作"])
    assert read_document("报告.docx", data) == "一、基本情况\n党员总数：426名。\n二、主要工作"


TABLES = [
    (
        "header with units",
        [["村名", "党员数（人）", "流动党员（名）"], ["合计", "312", "25"]],
        ["合计：党员数312人，流动党员25名。"],
    ),
    ("unit column", [["指标名称", "完成数", "单位"], ["党支部数", "23", "个"]], ["党支部数：23个。"]),
    ("no header", [["党员总数", "426名"], ["流动党员", "37名"]], ["党员总数：426名。", "流动党员：37名。"]),
    ("numbers first", [["党员总数（人）", "流动党员（人）"], ["426", "37"]], ["党员总数426人，流动党员37人。"]),
    ("merged cells", [["项目", "数量", "数量"], ["党员总数", "426名", "426名"]], ["党员总数：426名。"]),
    ("empty rows", [["", ""], ["项目", "数量"], ["党员总数", "426名"]], ["党员总数：426名。"]),
]


@pytest.mark.parametrize(("label", "rows", "lines"), TABLES, ids=[t[0] for t in TABLES])
def test_table_rows_keep_header_context(label: str, rows: list[list[str]], lines: list[str]) -> None:
    assert table_lines(rows) == lines


def _pdf(lines: list[str], encrypt: str | None = None, text: bool = True) -> bytes:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(lines if text else []):
        c.drawString(72, 750 - 20 * i, line)
    c.rect(72, 72, 100, 100)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_really_encrypted_docx() -> None:
    msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = io.BytesIO(_docx(["机密"], [["项目", "数量"], ["党员", "3名"]], []))
    out = io.BytesIO()
    msoffcrypto.OOXMLFile(plain).encrypt("secret", out)
    with pytest.raises(ReadError, match=r"^加密\.docx：文件已加密.*另存为 \.docx"):
        read_document("加密.docx", out.getvalue())


def test_pdf_text_layer() -> None:
    assert read_document("报告.pdf", _pdf(TEXT.split("\n"))) == TEXT


ERRORS = [
    ("empty", "空.txt", lambda: b"", "文件是空的"),
    ("whitespace", "空白.txt", lambda: b"  \n\t ", "文件是空的"),
    ("legacy doc", "旧报告.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "另存为 .docx"),
    ("wps", "报告.wps", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 600, "另存为 .docx"),
    (
        "encrypted docx",
        "加密.docx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"),
        "取消密码",
    ),
    ("corrupt docx", "坏.docx", lambda: b"PK\x03\x04" + b"\x00" * 50, "已损坏"),
    ("zip without document", "包.docx", lambda: _zip({"word/other.xml": "x"}), "不支持"),
    ("broken docx package", "坏包.docx", lambda: _zip({"word/document.xml": "<not xml"}), "Word 文件已损坏"),
    ("excel", "台账.xlsx", lambda: _zip({"xl/workbook.xml": "x"}), "台账上传"),
    ("odt", "报告.odt", lambda: _zip({"content.xml": "x"}), "另存为 .docx"),
    ("rtf", "报告.rtf", lambda: b"{\\rtf1\\ansi hello}", "另存为 .docx"),
    ("binary", "图片.txt", lambda: bytes(range(256)) * 20, "请"),
    ("corrupt pdf", "坏.pdf", lambda: b"%PDF-1.4\nnot really a pdf", "PDF 文件已损坏"),
    ("docx of random bytes", "乱码.docx", lambda: bytes(range(256)) * 20, "Word 文件已损坏"),
    ("docx that is a web page", "网页.docx", lambda: "<html><body>党员448名</body></html>".encode(), "另存为 .docx"),
    ("pdf that is not a pdf", "假.pdf", lambda: "党员448名".encode(), "PDF 文件已损坏"),
    ("encrypted pdf", "加密.pdf", lambda: _pdf(["机密"], encrypt="secret"), "已加密"),
]


def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(("label", "name", "make", "hint"), ERRORS, ids=[e[0] for e in ERRORS])
def test_unreadable_files_give_a_clear_message(label: str, name: str, make, hint: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReadError) as exc:
        read_document(name, make())
    message = str(exc.value)
    assert message.startswith(name + "：")
    assert hint in message
    assert isinstance(exc.value, ValueError)
