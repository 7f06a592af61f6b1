"""The demo county's Excel ledgers (台账), in the layouts clerks really send (see shared/spec/ledger.md).

- Wide, one workbook per year: a title row, a 填报单位 row, two header rows with merged group cells
  (党员情况 over 党员总数（人）| 农村党员（人）| ...), one row per township, a 合计 row, then 填表人：/注： rows.
  Up to 2020 the clerk kept collective income in 元 and called per-capita income 农民人均纯收入.
- Long: 乡镇 | 年度 | 指标 | 数值, one row per figure: the training figures as .xlsx, the discipline and
  reserve-cadre figures as a GBK .csv (as exported by the county's old statistics system).

Headline values only (no parts such as 农村党支部, no thresholds); every cell is a truth value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from etl.demo.ooxml import stable_zip
from etl.demo.values import GAP_YEAR, County, Township, Value

# (group, [(indicator, header)]) for the wide layout.
WIDE_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("基本情况", (("administrative_villages", "行政村数（个）"),)),
    (
        "党员情况",
        (
            ("party_members_total", "党员总数（人）"),
            ("party_members_rural", "农村党员（人）"),
            ("party_members_floating", "流动党员（人）"),
            ("party_members_new", "新发展党员（人）"),
            ("party_applicants", "入党申请人（人）"),
            ("party_activists", "入党积极分子（人）"),
            ("party_development_targets", "发展对象（人）"),
        ),
    ),
    (
        "组织建设",
        (
            ("party_branches", "党支部数（个）"),
            ("party_orgs_advanced", "先进基层党组织（个）"),
            ("party_orgs_weak_rectified", "整顿软弱涣散党组织（个）"),
        ),
    ),
    (
        "集体经济",
        (
            ("collective_income_total", "村集体经济总收入（万元）"),
            ("cooperatives", "农民专业合作社（个）"),
            ("rural_income_per_capita", "农村居民人均可支配收入（元）"),
        ),
    ),
    (
        "网格治理",
        (
            ("grids_total", "网格数（个）"),
            ("grid_households", "入网格户数（户）"),
            ("grid_coverage_rate", "网格覆盖率（%）"),
            ("households_visited", "走访户数（户）"),
            ("disputes_resolved", "化解矛盾纠纷（件）"),
            ("volunteer_activities", "志愿服务活动（场次）"),
        ),
    ),
)
# Older ledgers (≤ 2020) name two columns differently; collective income is then in 元.
OLD_HEADERS = {"collective_income_total": "村级集体经济收入（元）", "rural_income_per_capita": "农民人均纯收入（元）"}
OLD_LAYOUT_UNTIL = 2020
MEAN_COLUMNS = {"rural_income_per_capita", "grid_coverage_rate", "training_coverage_rate"}
HEADER_ROWS = (3, 4)  # group row, indicator row
FIRST_DATA_ROW = 5

LONG_XLSX = (
    ("central_group_study", "理论中心组学习次数"),
    ("party_committee_meetings", "党委会次数"),
    ("party_lectures", "党课次数"),
    ("training_sessions", "培训期数"),
    ("training_participants", "培训人次"),
    ("training_coverage_rate", "培训覆盖率"),
)
LONG_CSV = (
    ("discipline_cases", "党纪立案"),
    ("discipline_warnings", "警告处分"),
    ("circulated_criticism", "通报批评人次"),
    ("admonishment_talks", "诫勉谈话人次"),
    ("reserve_cadres", "村后备干部"),
)
LONG_HEADER = ("乡镇", "年度", "指标", "数值")

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def wide_columns(year: int) -> list[tuple[str, str, str]]:
    """(group, indicator, header) per value column, in sheet order (columns C onwards)."""
    old = year <= OLD_LAYOUT_UNTIL
    return [
        (g, ind, OLD_HEADERS[ind] if old and ind in OLD_HEADERS else h) for g, cols in WIDE_GROUPS for ind, h in cols
    ]


def cell_value(indicator: str, value: int | float, year: int) -> int | float:
    """What the year's wide ledger holds for a truth value (元 instead of 万元 in old ledgers)."""
    if indicator == "collective_income_total" and year <= OLD_LAYOUT_UNTIL:
        return round(value * 10000)
    return value


def ledger_name(town: Township, year: int) -> str:
    """How the clerk wrote the township: 马鞍彝族乡 in some years, 马鞍乡 in others."""
    return town.aliases[0] if town.aliases and year % 2 else town.name


def _headline(county: County) -> dict[tuple[str, int, str], Value]:
    return {(v.township, v.year, v.indicator): v for v in county.values if not v.attrs and not v.target}


