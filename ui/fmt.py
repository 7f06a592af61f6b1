"""Numbers the Chinese way: 1.2万, 3.5亿, 64%, 100余人次."""

from __future__ import annotations

import json
import math

QUALIFIER_SUFFIX = {"over": "余", "approx": "", "under": ""}
QUALIFIER_PREFIX = {"approx": "约", "under": "不足"}


def _trim(x: float, digits: int) -> str:
    text = f"{x:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _parts(value: float, unit: str, digits: int) -> tuple[str, str]:
    """(number, unit) with the number scaled to 万/亿: 12000 人 → ('1.2万', '人'), 12000 万元 → ('1.2', '亿元')."""
    a = abs(value)
    if unit == "%":
        return _trim(value, digits), "%"
    if unit == "万元":  # the catalog's money unit: 1 万万元 is 1 亿元
        return (_trim(value / 1e4, digits + 1), "亿元") if a >= 1e4 else (_trim(value, 2 if a < 100 else 0), unit)
    if a >= 1e8:
        return f"{_trim(value / 1e8, digits)}亿", unit
    if a >= 1e4:
        return f"{_trim(value / 1e4, digits)}万", unit
    return _trim(value, 2 if a < 100 and value != int(value) else 0), unit


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | None, unit: str = "", *, digits: int = 1) -> str:
    """64 → '64', 12000 → '1.2万', 350000000 → '3.5亿'; percent units get '%'. None → '—'."""
    if _missing(value):
        return "—"
    return "".join(_parts(float(value), unit, digits))  # type: ignore[arg-type]


def fmt_value(value: float | None, unit: str, qualifier: str = "exact", masked: bool = False) -> str:
    """A figure as a report would write it: '100余人次', '约30户', '已脱敏'."""
    if masked:
        return "已脱敏"
    if _missing(value):
        return "—"
    body, unit_text = _parts(float(value), unit, 1)  # type: ignore[arg-type]
    return f"{QUALIFIER_PREFIX.get(qualifier, '')}{body}{QUALIFIER_SUFFIX.get(qualifier, '')}{unit_text}"


def fmt_change_pct(pct: float | None) -> str:
    """+12.5% / -3% / — (for KPI deltas)."""
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return "—"
    return f"{pct:+.1f}%".replace(".0%", "%")


def variant_label(variant: str | None) -> str:
    """The attrs_key of a headline series as a name suffix: '{"threshold":10.0}' → '（≥10万元）', '' → ''."""
    if not variant:
        return ""
    try:
        attrs = json.loads(variant)
    except ValueError:
        return f"（{variant}）"
    if "threshold" in attrs:
        threshold = attrs["threshold"]
        return "（门槛已脱敏）" if threshold is None else f"（≥{_trim(float(threshold), 2)}万元）"
    return "（" + "，".join(f"{v}" for v in attrs.values()) + "）"


def fmt_share(part: int, whole: int) -> str:
    """'12/14 个乡镇上报'."""
    return f"{part}/{whole} 个乡镇上报" if whole else f"{part} 个乡镇上报"
