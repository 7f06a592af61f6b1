"""Optional parts of the test suite: a browser, PostgreSQL, LibreOffice and the OCR engine (with a CJK font to
typeset test scans).

The README's test command must pass on a machine that has only Python and the requirements, so a test that needs
one of these skips with one loud line naming the missing part and the command that installs it. With
`REQUIRE_<PART>=1` (REQUIRE_BROWSER, REQUIRE_POSTGRES, REQUIRE_LIBREOFFICE, REQUIRE_OCR) a missing part fails
the test instead: .ci/run installs them all and sets these, so CI never skips silently.
"""

from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

# The documented ways to get each part (the README's 可选组件 table carries the same commands; test_readme checks).
BROWSER_INSTALL = "apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji"
BROWSER_INSTALL_PLAYWRIGHT = "python -m playwright install --with-deps chromium"
POSTGRES_HOW = "TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test"
LIBREOFFICE_INSTALL = "apt-get install -y libreoffice-writer-nogui"
OCR_INSTALL = "pip install -r requirements.txt"
FONT_INSTALL = "apt-get install -y fonts-noto-cjk"
SYSTEM_CHROMIUMS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


@dataclass(frozen=True)
class Part:
    """One optional part: where it was found (None when absent) and why not."""

    name: str
    env: str
    found: str | None
    missing: str

    @property
    def required(self) -> bool:
        return os.environ.get(self.env, "") == "1"

    def header(self) -> str:
        state = self.found if self.found else f"ABSENT ({self.missing})"
        return f"{self.name}: {state}{' [required]' if self.required else ''}"


def need(part: Part) -> str:
    """The part's location; skip (or fail when REQUIRE_… is set) with one line when it is absent."""
    if part.found:
        return part.found
    line = f"{part.name.upper()} MISSING: {part.missing}"
    if part.required:
        pytest.fail(f"{line} ({part.env}=1: a missing part is a failure)", pytrace=False)
    pytest.skip(f"{line} (skipped; {part.env}=1 makes it a failure)")


def _playwright_chromium() -> str | None:
    """Playwright's own Chromium (`python -m playwright install chromium`), if it was installed."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # the driver could not start: no browser either way
        return None
    return path if path and Path(path).exists() else None


@functools.cache
def browser() -> Part:
    """CHROMIUM_PATH when set (the only candidate then: point it elsewhere to hide a browser), else the system's
    Chromium, else Playwright's own."""
    how = f"install one with `{BROWSER_INSTALL}` or `{BROWSER_INSTALL_PLAYWRIGHT}`"
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit is not None:
        found = explicit if Path(explicit).is_file() else None
        return Part("browser", "REQUIRE_BROWSER", found, f"CHROMIUM_PATH={explicit} is not a file; {how}")
    candidates = [*SYSTEM_CHROMIUMS, shutil.which("chromium") or "", shutil.which("chromium-browser") or ""]
    found = next((c for c in candidates if c and Path(c).is_file()), None) or _playwright_chromium()
    return Part("browser", "REQUIRE_BROWSER", found, f"no Chromium at {SYSTEM_CHROMIUMS[0]} nor Playwright's; {how}")


@functools.cache
def postgres() -> Part:
    """TEST_DATABASE_URL, when it is set and the server answers."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return Part("postgresql", "REQUIRE_POSTGRES", None, f"TEST_DATABASE_URL is not set; run with {POSTGRES_HOW}")
    from sqlalchemy import create_engine, text

    try:
        url = worker_database(url)
        eng = create_engine(url)
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
        eng.dispose()
    except Exception as exc:
        reason = f"TEST_DATABASE_URL does not answer ({type(exc).__name__}: {str(exc).splitlines()[0][:120]})"
        return Part("postgresql", "REQUIRE_POSTGRES", None, reason)
    return Part("postgresql", "REQUIRE_POSTGRES", url, "")


def worker_database(url: str) -> str:
    """Under pytest-xdist, each worker gets its own database beside TEST_DATABASE_URL's (test → test_gw1),
    created when missing: the product's advisory locks are per database, so workers never wait on each other's
    write lock or startup lock. Without xdist, the URL itself."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@functools.cache
def libreoffice() -> Part:
    """The soffice program the product uses for .doc and .wps."""
    from etl.reports.office import find_soffice

    found = find_soffice()
    how = f"no soffice (SOFFICE_PATH, PATH); install it with `{LIBREOFFICE_INSTALL}`"
    return Part("libreoffice", "REQUIRE_LIBREOFFICE", found, how)


@functools.cache
def ocr() -> Part:
    """RapidOCR with its models (from requirements.txt) and a CJK font for the test scans (tests/scan_support)."""
    from etl.reports.ocr import engine_problem
    from tests.scan_support import cjk_font

    problem = engine_problem()
    if problem:
        return Part("ocr", "REQUIRE_OCR", None, f"{problem}; install it with `{OCR_INSTALL}`")
    if cjk_font() is None:
        return Part("ocr", "REQUIRE_OCR", None, f"no CJK font to typeset test scans; install one with `{FONT_INSTALL}`")
    return Part("ocr", "REQUIRE_OCR", "rapidocr-onnxruntime", "")


def all_parts() -> list[Part]:
    return [browser(), postgres(), libreoffice(), ocr()]
