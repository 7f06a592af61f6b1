"""Ledger import, end to end: file → sheets → tables → observations → one transaction (or a dry run).

The parts, one job each:
- etl.ledgers.read: bytes → workbook (format sniffing, bad-file refusals); .xlsx rows stream from
  etl.ledgers.xlsx_stream, .xls/.xlsb come from python-calamine, CSV from the csv module
- etl.ledgers.text (cell text, vocabulary), etl.ledgers.match (header → indicator),
  etl.ledgers.table (finding the table and its columns)
- etl.ledgers.cells (one cell → a figure), etl.ledgers.validate (rows → figures, errors, warnings),
  etl.ledgers.figures (the figures, column-wise)
- etl.load: the only write path (LedgerFacts hands it the column store as a fact batch).

Nothing is written while any error stands; a dry run only reads (etl.preview: the load's own refusals and
decisions over temporary tables), so its new / unchanged / superseded / conflict counts are a real import's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import IO, Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from etl.ledgers.batch import LedgerFacts
from etl.ledgers.cards import CARD_SCAN_ROWS, card_table, text_lines
from etl.ledgers.context import Context, Issue, TownshipNames
from etl.ledgers.cover import cover_lines
from etl.ledgers.diagnose import why_no_figure, why_no_table
from etl.ledgers.figures import ObsStore
from etl.ledgers.halves import read_table
from etl.ledgers.match import IndicatorInfo, IndicatorMatcher, catalog_indicators
from etl.ledgers.prefill import NOTHING_NEW, PREFILL_SHEET, drop_prefilled
from etl.ledgers.read import LedgerFileError, SheetData, Workbook, cell_name, open_workbook
from etl.ledgers.table import SCAN_ROWS, Table, apply_overrides, detect_table, township_in_titles
from etl.ledgers.table_checks import check_value_columns, check_year, column_issues
from etl.ledgers.text import ROLE_ZH, VALUE, is_note_row, looks_like_township, text_of
from etl.ledgers.thresholds import threshold_issues
from etl.load import LoadError, LoadSummary, SourceIn, load_source
from etl.preview import preview_source
from store.access import AccessDenied, Actor
from store.models import Region
from store.regions import TownshipIndex, UnknownRegion
from store.session import session_factory

# The project's own template (etl.ledgers.template) carries these two sheets besides the data sheet.
TEMPLATE_HELP_SHEET = "填表说明"
TEMPLATE_LIST_SHEET = "下拉选项"
PREVIEW_ROWS = 12
_GROUP_ATTRS = {"threshold", "measure"}  # attrs that part the headline groups of one indicator (store.resolve)
Progress = Callable[[float, str], None]


@dataclass
class LedgerOptions:
    """What the clerk chose: one sheet, the year, new townships, and header mapping fixes.

    overrides: sheet name → {column letter → indicator key, a role (township, year …) or None to ignore}.
    """

    sheet: str | None = None
    year: int | None = None
    create_townships: bool = False
    county: str | None = None
    max_bytes: int | None = None
    overrides: dict[str, dict[str, str | None]] = field(default_factory=dict)


@dataclass
class TablePreview:
    """A recognised table for the upload page: the column mapping and the first data rows."""

    table: Table
    headers: list[str]
    rows: list[list[str]]


@dataclass
class LedgerResult:
    source: str
    observations: ObsStore = field(default_factory=ObsStore)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    tables: list[TablePreview] = field(default_factory=list)
    new_townships: list[str] = field(default_factory=list)
    summary: LoadSummary | None = None
    written: bool = False
    prefilled: int = 0  # cells of the template still as pre-filled (store.held): not imported again

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON object (see shared/spec/ledger.md)."""
        return {
            "source": self.source,
            "observations": [o.to_json() for o in self.observations],
            "errors": [e.to_json() for e in self.errors],
            "warnings": [w.to_json() for w in self.warnings],
        }


