"""Why a sheet holds no ledger table: no township column, or no header that names a catalog indicator (with the
closest indicators). Pure, over the first rows of the sheet; the importer puts the reason in its error, since a
file from which no figure can be read is an error, never an empty success."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from etl.ledgers.match import IndicatorMatcher
from etl.ledgers.table import corner_roles
from etl.ledgers.text import KEYWORDS, TOWNSHIP, VILLAGE, YEAR_IN_TEXT, is_note_text, is_total_label, squash, text_of

_NEAREST = 3
_YEAR_NUMBER = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def why_no_table(
    rows: Sequence[Sequence[Any]], matcher: IndicatorMatcher, known_township: Callable[[str], bool]
) -> str:
    """The reason (Chinese, no full stop) ROWS hold no table; "" when none can be told."""
    texts = [t for row in rows for t in (text_of(v) for v in row) if t and not is_note_text(t)]
    words = list(dict.fromkeys(t for t in texts if not _number(t)))  # (in sheet order: the hint never varies by run)
    has_township = any(squash(t) in KEYWORDS[TOWNSHIP] or corner_roles(t) for t in words)
    places = [t for t in words if known_township(t) and not is_total_label(t)]
    if not has_township and len(places) < 2:
        if any(squash(t) in KEYWORDS[VILLAGE] for t in words):  # 村（社区） | 党员数: villages of no township
            return (
                "表中只有村（社区），没有写明所属乡镇（村不能当作乡镇导入）；请加“乡镇”列，"
                "或在标题、工作表名、“填报单位：”中写明乡镇"
            )
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
    hint = f"最接近的指标：{'、'.join(near[:_NEAREST])}" if near else ""
    said = "；".join(s for s in (f"表头有：{shown}" if shown else "", hint) if s)
    return f"没有一列表头对得上指标目录中的指标{f'（{said}）' if said else ''}"


def _number(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()


def why_no_figure(parts_of_year: Sequence[tuple[str, str]]) -> str:
    """Why a file whose tables were found gave no figure: every row a part of the year (a register of dated
    activities, monthly rows), or every figure cell blank / — / 暂无."""
    if parts_of_year:
        return (
            f"文件中没有读到全年的数：表中的数都是年内某一期间或某一天的"
            f"（{parts_of_year[0][0]}：“{parts_of_year[0][1]}”），"
            "只取全年（年末）的数：请上传全年的台账，或加一行写明“全年”并填全年数"
        )
    return (
        "文件中没有读到任何数字：找到了台账表格，但指标单元格全是空白或“—”“/”“暂无”“不适用”；"
        "请填好数字后再上传（没有发生的事填 0 或“无”）"
    )


def why_no_year(texts: Sequence[str]) -> str:
    """The error for a table whose year cannot be told; TEXTS (its title, its sheet name) naming two years (a 学年
    2023-2024, a span 2021—2023) are quoted: such figures are no one year's."""
    for text in texts:
        years = sorted(set(_YEAR_NUMBER.findall(text)))
        if len(years) > 1:
            return (
                f"无法确定年份：“{text}”写了 {'、'.join(years)} 几个年份（学年或跨年度的数不是某一年的数）；"
                "请写明是哪一年（如“2023年…台账”），或导入时指定年份（命令行 --year）"
            )
    return (
        "无法确定年份：表中没有“年份”列，标题和工作表名中也没有年份；请在标题中写明年份（如“2023年…台账”），"
        "或导入时指定年份（命令行 --year）"
    )
