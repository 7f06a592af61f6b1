"""Why a sheet holds no ledger table: no township column, or no header that names a catalog indicator (with the
closest indicators). Pure, over the first rows of the sheet; the importer puts the reason in its error, since a
file from which no figure can be read is an error, never an empty success."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from etl.ledgers.match import IndicatorMatcher
from etl.ledgers.table import corner_roles
from etl.ledgers.text import KEYWORDS, TOWNSHIP, YEAR_IN_TEXT, is_note_text, is_total_label, squash, text_of

_NEAREST = 3


def why_no_table(
    rows: Sequence[Sequence[Any]], matcher: IndicatorMatcher, known_township: Callable[[str], bool]
) -> str:
    """The reason (Chinese, no full stop) ROWS hold no table; "" when none can be told."""
    texts = [t for row in rows for t in (text_of(v) for v in row) if t and not is_note_text(t)]
    words = {t for t in texts if not _number(t)}
    has_township = any(squash(t) in KEYWORDS[TOWNSHIP] or corner_roles(t) for t in words)
    places = [t for t in words if known_township(t) and not is_total_label(t)]
    if not has_township and len(places) < 2:
        return "没有找到乡镇列（表头应写“乡镇”，或有一列写着各乡镇的名称）"
    if any(matcher.match(t) for t in words):
        return ""
    keywords = set().union(*KEYWORDS.values())
    # Header-shaped texts: short, no township, no role word, no year (a title is not a header).
    headers = [
        t
        for t in words
        if len(t) <= 20 and t not in places and squash(t) not in keywords and not YEAR_IN_TEXT.search(t)
    ]
    near: list[str] = []
    for t in headers:
        near += [n for n in matcher.closest(t) if n not in near]
    shown = "、".join(f"“{t}”" for t in sorted(headers)[:5])
    hint = f"；最接近的指标：{'、'.join(near[:_NEAREST])}" if near else ""
    return f"没有一列表头对得上指标目录中的指标（表头有：{shown}{hint}）"


def _number(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()