def township_names(session: Session, actor: Actor) -> TownshipNames:
    """Township lookup over the regions ACTOR may see (names, aliases, ethnic suffixes): names and hints
    never come from outside the actor's grants."""
    # Plain rows, not Region objects: a county with thousands of townships stays a few hundred kilobytes.
    stmt = select(Region.name, Region.aliases).where(Region.level == "township", actor.region_clause())
    rows = session.execute(stmt.order_by(Region.id))
    index = TownshipIndex(rows.all())  # type: ignore[arg-type]

    def find(name: str) -> str | None:
        region = index.find(name)
        return region.name if region is not None else None

    return TownshipNames(find=find, closest=index.closest)


def parse_ledger(
    data: bytes | IO[bytes],
    filename: str,
    townships_: TownshipNames,
    options: LedgerOptions | None = None,
    indicators: Sequence[IndicatorInfo] | None = None,
    progress: Progress | None = None,
) -> LedgerResult:
    """Read every sheet of a ledger (or options.sheet) into observations, errors and warnings."""
    options = options or LedgerOptions()
    result = LedgerResult(source=filename)
    try:
        wb = open_workbook(data, filename, max_bytes=options.max_bytes)
    except LedgerFileError as e:
        result.errors.append(Issue(filename, str(e)))
        return result
    matcher = IndicatorMatcher(indicators if indicators is not None else catalog_indicators())
    ctx = Context(matcher=matcher, townships=townships_, create_townships=options.create_townships, year=options.year)
    try:
        _read_sheets(wb, ctx, options, result, progress)
        result.prefilled = drop_prefilled(wb, ctx.observations)  # report once: pre-filled cells left as they were
    except LedgerFileError as e:
        result.errors.append(Issue(filename, str(e)))
    if result.prefilled and not ctx.observations and not ctx.errors:
        ctx.error(filename, NOTHING_NEW.format(n=result.prefilled))
    result.observations, result.new_townships = ctx.observations, ctx.new_townships
    ctx.warnings.extend(Issue(cell, message) for cell, message in dict.fromkeys(wb.notes))  # once per cell
    result.errors[:0], result.warnings[:0] = ctx.errors, ctx.warnings
    return result


def _read_sheets(
    wb: Workbook, ctx: Context, options: LedgerOptions, result: LedgerResult, progress: Progress | None
) -> None:
    names = [options.sheet] if options.sheet else wb.sheet_names
    skipped: list[Issue] = []
    reasons: list[str] = []
    for i, name in enumerate(names):
        if not options.sheet and name in (TEMPLATE_HELP_SHEET, TEMPLATE_LIST_SHEET, PREFILL_SHEET):
            continue
        if not options.sheet and name in wb.hidden:
            ctx.warn(f"{name}!A1", f"工作表“{name}”是隐藏的，已跳过；如需导入请取消隐藏或单独指定该工作表")
            continue
        sheet = wb.load(name)

        def report(row: int, i: int = i, sheet: SheetData = sheet) -> None:
            if progress is not None:
                share = min(row / max(sheet.height, 1), 1.0)
                progress((i + share) / len(names), f"正在读取“{sheet.name}”第 {row + 1} 行")

        previews = _read_sheet(sheet, ctx, options, report, reasons)
        if not previews:
            skipped.append(Issue(f"{name}!A1", f"工作表“{name}”中没有找到台账表格（需要乡镇列和指标列），已跳过"))
        result.tables.extend(previews)
    if result.tables:
        ctx.warnings.extend(skipped)
        if not ctx.observations and not ctx.errors:
            said = {cell for cell, _ in ctx.parts_of_year}  # one title saying 1-7月: the refusal names it
            ctx.error(said.pop() if len(said) == 1 else result.source, why_no_figure(ctx.parts_of_year))
    else:
        first = names[0] if names else "Sheet1"
        reason = next((r for r in reasons if r), "")
        if wb.pictures:  # a scanned or photographed form pasted in: its figures are pixels
            reason = "工作簿里有图片（扫描件或照片），图片中的数字无法读取，请把数字填在单元格里" + (
                f"；{reason}" if reason else ""
            )
        ctx.error(
            f"{first}!A1",
            f"文件中没有找到台账表格：{reason + '。' if reason else ''}"
            "表头应有“乡镇”列和至少一个指标列（如“党员总数（人）”），可下载模板对照填写",
        )
    if progress is not None:
        progress(1.0, "读取完成")


