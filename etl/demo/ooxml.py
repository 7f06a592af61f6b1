"""Word and Excel files with stable bytes: python-docx and openpyxl stamp the current time into the zip
entries and docProps/core.xml, and load_source deduplicates sources by sha256, so the demo's files must come
out byte-identical for the same content."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime


def docx_bytes(text: str, when: datetime) -> bytes:
    """TEXT as a Word document, one paragraph per line (title centred and bold, 一、 headings bold)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    lines = text.rstrip("\n").split("\n")
    for i, line in enumerate(lines):
        para = doc.add_paragraph()
        run = para.add_run(line)
        if i == 0:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
        elif re.match(r"^[一二三四五六七八九十]、", line):
            run.bold = True
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = lines[0], "宁远县委组织部", "宁远县委组织部"
    props.created = props.modified = when
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return stable_zip(buf.getvalue(), when)


def stable_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite an OOXML zip with fixed entry times and core-property dates, so equal content gives equal bytes
    (python-docx and openpyxl stamp the current time; load_source deduplicates by sha256)."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "docProps/core.xml":
                blob = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", blob)
            entry = zipfile.ZipInfo(info.filename, when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, blob)
    return out.getvalue()
