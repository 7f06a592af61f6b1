"""Report once: the ledger template for a township-year that already has figures comes pre-filled with them
(greyed, a comment naming the source, listed on a hidden sheet), only the missing ones are asked, and importing it
back stores only what the clerk typed or changed: no figure twice, none superseding itself, nothing asked again."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import Engine, func, select

from etl.ingest import ingest_bytes
from etl.ledgers.form import save_form
from etl.ledgers.importer import LedgerOptions, catalog_indicators, import_ledger
from etl.ledgers.prefill import PREFILL_SHEET
from etl.ledgers.template import DATA_SHEET, build_template, template_columns
from store.access import SYSTEM
from store.catalog import ledger_specs, load_catalog
from store.held import held_figures
from store.models import Indicator, Observation, Source
from store.regions import add_region, ensure_chain
from store.session import session_factory
from tests.ledger_support import ledger_bytes

TOWNS = ["青山镇", "白沙乡"]
REPORT = "青山镇2023年党建工作总结\n全镇共有党员1286名，其中女党员312名。全年培训党员约500人次。"


@pytest.fixture
def held_db(engine: Engine) -> Engine:
    with session_factory(engine)() as s, s.begin():
        ingest_bytes(s, SYSTEM, "青山镇2023.txt", REPORT.encode(), county="宁远县")
        ingest_bytes(s, SYSTEM, "白沙乡2022.txt", "白沙乡2022年工作总结\n全乡共有党员640名。".encode(), county="宁远县")
        result = save_form(s, SYSTEM, "青山镇", 2023, {"party_branches": "15"}, catalog_indicators(), user="填报员")
        assert not result.errors, result.errors
    return engine


def _template(engine: Engine) -> bytes:
    with session_factory(engine)() as s:
        held = held_figures(s, SYSTEM, [2023], townships=TOWNS)
    return build_template(load_catalog(), TOWNS, year=2023, county="宁远县", held=held)


def _cells(data: bytes) -> tuple[openpyxl.Workbook, dict[tuple[str, str], openpyxl.cell.Cell]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[DATA_SHEET]
    heads = {ws.cell(row=2, column=c).value: c for c in range(1, ws.max_column + 1)}
    rows = {ws.cell(row=r, column=2).value: r for r in range(3, 3 + len(TOWNS))}
    return wb, {(t, h): ws.cell(row=rows[t], column=c) for t in TOWNS for h, c in heads.items() if c > 3}


def test_the_template_comes_pre_filled_with_the_source_of_each_figure(held_db: Engine) -> None:
    wb, cells = _cells(_template(held_db))
    filled = {k: (c.value, c.comment.text if c.comment else None) for k, c in cells.items() if c.value is not None}
    assert set(filled) == {
        ("青山镇", "党员总数（人）"),
        ("青山镇", "女党员数（人）"),
        ("青山镇", "培训人次（人次）"),
        ("青山镇", "党支部数（个）"),
    }
    assert filled[("青山镇", "党员总数（人）")][0] == 1286
    assert filled[("青山镇", "培训人次（人次）")][0] == "约500"  # as the clerk would type it
    assert "来源：工作报告《青山镇2023.txt》" in filled[("青山镇", "女党员数（人）")][1]
    assert "来源：在线填报《在线填报：青山镇2023年》" in filled[("青山镇", "党支部数（个）")][1]
    # 白沙乡 has figures for 2022 only: its 2023 row asks for everything
    assert all(c.value is None for (t, _h), c in cells.items() if t == "白沙乡")
    assert wb[PREFILL_SHEET].sheet_state == "hidden" and wb[PREFILL_SHEET].max_row == 1 + 4
    assert any("灰色单元格（4 个）" in str(c.value) for row in wb["填表说明"].iter_rows() for c in row)
    assert len(template_columns(ledger_specs(load_catalog()))) == len(cells) // len(TOWNS)  # with the variants


def _counts(engine: Engine) -> tuple[int, int, int]:
    with session_factory(engine)() as s:
        obs = s.scalar(select(func.count()).select_from(Observation)) or 0
        superseded = s.scalar(select(func.count()).where(Observation.status == "superseded")) or 0
        ledgers = s.scalar(select(func.count()).select_from(Source).where(Source.kind == "ledger")) or 0
    return obs, superseded, ledgers


def _filled(data: bytes, typed: dict[tuple[str, str], object]) -> bytes:
    wb, cells = _cells(data)
    for k, v in typed.items():
        cells[k].value = v
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("typed", "new", "errors"),
    [
        ({}, 0, 1),  # returned as it came: nothing new, said so, nothing stored
        ({("青山镇", "新发展党员数（人）"): 15, ("白沙乡", "党员总数（人）"): 650}, 2, 0),  # only the missing ones
        ({("青山镇", "女党员数（人）"): 320, ("青山镇", "新发展党员数（人）"): 15}, 2, 0),  # a changed figure is new
    ],
)
def test_importing_it_back_stores_only_what_was_typed(
    held_db: Engine, typed: dict[tuple[str, str], object], new: int, errors: int
) -> None:
    before = _counts(held_db)
    data = _filled(_template(held_db), typed)
    result = import_ledger(held_db, SYSTEM, data, "2023年台账.xlsx")
    assert len(result.errors) == errors, result.errors
    assert result.prefilled == 4 - sum(k[0] == "青山镇" and k[1] == "女党员数（人）" for k in typed)
    obs, superseded, ledgers = _counts(held_db)
    assert (obs - before[0], superseded, ledgers) == (new, 0, 1 if new else 0)
    if new:
        assert result.summary is not None and result.summary.new == new and result.summary.superseded == 0
        again = import_ledger(held_db, SYSTEM, data, "2023年台账.xlsx")  # the same file twice: a no-op
        assert again.summary is not None and again.summary.already_loaded and _counts(held_db)[0] == obs


def test_a_re_downloaded_template_asks_only_for_what_is_still_missing(held_db: Engine) -> None:
    first = _filled(_template(held_db), {("白沙乡", "党员总数（人）"): 650})
    assert not import_ledger(held_db, SYSTEM, first, "台账1.xlsx").errors
    _wb, cells = _cells(_template(held_db))
    assert cells[("白沙乡", "党员总数（人）")].value == 650
    assert "来源：台账《台账1.xlsx》" in cells[("白沙乡", "党员总数（人）")].comment.text
    # figures held for the year are never asked for again, nor do they wait for a review as new ones
    with session_factory(held_db)() as s:
        pending = s.scalars(
            select(Indicator.key)
            .join(Observation, Observation.indicator_id == Indicator.id)
            .where(Observation.status.in_(("explain", "suspect")))
        ).all()
    assert not pending, pending


@pytest.fixture
def town_db(engine: Engine) -> Engine:
    with session_factory(engine)() as s, s.begin():
        add_region(s, "青山镇", "township", ensure_chain(s, [("省", "province"), ("市", "city"), ("宁远县", "county")]))
    return engine


VARIANT_HEADERS = ["乡镇", "村集体经济总收入（万元）", "村集体经营性收入（万元）", "基层党委数", "党总支数", "党支部数"]


@pytest.mark.parametrize(
    ("key", "attrs", "value", "headline"),
    [
        ("collective_income_total", {}, 1860, True),
        ("collective_income_total", {"measure": "经营性"}, 620, True),  # its own series beside 总收入
        ("party_orgs_total", {"level": "党委"}, 1, False),  # a level: a part, never the headline
        ("party_orgs_total", {"level": "党总支"}, 3, False),
        ("party_branches", {}, 28, True),
    ],
)
def test_ledger_columns_of_the_variants_keep_their_attrs(
    town_db: Engine, key: str, attrs: dict[str, str], value: float, headline: bool
) -> None:
    engine = town_db
    data = ledger_bytes([["2023年党建台账"], VARIANT_HEADERS, ["青山镇", 1860, 620, 1, 3, 28]])
    result = import_ledger(engine, SYSTEM, data, "台账.xlsx", LedgerOptions())
    assert not result.errors, result.errors
    with session_factory(engine)() as s:
        rows = s.execute(
            select(Observation.attrs, Observation.value, Observation.is_headline)
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .where(Indicator.key == key)
        ).all()
    assert (attrs, value, headline) in [(dict(a or {}), v, h) for a, v, h in rows], rows


def test_the_variants_have_template_columns_form_fields_and_pre_fill(town_db: Engine) -> None:
    engine = town_db
    data = ledger_bytes([["2023年党建台账"], VARIANT_HEADERS, ["青山镇", 1860, 620, 1, 3, 28]])
    assert not import_ledger(engine, SYSTEM, data, "台账.xlsx", LedgerOptions()).errors
    with session_factory(engine)() as s:
        held = held_figures(s, SYSTEM, [2023], townships=["青山镇"])
        form = save_form(
            s, SYSTEM, "青山镇", 2023, {"collective_income_total:measure=经营性": "650"}, catalog_indicators()
        )
        assert not form.errors and form.facts[0].indicator == "collective_income_total"
        assert form.facts[0].attrs == {"measure": "经营性"}
    tpl = build_template(load_catalog(), ["青山镇"], year=2023, held=held)
    _wb, cells = _cells_of(tpl, ["青山镇"])
    assert cells[("青山镇", "村集体经营性收入（万元）")].value == 620
    assert cells[("青山镇", "村集体经济总收入（万元）")].value == 1860
    assert cells[("青山镇", "基层党委数（个）")].value == 1 and cells[("青山镇", "党总支数（个）")].value == 3
    back = import_ledger(engine, SYSTEM, tpl, "模板.xlsx")  # returned unchanged: nothing new, nothing stored
    assert back.prefilled == 5 and len(back.errors) == 1


def _cells_of(data: bytes, towns: list[str]) -> tuple[openpyxl.Workbook, dict[tuple[str, str], openpyxl.cell.Cell]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[DATA_SHEET]
    heads = {ws.cell(row=2, column=c).value: c for c in range(1, ws.max_column + 1)}
    rows = {ws.cell(row=r, column=2).value: r for r in range(3, 3 + len(towns))}
    return wb, {(t, h): ws.cell(row=rows[t], column=c) for t in towns for h, c in heads.items() if c > 3}
