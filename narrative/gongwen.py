"""The 公文 page of GB/T 9704-2012 for python-docx documents: A4, margins 37/35/28/26 mm (top, bottom, left,
right), a 156 × 225 mm text block of 22 lines × 28 characters, the page number "— 1 —" in 4号 宋体.

Two traps this module exists for:
- python-docx's `font.name` sets only the Latin font: Chinese text keeps the theme font unless
  `w:rFonts/@w:eastAsia` is set too (set_font does, and drops the theme attributes that override it).
- 22 lines × 28 characters fit the text block only through Word's document grid (`w:docGrid`, line pitch
  579 twips ≈ 225 mm / 22); a fixed 29 pt line spacing overflows. Paragraphs use single spacing and snap to
  the grid. The 28 characters: `linesAndChars` (charSpace -849) gives 28 in Word but LibreOffice lays it out
  with about 17 characters a line (measured on this machine), so the grid is `lines` and the body text is
  condensed by 0.25 pt (156 mm / 28 = 15.79 pt a character), which gives 28 in Word, WPS and LibreOffice.

Font names are the standard's (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312). Where a machine lacks them, Word
and WPS substitute by the font's family and LibreOffice by fontconfig (Noto Serif CJK SC on the test machine);
the names stay in the file so the office that has them prints the proper faces.
"""

from __future__ import annotations

import math

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.run import Run

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
PAGE_NUMBER_PT = 14  # 4号
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES, CHARS = 22, 28
LINE_PITCH_TWIPS = 579  # 225 mm = 12756 twips; 12756 / 22 ≈ 579.8, Word's own 公文 templates use 579


def set_font(target: object, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set the Latin and the East Asian font (w:eastAsia) of a run or style, dropping theme fonts."""
    font = target.font  # type: ignore[attr-defined]
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = target.element if isinstance(target, Run) else target.element  # type: ignore[attr-defined]
    rfonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def condensing_twentieths() -> int:
    """Character spacing (1/20 pt, negative) that puts CHARS characters of BODY_PT on the 156 mm line."""
    width_pt = (210 - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 72
    return math.floor((width_pt / CHARS - BODY_PT) * 20)


def page_setup(doc: DocxDocument) -> None:
    """A4 portrait, the standard's margins, the 22 × 28 document grid, Normal in 仿宋_GB2312 三号 on the grid,
    and the page number footer on every section."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.header_distance, section.footer_distance = Mm(15), Mm(28 - 7)  # 页码 7 mm below the text block
        sect = section._sectPr
        for old in sect.findall(qn("w:docGrid")):
            sect.remove(old)
        grid = OxmlElement("w:docGrid")
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        sect.append(grid)
        _page_number(section.footer.paragraphs[0])
    _defaults(doc)
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, BODY_PT)
    fmt = normal.paragraph_format  # type: ignore[attr-defined]
    fmt.line_spacing, fmt.space_before, fmt.space_after = 1.0, Pt(0), Pt(0)
    fmt.first_line_indent = Pt(BODY_PT * 2)  # two characters
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(condensing_twentieths()))
    normal.element.get_or_add_rPr().append(spacing)


def _defaults(doc: DocxDocument) -> None:
    """The document defaults in 仿宋_GB2312 三号 with no paragraph spacing: the grid's character pitch is
    reckoned from them (LibreOffice and WPS read it so), and styles without a size fall back to them."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))  # type: ignore[union-attr]
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(BODY_PT * 2))
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = (
        doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    )  # type: ignore[union-attr]
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")


def _field(paragraph: object, instruction: str) -> Run:
    """A Word field (PAGE) as begin / instruction / separate / result / end runs; returns the result run."""
    runs = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()  # type: ignore[attr-defined]
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        elif kind == "result":
            run.text = "1"
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        runs.append(run)
    return runs[3]


def _page_number(paragraph: object) -> None:
    """'— 1 —' centred, 4号 宋体 (WPS and Word both update the PAGE field when printing)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
    paragraph.paragraph_format.first_line_indent = Pt(0)  # type: ignore[attr-defined]
    set_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_PT)  # type: ignore[attr-defined]
    start = len(paragraph.runs)  # type: ignore[attr-defined]
    _field(paragraph, "PAGE")
    for run in paragraph.runs[start:]:  # type: ignore[attr-defined]
        set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    set_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_PT)  # type: ignore[attr-defined]


def title(doc: DocxDocument, text: str) -> None:
    """The document title: centred, 方正小标宋简体 二号, no indent, a blank grid line after it."""
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.paragraph_format.first_line_indent = Pt(0)
    set_font(head.add_run(text), TITLE_FONT, TITLE_PT)
    doc.add_paragraph()


def heading(doc: DocxDocument, text: str) -> None:
    """A first-level heading (一、…) in 黑体 三号, indented two characters like the body."""
    p = doc.add_paragraph()
    set_font(p.add_run(text), HEADING_FONT, BODY_PT)


def body(doc: DocxDocument, text: str) -> None:
    p = doc.add_paragraph()
    set_font(p.add_run(text), BODY_FONT, BODY_PT)