def wide_ledger_bytes(county: County, year: int) -> bytes:
    """The year's wide ledger as .xlsx bytes (deterministic)."""
    values = _headline(county)
    cols = wide_columns(year)
    last = get_column_letter(2 + len(cols))
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年"
    ws["A1"] = f"{year}年{county.county}各乡镇党建工作台账"
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = _CENTER
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = f"填报单位：中共{county.county}委组织部（盖章）　　　　统计截止时间：{year}年12月31日"
    ws.merge_cells(f"A2:{last}2")
    g_row, h_row = HEADER_ROWS
    for col, text in ((1, "序号"), (2, "乡镇")):
        ws.cell(g_row, col, text)
        ws.merge_cells(start_row=g_row, start_column=col, end_row=h_row, end_column=col)
    col = 3
    for group, members in WIDE_GROUPS:
        ws.cell(g_row, col, group)
        if len(members) > 1:
            ws.merge_cells(start_row=g_row, start_column=col, end_row=g_row, end_column=col + len(members) - 1)
        col += len(members)
    for i, (_, _, header) in enumerate(cols):
        ws.cell(h_row, 3 + i, header)
    row = FIRST_DATA_ROW
    totals = [0.0] * len(cols)
    for n, town in enumerate(county.townships, start=1):
        ws.cell(row, 1, n)
        ws.cell(row, 2, ledger_name(town, year))
        for i, (_, ind, _) in enumerate(cols):
            v = values.get((town.name, year, ind))
            if v is not None:  # a township that did not report leaves its row blank
                cell = cell_value(ind, v.value, year)
                ws.cell(row, 3 + i, cell)
                totals[i] += cell
        row += 1
    ws.cell(row, 2, "合计")
    for i, (_, ind, _) in enumerate(cols):
        if ind not in MEAN_COLUMNS:
            ws.cell(row, 3 + i, round(totals[i], 1) if ind == "collective_income_total" else int(totals[i]))
    for r in ws.iter_rows(min_row=g_row, max_row=row, max_col=2 + len(cols)):
        for c in r:
            c.border = _BOX
            if c.row <= h_row:
                c.font = Font(bold=True)
                c.alignment = _CENTER
    row += 2
    ws.cell(row, 1, "填表人：王XX　　　审核人：李XX　　　联系电话：0XXX-XXXXXXX")
    notes = ["注：1.党员数据截至当年12月31日；"]
    notes.append("2.村级集体经济收入单位为元；" if year <= OLD_LAYOUT_UNTIL else "2.村集体经济总收入单位为万元；")
    if year == GAP_YEAR:
        notes.append(f"3.{next(t.name for t in county.townships if t.profile == 'gap')}{year}年未按时报送数据。")
    ws.cell(row + 1, 1, "".join(notes))
    ws.column_dimensions["B"].width = 14
    for i in range(len(cols)):
        ws.column_dimensions[get_column_letter(3 + i)].width = 12
    ws.row_dimensions[h_row].height = 42
    return _save(wb, datetime(year + 1, 1, 20, 10, 0))


def long_rows(county: County, indicators: tuple[tuple[str, str], ...]) -> Iterator[tuple[str, int, str, int | float]]:
    values = _headline(county)
    for town in county.townships:
        for year in county.years:
            for ind, label in indicators:
                v = values.get((town.name, year, ind))
                if v is not None:
                    yield town.name, year, label, v.value


def long_ledger_bytes(county: County) -> bytes:
    """Training figures for all years in the long layout, as .xlsx bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "学习培训"
    ws.append(LONG_HEADER)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in long_rows(county, LONG_XLSX):
        ws.append(row)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["C"].width = 20
    return _save(wb, datetime(county.years[-1] + 1, 1, 20, 10, 0))


def long_csv_bytes(county: County) -> bytes:
    """Discipline and reserve-cadre figures in the long layout, as GBK CSV with the township's short name."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(LONG_HEADER)
    for name, year, label, value in long_rows(county, LONG_CSV):
        w.writerow((county.township(name).short, year, label, value))
    return buf.getvalue().encode("gbk")


def ledger_files(county: County) -> list[tuple[str, bytes, int | None]]:
    """(file name, bytes, year the file is about or None) for every ledger."""
    first, last = county.years[0], county.years[-1]
    out: list[tuple[str, bytes, int | None]] = [
        (f"{y}年{county.county}各乡镇党建工作台账.xlsx", wide_ledger_bytes(county, y), y) for y in county.years
    ]
    out.append((f"{county.county}各乡镇党员教育培训情况统计（{first}-{last}年）.xlsx", long_ledger_bytes(county), None))
    out.append((f"{county.county}纪检监察及后备干部统计（{first}-{last}年）.csv", long_csv_bytes(county), None))
    return out


def _save(wb: Workbook, when: datetime) -> bytes:
    wb.properties.creator = wb.properties.lastModifiedBy = "宁远县委组织部"
    wb.properties.created = wb.properties.modified = when
    buf = io.BytesIO()
    wb.save(buf)
    return stable_zip(buf.getvalue(), when)
