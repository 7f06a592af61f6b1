"""Old Word .doc and WPS .wps reports through LibreOffice: real .doc files made by LibreOffice from a .docx read
like the .docx; without LibreOffice, past the timeout or over the size limit the message says what to do.
The conversions need LibreOffice (skipped with one line without it; REQUIRE_LIBREOFFICE=1: fails)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

from etl.reports import office
from etl.reports.readers import ReadError, read_document
from tests import components

# The head of an OLE container that holds a WordDocument stream (the rest does not matter before conversion).
WORD_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "WordDocument".encode("utf-16-le") + b"\x00" * 500
PARAGRAPHS = ["一、基本情况", "全镇共有党员426名，党支部23个。"]
ROWS = [["项目", "数量"], ["流动党员", "37名"]]


def _docx() -> bytes:
    import docx

    d = docx.Document()
    for p in PARAGRAPHS:
        d.add_paragraph(p)
    table = d.add_table(rows=len(ROWS), cols=2)
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def doc_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real .doc (Word 97) written by LibreOffice from a .docx, by way of .odt (LibreOffice 7.4 drops
    python-docx's table when it writes .doc straight from the .docx)."""
    soffice = components.need(components.libreoffice())
    tmp = tmp_path_factory.mktemp("doc")
    (tmp / "report.docx").write_bytes(_docx())
    profile = (tmp / "profile").as_uri()
    for target, src in (("odt", "report.docx"), ("doc:MS Word 97", "report.odt")):
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target, "--outdir", str(tmp)]
        subprocess.run([*cmd, str(tmp / src)], check=True, capture_output=True, timeout=180)
    data = (tmp / "report.doc").read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")  # an OLE compound file, not a renamed .docx
    return data


@pytest.mark.parametrize("name", ["旧报告.doc", "报告.wps"])
def test_doc_and_wps_read_like_the_docx(doc_bytes: bytes, name: str) -> None:
    # LibreOffice ends the document with one empty paragraph of its own.
    assert read_document(name, doc_bytes).rstrip("\n") == read_document("报告.docx", _docx())


def test_without_libreoffice_the_message_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOFFICE_PATH", "/nonexistent/soffice")
    with pytest.raises(
        ReadError, match=r"^报告\.wps：这是WPS 文件（\.wps），需要用 LibreOffice.*没有安装 LibreOffice"
    ) as err:
        read_document("报告.wps", WORD_OLE)
    assert office.INSTALL_ZH in str(err.value) and "另存为 .docx" in str(err.value)


def test_a_conversion_past_the_timeout_is_stopped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    monkeypatch.setenv("SOFFICE_PATH", str(slow))
    monkeypatch.setattr(office, "TIMEOUT_S", 0.5)
    with pytest.raises(ReadError, match=r"^旧\.doc：LibreOffice 转换超过 0\.5 秒"):
        read_document("旧.doc", WORD_OLE)


def test_a_file_over_the_size_limit_is_refused_before_conversion(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    never = tmp_path / "soffice"
    never.write_text("#!/bin/sh\nexit 1\n")
    never.chmod(0o755)
    monkeypatch.setenv("SOFFICE_PATH", str(never))
    monkeypatch.setenv("REPORT_MAX_MB", "0.001")
    with pytest.raises(ReadError, match=r"^大\.doc：文件大小 .* 超过报告文件上限"):
        read_document("大.doc", WORD_OLE + b"\x00" * 2000)
