"""What the e2e tests share, in a plain module so that the conftest and the test modules that import it share
one copy (a conftest imported by name from a test is a second copy): the login registry, the page list, and
the moves a user makes (wait for a run to end, pick an option, tick a table row, fetch a download)."""

from __future__ import annotations

E2E_USER = "e2e_admin"  # the administrator the e2e server's database holds
TOKENS: dict[str, str] = {}  # app URL → a logged-in administrator's session token (the login cookie)

# Every page of the navigation, in its order: (url path, title). "" is the default page, 总览.
PAGES = [
    ("", "总览"),
    ("trends", "指标趋势"),
    ("compare", "乡镇对比"),
    ("coverage", "数据覆盖"),
    ("report_import", "报告导入"),
    ("ledger_upload", "台账上传"),
    ("ledger_form", "在线填报"),
    ("review", "数据审核"),
    ("report_flow", "上报进度"),
    ("summary", "综述生成"),
    ("catalog", "指标目录"),
    ("users", "用户管理"),
    ("audit", "审计日志"),
    ("manage", "文件与乡镇"),
]
# Pages that show figures of the township chosen in the sidebar (the others list users, the catalog, events).
REGION_PAGES = [p for p in PAGES if p[0] not in ("catalog", "users", "audit")]


# The error boundary's words (store.errors.user_message): a page that failed shows them instead of a traceback,
# so a test that only looks for Streamlit's exception box would pass over a broken page.
ERROR_WORDS = "处理时出现了意外错误"


def assert_no_error(page, title: str) -> None:  # type: ignore[no-untyped-def]
    """The page TITLE shows neither Streamlit's exception box nor the error boundary's message."""
    assert page.locator('[data-testid="stException"]').count() == 0, f"{title} 页面出现异常"
    shown = page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
    assert not [t for t in shown if ERROR_WORDS in t], f"{title} 页面出错：{shown}"


def logged_in(context, url: str):  # type: ignore[no-untyped-def]
    """CONTEXT with the administrator's login cookie for URL (every page needs a login)."""
    context.add_cookies([{"name": "dj_session", "value": TOKENS[url], "url": url}])
    return context


def settle(page, timeout: int = 60_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit finished the current run (the status widget disappears)."""
    page.wait_for_timeout(400)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    page.wait_for_timeout(400)


def open_page(page, url: str, title: str) -> None:  # type: ignore[no-untyped-def]
    """Go to URL and wait for the page titled TITLE to finish its run."""
    page.goto(url)
    page.locator("h1").filter(has_text=title).first.wait_for()
    settle(page)


def pick(page, key: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Choose OPTION in the st.selectbox with KEY (opening the list can need a second click while a run ends)."""
    control = page.locator(f".st-key-{key} button[aria-label='Open']").first  # react-aria ComboBox
    control.scroll_into_view_if_needed()
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        control.click()
        try:
            choice.wait_for(timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; retry the click
            page.keyboard.press("Escape")
    choice.click()
    settle(page)


def click_row(page, key: str, row: int) -> None:  # type: ignore[no-untyped-def]
    """Tick the selection box of ROW (0-based) in the st.dataframe with KEY (a canvas grid: click by position)."""
    grid = page.locator(f".st-key-{key} [data-testid='stDataFrameResizable']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box
    page.mouse.click(box["x"] + 18, box["y"] + 35 * (row + 1) + 17)
    settle(page)


def download(page, button: str) -> bytes:  # type: ignore[no-untyped-def]
    """The file behind the st.download_button with key BUTTON. Browser downloads do not work on every machine:
    note the file link the button opens and fetch it (retried: a server under a full CI run may drop one
    connection; the file stays served)."""
    page.evaluate(
        """() => { window.__links = []; const click = HTMLAnchorElement.prototype.click;
        HTMLAnchorElement.prototype.click = function () {
          if (this.href.includes('/media/')) { window.__links.push(this.href); return; }
          return click.call(this); }; }"""
    )
    control = page.locator(f".st-key-{button} button").first
    control.scroll_into_view_if_needed()
    control.click()
    page.wait_for_function("() => window.__links.length > 0")
    link = page.evaluate("() => window.__links[0]")
    for attempt in range(3):
        try:
            return page.request.get(link).body()
        except Exception:  # noqa: BLE001 — Playwright's network error; retried, then raised
            if attempt == 2:
                raise
            page.wait_for_timeout(1000)
    raise AssertionError("unreachable")
