"""Numbers the Chinese way: 1.2万, 3.5亿, 64%, 100余人次."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable

# Where the filters and the page menu are: the sidebar, which a phone folds away behind the » at the top left.
ON_PHONE = "（手机上先点左上角的 » 打开侧栏）"

QUALIFIER_SUFFIX = {"over": "余", "approx": "", "under": ""}
QUALIFIER_PREFIX = {"approx": "约", "under": "不足"}
FLAT = "持平"

# Everything Markdown (and Streamlit's extensions: :red[…], $math$) could read as markup, and < for raw HTML.
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


# GFM turns bare addresses in text into links (after escapes are resolved): a word joiner (U+2060, invisible)
# after "http:", "www" and "@" keeps them text.
_AUTOLINK = re.compile(r"(?i)(https?:|ftp:|www(?=\.)|@)")
WORD_JOINER = "\u2060"


def md(value: object) -> str:
    """VALUE as Markdown that shows exactly its characters: township and file names, evidence and error messages
    going into st.markdown, captions, alerts and widget labels. '![](http://…)' stays text, never an image or a
    link (a bare address gets an invisible word joiner so it is not linked)."""
    text = _AUTOLINK.sub(lambda m: m.group(1) + WORD_JOINER, str(value))
    return _MARKUP.sub(r"\\\1", text).replace("\n", "  \n")


def _trim(x: float, digits: int) -> str:
    text = f"{x:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sig(x: float, figures: int = 4) -> str:
    """X to FIGURES significant figures, trailing zeros dropped: 1.23456 → '1.235', 28.65 → '28.65'."""
    if x == 0:
        return "0"
    whole = len(str(int(abs(x)))) if abs(x) >= 1 else 1
    return _trim(x, max(0, figures - whole))


def _parts(value: float, unit: str, digits: int) -> tuple[str, str]:
    """(number, unit) with the number scaled to 万/亿 at four significant figures: 12000 人 → ('1.2万', '人'),
    93911 户 → ('93911', '户') (under 10万 only when 万 is exact),
    12345 万元 → ('1.235', '亿元'); 万元 keep two decimals (286.5万元 stays 286.5); rates DIGITS decimals."""
    a = abs(value)
    if unit == "%":
        return _trim(value, digits), "%"
    if unit == "万元":  # the catalog's money unit: 1 万万元 is 1 亿元
        return (_sig(value / 1e4), "亿元") if a >= 1e4 else (_trim(value, 2), unit)
    if a >= 1e8:
        return f"{_sig(value / 1e8)}亿", unit
    # Under 10万 a figure is written in full (93911户, 16234元, as the paragraphs and the statistical tables write
    # it: 9.391万户 made a reader count decimals) unless 万 says it exactly (12000 → 1.2万).
    if a >= 1e5 or (a >= 1e4 and abs(round(value / 1e4, 2) * 1e4 - value) < 1e-6):
        return f"{_sig(value / 1e4)}万", unit
    if unit == "元":  # yuan per person (a mean of townships): whole yuan, as the 综述 writes 16234元
        return _trim(round(value), 0), unit
    return _trim(value, 2), unit


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | None, unit: str = "", *, digits: int = 1) -> str:
    """64 → '64', 12000 → '1.2万', 350000000 → '3.5亿'; percent units get '%'. None → '—'."""
    if _missing(value):
        return "—"
    return "".join(_parts(float(value), unit, digits))  # type: ignore[arg-type]


def entry_decimals(kind: str, unit: str) -> int:
    """How many decimals a figure of this kind and unit is entered with: counts (人, 个, 次, 件) are whole
    numbers, money in 万元 has two decimals (286.55万元), yuan none, rates (%) one."""
    if kind == "percent" or unit == "%":
        return 1
    if kind == "money":
        return 2 if unit == "万元" else 0
    return 0


def entry_number(value: object, kind: str, unit: str) -> dict:
    """st.number_input settings for correcting a figure: 74 for a count, not 74.00; 286.55 for 万元."""
    digits = entry_decimals(kind, unit)
    start = 0.0 if _missing(value) else float(value)  # type: ignore[arg-type]
    if digits == 0:
        return {"min_value": 0, "value": int(round(start)), "step": 1, "format": "%d"}
    return {"min_value": 0.0, "value": round(start, digits), "step": 10.0**-digits, "format": f"%.{digits}f"}


def fmt_value(value: float | None, unit: str, qualifier: str = "exact", masked: bool = False) -> str:
    """A figure as a report would write it: '100余人次', '约30户', '已脱敏'."""
    if masked:
        return "已脱敏"
    if _missing(value):
        return "—"
    body, unit_text = _parts(float(value), unit, 1)  # type: ignore[arg-type]
    return f"{QUALIFIER_PREFIX.get(qualifier, '')}{body}{QUALIFIER_SUFFIX.get(qualifier, '')}{unit_text}"


def fmt_change_pct(pct: float | None) -> str:
    """+12.5% / -3% / 持平 / — (for KPI deltas)."""
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return "—"
    if round(pct, 1) == 0:
        return FLAT
    return f"{pct:+.1f}%".replace(".0%", "%")


def fmt_change_pp(diff: float | None) -> str:
    """A change of a rate in percentage points: +1.5个百分点 / -1个百分点 / 持平 / —."""
    if diff is None or (isinstance(diff, float) and math.isnan(diff)):
        return "—"
    if round(diff, 1) == 0:
        return FLAT
    return f"{'+' if diff > 0 else '-'}{_trim(abs(diff), 1)}个百分点"


def fmt_change(now: float | None, prev: float | None, kind: str, unit: str = "", min_base: float = 0.0) -> str | None:
    """The change from PREV to NOW as shown on a card: rates in 个百分点, others in %; on a base under MIN_BASE (由1件
    增至4件 is no "+300%", as the paragraphs say it) the change itself with its UNIT; None without a base."""
    if _missing(now) or _missing(prev):
        return None
    new, old = float(now), float(prev)  # type: ignore[arg-type]
    if kind == "percent":
        return fmt_change_pp(new - old)
    if not old:
        return None
    diff = new - old
    if abs(old) < min_base:
        return FLAT if round(diff, 2) == 0 else ("+" if diff > 0 else "-") + fmt_number(abs(diff), unit)
    return fmt_change_pct(diff / abs(old) * 100)


_LEVEL_ZH = {1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}


def attrs_text(attrs: dict | None) -> str:
    """A part's or series' attrs as a reader names them: {"severity": "警告"} → '警告', {"level": 2} → '二级'
    (grid levels are numbers), {"threshold": 10.0} → '≥10万元'; never the stored keys (severity=警告)."""
    words = []
    for key, value in (attrs or {}).items():
        if key == "threshold":
            words.append("门槛已脱敏" if value is None else f"≥{_trim(float(value), 2)}万元")
        elif key == "level" and isinstance(value, int | float) and not isinstance(value, bool):
            words.append(_LEVEL_ZH.get(int(value), f"{int(value)}级"))
        elif value not in (None, ""):
            words.append(str(value))
    return "，".join(words)


def variant_label(variant: str | None) -> str:
    """The attrs_key of a headline series as a name suffix: '{"threshold":10.0}' → '（≥10万元）', '' → ''."""
    if not variant:
        return ""
    try:
        attrs = json.loads(variant)
    except ValueError:
        return f"（{variant}）"
    text = attrs_text(attrs) if isinstance(attrs, dict) else str(attrs)
    return f"（{text}）" if text else ""


# What a part's attribute is, said where two parts' values read alike (级别：其他, 类型：其他)
ATTR_LABEL = {"type": "类型", "level": "级别", "severity": "处分种类", "threshold": "门槛（万元）"}


def variant_labels(variants: Iterable[str | None]) -> dict[str | None, str]:
    """Each variant's label (variant_label); variants whose labels coincide ({"level": "其他"} and {"type": "其他"})
    are named with their attribute too (（级别：其他）, （类型：其他）): no two series of a chart share a name."""
    plain = {v: variant_label(v) for v in dict.fromkeys(variants)}
    seen = Counter(plain.values())
    return {v: _attr_named(v) if seen[label] > 1 and label else label for v, label in plain.items()}


def _attr_named(variant: str | None) -> str:
    try:
        attrs = json.loads(variant or "")
    except ValueError:
        return variant_label(variant)
    if not isinstance(attrs, dict):
        return variant_label(variant)
    words = [f"{ATTR_LABEL.get(k, k)}：{attrs_text({k: v})}" for k, v in attrs.items()]
    return f"（{'，'.join(words)}）"


def text_width(label: str, values: object) -> int:
    """Pixels a grid column needs to show LABEL and the longest of VALUES whole (a CJK character ~15 px at the
    grid's font, plus the cell's padding): 马鞍彝族乡 was cut to 马鞍彝族 in 上报进度's 乡镇 column."""
    longest = max([len(label), *(len(str(v)) for v in values)])  # type: ignore[attr-defined]
    return longest * 15 + 28


