"""Scanned reports: PDF pages without a text layer and photos (.jpg/.png) → ScanText by OCR, page by page, and
the OCR evidence of each extracted fact (page, confidence, 可疑 or 待核对, the line's box for an image crop).

PDF pages are rendered with pypdfium2 (which pdfplumber brings); each page is rendered, read and let go before
the next, so memory stays that of one page. PROGRESS(n, total) is called after every page.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from etl.reports.ocr import ENGINE_NAME, OcrUnavailable, prepare, recognise
from etl.reports.ocr_layout import ScanText, assemble

Progress = Callable[[int, int], None]
DPI = 150
MAX_PAGES = 60
MAX_PIXELS = 40_000_000
# A figure is 可疑 (checked first) when any of its characters was read below CHAR_CONF, or its line below
# LINE_CONF, or a character of it was repaired; every other figure read from a scan is 待核对.
CHAR_CONF = 0.9
LINE_CONF = 0.85
SUSPECT = "可疑"
UNCHECKED = "待核对"
# Scans read lately, by content: saving a checked report reads it again, and must not run OCR twice.
CACHE_SIZE = 16
_CACHE: OrderedDict[str, ScanText] = OrderedDict()
_CACHE_LOCK = threading.Lock()
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class ScanError(ValueError):
    """The scan cannot be read; the message (Chinese) names the file and says what to do."""


def is_image(data: bytes) -> bool:
    return data.startswith((JPEG_MAGIC, PNG_MAGIC))


def pdf_pages(name: str, data: bytes, dpi: int = DPI) -> Iterator[Any]:
    """Each page of a PDF as a PIL image at DPI, one at a time."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ScanError(f"{name}：PDF 文件已损坏或已加密，无法读取：请重新导出 PDF 后再上传。") from exc
    try:
        if len(pdf) > MAX_PAGES:
            raise ScanError(f"{name}：扫描件共 {len(pdf)} 页，超过 {MAX_PAGES} 页的上限：请拆分后分别上传。")
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                yield page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
    finally:
        pdf.close()


def pdf_page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def photo(name: str, data: bytes) -> Any:
    """A photo or scanned image, turned upright as its EXIF orientation says."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        limit = MAX_PIXELS // 1_000_000
        raise ScanError(
            f"{name}：图片已损坏或过大（上限 {limit} 百万像素），无法识别：请重新拍照或扫描后再上传。"
        ) from exc
    return ImageOps.exif_transpose(img)


def read_scan(name: str, data: bytes, progress: Progress | None = None) -> ScanText:
    """OCR text of a scanned PDF or a photo, pages in order; ScanError when it cannot be read. The same bytes
    again (within CACHE_SIZE scans) give the same ScanText without OCR."""
    key = hashlib.sha256(data).hexdigest()
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
    if cached is not None:
        if progress:
            progress(cached.pages, cached.pages)
        return cached
    scan = _ocr(name, data, progress)
    with _CACHE_LOCK:
        _CACHE[key] = scan
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return scan


def _ocr(name: str, data: bytes, progress: Progress | None) -> ScanText:
    if is_image(data):
        images: Iterator[Any] = iter([photo(name, data)])
        total = 1
    else:
        total = pdf_page_count(data)
        images = pdf_pages(name, data)
    pages = []
    try:
        for n, image in enumerate(images, start=1):
            img = prepare(image)
            pages.append((recognise(img, n), float(img.width), float(img.height)))
            if progress:
                progress(n, total)
    except OcrUnavailable as exc:
        raise ScanError(f"{name}：这是扫描件或图片，需要文字识别，但{exc}") from exc
    scan = assemble(pages)
    if not scan.text.strip():
        raise ScanError(f"{name}：扫描件中没有识别出文字（{ENGINE_NAME}）：请检查图片是否清晰、方向是否正确。")
    return scan


def page_image(data: bytes, page: int) -> Any:
    """Page PAGE (1-based) of a scanned PDF, or the photo, prepared as OCR saw it (for crops)."""
    if is_image(data):
        return prepare(photo("", data))
    for n, image in enumerate(pdf_pages("", data), start=1):
        if n == page:
            return prepare(image)
    raise ScanError(f"第 {page} 页不存在")


def crop_png(data: bytes, page: int, box: list[float], pad: int = 12) -> bytes:
    """PNG of the region BOX (x0, y0, x1, y1) of the page, with a margin: the clerk compares it with the figure."""
    img = page_image(data, page)
    x0, y0, x1, y1 = box
    region = img.crop((max(0, x0 - pad), max(0, y0 - pad), min(img.width, x1 + pad), min(img.height, y1 + pad)))
    out = io.BytesIO()
    region.save(out, format="PNG")
    return out.getvalue()


def fact_evidence(scan: ScanText, start: int, end: int, figure: tuple[int, int] | None) -> dict[str, Any]:
    """OCR evidence of a fact whose evidence is text[START:END) and whose figure (number and unit) is
    text[FIGURE): page, line confidence, the figure's lowest character confidence, why it is 可疑 if it is,
    and the box of its lines on the page."""
    fs, fe = figure if figure else (start, end)
    digits = [i for i in range(fs, fe) if scan.refs[i] >= 0] or [i for i in range(start, end) if scan.refs[i] >= 0]
    lines = sorted({scan.refs[i] for i in range(start, end) if scan.refs[i] >= 0} | {scan.refs[i] for i in digits})
    if not lines:
        return {"page": None, "confidence": None, "char_confidence": None, "review": SUSPECT, "reasons": ["无识别记录"]}
    line_conf = min(scan.lines[i].conf for i in lines)
    char_conf = min(scan.confs[i] for i in digits) if digits else line_conf
    reasons = sorted({scan.notes[i] for i in range(fs, fe) if i in scan.notes})
    if char_conf < CHAR_CONF:
        reasons.append(f"数字识别置信度低（{char_conf:.2f}）")
    if line_conf < LINE_CONF:
        reasons.append(f"整行识别置信度低（{line_conf:.2f}）")
    figure_lines = [scan.lines[scan.refs[i]] for i in digits] or [scan.lines[i] for i in lines]
    page = figure_lines[0].page
    same = [ln for ln in figure_lines if ln.page == page]
    box = [min(ln.bbox[0] for ln in same), min(ln.bbox[1] for ln in same)]
    box += [max(ln.bbox[2] for ln in same), max(ln.bbox[3] for ln in same)]
    return {
        "page": page,
        "confidence": round(line_conf, 3),
        "char_confidence": round(char_conf, 3),
        "review": SUSPECT if reasons else UNCHECKED,
        "reasons": reasons,
        "box": [round(v, 1) for v in box],
    }
