"""Markup in names and evidence stays text: townships, file names and evidence sentences carrying markdown, HTML
and spreadsheet formulas are shown literally on every page in Chromium (never a heading, link, image or script),
the image beacon is never requested, and the .xlsx/.docx exports hold them as plain text.

The database is the test county plus townships named after the injection strings, each with figures from a
ledger and a report whose file names and evidence sentences carry the same strings.
"""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest
from sqlalchemy import select

from etl.load import FactIn, SourceIn, load_source
from store.access import SYSTEM
from store.models import AuditEvent, Region
from store.regions import add_region
from store.session import make_engine, transaction, upgrade
from store.users import actor_for, add_user, start_session
from tests.e2e.conftest import streamlit_server
from tests.e2e.support import (
    E2E_USER,
    PAGES,
    REGION_PAGES,
    TOKENS,
    assert_no_error,
    click_row,
    download,
    logged_in,
    settle,
)
from tests.pages_fixtures import load_county

pytestmark = pytest.mark.e2e

HITS: list[str] = []  # paths the beacon server was asked for
DB: list[Path] = []  # the hostile server's database


class _Beacon(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        HITS.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _strings(port: int) -> list[str]:
    """The hostile names: an image beacon, a link, a heading, an HTML image with a script, a formula."""
    return [
        f"![](http://127.0.0.1:{port}/beacon)乡",
        "[点此](http://x)镇",
        "# 大字",
        "<img src=x onerror=window.__pwned=1>",
        '=HYPERLINK("http://x","点")',
    ]


def _hostile_db(folder: Path, names: list[str]) -> tuple[Path, list[int]]:
    db = folder / "app.db"
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    load_county(engine)
    with transaction(engine) as s:
        county = s.query(Region).filter_by(name="宁远县").one()
        for name in names:
            add_region(s, name, "township", county, population=5000)
        facts = [
            FactIn("party_members_total", year, 100 + 10 * i + year - 2021, township=name, cell=f"党员!B{i + 2}")
            for i, name in enumerate(names)
            for year in (2022, 2023)
        ]
        facts += [
            FactIn("party_applicants", 2023, 3 + i, township=name, cell=f"申请!C{i}") for i, name in enumerate(names)
        ]
        load_source(s, SYSTEM, SourceIn(kind="ledger", filename=f"{names[4]}台账.xlsx", content=b"hostile"), facts)
        for i, name in enumerate(names):
            text = f"{name}\n2023年，{name}共有党支部{20 + i}个。{names[(i + 1) % 5]}\n"
            start = text.index(f"{20 + i}个")
            load_source(
                s,
                SYSTEM,
                SourceIn(
                    kind="report",
                    filename=f"{name}工作总结.txt",
                    content=f"report {i}".encode(),
                    year=2023,
                    text=text,
                    township=name,
                ),
                [
                    FactIn(
                        "party_branches",
                        2023,
                        20 + i,
                        span=(start, start + len(f"{20 + i}")),
                        evidence=text.strip().replace("\n", " "),
                    )
                ],
            )
        ids = [s.query(Region).filter_by(name=n).one().id for n in names]
        user = add_user(s, SYSTEM, E2E_USER, "Ew9-kq!Tz4mV", "admin", ("全部",))
        (folder / "token").write_text(start_session(s, actor_for(s, user)))
    engine.dispose()
    return db, ids


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str], list[int]]]:
    """(app URL, hostile names, their region ids) of a server over the hostile county; the beacon listens."""
    beacon = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Beacon)
    threading.Thread(target=beacon.serve_forever, daemon=True).start()
    names = _strings(beacon.server_address[1])
    folder = tmp_path_factory.mktemp("hostile")
    try:
        db, ids = _hostile_db(folder, names)
        DB[:] = [db]
        with streamlit_server(db) as url:
            TOKENS[url] = (folder / "token").read_text()
            yield url, names, ids
    finally:
        beacon.shutdown()


