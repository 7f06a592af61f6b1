"""报告导入 with a photographed report under AppTest: the scan is read in the background with page progress, its
figures carry 核对 (可疑/待核对), page and confidence, the scan's line is shown beside the evidence, and saving
stores them as 待审核 with their OCR evidence in the source (without reading the scan twice)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from store.access import Actor
from store.models import Observation, Source
from store.regions import ensure_chain
from store.session import session_factory
from tests import components
from tests.apptest_support import fresh_app_db
from tests.scan_support import Look, pages
from ui.state import ACTOR_KEY

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "tests" / "corpus_real" / "dev" / "docs" / "r27.txt"


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    components.need(components.ocr())
    engine = fresh_app_db(tmp_path, monkeypatch)
    with session_factory(engine)() as s, s.begin():
        ensure_chain(s, [("四川省", "province"), ("凉山州", "city"), ("西昌市", "county")])
    return engine


def _photo() -> bytes:
    """The top of a typeset, turned and noised page of a real document, as a PNG (a small image: a quick OCR)."""
    from PIL import ImageOps

    [page] = pages(DOC.read_text(encoding="utf-8"), Look(dpi=150, angle=0.7, seal=False), seed=5)
    box = ImageOps.invert(page.convert("L")).point(lambda v: 255 if v > 128 else 0).getbbox()
    buf = io.BytesIO()
    page.crop(box).save(buf, format="PNG")
    return buf.getvalue()


def test_a_photo_is_read_in_the_background_and_checked_beside_the_scan(app_db: Engine) -> None:
    from ui.actions import start_reading

    data = _photo()
    at = AppTest.from_file(str(ROOT / "views" / "report_import.py"), default_timeout=120)
    at.session_state[ACTOR_KEY] = Actor("clerk", "clerk", None)
    at = at.run().file_uploader(key="report_files").set_value([("西乡乡.png", data, "image/png")]).run()
    assert not at.exception
    assert "文字识别" in at.info[0].value  # the page answers at once; the scan is read in the background
    assert start_reading("西乡乡.png", data).finished.wait(timeout=600)

    at.run()
    assert not at.exception
    assert any("这是扫描件（1 页" in w.value for w in at.warning)
    key = hashlib.sha256(data).hexdigest()[:12]
    facts = at.dataframe(key=f"report_facts_{key}")
    assert {"核对", "页", "置信度"} <= set(facts.value.columns)
    assert set(facts.value["核对"]) <= {"可疑", "待核对"} and set(facts.value["页"]) == {1}
    assert any("对照扫描件核对" in m.value for m in at.markdown)
    assert at.get("image"), "no crop of the scan beside the evidence"

    at.text_input(key=f"report_town_{key}").set_value("西乡乡")
    at.number_input(key=f"report_year_{key}").set_value(2017)
    at.run().checkbox(key=f"report_newtown_{key}").check()  # 西乡乡 is new to this county
    at.button(key=f"report_save_{key}").click().run()
    assert not at.exception
    with session_factory(app_db)() as s:
        source = s.scalars(select(Source)).one()
        observations = list(s.scalars(select(Observation)))
    assert observations and {o.status for o in observations} == {"extracted"}
    evidence = source.meta["ocr"]["facts"]
    assert {o.locator for o in observations} <= set(evidence)
    assert {e["page"] for e in evidence.values()} == {1}
    assert {e["review"] for e in evidence.values()} <= {"可疑", "待核对"}
