"""Scanned pages made from real report text, as a scanner or a phone would give them: the text typeset on A4 in a
CJK font (with a running header and a page number, optionally in two columns), turned slightly, with noise and a
red seal, at a given dpi; then bundled as an image PDF without a text layer, or a JPEG/PNG photo.

Used by tests/test_ocr*.py and benchmarks/bench_ocr.py. Needs Pillow and a CJK font (fonts-noto-cjk)."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
HEADER = "中共某乡委员会文件"
A4_INCHES = (8.27, 11.69)


def cjk_font() -> str | None:
    return next((p for p in FONT_PATHS if Path(p).is_file()), None)


@dataclass(frozen=True)
class Look:
    """How a page is scanned: resolution, skew in degrees, noise (share of pixels flipped), two columns."""

    dpi: int = 150
    angle: float = 0.8
    noise: float = 0.004
    columns: int = 1
    seal: bool = True


def _wrap(text: str, font: Any, width: float) -> list[str]:
    """Lines of TEXT no wider than WIDTH; a paragraph's first line starts with a two-character indent."""
    out: list[str] = []
    for para in text.split("\n"):
        para = para.strip()
        if not para:
            continue
        line = "\u3000\u3000"
        for ch in para:
            if font.getlength(line + ch) > width:
                out.append(line)
                line = ""
            line += ch
        out.append(line)
    return out


def pages(text: str, look: Look, seed: int = 0) -> list[Any]:
    """TEXT typeset and 'scanned' as LOOK says: one grey-scale PIL image per A4 page."""
    from PIL import Image, ImageDraw, ImageFont

    path = cjk_font()
    if path is None:
        raise RuntimeError("no CJK font: apt-get install -y fonts-noto-cjk")
    rnd = random.Random(seed)
    dpi = look.dpi
    w, h = int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi)
    size = int(12 / 72 * dpi)
    font = ImageFont.truetype(path, size)
    small = ImageFont.truetype(path, int(9 / 72 * dpi))
    margin, gap = int(0.9 * dpi), int(0.3 * dpi)
    col_w = (w - 2 * margin - gap * (look.columns - 1)) / look.columns
    lines = _wrap(text, font, col_w)
    step = int(size * 1.7)
    per_col = (h - 2 * margin - step) // step
    per_page = per_col * look.columns
    out = []
    for p in range(0, max(1, len(lines)), per_page):
        img = Image.new("RGB", (w, h), "white")
        d = ImageDraw.Draw(img)
        d.text((margin, margin // 2), HEADER, font=small, fill="black")
        d.text((w // 2 - size, h - margin // 2), f"- {p // per_page + 1} -", font=small, fill="black")
        for i, line in enumerate(lines[p : p + per_page]):
            col, row = divmod(i, per_col)
            d.text((margin + col * (col_w + gap), margin + step + row * step), line, font=font, fill="black")
        if look.seal:
            cx, cy, r = w - margin - int(0.9 * dpi), margin + 3 * step, int(0.8 * dpi)
            d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(215, 30, 30), width=max(2, dpi // 50))
            d.text((cx - 2 * size, cy - size // 2), "某乡党委", font=font, fill=(215, 30, 30))
        out.append(_scan(img, look, rnd))
    return out


def _scan(img: Any, look: Look, rnd: random.Random) -> Any:
    """Turn the page a little and sprinkle salt-and-pepper noise, as a flatbed scanner does."""
    from PIL import Image

    img = img.rotate(look.angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor="white")
    if look.noise:
        px = img.load()
        n = int(img.width * img.height * look.noise)
        for _ in range(n):
            x, y = rnd.randrange(img.width), rnd.randrange(img.height)
            px[x, y] = (0, 0, 0) if rnd.random() < 0.5 else (255, 255, 255)
    return img


def image_pdf(images: list[Any], dpi: int) -> bytes:
    """A PDF of page images and nothing else: no text layer, as a scanner writes it."""
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()


def photo_bytes(image: Any, fmt: str = "JPEG") -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, quality=85)
    return buf.getvalue()
