"""The dashboard in Chromium: every data page renders, filters live in the URL and survive a reload, a table
row leads to the evidence, the .xlsx export opens with openpyxl. Screenshots go to tests/e2e/screenshots/."""

from __future__ import annotations

import io
from urllib.parse import unquote

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.e2e.support import assert_no_error, click_row, download, logged_in, pick, settle

pytestmark = pytest.mark.e2e

PAGES = [
    ("", "总览", "党员总数"),
    ("trends", "指标趋势", "明细与溯源"),
    ("compare", "乡镇对比", "各指标排名"),
    ("coverage", "数据覆盖", "未正常上报的项目"),
]


def _open(page, url: str, text: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.get_by_text(text).first.wait_for()
    settle(page)


@pytest.mark.parametrize(("path", "title", "marker"), PAGES)
def test_page_renders_with_chinese_text_and_charts(app_url, page, shots, path, title, marker):
    _open(page, f"{app_url}/{path}?ind=party_members_total,party_members_floating", marker)
    assert page.locator("h1").filter(has_text=title).count() == 1
    assert_no_error(page, "页面")
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


def test_filter_goes_to_the_url_and_survives_a_reload(app_url, page, shots):
    _open(page, app_url, "党员总数")
    pick(page, "flt_cat", "纪律监督")
    assert "cat=纪律监督" in unquote(page.url)
    # the run the pick starts can begin after settle() looked on a loaded machine: wait for its outcome
    expect(page.get_by_text("党员总数")).to_have_count(0, timeout=30_000)
    assert page.get_by_text("党纪立案数").count() >= 1
    page.reload()
    page.get_by_text("党纪立案数").first.wait_for()
    settle(page)
    assert "cat=纪律监督" in unquote(page.url)
    assert page.get_by_text("党员总数").count() == 0
    assert page.locator(".st-key-flt_cat input").first.input_value() == "纪律监督"
    page.screenshot(path=shots / "overview_filtered.png")


def test_row_click_leads_to_highlighted_evidence(app_url, page, shots):
    _open(page, f"{app_url}/trends?ind=party_members_total&years=2023-2023", "明细与溯源")
    page.locator(".st-key-trend_detail_rows").scroll_into_view_if_needed()
    click_row(page, "trend_detail_rows", 0)  # 青石镇, 白沙乡, 马鞍彝族乡: 青石镇 has ledger 412 and report 405
    page.get_by_text("宁远县台账.xlsx》，单元格 党员!B4").wait_for()
    page.screenshot(path=shots / "evidence_ledger.png")
    click_row(page, "trend_detail_obs", 1)
    mark = page.locator(".evidence mark").first
    mark.wait_for()
    assert "405" in mark.inner_text() and page.locator(".evidence b").first.inner_text() == "405"
    mark.scroll_into_view_if_needed()
    page.screenshot(path=shots / "evidence.png")


def test_xlsx_download_opens_with_openpyxl(app_url, page):
    _open(page, f"{app_url}/compare?ind=party_members_total", "各指标排名")
    data = download(page, "cmp_export_xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("排名", "乡镇", "指标", "原始值")
    assert [r[1] for r in rows[1:]] == ["青石镇", "马鞍彝族乡", "白沙乡"] and rows[1][3] == 412


def test_the_summary_shows_one_copy_button_per_paragraph(app_url, page):  # type: ignore[no-untyped-def]
    """The button a copy clicks to record itself in the audit log is hidden: a reader sees 复制 under each
    paragraph and 复制全部, never a second, unexplained 记录复制 button."""
    _open(page, f"{app_url}/summary", "数字来源")
    recorders = page.locator('[class*="st-key-copyrec-"]')
    assert recorders.count() >= 2  # 复制全部 and the first paragraph's
    assert not [i for i in range(recorders.count()) if recorders.nth(i).is_visible()]
    assert page.get_by_role("button", name="记录复制").filter(visible=True).count() == 0
    assert page.locator("#summary-copy-0 button").is_visible()


def test_a_deep_link_on_a_fresh_server_is_the_whole_app(fresh_app_url, browser):  # type: ignore[no-untyped-def]
    """The first request a server gets is a shared link: it must show the Chinese navigation, the filters and
    the view the link names, as in a running session."""
    context = logged_in(browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN"), fresh_app_url)
    page = context.new_page()
    page.goto(f"{fresh_app_url}/trends?ind=party_members_total&mode=total&years=2021-2023")
    page.get_by_text("筛选").first.wait_for(timeout=60_000)
    settle(page)
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
    settle(page)
    body = page.locator("body").inner_text()
    assert "Page not found" not in body and "pages/ directory" not in body
    assert page.locator("h1").filter(has_text="总览").count() == 1
