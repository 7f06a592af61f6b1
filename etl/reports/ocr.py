"""Page image → text lines with per-character confidence and boxes, by RapidOCR (PP-OCRv4 models inside the
rapidocr-onnxruntime wheel, run on the CPU by onnxruntime; nothing is downloaded).

One engine per process, created on first use, and one page at a time through it (a lock): the models take about
half a gigabyte while a page runs, so two pages at once would double that. The engine uses OCR_THREADS cores
(default 1), leaving the other to the web server.
"""

from __future__ import annotations

import ctypes
import math
import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

ENGINE_NAME = "RapidOCR（rapidocr-onnxruntime，PP-OCRv4 模型）"
INSTALL_ZH = (
    "请在服务器上运行 pip install -r requirements.txt（其中的 rapidocr-onnxruntime 自带识别模型，无需联网下载）"
)
# Longest side given to the detector: larger photos are scaled down (RapidOCR's own max_side_len is 2000).
MAX_SIDE = 2000
# A pixel is a red seal's (公章) when red clearly dominates: such pixels are whitened before recognition.
SEAL_MARGIN = 35
SEAL_MIN_RED = 120

_ENGINE: Any = None
_ENGINE_LOCK = threading.Lock()
_RUN_LOCK = threading.Lock()


@dataclass(frozen=True)
class OcrLine:
    """One detected text line: its text, the confidence of each character, the character boxes as
    (x0, y0, x1, y1) in page pixels, the line's quadrilateral and its page (1-based)."""

    page: int
    text: str
    confs: tuple[float, ...]
    char_boxes: tuple[tuple[float, float, float, float], ...]
    quad: tuple[tuple[float, float], ...]

    @property
    def conf(self) -> float:
        return sum(self.confs) / len(self.confs) if self.confs else 0.0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.quad]
        ys = [p[1] for p in self.quad]
        return min(xs), min(ys), max(xs), max(ys)

    @property
    def angle(self) -> float:
        """Slope of the top edge in radians (0 for a level line)."""
        (x0, y0), (x1, y1) = self.quad[0], self.quad[1]
        return math.atan2(y1 - y0, x1 - x0) if x1 != x0 else 0.0


class OcrUnavailable(RuntimeError):
    """The OCR engine cannot be loaded on this server; the message (Chinese) says how to install it."""


def engine_problem() -> str | None:
    """Why OCR cannot run here (English, for logs and test skips), or None when it can."""
    try:
        import onnxruntime  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except Exception as exc:  # ImportError, or OSError when a system library (libGL for OpenCV) is missing
        return f"rapidocr-onnxruntime cannot be imported ({type(exc).__name__}: {exc})"
    return None


def _engine() -> Any:
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            problem = engine_problem()
            if problem:
                raise OcrUnavailable(f"服务器未安装文字识别组件（{problem}）。{INSTALL_ZH}。")
            from rapidocr_onnxruntime import RapidOCR

            threads = int(os.environ.get("OCR_THREADS", "1"))
            _ENGINE = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
        return _ENGINE


def prepare(image: Image.Image) -> Image.Image:
    """An RGB page no longer than MAX_SIDE with red seal pixels whitened (a stamp over the text is not text)."""
    from PIL import Image as PILImage

    img = image.convert("RGB")
    scale = MAX_SIDE / max(img.size)
    if scale < 1:
        img = img.resize((round(img.width * scale), round(img.height * scale)), PILImage.Resampling.LANCZOS)
    import numpy as np

    arr = np.asarray(img).copy()
    r, g, b = (arr[..., i].astype(np.int16) for i in range(3))
    seal = (r >= SEAL_MIN_RED) & (r - np.maximum(g, b) >= SEAL_MARGIN)
    arr[seal] = 255
    return PILImage.fromarray(arr)


def recognise(image: Image.Image, page: int) -> list[OcrLine]:
    """The text lines of one page image (already prepared), one page at a time per process."""
    import numpy as np

    engine = _engine()
    arr = np.asarray(image)[:, :, ::-1]  # RapidOCR expects OpenCV's BGR order
    with _RUN_LOCK:
        result, _ = engine(np.ascontiguousarray(arr), return_word_box=True)
        _release_memory()
    return [line for raw in result or [] if (line := _line(raw, page)) is not None]


def _release_memory() -> None:
    """Give the page's working memory back to the system (glibc keeps freed heap otherwise), so a server that
    read a scan does not stay at its peak."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def _line(raw: list[Any], page: int) -> OcrLine | None:
    """One RapidOCR result [quad, text, score, word boxes, characters, character confidences] → OcrLine."""
    quad, text, score = raw[0], str(raw[1]), float(raw[2])
    if not text.strip():
        return None
    chars = list(raw[4]) if len(raw) > 5 else []
    confs = [float(c) for c in raw[5]] if len(raw) > 5 else []
    boxes = list(raw[3]) if len(raw) > 3 else []
    if "".join(chars) != text or len(confs) != len(text) or len(boxes) != len(text):
        # RapidOCR drops the per-character detail for some lines: spread the line's score and box evenly.
        confs = [score] * len(text)
        boxes = _even_boxes(quad, len(text))
    return OcrLine(
        page=page,
        text=text,
        confs=tuple(confs),
        char_boxes=tuple(_bounds(b) for b in boxes),
        quad=tuple((float(x), float(y)) for x, y in quad),
    )


def _bounds(points: list[list[float]]) -> tuple[float, float, float, float]:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _even_boxes(quad: list[list[float]], n: int) -> list[list[list[float]]]:
    x0, y0, x1, y1 = _bounds(quad)
    step = (x1 - x0) / max(1, n)
    return [[[x0 + i * step, y0], [x0 + (i + 1) * step, y1]] for i in range(n)]
