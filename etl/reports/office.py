"""Old Word (.doc) and WPS (.wps) reports → .docx bytes through LibreOffice (`soffice --headless --convert-to
docx`), run in a temporary directory with its own profile, a timeout and the size limits of every report
(etl.reports.limits). Without LibreOffice the
message says so and how to install it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from etl.reports import limits

# The converted .docx may be larger than the .doc (pictures stored uncompressed in the old format compress
# back; text grows with the XML): four times the file limit, and then the .docx limits apply when it is read.
OUTPUT_FACTOR = 4
TIMEOUT_S = 90
INSTALL_ZH = "apt-get install -y libreoffice-writer-nogui"
_CANDIDATES = ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice")
_SUFFIXES = (".doc", ".wps", ".dot", ".wpt")


class OfficeError(ValueError):
    """The file cannot be converted; the message (Chinese) names the file and says what to do."""


def find_soffice() -> str | None:
    """LibreOffice's soffice: $SOFFICE_PATH when set (the only candidate then), else PATH, else the usual places."""
    explicit = os.environ.get("SOFFICE_PATH")
    if explicit is not None:
        return explicit if Path(explicit).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((c for c in _CANDIDATES if Path(c).is_file()), None)


def suffix(name: str) -> str:
    s = Path(name).suffix.lower()
    return s if s in _SUFFIXES else ".doc"


def to_docx(name: str, data: bytes) -> bytes:
    """The .docx LibreOffice makes of the .doc/.wps DATA (the bytes of NAME)."""
    kind = "WPS 文件（.wps）" if suffix(name) in (".wps", ".wpt") else "旧版 Word 文件（.doc）"
    soffice = find_soffice()
    if soffice is None:
        raise OfficeError(
            f"{name}：这是{kind}，需要用 LibreOffice 转换后读取，但服务器上没有安装 LibreOffice。"
            f"请管理员运行 {INSTALL_ZH} 后重试；或在 Word/WPS 中另存为 .docx 再上传。"
        )
    limits.check_file(name, len(data))
    with tempfile.TemporaryDirectory(prefix="report-convert-") as tmp:
        src = Path(tmp) / f"input{suffix(name)}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(src),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise OfficeError(
                f"{name}：LibreOffice 转换超过 {TIMEOUT_S} 秒仍未完成，请在 Word/WPS 中另存为 .docx 后再上传。"
            ) from exc
        result = out / "input.docx"
        if not result.is_file() or result.stat().st_size == 0:
            raise OfficeError(
                f"{name}：LibreOffice 无法转换这个{kind}（可能已损坏），请在 Word/WPS 中另存为 .docx 后再上传。"
            )
        if result.stat().st_size > OUTPUT_FACTOR * limits.current().max_file_bytes:
            raise OfficeError(f"{name}：转换后的文件过大，请删去图片或拆分后再上传。")
        return result.read_bytes()
