"""The hostile corpus: files an attacker or a careless upload would bring, each with what must happen.

    python tests/hostile/make_corpus.py [DIR]     # writes the files and expected.json (default tests/hostile/out)

Nothing is checked in: bombs and the 10 MB file are built here, in memory, in a second or two. Every case is
(name, kind, builder, outcome, words): KIND report goes through etl.ingest, ledger through the ledger
importer; OUTCOME is "refused" (a Chinese message containing WORDS, nothing written), "warning" (stored, a
warning containing WORDS) or "stored". tests/test_hostile.py runs them all; benchmarks/bench_hostile.py
measures peak memory over them.
"""

from __future__ import annotations

import io
import json
import random
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPORT = "青石镇2023年党建工作报告\n全镇共有党员426名，党支部23个，全年发展党员12名。\n"
LEDGER_CSV = "乡镇,年度,党员总数（人）,党支部数（个）\n青石镇,2023,426,23\n白沙乡,2023,318,17\n"


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # report | ledger
    build: Callable[[], bytes]
    outcome: str  # refused | warning | stored
    words: str = ""


def _zip(members: dict[str, bytes], level: int = 9) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _docx(paragraphs: list[str], tables: list[list[list[str]]] = (), nested: bool = False) -> bytes:  # type: ignore[assignment]
    import docx

    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    for rows in tables:
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                t.rows[r].cells[c].text = text
        if nested:
            inner = t.rows[0].cells[0].add_table(rows=2, cols=2)
            inner.rows[0].cells[0].text = "党员数"
            inner.rows[1].cells[0].text = "426名"
            deeper = inner.rows[1].cells[1].add_table(rows=1, cols=1)
            deeper.rows[0].cells[0].text = "党支部23个"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _valid_docx() -> bytes:
    return _docx(REPORT.splitlines())


