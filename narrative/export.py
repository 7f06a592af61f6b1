"""Export paragraphs as .docx (公文 look: 仿宋 body, 黑体 headings, 1.5 line spacing) and as plain text."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.run import Run

from narrative.compose import Paragraph

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "黑体"
BODY_PT = 16  # 三号, the usual size of an official document's body
TITLE_PT = 22  # 二号
LINE_SPACING = 1.5

_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (headings: 一、党员队伍建设)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else _DIGITS[tens]}十{_DIGITS[ones] if ones else ''}"


def _set_font(target: object, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set Latin and East Asian font names (w:eastAsia), dropping theme fonts that would override them."""
    font = target.font  # type: ignore[attr-defined]
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = target.element if isinstance(target, Run) else target.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def to_docx(title: str, paragraphs: Sequence[Paragraph]) -> bytes:
    """A .docx with TITLE, one heading per paragraph (一、…) and the text in 仿宋, 1.5 line spacing."""
    doc = Document()
    normal = doc.styles["Normal"]
    _set_font(normal, BODY_FONT, BODY_PT)
    fmt = normal.paragraph_format  # type: ignore[attr-defined]
    fmt.line_spacing = LINE_SPACING
    fmt.first_line_indent = Pt(BODY_PT * 2)  # two characters, as official documents indent
    fmt.space_after = Pt(0)
    for level in (1,):
        style = doc.styles[f"Heading {level}"]
        _set_font(style, HEADING_FONT, BODY_PT, bold=False)
        style.font.color.rgb = RGBColor(0, 0, 0)  # type: ignore[attr-defined]
        style.paragraph_format.line_spacing = LINE_SPACING  # type: ignore[attr-defined]
        style.paragraph_format.first_line_indent = Pt(BODY_PT * 2)  # type: ignore[attr-defined]
        style.paragraph_format.space_before = Pt(6)  # type: ignore[attr-defined]
        style.paragraph_format.space_after = Pt(0)  # type: ignore[attr-defined]
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.paragraph_format.first_line_indent = Pt(0)
    _set_font(head.add_run(title), TITLE_FONT, TITLE_PT)
    for i, p in enumerate(paragraphs, start=1):
        doc.add_heading(f"{chinese_ordinal(i)}、{p.title}", level=1)
        body = doc.add_paragraph()
        _set_font(body.add_run(p.text), BODY_FONT, BODY_PT)
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
