"""Limits on what a report file may cost to read, checked before (and while) the reader expands it.

A 700 KB .docx can inflate to gigabytes and a text of millions of numbers can keep the extractor busy for
minutes, before anyone logs in. Every report goes through these checks; each refusal is a ReadError whose
Chinese message names the file and the limit it broke. The limits can be raised through environment
variables (REPORT_MAX_MB, REPORT_MAX_TEXT_CHARS) for a site that really has larger reports.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass

from etl.reports.errors import ReadError
from etl.textsafe import MAX_NAME_CHARS, display_name

__all__ = ["MAX_NAME_CHARS", "LimitError", "Limits", "display_name"]

# What counts as a figure for max_figures: a run of digits (1,234.5 is one) or of Chinese numerals with a unit
# digit in it (一千零三十六); a cheap over-estimate of what etl.reports.scan finds.
_CN_DIGITS = "零〇一二两三四五六七八九"
_FIGURE = re.compile(
    r"[0-9０-９]+(?:,[0-9]{3})*(?:\.[0-9]+)?" + f"|[{_CN_DIGITS}]*[十百千万亿][{_CN_DIGITS}十百千万亿]*"
)


class LimitError(ReadError):
    """A report over one of the limits; the message names the file and the limit."""


@dataclass(frozen=True)
class Limits:
    """What one report may cost. The defaults are far above any real report of a township."""

    # Bytes of the uploaded file itself.
    max_file_bytes: int = 20 * 1024 * 1024
    # Bytes of all members of a zip package (.docx/.xlsx/...) once inflated.
    max_expanded_bytes: int = 200 * 1024 * 1024
    # A member larger than ratio_floor bytes may inflate at most this many times. Word XML compresses
    # 5–20×; images and fonts barely compress.
    max_ratio: int = 100
    ratio_floor: int = 1024 * 1024
    max_entries: int = 5_000
    max_pdf_pages: int = 1_000
    # Characters of decoded text: a 200-page report is about 200,000.
    max_text_chars: int = 2_000_000
    # Figures (digit runs and Chinese numerals) in the text: a long report has a few thousand. Extraction is
    # linear in them, but a page of nothing but numbers is no report.
    max_figures: int = 20_000


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


def current() -> Limits:
    """The limits in force: defaults, with REPORT_MAX_MB and REPORT_MAX_TEXT_CHARS from the environment."""
    base = Limits()
    mb = _env_number("REPORT_MAX_MB", base.max_file_bytes / 1024 / 1024)
    chars = _env_number("REPORT_MAX_TEXT_CHARS", base.max_text_chars)
    return Limits(max_file_bytes=int(mb * 1024 * 1024), max_text_chars=int(chars))


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:g} MB"


def check_file(name: str, size: int, limits: Limits | None = None) -> None:
    limits = limits or current()
    if size > limits.max_file_bytes:
        raise LimitError(
            f"{name}：文件大小 {_mb(size)} 超过报告文件上限 {_mb(limits.max_file_bytes)}，已拒绝读取；"
            "请去掉图片后另存，或拆分成几份分别上传。"
        )


def check_zip(name: str, infos: list[zipfile.ZipInfo], limits: Limits | None = None) -> None:
    """Entry count, expanded size and per-member ratio of a zip package, from its directory alone.

    zipfile never inflates a member past the size its directory declares (it stops and fails the CRC), so
    checking the declared sizes bounds what python-docx and openpyxl can be made to read."""
    limits = limits or current()
    if len(infos) > limits.max_entries:
        raise LimitError(
            f"{name}：压缩包内有 {len(infos)} 个文件，超过上限 {limits.max_entries} 个（疑似“压缩炸弹”），已拒绝读取。"
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_expanded_bytes:
        raise LimitError(
            f"{name}：解压后共 {_mb(total)}，超过解压后大小上限 {_mb(limits.max_expanded_bytes)}"
            "（疑似“压缩炸弹”），已拒绝读取。"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            raise LimitError(
                f"{name}：其中的 {info.filename[:80]} 压缩比为 {ratio:.0f} 倍，超过压缩比上限 {limits.max_ratio} 倍"
                "（疑似“压缩炸弹”），已拒绝读取。"
            )


def check_pdf_pages(name: str, pages: int, limits: Limits | None = None) -> None:
    limits = limits or current()
    if pages > limits.max_pdf_pages:
        raise LimitError(f"{name}：PDF 共 {pages} 页，超过页数上限 {limits.max_pdf_pages} 页；请拆分后分别上传。")


def check_text(name: str, text: str, limits: Limits | None = None) -> None:
    """Text length, then the number of figures in it (counted only for a text within the length limit)."""
    limits = limits or current()
    length = len(text)
    if length > limits.max_text_chars:
        raise LimitError(
            f"{name}：文字共 {length:,} 字符，超过正文长度上限 {limits.max_text_chars:,} 字符，已拒绝提取；"
            "请确认文件是一份报告，或拆分后分别上传。"
        )
    check_figures(name, text, limits)


def check_figures(name: str, text: str, limits: Limits) -> None:
    count = 0
    for _ in _FIGURE.finditer(text):
        count += 1
        if count > limits.max_figures:
            raise LimitError(
                f"{name}：文中数字超过 {limits.max_figures:,} 个（数字个数上限），不像一份工作报告，已拒绝提取；"
                "请确认上传的文件，或把数据表改用“台账上传”导入。"
            )
