"""导出简报: the key-figure table compares like with like, the charts render offline, the .docx is a GB/T 9704
page, and LibreOffice prints it as A4 with 22 lines × 28 characters and "— 1 —" page numbers."""

from __future__ import annotations

import io
import re

import pandas as pd
import pdfplumber
import pytest
from docx import Document

from narrative.brief import brief_docx, build_brief, change_text, docx_to_pdf
from narrative.compose import Paragraph
from store.access import SYSTEM
from tests import components
from tests.conftest import BACKENDS
from tests.db_templates import built_database, sample_county

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(params=BACKENDS)
def sample(request, db_templates, tmp_path):
    """The sample county (etl.demo.sample), built once per process and copied for each test."""
    yield from built_database(request.param, db_templates, tmp_path, sample_county)


@pytest.mark.parametrize(
    ("now", "prev", "kind", "text"),
    [
        (110, 100, "count", "增长10%"),
        (90, 100, "count", "下降10%"),
        (95, 96, "percent", "下降1个百分点"),
        (5, 5, "money", "持平"),
        # a base under min_base states the absolute change only, as the paragraphs do (not 增长300%)
        (4, 1, "count", "增加3件"),
        (1, 3, "count", "减少2件"),
        (2, 2, "count", "持平"),
        (12, 10, "count", "增长20%"),
    ],
)
def test_change_text(now, prev, kind, text):
    assert change_text(now, prev, kind, "件", min_base=5) == text


def test_brief_holds_the_table_charts_and_paragraphs(sample):
    brief = build_brief(sample, SYSTEM, "宁远县", 2023)
    assert brief.title == "宁远县2023年党建工作简报"
    assert brief.rows and set(brief.rows[0]) == {"指标", "2023年", "2022年", "增减（可比口径）", "上报乡镇"}
    assert "个乡镇已上报" in brief.note  # the sample county has a township silent in 2023
    assert 2 <= len(brief.charts) <= 3 and all(png.startswith(PNG) for _, png in brief.charts)
    doc = Document(io.BytesIO(brief_docx(brief)))
    assert len(doc.tables) == 1 and len(doc.tables[0].rows) == len(brief.rows) + 1
    assert len(doc.inline_shapes) == len(brief.charts)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "一、主要数据" in text and "二、图表" in text and brief.paragraphs[0].text in text


def test_pdf_is_a4_with_22_lines_of_28_characters(sample):
    components.need(components.libreoffice())
    brief = build_brief(sample, SYSTEM, "宁远县", 2023)
    long_text = "全县各级党组织认真贯彻落实新时代党的建设总要求" * 40  # enough to fill whole pages
    brief.paragraphs = (*brief.paragraphs, Paragraph("测试", "填满版心", long_text, (), "宁远县", 2023))
    pdf = docx_to_pdf(brief_docx(brief))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[-2]  # a page full of the long paragraph
        assert (round(page.width), round(page.height)) == (595, 842)
        lines = page.extract_text_lines()
        body = [ln for ln in lines if not ln["text"].startswith("—")]
        assert len(body) == 22
        widths = [len(re.sub(r"[^\u4e00-\u9fff]", "", ln["text"])) for ln in body]
        assert max(widths) == 28
        numbers = [
            ln["text"].replace(" ", "") for ln in doc.pages[0].extract_text_lines() if ln["text"].startswith("—")
        ]
        assert numbers == ["—1—"]


def test_table_rows_use_comparable_change():
    from narrative.brief import figure_rows

    roll = pd.DataFrame(
        {
            "indicator": ["m", "m"],
            "indicator_name": ["党员总数", "党员总数"],
            "variant": ["", ""],
            "unit": ["人", "人"],
            "kind": ["count", "count"],
            "is_target": [False, False],
            "year": [2024, 2025],
            "value": [587.0, 41.0],
            "reporting": [12, 1],
        }
    )
    pairs = pd.DataFrame({"indicator": ["m"], "variant": [""], "towns": [1], "now_sum": [41.0], "prev_sum": [40.0]})
    (row,) = figure_rows(roll, pairs, 2025, 12)
    assert row["增减（可比口径）"] == "增长2.5%" and row["上报乡镇"] == "1/12"
