"""The ledger template: an .xlsx generated from the catalog that the importer reads back as it is.

Sheet 台账: a title row, a header with units (党员总数（人）), one row per township with the township and
year columns as drop-down lists, frozen header. Figures the store already holds for a township and the year
come pre-filled, greyed, with a comment naming their source (etl.ledgers.prefill): only the blank cells are
asked. Sheet 填表说明: how to fill it and every indicator with its unit and meaning. A hidden sheet 下拉选项
holds the lists (an inline list is limited to 255 characters, too short for a county's townships).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from etl.ledgers.importer import TEMPLATE_HELP_SHEET, TEMPLATE_LIST_SHEET
from etl.ledgers.prefill import prefill
from store.catalog import IndicatorSpec, ledger_series, ledger_specs
from store.held import Held, HeldKey

DATA_SHEET = "台账"
BLANK_ROWS = 20  # extra rows with drop-downs below the listed townships
_THIN = Side(style="thin", color="999999")
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def header_text(spec: IndicatorSpec) -> str:
    """The column header for SPEC: its name with the unit in brackets (党员总数（人）)."""
    return f"{spec.name}（{spec.unit}）"


def template_columns(specs: Sequence[IndicatorSpec]) -> list[tuple[str, IndicatorSpec]]:
    """(header, spec) per template column: one per catalog series, so an indicator counted over a threshold
    has a column per threshold (集体经济收入10万元以上村数（个）) and never one without it."""
    return [(f"{name}（{s.unit}）", s) for s in specs for name, _threshold in ledger_series(s)]


def build_template(
    specs: Sequence[IndicatorSpec],
    townships: Sequence[str],
    *,
    year: int | None = None,
    county: str = "",
    categories: Sequence[str] = (),
    held: Mapping[HeldKey, Held] | None = None,
) -> bytes:
    """The template workbook as .xlsx bytes, for SPECS (filtered to CATEGORIES when given), pre-filled with the
    HELD figures of the year (store.held_figures) so that only the missing ones are asked."""
    chosen = [s for s in ledger_specs(specs) if not categories or s.category in categories]  # with the variants
    if not chosen:
        raise ValueError("所选分类下没有指标")
    year = year or date.today().year - 1
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    lists = wb.create_sheet(TEMPLATE_LIST_SHEET)
    lists.sheet_state = "hidden"
    _fill_lists(lists, townships, year)
    _data_sheet(ws, chosen, townships, year, county, len(townships))
    filled = prefill(wb, ws, chosen, townships, year, held or {})
    _help_sheet(wb.create_sheet(TEMPLATE_HELP_SHEET), chosen, filled)
    for sheet in wb.worksheets:
        _as_text(sheet)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _as_text(ws: Worksheet) -> None:
    """A township or county name starting like a formula (= + - @) is written as a text cell with Excel's quote
    prefix, never as a formula (openpyxl would write '=…' as one)."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"
                cell.quotePrefix = True


def _fill_lists(ws: Worksheet, townships: Sequence[str], year: int) -> None:
    ws["A1"], ws["B1"] = "乡镇", "年份"
    for i, name in enumerate(townships, start=2):
        ws.cell(row=i, column=1, value=name)
    for i, y in enumerate(range(year - 5, year + 2), start=2):
        ws.cell(row=i, column=2, value=y)


def _data_sheet(
    ws: Worksheet,
    specs: Sequence[IndicatorSpec],
    townships: Sequence[str],
    year: int,
    county: str,
    n_towns: int,
) -> None:
    columns = template_columns(specs)
    headers = ["序号", "乡镇", "年份", *(h for h, _spec in columns)]
    last_col = get_column_letter(len(headers))
    ws["A1"] = f"{year}年{county}各乡镇党建工作台账"
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"].font = Font(size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    for c, text in enumerate(headers, start=1):
        cell = ws.cell(row=2, column=c, value=text)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEAD_FILL, Border(_THIN, _THIN, _THIN, _THIN)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = 6 if c == 1 else max(10, min(22, len(text) * 2 + 2))
    ws.row_dimensions[2].height = 36
    last_row = 2 + n_towns + BLANK_ROWS
    for i, name in enumerate(townships, start=1):
        ws.cell(row=2 + i, column=1, value=i)
        ws.cell(row=2 + i, column=2, value=name)
        ws.cell(row=2 + i, column=3, value=year)
    ws.freeze_panes = "D3"
    _validations(ws, [spec for _h, spec in columns], n_towns, last_row)


def _validations(ws: Worksheet, specs: Sequence[IndicatorSpec], n_towns: int, last_row: int) -> None:
    town = DataValidation(
        type="list",
        formula1=f"='{TEMPLATE_LIST_SHEET}'!$A$2:$A${max(n_towns + 1, 2)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="乡镇名称",
        error="请从下拉列表中选择乡镇；新乡镇请联系管理员添加",
    )
    years = DataValidation(type="list", formula1=f"='{TEMPLATE_LIST_SHEET}'!$B$2:$B$8", allow_blank=True)
    town.add(f"B3:B{last_row}")
    years.add(f"C3:C{last_row}")
    ws.add_data_validation(town)
    ws.add_data_validation(years)
    # Figures: a warning (not a stop), so 约30 / 100余 / XX can still be typed when that is the truth.
    for c, spec in enumerate(specs, start=4):
        col = get_column_letter(c)
        if spec.kind == "percent":
            dv = DataValidation(
                type="decimal",
                operator="between",
                formula1="0",
                formula2="100",
                errorStyle="warning",
                error="比率应在 0 到 100 之间（填 95 表示 95%）",
            )
        else:
            dv = DataValidation(
                type="decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                errorStyle="warning",
                error=f"请填写数字，单位：{spec.unit}",
            )
        dv.add(f"{col}3:{col}{last_row}")
        ws.add_data_validation(dv)


def _help_sheet(ws: Worksheet, specs: Sequence[IndicatorSpec], filled: int = 0) -> None:
    lines = [
        "填表说明",
        "1. 每个乡镇一行；乡镇和年份可从下拉列表选择。第一行标题中的年份、表头名称和单位请不要改动。",
        "2. 数值只填数字，单位以表头括号中的为准（金额为万元）；比率填百分数，如 95 表示 95%。",
        "3. 大约数可写“约30”“100余”；不便公开的数可填 XX；没有数据的格子留空，不要填 0。",
        "4. 不要在表中加合计行；如有合计行，导入时会跳过并用来核对明细之和。",
        "5. 填好后在看板“台账上传”页上传，先预览核对，无误后确认导入。",
        f"6. 灰色单元格（{filled} 个）是系统中已有的数，批注中注明了来源，不必重复填写；只需填写空白单元格。"
        "灰色的数如有变化可直接改写，未改动的不会重复导入。"
        if filled
        else "6. 系统中还没有本年的数，请填写全部单元格。",
        "",
        "指标",
    ]
    for i, text in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=text)
    ws["A1"].font = Font(size=14, bold=True)
    start = len(lines) + 1
    for c, head in enumerate(["指标", "分类", "单位", "说明"], start=1):
        ws.cell(row=start, column=c, value=head).font = Font(bold=True)
    for r, (head, spec) in enumerate(template_columns(specs), start=start + 1):
        name = head.removesuffix(f"（{spec.unit}）")
        for c, value in enumerate([name, spec.category, spec.unit, spec.description], start=1):
            ws.cell(row=r, column=c, value=value)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["D"].width = 60
