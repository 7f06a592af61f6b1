"""A sheet kept as cards (一卡一表, 基本情况卡): cells holding `指标：数值` (党员总数：412人, 其中女党员：98人,
村集体经济总收入：120.5万元, 新发展党员：无) or a card over two cells (`党员总数（人）：` | 412), one or two to a row,
with no header row above them; the township in the sheet name, the title or a 填报单位 line, the year in the title
or the sheet name.

Cards are looked for down the whole sheet, not only in the rows a table is looked for in: a 记实 台账 keeps its
cards under dozens (or thousands) of dated lines. CARD_SCAN_ROWS rows at a time are read past the first
window, on to the sheet's end while they are lines of text (text_lines); a grid of records (a roster) stops
the search. Such a sheet is read as a long table of its own: each card's label names the indicator (a unit in
brackets is its stated unit), its value is read as any cell (units, 万, 无 = 0, — = no figure), and the figure
names the cell the value stands in. Only a sheet in which no table was found is tried, and only when at least
two cards name catalog indicators (a 填报人：… / 联系电话：… line is none).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from etl.ledgers.columns import Column, Table
from etl.ledgers.match import IndicatorMatcher
from etl.ledgers.read import cell_name
from etl.ledgers.table import township_in_titles
from etl.ledgers.text import INDICATOR, VALUE, label_and_figure, paired_label, split_unit, text_of, year_of_text

MIN_CARDS = 2
CARD_SCAN_ROWS = 4960  # rows read past the first SCAN_ROWS when no table is found: cards under a year of 记实 lines
_REPORT_DATE = re.compile(r"(?:填报|填表|报送|制表|打印|上报|导出)(?:日期|时间)")

Rows = list[tuple[int, list[Any]]]


def text_lines(rows: Sequence[Sequence[Any]]) -> bool:
    """True for a block of 记实 lines (at most two filled cells a row, most rows): cards may stand further down; a
    grid of records (a roster's ten columns) is no such block, and the search for cards stops there."""
    filled = [sum(1 for v in row if v is not None and v != "") for row in rows]
    lines = sum(1 for n in filled if n)
    return lines > 0 and sum(1 for n in filled if 0 < n <= 2) >= 0.9 * lines


def card_of(text: str, matcher: IndicatorMatcher) -> tuple[str, str] | None:
    """(label, value) of a card cell naming a catalog indicator; None for any other text."""
    card = label_and_figure(text)
    return card if card is not None and matcher.match(card[0]) is not None else None


def paired_card(text: str, right: Any, matcher: IndicatorMatcher) -> str | None:
    """The label of a card over two cells (`党员总数（人）：` | 412) naming a catalog indicator; None otherwise."""
    label = paired_label(text, right)
    return label if label is not None and matcher.match(split_unit(label)[0]) is not None else None


def card_table(
    sheet: str, rows: Sequence[Sequence[Any]], matcher: IndicatorMatcher, known_township: Callable[[str], bool]
) -> tuple[Table, Rows] | None:
    """The cards of a sheet as a table (an indicator column past the sheet's last column, a value column for each
    column holding cards) and its rows (one per card, the value where the card stands); None when the sheet holds
    fewer than MIN_CARDS cards or names no township."""
    cards: list[tuple[int, int, str, Any]] = []
    titles: list[str] = []
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t = text_of(v)
            card = card_of(t, matcher) if t else None
            right = row[c + 1] if c + 1 < len(row) else None
            label = paired_card(t, right, matcher) if t and card is None else None
            if card is not None:
                cards.append((r, c, *card))
            elif label is not None:
                cards.append((r, c + 1, label, right))  # the figure names the value's own cell
            elif t and not cards:
                titles.append(t)
    township = township_in_titles(sheet, titles, known_township)
    if len(cards) < MIN_CARDS or township is None:
        return None
    width = max(len(row) for row in rows)
    first = cell_name(cards[0][0], cards[0][1])
    columns = [Column(index=width, header="指标", role=INDICATOR, header_cell=first, leaf="指标")]
    columns += [
        Column(index=c, header="数值", role=VALUE, header_cell=cell_name(cards[0][0], c), leaf="数值")
        for c in sorted({c for _r, c, _l, _v in cards})
    ]
    top = max(cards[0][0] - 1, 0)
    table = Table(sheet=sheet, header_top=top, header_bottom=top, columns=columns, township=township)
    table.title = titles[0] if titles else ""
    years = {y for y in map(year_of_text, (t for t in titles if not _REPORT_DATE.search(t))) if y}
    if len(years) == 1:
        table.year, table.year_from = years.pop(), "标题"
    elif year_of_text(sheet):
        table.year, table.year_from = year_of_text(sheet), "工作表名"
    out: Rows = []
    for r, c, label, value in cards:
        virtual: list[Any] = [""] * (width + 1)
        virtual[c], virtual[width] = value, label
        out.append((r, virtual))
    return table, out
