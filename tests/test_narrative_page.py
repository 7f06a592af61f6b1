"""综述生成 page under AppTest: region/year selection, paragraphs with copy buttons, traces, downloads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import streamlit as st
from docx import Document
from streamlit.testing.v1 import AppTest

from etl.demo.sample import build_sample
from store.access import SYSTEM
from store.session import get_engine, session_factory
from tests.apptest_support import app, fresh_app_db

PAGE = str(Path(__file__).resolve().parents[1] / "views" / "summary.py")


def _fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    get_engine.cache_clear()


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    engine = fresh_app_db(tmp_path, monkeypatch)
    yield engine
    _fresh_caches()


def _html_bodies(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html")]


def test_page_with_empty_database_says_what_to_do(app_db):
    at = app("views/summary.py").run()
    assert not at.exception
    assert "请先在“报告导入”或“台账上传”页面导入数据" in at.info[0].value


def test_page_shows_copyable_traceable_paragraphs_and_exports(app_db):
    with session_factory(app_db)() as s, s.begin():
        build_sample(s)
    at = app("views/summary.py").run()
    assert not at.exception
    assert at.selectbox(key="summary_year").value == 2023
    bodies = _html_bodies(at)
    assert any("复制全部" in b for b in bodies)
    assert any("云台乡尚未报送" in b for b in bodies)
    assert all("navigator.clipboard" in b and "execCommand" in b for b in bodies)
    assert len(at.expander) == len(bodies)  # one 数字来源 per paragraph, and 导出简报
    docx = next(b for b in at.get("download_button") if b.proto.label.startswith("下载 Word"))
    assert docx.proto.url  # served by the media file manager

    township = next(o for o in at.selectbox(key="summary_region").options if "长城彝族乡" in str(o))
    at.selectbox(key="summary_region").set_value(township).run()
    assert not at.exception
    kinds = at.multiselect(key="summary_kinds_township")
    assert "学习教育培训" in kinds.options and "学习培训" not in kinds.options  # the headings the paragraphs carry
    kinds.set_value(["学习培训"]).run()
    bodies = [b for b in _html_bodies(at) if "复制全部" not in b]
    assert len(bodies) == 1 and "长城彝族乡" in bodies[0] and "理论中心组" in bodies[0]
    assert at.dataframe[0].value["数字"].tolist()


def test_page_tells_when_the_year_has_no_data(app_db):
    with session_factory(app_db)() as s, s.begin():
        build_sample(s)
    at = app("views/summary.py").run()
    silent = next(o for o in at.selectbox(key="summary_region").options if "云台乡" in str(o))
    at.selectbox(key="summary_region").set_value(silent).run()
    assert not at.exception
    assert 2023 not in at.selectbox(key="summary_year").options


def test_docx_export_opens(app_db):
    from narrative import generate
    from narrative.export import to_docx

    with session_factory(app_db)() as s, s.begin():
        build_sample(s)
    n = generate(app_db, SYSTEM, "宁远县", 2023)
    doc = Document(io.BytesIO(to_docx(n.title, n.paragraphs)))
    assert doc.paragraphs[0].text == "宁远县2023年党建工作综述"


def test_brief_export_makes_a_docx(app_db):
    with session_factory(app_db)() as s, s.begin():
        build_sample(s)
    at = app("views/summary.py", timeout=120).run()
    at.button(key="brief_make").click().run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载简报 Word（.docx）" in labels
    assert any(b.key == "brief_pdf_make" for b in at.button)
