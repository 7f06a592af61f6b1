"""Numbers as reports write them, and back: 438人次, 100余人次, 约30户, 12.5%, 1.45万元.

Pure functions. Every number the narrative prints goes through `fmt_amount` / `fmt_percent` / `fmt_plain`,
so `parse_amount` can read it back for the self-check (tests compare each printed number with its value).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

QUALIFIER_PREFIX = {"approx": "约", "under": "不足"}
QUALIFIER_SUFFIX = {"over": "余"}

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def half_up(x: float, digits: int) -> float:
    """Round the way people do (97.25 → 97.3), not the binary-float way (97.2)."""
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def trim(x: float, digits: int) -> str:
    """x with at most DIGITS decimals and no trailing zeros: 12.50 → '12.5', 3.0 → '3'."""
    text = f"{half_up(x, digits):.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _decimals(value: float, limit: int) -> int:
    """The fewest decimals (up to LIMIT) that show VALUE exactly; LIMIT when none does."""
    for d in range(limit + 1):
        if math.isclose(round(value, d), value, rel_tol=0, abs_tol=1e-9):
            return d
    return limit


def fmt_plain(value: float, digits: int = 2) -> str:
    """A bare number with up to DIGITS decimals: 12 → '12', 426.666 → '426.67' (digits=2)."""
    return trim(value, min(_decimals(value, digits), digits))


def _exact_in(value: float, digits: int) -> bool:
    return math.isclose(round(value, digits), value, rel_tol=0, abs_tol=1e-9)


def natural_unit(value: float, unit: str) -> tuple[float, str]:
    """Rescale money the way reports do, only when nothing is lost: 14500元 → 1.45万元, 13000万元 → 1.3亿元."""
    if unit in ("元", "万元") and abs(value) >= 10000 and _exact_in(value / 10000, 2):
        return value / 10000, "万元" if unit == "元" else "亿元"
    return value, unit


def fmt_amount(value: float, unit: str, qualifier: str = "exact", *, digits: int = 2, rescale: bool = False) -> str:
    """A quantity with its unit word and source qualifier: (100, '人次', 'over') → '100余人次'.

    Percent units put the qualifier where reports do: 约64%, 64%以上, 不足64%; so does a number 余 cannot follow
    (9次以上, see `takes_yu`).
    """
    if unit == "%":
        body = f"{fmt_plain(value, min(digits, 1))}%"
        if qualifier == "over":
            return f"{body}以上"
        return f"{QUALIFIER_PREFIX.get(qualifier, '')}{body}"
    if rescale:
        value, unit = natural_unit(round(value, digits), unit)
    body = fmt_plain(value, digits)
    if qualifier == "over" and not takes_yu(value):
        return f"{body}{unit}以上"
    return f"{QUALIFIER_PREFIX.get(qualifier, '')}{body}{QUALIFIER_SUFFIX.get(qualifier, '')}{unit}"


def takes_yu(value: float) -> bool:
    """Whether reports write "more than VALUE" as VALUE余: only after a round whole number (10余次, 300余人, 1500余户);
    9余次 or 12.5余万元 is not Chinese, those read 9次以上, 12.5万元以上."""
    return value >= 10 and value == int(value) and int(value) % 10 == 0


def fmt_percent(value: float) -> str:
    """A computed percentage, one decimal at most: 12.5 → '12.5%', 20.0 → '20%'."""
    return f"{trim(value, 1)}%"


def parse_amount(text: str, unit: str = "") -> float:
    """The value a printed number stands for, in UNIT (the canonical unit it was printed from).

    '100余人次' → 100; '1.45万元' with unit 元 → 14500; '1.3亿元' with unit 万元 → 13000; '12.5%' → 12.5.
    """
    m = _NUMBER.search(text)
    if not m:
        raise ValueError(f"no number in {text!r}")
    rest = text[m.end() :].lstrip("余")
    factor = 1.0
    if (unit == "元" and rest.startswith("万元")) or (unit == "万元" and rest.startswith("亿元")):
        factor = 10000.0
    return float(m.group(0)) * factor


def shown_decimals(text: str) -> int:
    """How many decimals a printed number shows: '12.5%' → 1."""
    m = _NUMBER.search(text)
    if not m or "." not in m.group(0):
        return 0
    return len(m.group(0).split(".")[1])


def numbers_in(text: str) -> list[str]:
    """Every run of digits (with decimals) in TEXT, in order: the tokens a reader would copy."""
    return _NUMBER.findall(text)