def fmt_share(part: int, whole: int) -> str:
    """'12/14 个乡镇上报'."""
    return f"{part}/{whole} 个乡镇上报" if whole else f"{part} 个乡镇上报"


# A table of townships shows every row when a county's worth of them fits; a longer one scrolls inside a frame.
WHOLE_TABLE_ROWS = 40


def table_height(rows: int) -> str | int:
    """st.dataframe's height for a table of ROWS: all of them ("content") up to WHOLE_TABLE_ROWS, else a frame of
    15 rows that scrolls (Streamlit's default shows 10, which cuts a county of 12 townships)."""
    return "content" if rows <= WHOLE_TABLE_ROWS else 38 + 35 * 15


def main_year(reporting: dict[int, int], n_towns: int) -> int | None:
    """The latest year most townships reported (a year one township reported early is not the county's year);
    without such a year, the latest of those with the most townships."""
    if not reporting:
        return None
    most = [y for y, k in reporting.items() if k * 2 > n_towns]
    if most:
        return max(most)
    top = max(reporting.values())
    return max(y for y, k in reporting.items() if k == top)


def partial_note(year: int, part: int, whole: int) -> str | None:
    """'2025年：1/12 个乡镇已上报' when not every township reported YEAR, else None."""
    return f"{year}年：{part}/{whole} 个乡镇已上报" if whole and part < whole else None


def axis_number(value: float, unit: str = "") -> str:
    """A tick label in Chinese scale words (never 500m / 1k): 5000 → '5000', 20000 → '2万', 12000 万元 → '1.2亿'."""
    if unit == "万元" and abs(value) >= 1e4:
        return f"{_sig(value / 1e4)}亿"
    if unit == "%":
        return _trim(value, 1)
    return _parts(float(value), "", 1)[0]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About COUNT round tick values covering [min(LOW, 0), HIGH] (steps of 1, 2, 2.5 or 5 × 10ⁿ)."""
    low = min(low, 0.0)
    if not high > low:
        high = low + 1
    raw = (high - low) / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(low / step) * step
    n = math.ceil((high - first) / step - 1e-9)
    return [round(first + i * step, 10) for i in range(n + 1)]
