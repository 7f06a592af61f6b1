"""The streaming .xlsx reader gives exactly the rows, merged ranges and sheet list python-calamine gives,
on every fixture workbook and on hand-written XML in the shapes other producers write (shared strings
with rich text, formulas, prefixed elements, cells without references, 1904 dates, date formats)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import python_calamine as pc

from etl.ledgers.numfmt import YEAR, format_kind
from etl.ledgers.xlsx_stream import DATETIME, DURATION, OTHER, XlsxBook

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ledgers"
NOT_WORKBOOKS = {
    "corrupt.xlsx",
    "password.xlsx",
    "pdf_renamed.xlsx",
    "plain_text.xlsx",
    "word_renamed.xlsx",
    "zip_bomb.xlsx",
}
WORKBOOKS = sorted(p.name for p in FIXTURES.iterdir() if p.suffix in (".xlsx", ".xlsm") and p.name not in NOT_WORKBOOKS)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def calamine_view(data: bytes) -> dict[str, Any]:
    wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = [m.name for m in wb.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet]
    hidden = sorted(m.name for m in wb.sheets_metadata if m.visible != pc.SheetVisibleEnum.Visible)
    out: dict[str, Any] = {"sheets": sheets, "hidden": hidden}
    for name in sheets:
        sheet = wb.get_sheet_by_name(name)
        pad = [""] * (sheet.start or (0, 0))[1]
        out[name] = (
            _trimmed([pad + r for r in sheet.iter_rows()]),
            sorted((a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])),
        )
    return out


def streaming_view(data: bytes) -> dict[str, Any]:
    book = XlsxBook(zipfile.ZipFile(io.BytesIO(data)))
    sheets = [s for s in book.sheets if s.kind == "worksheet"]
    hidden = sorted(s.name for s in book.sheets if s.hidden)
    out: dict[str, Any] = {"sheets": [s.name for s in sheets], "hidden": hidden}
    for s in sheets:
        out[s.name] = (_trimmed(list(book.rows(s))), sorted(book.merged(s)))
    return out


@pytest.mark.parametrize("name", WORKBOOKS)
def test_fixture_rows_match_calamine(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    assert streaming_view(data) == calamine_view(data)


def _workbook(sheet_xml: str, *, shared: str = "", styles: str = "", date1904: bool = False, prefix: str = "") -> bytes:
    """A minimal workbook around SHEET_XML (a second, hidden sheet holds one cell)."""
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    book = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">{pr}'
        '<sheets><sheet name="数据" sheetId="1" r:id="rId1"/>'
        '<sheet name="隐藏" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>'
    )
    rels = (
        f'<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId4" Type="{REL}/styles" Target="styles.xml"/></Relationships>'
    )
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/worksheets/sheet2.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    )
    root_rels = (
        f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("xl/workbook.xml", book)
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        zf.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?>\n<{p}worksheet {ns}>{sheet_xml}</{p}worksheet>')
        zf.writestr(
            "xl/worksheets/sheet2.xml",
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
        )
        zf.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{shared}</sst>')
        zf.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>')
    return buf.getvalue()


SHARED = (
    '<si><t>乡镇</t></si><si><t xml:space="preserve"> 长城乡 </t></si>'
    "<si><r><rPr><b/></rPr><t>党员</t></r><r><t>总数（人）</t></r></si>"
    '<si><t>东风镇</t><rPh sb="0" eb="1"><t>とう</t></rPh></si><si><t/></si>'
    "<si><t>a &amp; b &lt;c&gt; &#20065;&#x9547;</t></si><si><t>line\r\nbreak</t></si>"
)
FORMATS = [
    'yyyy"年"m"月"',
    "0.00%",
    "[h]:mm:ss",
    "General",
    "mm:ss",
    "[$-804]yyyy年m月d日",
    '0"天"',
    "#,##0_);[Red](#,##0)",
    "h:mm AM/PM",
    "[Red]0.0",
    "\\d0",
    '"m"0',
]
STYLES = (
    "<numFmts>"
    + "".join(
        f'<numFmt numFmtId="{176 + i}" formatCode="{f.replace(chr(34), "&quot;")}"/>' for i, f in enumerate(FORMATS)
    )
    + "</numFmts><cellXfs>"
    + "".join(f'<xf numFmtId="{n}"/>' for n in [0, 14, 22, 45, 46, 47, 27, 31, 57, 58, 10, 9, 49, 36, 59, 71])
    + "".join(f'<xf numFmtId="{176 + i}"/>' for i in range(len(FORMATS)))
    + "</cellXfs>"
)
NUMBERS = ["45000", "45000.5", "0.25", "1", "59", "60", "61", "2023", "-1", "0", "1e3"]


def _styled_rows() -> str:
    rows = []
    for s in range(16 + len(FORMATS)):
        cells = "".join(f'<c r="{chr(65 + i)}{s + 1}" s="{s}"><v>{v}</v></c>' for i, v in enumerate(NUMBERS))
        rows.append(f'<row r="{s + 1}">{cells}</row>')
    return "".join(rows)


SHEETS = {
    "shared_strings_and_types": (
        '<dimension ref="A1:AB9"/><sheetData>'
        '<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c><c r="C1" t="s"><v>4</v></c>'
        '</row><row r="2"><c r="A2" s="0" t="s"><v>1</v></c><c r="B2"><v>412</v></c><c r="C2" t="n"><v>12.5</v></c>'
        '<c r="D2" t="b"><v>1</v></c><c r="E2" t="b"><v>0</v></c><c r="F2" t="e"><v>#DIV/0!</v></c>'
        '<c r="G2" t="str"><f>A1&amp;"x"</f><v>乡镇x &amp; y</v></c><c r="H2"><f>SUM(B2:C2)</f><v>424.5</v></c>'
        '<c r="I2"><f>B2</f></c><c r="AB2" t="s"><v>5</v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>3</v></c><c r="C4" t="inlineStr"><is><t>内联</t></is></c>'
        '<c r="D4" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c><c r="E4" t="s"><v>6</v></c>'
        '<c r="F4" t="inlineStr"></c>'
        '<c r="I4" t="inlineStr"><is><t>a\r\nb&#13;\nc\rd</t></is></c><c r="G4" s="0"/>'
        '<c r="H4" t="n"><v></v></c></row>'
        '<row r="5" ht="20" customHeight="1"/>'
        '<row r="6"><c r="A6" t="d"><v>2023-05-01</v></c><c r="B6" t="d"><v>2023-05-01T12:30:00</v></c></row>'
        '<row r="9"><c r="A9" cm="1" t="s"><v>0</v></c><c r="B9" t="inlineStr"><is><t xml:space="preserve">  x '
        "</t></is></c></row>"
        '</sheetData><rowBreaks count="1"/>'
        '<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="A4:A6"/></mergeCells>'
    ),
    "no_references_and_whitespace": (
        '<sheetData>\n  <row>\n    <c t="s">\n      <v>0</v>\n    </c>\n    <c><v>1</v></c>\n  </row>\n'
        '  <row><c r="C2"><v>2</v></c><c><v>3</v></c></row>\n  <row spans="1:2">\n'
        "    <c s='1'><v>45000</v></c>\n  </row>\n</sheetData>"
    ),
    "date_formats": "<sheetData>" + _styled_rows() + "</sheetData>",
    "empty": "<sheetData/>",
}


@pytest.mark.parametrize("name", sorted(SHEETS))
@pytest.mark.parametrize("date1904", [False, True])
def test_handwritten_sheets_match_calamine(name: str, date1904: bool) -> None:
    data = _workbook(SHEETS[name], shared=SHARED, styles=STYLES, date1904=date1904)
    assert streaming_view(data) == calamine_view(data)


def test_prefixed_elements_match_calamine() -> None:
    sheet = (
        '<x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>7</x:v></x:c>'
        '<x:c r="C1" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c></x:row></x:sheetData>'
        '<x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells>'
    )
    data = _workbook(sheet, shared=SHARED, styles=STYLES, prefix="x")
    view = streaming_view(data)
    assert view["数据"] == ([["乡镇", 7.0, "内联"]], [(0, 0, 0, 1)])
    assert view == calamine_view(data)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("yyyy-mm-dd", DATETIME),
        ('yyyy"年"', YEAR),  # a date shown as its year only
        ("yyyy", YEAR),
        ('[$-804]yyyy"年"', YEAR),
        ('yyyy"年"m"月"', DATETIME),
        ('yyyy"年"d"日"', DATETIME),
        ("[h]:mm:ss", DURATION),
        ("[ss]", DURATION),
        ("0.00%", OTHER),
        ('#,##0.0####" YMD"', OTHER),
        ("\\Y000000", OTHER),
        ("h:mm AM/PM", DATETIME),
        ("[Red]0.0", OTHER),
        ("0;[Red]-0;yyyy", OTHER),
        ("General", OTHER),
        ("#,##0*y", OTHER),
    ],
)
def test_format_kinds(code: str, kind: int) -> None:
    assert format_kind(code) == kind
