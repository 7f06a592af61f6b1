"""Every page of the navigation opens in Chromium with its Chinese title and no exception box."""

from __future__ import annotations

import pytest

from tests.e2e.support import PAGES, assert_no_error

pytestmark = pytest.mark.e2e

NAV = [title for _, title in PAGES]


def test_every_page_opens_from_the_sidebar(app_url, page, shots):
    page.goto(app_url)
    page.get_by_text("筛选").first.wait_for()
    for i, title in enumerate(NAV):
        page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
        page.locator("h1").filter(has_text=title).first.wait_for()
        page.wait_for_timeout(300)
        page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
        assert_no_error(page, title)
        assert "乡镇党建指标看板" in page.locator('[data-testid="stSidebar"]').inner_text()
        page.screenshot(path=shots / f"nav_{i + 1:02d}_{title}.png")