REASON_ROWS = 500  # rows a refusal's reason is told from: the top of the sheet, not a 5000-row 记实 block


def _padded(sheet: SheetData) -> Iterator[tuple[int, list[Any]]]:
    pad = [""] * sheet.col_offset
    for r, row in enumerate(sheet.rows()):
        yield r, (pad + list(row)) if pad else row


def _read_sheet(
    sheet: SheetData, ctx: Context, options: LedgerOptions, report: Callable[[int], None], reasons: list[str]
) -> list[TablePreview]:
    """Every table of one sheet: usually one; a 2022 table over a 2023 one (or a header repeated on each
    printed page) starts again where the reader stops."""
    rows: Iterator[tuple[int, list[Any]]] = _padded(sheet)
    head: list[list[Any]] = []
    start = 0
    previews: list[TablePreview] = []
    before: Table | None = None

    def known(name: str) -> bool:
        return ctx.known_township(name) or looks_like_township(name)

    while True:
        for _ in range(SCAN_ROWS - (len(head) - start)):
            nxt = next(rows, None)
            if nxt is None:
                break
            head.append(nxt[1])
        table = detect_table(sheet.name, head, ctx.matcher, sheet.merged, known, start, cover=ctx.cover)
        if table is None and before is None:
            cards = None
            while cards is None:  # cards may stand below a long 记实 block: read on while it is lines of text
                more = [row for _r, row in islice(rows, CARD_SCAN_ROWS)]
                head.extend(more)
                cards = card_table(sheet.name, head, ctx.matcher, known)
                if len(more) < CARD_SCAN_ROWS or not text_lines(more):
                    break
            if cards:
                check_year(cards[0], ctx)  # a sheet of 指标：数值 cards (etl.ledgers.cards)
                read_table(cards[0], ctx, (), iter(cards[1]), report)
                return [_preview(cards[0], head)]
            # a table under a long 说明 block: look for its header down every row read so far
            table = detect_table(sheet.name, head, ctx.matcher, sheet.merged, known, start, len(head), ctx.cover)
        if table is None:
            if before is None:
                reasons.append(why_no_table(head[:REASON_ROWS], ctx.matcher, known))  # what heads the sheet
                ctx.cover = ctx.cover or cover_lines(sheet.name, head, lambda t: township_in_titles("", t, known))
            if before is not None:  # a table below the first one not read: say why (a block of villages of no township)
                why = why_no_table(head[start : start + REASON_ROWS], ctx.matcher, known)
                skipped = f"第 {start + 1} 行起的内容没有识别为台账表格，已跳过" + (f"：{why}" if why else "")
                ctx.warn(f"{sheet.name}!{cell_name(start, 0)}", skipped)
            return previews
        table = apply_overrides(table, options.overrides.get(sheet.name, {}), ctx.matcher)
        _inherit(table, before)
        for issue in column_issues(table, ctx.matcher):
            ctx.warn(issue.cell, issue.message)
        for issue in threshold_issues(table, ctx.matcher):
            ctx.error(issue.cell, issue.message)
        check_year(table, ctx)
        check_value_columns(table, ctx)
        data = chain(((r, head[r]) for r in range(table.first_data_row, len(head))), rows)
        stop = read_table(table, ctx, sheet.merged, data, report)
        previews.append(_preview(table, head))
        if stop is None:
            return previews
        # Another table below: scan again from its first row (rows above it stand in as empty).
        start, before = stop[0], table
        rest = head[start:] if start < len(head) else [list(stop[1])]
        head = [[]] * start + rest  # ROWS goes on right after: past the old head, or past the stop row


def _inherit(table: Table, before: Table | None) -> None:
    """A second table on a sheet keeps the first one's year and units unless its own title says otherwise."""
    if before is None:
        return
    if table.year is None and before.year is not None:
        table.year, table.year_from = before.year, before.year_from
    table.money_unit = table.money_unit or before.money_unit
    if table.township is None and not any(c.role == "township" or c.township for c in table.columns):
        table.township = before.township