@pytest.fixture
def hpage(browser, hostile):  # type: ignore[no-untyped-def]
    url = hostile[0]
    context = logged_in(browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN"), url)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


# Markup that must never come out of a hostile string: a heading made of '# 大字' (the # eaten), links to
# http://x or the beacon, images, scripts.
MARKUP = r"""() => {
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  const bad = [];
  for (const h of main.querySelectorAll('h1,h2,h3,h4,h5,h6'))
    if (h.innerText.includes('大字') && !h.innerText.includes('# 大字')) bad.push('heading ' + h.innerText);
  for (const a of document.querySelectorAll('a[href]'))
    if (/^http:\/\/(x|127\.0\.0\.1:\d+\/beacon)/.test(a.getAttribute('href'))) bad.push('link ' + a.outerHTML);
  for (const i of document.querySelectorAll('img')) { const s = i.getAttribute('src') || '';
    if (s === 'x' || s.includes('beacon')) bad.push('image ' + i.outerHTML); }
  for (const t of document.querySelectorAll('svg a')) bad.push('chart link ' + t.outerHTML);
  if (window.__pwned) bad.push('script ran');
  return bad;
}"""

# Plotly reads a subset of HTML in every label and hover text: a hostile name must reach it escaped.
PLOTLY_RAW = """() => {
  const raw = [];
  const walk = (v) => { if (typeof v === 'string') { if (v.includes('<img')) raw.push(v); }
    else if (Array.isArray(v)) v.forEach(walk); else if (v && typeof v === 'object') Object.values(v).forEach(walk); };
  for (const p of document.querySelectorAll('.js-plotly-plot')) { walk(p.data); walk(p.layout); }
  return raw;
}"""


def _visit(page, url: str, title: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.locator("h1").filter(has_text=title).first.wait_for()
    settle(page)
    for exp in page.locator('[data-testid="stExpander"] summary').all():  # evidence, sources, 数字来源 …
        exp.click()
    settle(page)
    return page.locator('[data-testid="stMain"]').inner_text()


@pytest.mark.parametrize(("path", "title"), PAGES)
def test_hostile_names_stay_text_on_every_page(hostile, hpage, path, title):
    url, names, ids = hostile
    HITS.clear()
    text = _visit(hpage, f"{url}/{path}", title)
    _check(hpage, title, text, names)


def _check(hpage, title: str, text: str, names: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Assert no markup came out of the hostile names on the page; the names shown literally (the invisible word
    joiner ui.fmt.md puts into bare addresses aside)."""
    text = text.replace("\u2060", "")
    assert_no_error(hpage, title)
    assert hpage.evaluate(MARKUP) == [], title
    assert hpage.evaluate(PLOTLY_RAW) == [], title
    assert not HITS, f"{title}: beacon requested {HITS}"
    shown = [n for n in names if n in text]
    mangled = [
        frag
        for frag in ("](http", "大字", "onerror", "HYPERLINK")
        if frag in text and not any(frag in n for n in shown)
    ]
    assert not mangled, f"{title}: {mangled} shown, but not as the whole literal name ({shown})"
    return shown


@pytest.mark.parametrize(("i", "path", "title"), [(i, *p) for i, p in enumerate(REGION_PAGES)])
def test_a_hostile_township_chosen_in_the_sidebar(hostile, hpage, i, path, title):
    """Each page with one hostile township chosen, the names taken in turn (every name on two pages or more):
    a page names the chosen township through the same few functions whichever string it is, and the county view
    above already shows all five on every page."""
    url, names, ids = hostile
    HITS.clear()
    text = _visit(hpage, f"{url}/{path}?region={ids[i % len(ids)]}", title)
    _check(hpage, title, text, names)


def test_evidence_and_file_names_stay_text(hostile, hpage):
    """The evidence panel (trends, then 数据审核 for the report's figure): file name, evidence sentence, heading."""
    url, names, ids = hostile
    HITS.clear()
    for name, region in zip(names, ids, strict=True):
        _visit(hpage, f"{url}/trends?region={region}&ind=party_branches&years=2023-2023", "指标趋势")
        click_row(hpage, "trend_detail_rows", 0)
        hpage.locator(".evidence").first.wait_for()
        text = hpage.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
        assert f"《{name}工作总结.txt》" in text and name in hpage.locator(".evidence").first.inner_text()
        _check(hpage, "指标趋势 · 明细与溯源", text, names)

        _visit(hpage, f"{url}/review?region={region}", "数据审核")
        hpage.locator('[data-testid="stRadio"] label').filter(has_text="待审核").first.click()
        settle(hpage)
        click_row(hpage, "review_table", 2)  # the report's 党支部数 (rows: 党员总数, 入党申请人数, 党支部数, …)
        hpage.locator(".evidence").first.wait_for()
        text = hpage.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
        assert f"{name} · 2023 年" in text, "the figure's heading names the township literally"
        _check(hpage, "数据审核 · 原文", text, names)


def _audit(action: str) -> list[dict]:
    engine = make_engine(f"sqlite:///{DB[0]}")
    with engine.connect() as c:
        rows = c.execute(select(AuditEvent.object_type, AuditEvent.new).where(AuditEvent.action == action)).all()
    engine.dispose()
    return [{"what": r[0], **(r[1] or {})} for r in rows]


def test_exports_hold_the_names_as_plain_text_and_copies_are_audited(hostile, hpage):
    url, names, ids = hostile
    _visit(hpage, f"{url}/compare?ind=party_members_total&years=2023-2023", "乡镇对比")
    ws = openpyxl.load_workbook(io.BytesIO(download(hpage, "cmp_export_xlsx"))).active
    towns = {c.value: c for row in ws.iter_rows(min_row=2, min_col=2, max_col=2) for c in row}
    for name in names:
        assert name in towns, f"{name} missing from the .xlsx export"
        assert towns[name].data_type == "s", f"{name} is not a text cell"
    assert towns[names[4]].quotePrefix, "a formula-like name carries Excel's quote prefix"

    formula_town = ids[4]
    _visit(hpage, f"{url}/summary?region={formula_town}", "综述生成")
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(download(hpage, "summary_docx"))).paragraphs)
    assert names[4] in body
    before = len(_audit("copy"))
    hpage.locator("#summary-copy-0 button").click()
    settle(hpage)
    copies = _audit("copy")
    assert len(copies) == before + 1 and copies[-1]["title"].startswith(names[4])

    hpage.locator(".st-key-brief_make button").click()  # _visit opened every expander, 导出简报 too
    hpage.locator(".st-key-brief_docx button").wait_for(timeout=120_000)
    brief = docx.Document(io.BytesIO(download(hpage, "brief_docx")))
    text = "\n".join(p.text for p in brief.paragraphs) + "".join(
        c.text for t in brief.tables for row in t.rows for c in row.cells
    )
    assert names[4] in text
    settle(hpage)
    assert [e for e in _audit("export") if e["what"] == "brief_docx" and e["title"].startswith(names[4])]
    assert not HITS
