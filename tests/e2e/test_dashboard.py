"""The dashboard in Chromium: every data page renders, filters live in the URL and survive a reload, a table
row leads to the evidence, the .xlsx export opens with openpyxl. Screenshots go to tests/e2e/screenshots/."""

from __future__ import annotations

import io
from urllib.parse import unquote

import openpyxl
import pytest

from tests.e2e.support import logged_in

pytestmark = pytest.mark.e2e

PAGES = [
    ("", "总览", "党员总数"),
    ("trends", "指标趋势", "明细与溯源"),
    ("compare", "乡镇对比", "各指标排名"),
    ("coverage", "数据覆盖", "未正常上报的项目"),
]


def _settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit finished the current run (the status widget disappears)."""
    page.wait_for_timeout(300)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_timeout(300)


def _open(page, url: str, text: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.get_by_text(text).first.wait_for()
    _settle(page)


@pytest.mark.parametrize(("path", "title", "marker"), PAGES)
def test_page_renders_with_chinese_text_and_charts(app_url, page, shots, path, title, marker):
    _open(page, f"{app_url}/{path}?ind=party_members_total,party_members_floating", marker)
    assert page.locator("h1").filter(has_text=title).count() == 1
    assert not page.locator('[data-testid="stException"]').count()
    if path:
        page.locator(".js-plotly-plot .main-svg").first.wait_for()  # the plotly bundle loads lazily
        page.wait_for_timeout(500)
    name = path or "overview"
    page.screenshot(path=shots / f"{name}.png")
    # The main column scrolls inside the page, so full_page shows only the viewport: shoot each chart too.
    for i, chart in enumerate(page.locator(".js-plotly-plot").all()):
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=shots / f"{name}_chart{i + 1}.png")


def _pick(page, key: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Choose OPTION in the st.selectbox with KEY (opening the list can need a second click while a run ends)."""
    control = page.locator(f".st-key-{key} button[aria-label='Open']").first  # react-aria ComboBox
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        control.click()
        try:
            choice.wait_for(timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; retry the click
            page.keyboard.press("Escape")
    choice.click()
    _settle(page)


def test_filter_goes_to_the_url_and_survives_a_reload(app_url, page, shots):
    _open(page, app_url, "党员总数")
    _pick(page, "flt_cat", "纪律监督")
    assert "cat=纪律监督" in unquote(page.url)
    assert page.get_by_text("党纪立案数").count() >= 1 and page.get_by_text("党员总数").count() == 0
    page.reload()
    page.get_by_text("党纪立案数").first.wait_for()
    _settle(page)
    assert "cat=纪律监督" in unquote(page.url)
    assert page.get_by_text("党员总数").count() == 0
    assert page.locator(".st-key-flt_cat input").first.input_value() == "纪律监督"
    page.screenshot(path=shots / "overview_filtered.png")


def _click_row(page, key: str, row: int) -> None:  # type: ignore[no-untyped-def]
    """Tick the selection box of ROW (0-based) in the st.dataframe with KEY (a canvas grid: click by position)."""
    grid = page.locator(f".st-key-{key} [data-testid='stDataFrameResizable']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box
    page.mouse.click(box["x"] + 18, box["y"] + 35 * (row + 1) + 17)
    _settle(page)


def test_row_click_leads_to_highlighted_evidence(app_url, page, shots):
    _open(page, f"{app_url}/trends?ind=party_members_total&years=2023-2023", "明细与溯源")
    page.locator(".st-key-trend_detail_rows").scroll_into_view_if_needed()
    _click_row(page, "trend_detail_rows", 1)  # 白沙乡, 青石镇, 马鞍彝族乡: 青石镇 has ledger 412 and report 405
    page.get_by_text("宁远县台账.xlsx》，单元格 党员!B4").wait_for()
    page.screenshot(path=shots / "evidence_ledger.png")
    _click_row(page, "trend_detail_obs", 1)
    mark = page.locator(".evidence mark").first
    mark.wait_for()
    assert "405" in mark.inner_text() and page.locator(".evidence b").first.inner_text() == "405"
    mark.scroll_into_view_if_needed()
    page.screenshot(path=shots / "evidence.png")


def test_xlsx_download_opens_with_openpyxl(app_url, page):
    _open(page, f"{app_url}/compare?ind=party_members_total", "各指标排名")
    button = page.locator(".st-key-cmp_export_xlsx button")
    button.scroll_into_view_if_needed()
    # Browser downloads do not work on every machine: note the file link the button opens and fetch it.
    page.evaluate(
        """() => { window.__links = []; const click = HTMLAnchorElement.prototype.click;
        HTMLAnchorElement.prototype.click = function () {
          if (this.href.includes('/media/')) { window.__links.push(this.href); return; }
          return click.call(this); }; }"""
    )
    button.click()
    page.wait_for_function("() => window.__links.length > 0")
    data = page.request.get(page.evaluate("() => window.__links[0]")).body()
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("排名", "乡镇", "指标", "原始值")
    assert [r[1] for r in rows[1:]] == ["青石镇", "马鞍彝族乡", "白沙乡"] and rows[1][3] == 412


def test_a_deep_link_on_a_fresh_server_is_the_whole_app(fresh_app_url, browser):  # type: ignore[no-untyped-def]
    """The first request a server gets is a shared link: it must show the Chinese navigation, the filters and
    the view the link names, as in a running session."""
    context = logged_in(browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN"), fresh_app_url)
    page = context.new_page()
    page.goto(f"{fresh_app_url}/trends?ind=party_members_total&mode=total&years=2021-2023")
    page.get_by_text("筛选").first.wait_for(timeout=60_000)
    _settle(page)
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "指标趋势" in nav and "乡镇对比" in nav and "trends" not in nav and "overview" not in nav
    assert (
        page.locator('[data-testid="stRadio"] input[type="radio"]:checked')
        .first.evaluate("e => e.closest('label').innerText")
        .strip()
        == "全域汇总"
    )
    assert "mode=total" in page.url and "ind=party_members_total" in page.url
    context.close()


def test_an_unknown_address_says_so_in_chinese(app_url, page):  # type: ignore[no-untyped-def]
    """A mistyped or outdated link opens 总览 with a Chinese note, not Streamlit's English "Page not found"."""
    page.goto(f"{app_url}/no-such-page?year=2023")
    page.get_by_text("找不到您打开的网址对应的页面").first.wait_for(timeout=30_000)
    _settle(page)
    body = page.locator("body").inner_text()
    assert "Page not found" not in body and "pages/ directory" not in body
    assert page.locator("h1").filter(has_text="总览").count() == 1