def _preview(table: Table, head: list[list[Any]]) -> TablePreview:
    headers = [f"{c.letter} {c.header}" for c in table.columns]
    rows: list[list[str]] = []
    for r in head[table.first_data_row :]:
        texts = [text_of(r[c.index]) if c.index < len(r) else "" for c in table.columns]
        if is_note_row([text_of(v) for v in r]) or len(rows) == PREVIEW_ROWS:
            break  # the preview ends where the table does: 填表人 / 注 rows are not data
        rows.append(texts)
    return TablePreview(table=table, headers=headers, rows=rows)


def mapping_rows(preview: TablePreview, indicators: dict[str, IndicatorInfo]) -> list[dict[str, Any]]:
    """The header mapping of one table as rows for a table widget (列, 表头, 识别为, 单位, 年份, 方式)."""
    out = []
    for c in preview.table.columns:
        target = indicators[c.indicator].name if c.indicator else (c.township or ROLE_ZH.get(c.role, c.role))
        if c.role == VALUE and c.township and not c.indicator:
            target = f"乡镇：{c.township}"
        out.append(
            {
                "列": c.letter,
                "表头": c.header,
                "识别为": target,
                "单位": c.unit or "",
                "年份": c.year or "",
                "方式": c.how,
            }
        )
    return out


def find_county(session: Session, actor: Actor, name: str | None) -> Region | None:
    """The county named NAME among ACTOR's (LoadError when there is none); None when no name is given."""
    if not name:
        return None
    stmt = select(Region).where(Region.level == "county", Region.name == name, actor.region_clause())
    county = session.scalars(stmt).first()
    if county is None:
        raise LoadError(f"找不到县（区）“{name}”：请先在地区列表中建立，或改选已有的县（区）")
    return county


def import_ledger(
    engine: Engine,
    actor: Actor,
    data: bytes,
    filename: str,
    options: LedgerOptions | None = None,
    *,
    dry_run: bool = False,
    uploaded_by: str | None = None,
    progress: Progress | None = None,
    parsed: LedgerResult | None = None,
) -> LedgerResult:
    """Parse DATA and, when there is no error, load it in one transaction (a dry run only reads the store).

    PARSED may carry an earlier parse of the same bytes and options (the upload page's preview)."""
    options = options or LedgerOptions()
    actor.require("import")
    factory = session_factory(engine)
    if parsed is None:
        with factory() as s:
            names = township_names(s, actor)
        parsed = parse_ledger(data, filename, names, options, progress=progress)
    result = parsed
    if result.errors:
        return result
    with factory() as s:
        try:
            county = find_county(s, actor, options.county)
            result.summary = store_ledger(
                s,
                actor,
                result,
                data,
                filename,
                create_townships=options.create_townships,
                county=county,
                uploaded_by=uploaded_by,
                dry_run=dry_run,
            )
        except (LoadError, UnknownRegion, AccessDenied) as e:  # nothing of it is committed
            if dry_run:
                result.warnings.append(Issue(filename, f"正式导入时将失败：{e}"))
            else:
                result.errors.append(Issue(filename, str(e)))
            return result
        if not dry_run:
            s.commit()
            result.written = not result.summary.already_loaded
    return result


def store_ledger(
    session: Session,
    actor: Actor,
    result: LedgerResult,
    data: bytes,
    filename: str,
    *,
    create_townships: bool = False,
    county: Region | None = None,
    uploaded_by: str | None = None,
    dry_run: bool = False,
) -> LoadSummary:
    """Write RESULT's observations as one ledger source (the caller owns the transaction); DRY_RUN: only say
    what would be written (etl.preview)."""
    years = result.observations.years()
    src = SourceIn(
        kind="ledger",
        filename=filename,
        content=data,
        uploaded_by=uploaded_by,
        year=years.pop() if len(years) == 1 else None,
        meta={
            "sheets": [p.table.sheet for p in result.tables],
            "observations": len(result.observations),
            "mapping": {
                p.table.sheet: {c.letter: c.indicator or c.role for c in p.table.columns} for p in result.tables
            },
        },
    )
    load = preview_source if dry_run else load_source
    return load(session, actor, src, LedgerFacts(result.observations), create_townships=create_townships, county=county)
