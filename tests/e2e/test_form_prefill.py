"""Report once in Chromium: 在线填报 for a township-year that already has figures (青石镇 2023: 党员总数 and 流动党员数
from the county's ledger) shows them pre-filled with their source; the clerk types only the missing ones and
submits; only those are stored (the held figures are not saved again), and the form opened again offers them
pre-filled from 在线填报. (The template's pre-fill is tested at the etl level, tests/test_report_once.py: browser
downloads do not work here.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from store.catalog import ledger_series, load_catalog
from store.models import Observation, Source
from store.session import make_engine, session_factory
from tests.e2e.support import logged_in, settle
from ui.style import FORM_NAME_WIDTH

pytestmark = pytest.mark.e2e

# The 党员队伍 table of the form: one row per catalog series of the category, in catalog order.
MEMBERS = [name for s in load_catalog() if s.category == "党员队伍" for name, _t in ledger_series(s)]
ENTRY = "2023年填报"


def _open(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/ledger_form")
    page.locator("h1").filter(has_text="在线填报").first.wait_for()
    settle(page)
    year = page.locator(".st-key-form_year input")
    year.fill("2023")
    year.press("Enter")
    settle(page)


def _rows(page) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """The 党员队伍 table as the grid's accessible cells give it: name → [2023年填报, 2022年, 单位, 已有值来源]."""
    grid = page.locator(".st-key-form_1_---_2023 [role=gridcell]")
    # the grid fills its accessible cells (visible rows only) some time after it is drawn; names and figures
    # come in one table, so the first name present means the visible rows are there
    grid.filter(has_text=MEMBERS[0]).first.wait_for(state="attached")  # accessible cells are hidden
    cells = grid.all_inner_texts()
    return {cells[i]: cells[i + 1 : i + 5] for i in range(0, len(cells) - 4, 5)}


def _type(page, row: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type TEXT into the 填报 cell of ROW of the 党员队伍 table (a canvas grid: the cell is found by position)."""
    canvas = page.locator(".st-key-form_1_---_2023 [data-testid='data-grid-canvas']").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box
    page.mouse.dblclick(box["x"] + FORM_NAME_WIDTH + 40, box["y"] + 35 * (row + 1) + 17)  # the column after the name
    editor = page.locator("textarea.gdg-input").first
    editor.wait_for()
    editor.fill(text)
    page.keyboard.press("Enter")
    settle(page)


def _stored(db: Path) -> tuple[int, int]:
    engine = make_engine(f"sqlite:///{db}")
    with session_factory(engine)() as s:
        obs = s.scalar(select(func.count()).select_from(Observation)) or 0
        forms = s.scalar(select(func.count()).select_from(Source).where(Source.kind == "form")) or 0
    engine.dispose()
    return obs, forms


def test_the_form_asks_only_for_the_missing_figures(browser, fresh_app_url, tmp_path):  # type: ignore[no-untyped-def]
    url, db = fresh_app_url, tmp_path / "app.db"
    context = logged_in(browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN"), url)
    page = context.new_page()
    page.set_default_timeout(60_000)
    _open(page, url)
    rows = _rows(page)
    assert rows["党员总数"][0::3] == ["412", "台账《宁远县台账.xlsx》"], rows["党员总数"]
    assert rows["流动党员数"][0::3] == ["20", "台账《宁远县台账.xlsx》"], rows["流动党员数"]
    assert rows["新发展党员数"][0::3] == ["", ""] and rows["转入党员数"][0::3] == ["", ""]
    before = _stored(db)

    _type(page, MEMBERS.index("新发展党员数"), "15")
    _type(page, MEMBERS.index("转入党员数"), "约3")
    caption = page.get_by_text("将保存").first.inner_text()
    assert caption.startswith("将保存 2 项"), caption  # the pre-filled figures are not saved again
    page.locator(".st-key-form_submit button").click()
    saved = page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text="已保存")
    saved.first.wait_for()
    assert saved.first.inner_text().startswith("已保存：新增 2，未变 0，覆盖旧值 0"), saved.first.inner_text()
    assert not page.locator('[data-testid="stException"]').count()
    assert _stored(db) == (before[0] + 2, before[1] + 1)

    _open(page, url)  # opened again: what was typed is now held, with its source, and asked no more
    rows = _rows(page)
    assert rows["新发展党员数"][0::3] == ["15", "在线填报《在线填报：青石镇2023年》"], rows["新发展党员数"]
    assert rows["转入党员数"][0] == "约3" and rows["党员总数"][0] == "412"
    assert page.locator(".st-key-form_submit button").is_disabled()  # nothing typed: nothing to submit
    context.close()
