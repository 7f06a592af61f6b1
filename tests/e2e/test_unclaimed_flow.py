"""A clerk in Chromium on 报告导入 with a real report (tests/corpus_real/dev/docs/r31.txt): assigns two numbers
the rules left unclaimed (9个村 twice: 深入9个村 and 9个村共划分), dismisses one (102个小组), saves; the assigned
figures appear on 指标趋势 with their evidence; a second real report with the same phrasing (r33.txt,
14个村) gets the figure extracted as learned (学习所得)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from store.access import SYSTEM
from store.models import Observation
from store.session import make_engine, session_factory, transaction
from store.users import actor_for, add_user, start_session
from tests.e2e.conftest import county_db, streamlit_server
from tests.e2e.support import TOKENS, assert_no_error, click_row, logged_in, pick, settle

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "tests" / "corpus_real" / "dev" / "docs"
CLERK = "e2e_clerk"


@pytest.fixture
def clerk_app(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(URL, database) of a server over the test county, with a logged-in 填报员 granted every region."""
    db = county_db(tmp_path)
    engine = make_engine(f"sqlite:///{db}")
    with transaction(engine) as s:
        user = add_user(s, SYSTEM, CLERK, "Qz7-rw!Nb3xL", "clerk", ("全部",))
        token = start_session(s, actor_for(s, user))
    engine.dispose()
    with streamlit_server(db) as url:
        TOKENS[url] = token
        yield url, db


def _upload(page, url: str, doc: str) -> str:  # type: ignore[no-untyped-def]
    """Open 报告导入, upload DOC; the report's widget key (the uc_pick_<key>_<i> selects; "" when none)."""
    page.goto(f"{url}/report_import")
    page.locator("h1").filter(has_text="报告导入").first.wait_for()
    page.locator(".st-key-report_files input[type=file]").set_input_files(str(DOCS / doc))
    page.get_by_text("未认领的数字").first.wait_for()
    settle(page)
    picks = page.locator('[class*="st-key-uc_pick_"]')
    if not picks.count():
        return ""
    cls = picks.first.get_attribute("class") or ""
    return next(c for c in cls.split() if c.startswith("st-key-uc_pick_")).split("_")[2]


def _tally(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_text("数字核对：").first.inner_text()


def test_clerk_assigns_dismisses_saves_sees_trends_and_the_next_report_learns(browser, clerk_app):  # type: ignore[no-untyped-def]
    url, db = clerk_app
    context = logged_in(browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN"), url)
    page = context.new_page()
    page.set_default_timeout(60_000)

    key = _upload(page, url, "r31.txt")
    first = _tally(page)
    assert first.startswith("数字核对：已提取 3，待确认 6，已排除 0"), first
    year = page.locator(f".st-key-report_year_{key} input")
    year.fill("2024")
    year.press("Enter")
    settle(page)
    pick(page, f"uc_pick_{key}_0", "行政村数")  # 深入9个村
    pick(page, f"uc_pick_{key}_2", "行政村数")  # 将集镇区及9个村共划分9个总网格
    pick(page, f"uc_pick_{key}_1", "不是指标")  # 102个小组
    assert _tally(page).startswith("数字核对：已提取 5，待确认 3，已排除 1")
    page.locator(f".st-key-report_newtown_{key} label").click()  # 中和镇 is new to the county
    settle(page)
    page.locator(f".st-key-report_save_{key} button").click()
    saved = page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text="r31.txt：中和镇 2024年")
    saved.first.wait_for(timeout=120_000)
    assert "新增 5 条" in saved.first.inner_text()
    settle(page)
    assert_no_error(page, "页面")

    engine = make_engine(f"sqlite:///{db}")
    with session_factory(engine)() as s:
        assigned = s.scalars(select(Observation).where(Observation.origin == "assigned")).all()
        assert (
            sorted((o.indicator.key, o.value, o.year, o.assigned_by) for o in assigned)
            == [("administrative_villages", 9, 2024, CLERK)] * 2
        )
    engine.dispose()

    page.goto(f"{url}/trends?ind=administrative_villages&years=2024-2024")
    page.get_by_text("明细与溯源").first.wait_for()
    settle(page)
    click_row(page, "trend_detail_rows", 0)  # 中和镇 2024: the only township with 2024 figures
    evidence = page.locator(".evidence mark").first
    evidence.wait_for()
    seen = {evidence.inner_text()}
    before = evidence.inner_text()
    click_row(page, "trend_detail_obs", 1)
    page.wait_for_function(
        "(before) => { const m = document.querySelector('.evidence mark'); return m && m.innerText !== before; }",
        arg=before,
    )
    seen.add(page.locator(".evidence mark").first.inner_text())
    assert any("深入9个村" in m for m in seen) and any("9个村共划分" in m for m in seen), seen
    assert page.locator(".evidence b").first.inner_text().startswith("9个")  # the figure itself in bold
    assert "r31.txt" in page.locator('[data-testid="stMain"]').inner_text()

    _upload(page, url, "r33.txt")
    assert _tally(page).startswith("数字核对：已提取 2，待确认 0"), "14个村 is no longer left unclaimed"
    learned = page.locator('mark[title*="行政村数 14"]')
    assert learned.count() == 1 and learned.first.inner_text().startswith("14个"), "14个村 read as 行政村数"
    context.close()
