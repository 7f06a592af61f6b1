"""Unexpected errors: each gets a number, is written with its traceback to the error log, and the user is
shown only the number (in Chinese). The dashboard's page boundary and the command line use the same log.

The log is $ERROR_LOG, else data/logs/errors.log beside the default database.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import datetime
from pathlib import Path

LOG_PATH = Path(__file__).resolve().parent.parent / "data" / "logs" / "errors.log"
log = logging.getLogger("dashboard.errors")


def error_log_path() -> Path:
    return Path(os.environ.get("ERROR_LOG") or LOG_PATH)


def _handler(path: Path) -> logging.Handler:
    """The file handler for PATH, added once per path (a changed $ERROR_LOG gets its own)."""
    for h in log.handlers:
        if isinstance(h, logging.FileHandler) and Path(h.baseFilename) == path.resolve():
            return h
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler


def new_error_number(now: datetime | None = None) -> str:
    """'E20261204-3F9A': the date and four random hex digits, short enough to read out on the phone."""
    return f"E{(now or datetime.now()):%Y%m%d}-{secrets.token_hex(2).upper()}"


def report_error(exc: BaseException, where: str) -> str:
    """Log EXC (with traceback) under a new error number and return the number."""
    number = new_error_number()
    try:
        _handler(error_log_path())
    except OSError:  # a read-only disk still gets the error on stderr through logging's last resort
        pass
    log.error("错误编号 %s（%s）", number, where, exc_info=(type(exc), exc, exc.__traceback__))
    return number


def user_message(number: str) -> str:
    """What the user sees instead of a traceback."""
    return f"抱歉，处理时出现了意外错误（错误编号 {number}）。请稍后重试；如仍出错，请把错误编号告诉系统管理员。"
