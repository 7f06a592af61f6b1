"""Export paragraphs as .docx (the 公文 page of GB/T 9704, narrative.gongwen) and as plain text."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document

from narrative import gongwen
from narrative.compose import Paragraph

_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (headings: 一、党员队伍建设)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else _DIGITS[tens]}十{_DIGITS[ones] if ones else ''}"


def to_docx(title: str, paragraphs: Sequence[Paragraph]) -> bytes:
    """A .docx on the 公文 page (narrative.gongwen): the title, one heading per paragraph (一、…), the text."""
    doc = Document()
    gongwen.page_setup(doc)
    gongwen.title(doc, title)
    for i, p in enumerate(paragraphs, start=1):
        gongwen.heading(doc, f"{chinese_ordinal(i)}、{p.title}")
        gongwen.body(doc, p.text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_txt(title: str, paragraphs: Sequence[Paragraph], *, headings: bool = True) -> str:
    """Plain text: the title, then each paragraph (under its heading 一、… when HEADINGS), blank lines between."""
    parts = [title, ""]
    for i, p in enumerate(paragraphs, start=1):
        if headings:
            parts.append(f"{chinese_ordinal(i)}、{p.title}")
        parts.extend([p.text, ""])
    return "\n".join(parts).rstrip("\n") + "\n"
