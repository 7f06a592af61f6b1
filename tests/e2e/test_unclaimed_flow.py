"""A clerk in Chromium on 报告导入 with a real report (tests/corpus_real/dev/docs/r31.txt): assigns the numbers
of the form N个村 the rules left unclaimed (深入9个村) to 行政村数, dismisses 102个小组, saves; the figures of
行政村数 appear on 指标趋势 with their evidence; a second real report with the same phrasing
(tests/corpus_real/heldout4/docs/s28.txt, 18个村(社区)干部…) gets the figure extracted as learned (学习所得).

What the rules leave unclaimed changes as the extractor improves, so the expected tallies are taken from the
extractor itself (etl.commands.extract.extract_path), not written down."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from etl.commands.extract import extract_path
from store.access import SYSTEM
from store.models import Observation
from store.session import make_engine, session_factory, transaction
from store.users import actor_for, add_user, start_session
from tests.e2e.conftest import county_db, streamlit_server
from tests.e2e.support import TOKENS, assert_no_error, click_row, logged_in, pick, settle

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "tests" / "corpus_real"
FIRST, SECOND = DOCS / "dev" / "docs" / "r31.txt", DOCS / "heldout4" / "docs" / "s28.txt"
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


def _upload(page, url: str, doc: Path) -> str:  # type: ignore[no-untyped-def]
    """Open 报告导入, upload DOC; the report's widget key (the uc_pick_<key>_<i> selects; "" when none)."""
    page.goto(f"{url}/report_import")
    page.locator("h1").filter(has_text="报告导入").first.wait_for()
    page.locator(".st-key-report_files input[type=file]").set_input_files(str(doc))
    page.get_by_text("未认领的数字").first.wait_for()
    settle(page)
    picks = page.locator('[class*="st-key-uc_pick_"]')
    if not picks.count():
        return ""
    cls = picks.first.get_attribute("class") or ""
    return next(c for c in cls.split() if c.startswith("st-key-uc_pick_")).split("_")[2]


def _tally(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_text("数字核对：").first.inner_text()


def _said(extracted: int, pending: int, excluded: int) -> str:
    return f"数字核对：已提取 {extracted}，待确认 {pending}，已排除 {excluded}"


def _rules(doc: Path) -> tuple[dict, list[int]]:
    """The rules' tally of DOC and the positions of its unclaimed numbers of the form N个村."""
    r = extract_path(str(doc), with_unclaimed=True)
    return r["check"], [i for i, u in enumerate(r["unclaimed"]) if u["phrase"] == "N个村"]


def test_clerk_assigns_dismisses_saves_sees_trends_and_the_next_report_learns(browser, clerk_app):  # type: ignore[no-untyped-def]
    url, db = clerk_app
    context = logged_in(browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN"), url)
    page = context.new_page()
    page.set_default_timeout(60_000)
    check, villages = _rules(FIRST)
    items = extract_path(str(FIRST), with_unclaimed=True)["unclaimed"]
    groups = next(i for i, u in enumerate(items) if u["text"] == "102个")  # 深入9个村102个小组
    assert villages and groups not in villages

    key = _upload(page, url, FIRST)
    assert _tally(page).startswith(_said(check["extracted"], check["pending"], 0)), _tally(page)
    year = page.locator(f".st-key-report_year_{key} input")
    year.fill("2024")
    year.press("Enter")
    settle(page)
    for i in villages:
        pick(page, f"uc_pick_{key}_{i}", "行政村数")  # 深入9个村
    pick(page, f"uc_pick_{key}_{groups}", "不是指标")  # 102个小组
    now = _said(check["extracted"] + len(villages), check["pending"] - len(villages) - 1, 1)
    assert _tally(page).startswith(now), _tally(page)
    page.locator(f".st-key-report_newtown_{key} label").click()  # 中和镇 is new to the county
    settle(page)
    page.locator(f".st-key-report_save_{key} button").click()
    saved = page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text="r31.txt：中和镇 2024年")
    saved.first.wait_for(timeout=120_000)
    assert f"新增 {check['extracted'] + len(villages)} 条" in saved.first.inner_text()
    settle(page)
    assert_no_error(page, "页面")

    engine = make_engine(f"sqlite:///{db}")
    with session_factory(engine)() as s:
        assigned = s.scalars(select(Observation).where(Observation.origin == "assigned")).all()
        assert sorted((o.indicator.key, o.value, o.year, o.assigned_by) for o in assigned) == [
            ("administrative_villages", 9, 2024, CLERK)
        ] * len(villages)
    engine.dispose()

    page.goto(f"{url}/trends?ind=administrative_villages&years=2024-2024")
    page.get_by_text("明细与溯源").first.wait_for()
    settle(page)
    click_row(page, "trend_detail_rows", 0)  # 中和镇 2024: the only township with 2024 figures
    evidence = page.locator(".evidence mark").first
    evidence.wait_for()
    seen = {evidence.inner_text()}
    bold = {page.locator(".evidence b").first.inner_text()}
    before = evidence.inner_text()
    click_row(page, "trend_detail_obs", 1)
    page.wait_for_function(
        "(before) => { const m = document.querySelector('.evidence mark'); return m && m.innerText !== before; }",
        arg=before,
    )
    seen.add(page.locator(".evidence mark").first.inner_text())
    bold.add(page.locator(".evidence b").first.inner_text())
    assert any("深入9个村" in m for m in seen) and any("9个村共划分" in m for m in seen), seen
    assert any(b.startswith("9个") for b in bold), bold  # the assigned figure itself in bold
    assert "r31.txt" in page.locator('[data-testid="stMain"]').inner_text()

    check, villages = _rules(SECOND)
    assert len(villages) == 1, "s28 holds one number of the form N个村 the rules leave unclaimed"
    _upload(page, url, SECOND)
    assert _tally(page).startswith(_said(check["extracted"] + 1, check["pending"] - 1, 0)), "18个村 is learned"
    learned = page.locator('mark[title*="行政村数 18"]')
    assert learned.count() == 1 and learned.first.inner_text().startswith("18个"), "18个村 read as 行政村数"
    context.close()
