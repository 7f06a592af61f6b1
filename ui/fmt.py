"""Numbers the Chinese way: 1.2万, 3.5亿, 64%, 100余人次."""

from __future__ import annotations

import math

QUALIFIER_SUFFIX = {"over": "余", "approx": "", "under": ""}
QUALIFIER_PREFIX = {"approx": "约", "under": "不足"}


def _trim(x: float, digits: int) -> str:
    text = f"{x:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt_number(value: float | None, unit: str = "", *, digits: int = 1) -> str:
    """64 → '64', 12000 → '1.2万', 350000000 → '3.5亿'; percent units get '%'. None → '—'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "%":
        return f"{_trim(value, digits)}%"
    a = abs(value)
    if a >= 1e8:
        text = f"{_trim(value / 1e8, digits)}亿"
    elif a >= 1e4 and unit not in ("万元",):
        text = f"{_trim(value / 1e4, digits)}万"
    elif a >= 1e4 and unit == "万元":
        return f"{_trim(value / 1e4, digits + 1)}亿元"
    else:
        text = _trim(value, 2 if a < 100 and value != int(value) else 0)
    return f"{text}{unit}"


def fmt_value(value: float | None, unit: str, qualifier: str = "exact", masked: bool = False) -> str:
    """A figure as a report would write it: '100余人次', '约30户', '已脱敏'."""
    if masked:
        return "已脱敏"
    if value is None:
        return "—"
    body = fmt_number(value, "" if unit == "%" else "")
    if unit == "%":
        body = f"{body}%"
        unit = ""
    return f"{QUALIFIER_PREFIX.get(qualifier, '')}{body}{QUALIFIER_SUFFIX.get(qualifier, '')}{unit}"


def fmt_change_pct(pct: float | None) -> str:
    """+12.5% / -3% / — (for KPI deltas)."""
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return "—"
    return f"{pct:+.1f}%".replace(".0%", "%")