def _xlsx(rows: list[list[object]], formulas: dict[str, str] | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    for ref, formula in (formulas or {}).items():
        ws[ref] = formula  # openpyxl writes the formula without a cached value, as a generator would
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _with_member(data: bytes, name: str, blob: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return _zip({**{i.filename: src.read(i) for i in src.infolist()}, name: blob})


def _replace_member(data: bytes, name: str, blob: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return _zip({i.filename: (blob if i.filename == name else src.read(i)) for i in src.infolist()})


def _without_member(data: bytes, name: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return _zip({i.filename: src.read(i) for i in src.infolist() if i.filename != name})


def _prose(n: int) -> str:
    """N characters of varied Chinese text (compresses like real prose, not like one repeated character)."""
    rng = random.Random(n)
    words = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    return "".join(rng.choice(words) for _ in range(n))


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40

# fmt: off
CASES: list[Case] = [
    # --- reports: zip bombs and broken packages
    Case("炸弹_压缩比.docx", "report", lambda: _with_member(_valid_docx(), "word/media/x.xml", b"0" * 50_000_000), "refused", "压缩比上限"),
    Case("炸弹_文档本身.docx", "report", lambda: _replace_member(_valid_docx(), "word/document.xml", b"<w:t>" + b"1" * 30_000_000), "refused", "压缩比上限"),
    Case("炸弹_条目数.docx", "report", lambda: _zip({**{f"x/{i}.xml": b"" for i in range(6000)}, "word/document.xml": b"<x/>"}), "refused", "个文件，超过上限"),
    Case("炸弹_解压总量.docx", "report", lambda: _zip({**{f"x/{i}.bin": b"\0" * 900_000 for i in range(260)}, "word/document.xml": b"<x/>"}), "refused", "解压后大小上限"),
    Case("截断.docx", "report", lambda: _valid_docx()[: len(_valid_docx()) // 2], "refused", "损坏"),
    Case("只有文件头.docx", "report", lambda: b"PK\x03\x04" + b"\0" * 100, "refused", "损坏"),
    Case("坏XML.docx", "report", lambda: _replace_member(_valid_docx(), "word/document.xml", b"<w:document><w:body><w:p>"), "refused", "损坏"),
    Case("缺内容类型.docx", "report", lambda: _without_member(_valid_docx(), "[Content_Types].xml"), "refused", "损坏"),
    Case("空压缩包.docx", "report", lambda: _zip({"readme.txt": b"hello"}), "refused", "不支持的压缩文件格式"),
    Case("路径穿越.docx", "report", lambda: _with_member(_valid_docx(), "../../../etc/passwd", b"root"), "stored"),
    Case("嵌套表格.docx", "report", lambda: _docx(REPORT.splitlines(), [[["项目", "数量"], ["党员", "426名"]]], nested=True), "stored"),
    Case("巨大单元格.docx", "report", lambda: _docx(REPORT.splitlines(), [[["说明"], [_prose(600_000)]]]), "stored"),
    # --- reports: wrong extensions and other formats
    Case("其实是表格.docx", "report", lambda: _xlsx([["乡镇", "党员"], ["青石镇", 426]]), "refused", "Excel 表格"),
    Case("其实是文本.docx", "report", lambda: REPORT.encode(), "refused", "损坏"),
    # A PNG header is read as a photo (OCR), whatever the name: these bytes are no picture.
    Case("其实是图片.txt", "report", lambda: PNG, "refused", "图片已损坏"),
    Case("其实是PDF.txt", "report", lambda: b"%PDF-1.4\n%garbage\n" + b"x" * 500, "refused", "PDF 文件已损坏"),
    Case("加密.docx", "report", lambda: OLE + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600, "refused", "加密"),
    Case("格式.rtf", "report", lambda: b"{\\rtf1\\ansi " + REPORT.encode() + b"}", "refused", "RTF"),
    Case("开放文档.odt", "report", lambda: _zip({"content.xml": b"<x/>", "mimetype": b"application/vnd.oasis"}), "refused", "OpenDocument"),
    Case("空文件.txt", "report", lambda: b"", "refused", "文件是空的"),
    Case("只有空白.txt", "report", lambda: b" \n\t\r\n   ", "refused", "文件是空的"),
    # --- reports: sizes and numbers
    Case("一千万个一.txt", "report", lambda: b"1" * 10_000_000, "refused", "正文长度上限"),
    Case("五万个数字.txt", "report", lambda: ("青石镇2023年\n" + "，".join(f"党员{i}名" for i in range(50_000))).encode(), "refused", "数字个数上限"),
    Case("超大文件.txt", "report", lambda: REPORT.encode() * 300_000, "refused", "报告文件上限"),
    Case("一个超长段落.txt", "report", lambda: (REPORT + "，".join(f"培训党员{i}人次" for i in range(6000)) + "。").encode(), "stored"),
    Case("极大数值.txt", "report", lambda: "青石镇2023年\n全镇共有党员426名，党支部9999999999999999999999个。".encode(), "refused", "超出可存储的范围"),
    # --- reports: characters
    Case("控制字符很多.txt", "report", lambda: (REPORT + "\x01\x02\x03\x04" * 50).encode(), "refused", "不是文本文件"),
    Case("少量控制字符和NUL.txt", "report", lambda: ("青石镇\x00" + REPORT + "\x07\x1b[31m红\x1b[0m").encode(), "stored"),
    Case("\x1b[31m带ANSI转义的名字\x1b[0m.txt", "report", lambda: REPORT.encode(), "stored"),
    Case("名字\u202e反向txt.exe", "report", lambda: REPORT.encode(), "stored"),
    Case("很长的名字" * 120 + ".txt", "report", lambda: REPORT.encode(), "stored"),
    Case("无效UTF8.txt", "report", lambda: REPORT.encode() + b"\xff" + REPORT.encode(), "stored"),
    Case("GBK编码.txt", "report", lambda: REPORT.encode("gbk"), "stored"),
    Case("UTF16.txt", "report", lambda: REPORT.encode("utf-16"), "stored"),
    # --- ledgers
    Case("台账炸弹.xlsx", "ledger", lambda: _with_member(_xlsx([["乡镇"]]), "xl/media/x.xml", b"0" * 50_000_000), "refused", "压缩炸弹"),
    Case("台账截断.xlsx", "ledger", lambda: _xlsx([["乡镇", "党员总数（人）"], ["青石镇", 1]])[:900], "refused", "损坏"),
    Case("台账其实是Word.xlsx", "ledger", _valid_docx, "refused", "Word 文档"),
    Case("台账其实是图片.csv", "ledger", lambda: PNG, "refused", "PNG 图片"),
    Case("台账超长字段.csv", "ledger", lambda: (LEDGER_CSV + "柳溪镇,2023," + "9" * 200_000 + ",5\n").encode(), "refused", "C4"),
    Case("台账一千万个一.csv", "ledger", lambda: b"a,b\n" + b"1" * 10_000_000 + b",2\n", "refused", "台账"),
    Case("台账一个坏字节.csv", "ledger", lambda: LEDGER_CSV.encode() + "柳溪镇,2023,12,5\n".encode() + b"\xff\n", "warning", "第 5 行"),
    Case("台账无穷大.csv", "ledger", lambda: (LEDGER_CSV + "柳溪镇,2023,inf,5\n龙泉镇,2023,1e308,6\n").encode(), "refused", "C4"),
    Case("台账错误值.xlsx", "ledger", lambda: _xlsx([["乡镇", "年度", "党员总数（人）"], ["青石镇", 2023, 426], ["白沙乡", 2023, "#DIV/0!"]]), "warning", "C3 单元格是错误值（#DIV/0!）"),
    Case("台账公式无缓存值.xlsx", "ledger", lambda: _xlsx([["乡镇", "年度", "党员总数（人）"], ["青石镇", 2023, 426], ["白沙乡", 2023, None]], {"C3": "=C2-108"}), "warning", "C3"),
    Case("台账乡镇名含特殊字符.csv", "ledger", lambda: "乡镇,年度,党员总数（人）\n石:门/镇?*[],2023,88\n".encode(), "stored"),
    Case("台账乡镇名过长.csv", "ledger", lambda: ("乡镇,年度,党员总数（人）\n" + "长" * 80 + "镇,2023,88\n").encode(), "refused", "过长"),
    Case("台账NUL字节.csv", "ledger", lambda: LEDGER_CSV.encode().replace(b"426", b"4\x0026"), "refused", "不是电子表格"),
]
# fmt: on


def write(directory: Path) -> None:
    """Each case's bytes under DIRECTORY (names made safe for the file system) and expected.json."""
    directory.mkdir(parents=True, exist_ok=True)
    expected = []
    for i, case in enumerate(CASES):
        path = directory / f"{i:02d}_{case.kind}{Path(case.name).suffix[:8]}"
        path.write_bytes(case.build())
        expected.append(
            {"file": path.name, "name": case.name, "kind": case.kind, "outcome": case.outcome, "words": case.words}
        )
    (directory / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "out")
