"""Browser tests: a real Streamlit server on a free port over a small SQLite county, driven by Chromium.

The browser is found as tests/components.py says (CHROMIUM_PATH, the system's Chromium, or Playwright's own);
without one these tests skip with one loud line, or fail when REQUIRE_BROWSER=1 (.ci/run sets it).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.access import SYSTEM
from store.session import make_engine, transaction, upgrade
from store.users import actor_for, add_user, start_session
from tests import components
from tests.e2e.support import E2E_USER, TOKENS, logged_in
from tests.pages_fixtures import load_county

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(__file__).resolve().parent / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session", autouse=True)
def chromium() -> str:
    """The browser's path; checked before the app starts, so a machine without one skips at once."""
    return components.need(components.browser())


@contextlib.contextmanager
def streamlit_server(db: Path) -> Iterator[str]:
    """`streamlit run dashboard.py` over the SQLite file DB on a free port; its URL while it runs."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "ERROR_LOG": str(db.parent / "errors.log")}
    # The server's output goes to a file: a pipe nobody reads fills up and stops the server mid-test.
    log = open(db.parent / f"streamlit-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("Streamlit did not become healthy: " + Path(log.name).read_text(errors="replace")[-2000:])
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def county_db(folder: Path) -> Path:
    """A SQLite file under FOLDER holding the test county and an administrator with a live session."""
    db = folder / "app.db"
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    load_county(engine)
    with transaction(engine) as s:
        user = add_user(s, SYSTEM, E2E_USER, "Ew9-kq!Tz4mV", "admin", ("全部",))
        (folder / "token").write_text(start_session(s, actor_for(s, user)))
    engine.dispose()
    return db


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `streamlit run dashboard.py` over a database holding the test county; stop it afterwards."""
    folder = tmp_path_factory.mktemp("e2e")
    with streamlit_server(county_db(folder)) as url:
        TOKENS[url] = (folder / "token").read_text()
        yield url


@pytest.fixture
def fresh_app_url(tmp_path: Path) -> Iterator[str]:
    """A server nobody has opened yet (for links followed before anyone opened /)."""
    with streamlit_server(county_db(tmp_path)) as url:
        TOKENS[url] = (tmp_path / "token").read_text()
        yield url


@pytest.fixture(scope="session")
def browser(chromium: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def warm_app(app_url: str, browser) -> str:  # type: ignore[no-untyped-def]
    """Open the entry page once, so the first test does not also wait for the app's first start."""
    context = logged_in(browser.new_context(), app_url)
    pg = context.new_page()
    pg.goto(app_url)
    pg.get_by_text("筛选").first.wait_for(timeout=60_000)
    context.close()
    return app_url


@pytest.fixture
def page(browser, warm_app):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
    logged_in(context, warm_app)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    SHOTS.mkdir(exist_ok=True)
    return SHOTS
