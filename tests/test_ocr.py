"""Scanned PDFs and photos read by the real OCR engine (a few pages, so CI stays quick): real documents of
tests/corpus_real typeset, turned, noised and stamped (tests/scan_support.py) give the same facts as their text,
with page numbers and OCR evidence. Skips with one line when rapidocr or a CJK font is missing (REQUIRE_OCR=1:
fails)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from etl.ingest import IngestError, read_and_extract
from etl.reports import ocr
from etl.reports.extract import extract_text
from tests import components
from tests.scan_support import HEADER, Look, image_pdf, pages, photo_bytes
from tests.scoring import fact_key

DOCS = Path(__file__).resolve().parent / "corpus_real" / "dev" / "docs"


@pytest.fixture(scope="module")
def ocr_ready() -> None:
    components.need(components.ocr())


def _doc(stem: str) -> str:
    return (DOCS / f"{stem}.txt").read_text(encoding="utf-8")


def _keys(facts: list[dict]) -> set[tuple]:
    return {fact_key(f) for f in facts}


def test_a_two_page_scanned_pdf_gives_the_facts_of_its_text(ocr_ready: None) -> None:
    first, second = _doc("r27"), _doc("r04")
    images = pages(first, Look(dpi=150, angle=0.8), seed=1) + pages(second, Look(dpi=150, angle=-0.6), seed=2)
    seen: list[tuple[int, int]] = []
    text, ex = read_and_extract("扫描件.pdf", image_pdf(images, 150), progress=lambda n, m: seen.append((n, m)))
    assert seen == [(1, 2), (2, 2)]
    assert ex["scan"]["pages"] == 2
    assert HEADER not in text and "- 1 -" not in text and "- 2 -" not in text  # running header, page numbers
    want = _keys(extract_text(first)["facts"]) | _keys(extract_text(second)["facts"])
    assert _keys(ex["facts"]) == want
    by_value = {f["value"]: f["ocr"] for f in ex["facts"]}
    assert by_value[414]["page"] == 1  # 全乡共有党员414名 (r27)
    assert all(f["ocr"]["review"] in ("可疑", "待核对") and f["ocr"]["box"] for f in ex["facts"])
    assert all(text[f["span"][0] : f["span"][1]] == f["evidence"] for f in ex["facts"])


def test_a_photo_in_two_columns_gives_the_facts_of_its_text(ocr_ready: None) -> None:
    doc = _doc("r08")
    [image] = pages(doc, Look(dpi=150, angle=1.2, columns=2), seed=3)
    _, ex = read_and_extract("照片.jpg", photo_bytes(image))
    assert _keys(ex["facts"]) == _keys(extract_text(doc)["facts"])
    assert {f["ocr"]["page"] for f in ex["facts"]} == {1}


def _blank_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(72, 72, 100, 100)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_scan_without_text_says_so(ocr_ready: None) -> None:
    with pytest.raises(IngestError, match=r"^空白\.pdf：扫描件中没有识别出文字"):
        read_and_extract("空白.pdf", _blank_pdf())


def test_without_the_ocr_engine_the_message_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "_ENGINE", None)
    monkeypatch.setattr(ocr, "engine_problem", lambda: "rapidocr-onnxruntime cannot be imported")
    with pytest.raises(
        IngestError, match=r"^扫描\.pdf：这是扫描件或图片，需要文字识别.*pip install -r requirements\.txt"
    ):
        read_and_extract("扫描.pdf", _blank_pdf())
