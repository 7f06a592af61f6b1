"""A return's cover sheet (封面): the 党内统计年报表 and offices' returns put the title with the year and the
`填报单位（盖章）：中共长城乡委员会` line on a sheet of their own, before the tables (表一, 表二 …) that name neither.
Its lines stand in for the titles of those tables (etl.ledgers.table.detect_table)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from etl.ledgers.text import REPORTING_UNIT, squash, text_of

COVER_ROWS = 40
_COVER_NAMES = {"封面", "封皮", "首页", "报表封面"}


def cover_lines(
    name: str, rows: Sequence[Sequence[Any]], township_named: Callable[[Sequence[str]], str | None]
) -> list[str]:
    """The lines of a sheet holding no table that make it a cover: its first line (the title) and the lines naming a
    township (TOWNSHIP_NAMED: 填报单位（盖章）：中共长城乡委员会), when one does or the sheet is named 封面; else []."""
    texts = [t for row in rows[:COVER_ROWS] for v in row if v.__class__ is str and (t := text_of(v))]
    if not texts:
        return []
    named = [t for t in texts[1:] if REPORTING_UNIT.match(re.sub(r"\s+", "", t)) and township_named([t])]
    return [texts[0], *named] if named or squash(name) in _COVER_NAMES else []
