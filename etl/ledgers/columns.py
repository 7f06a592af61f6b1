"""The table a ledger sheet holds, as recognised: its columns (role, indicator, year, township, unit, period) and
the table-wide context (title, year, money unit, township). Built by etl.ledgers.table, read by the validators."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.ledgers.read import column_letter
from etl.ledgers.text import INDICATOR, VALUE


@dataclass
class Column:
    """One column of the table as recognised (or as the clerk fixed it)."""

    index: int
    header: str  # flattened: "党员情况/党员总数（人）"
    role: str
    header_cell: str = ""  # "C3"
    indicator: str | None = None
    year: int | None = None
    township: str | None = None
    unit: str | None = None
    how: str = ""  # 名称 / 同义词 / 模糊 92 / 手动
    leaf: str = ""
    duplicate_of: str = ""  # letter of an earlier column mapped to the same figure
    period: str = ""  # 全年 / 本年 / 年末 / 新增 / 累计 / 不取 (etl.ledgers.periods) from a header part
    why: str = ""  # why a value-shaped column gives no figure (a quarter, 本年新增 of a stock …)
    threshold: float | None = None  # 万元, the threshold its header states (集体经济收入10万元以上村数)
    units_at: int = -1  # the 单位 column beside it giving each row's unit (数值 | 单位 under one indicator)

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class Table:
    """A table found in a sheet: where its header is, what each column holds, table-wide context."""

    sheet: str
    header_top: int
    header_bottom: int
    columns: list[Column]
    title: str = ""
    year: int | None = None  # from the title or the sheet name
    year_from: str = ""
    money_unit: str | None = None  # "金额单位：元" above the header
    township: str | None = None  # a sheet per township: from the sheet name or the title
    notes: list[str] = field(default_factory=list)
    part: str = ""  # the part of the year its title or sheet name says it holds (上半年, 1-6月, 一季度)
    part_cell: str = ""  # the title cell saying it (A1); "" when only the sheet name does
    headings: bool = False  # villages grouped under township heading rows (一、长城乡), no 乡镇 column

    @property
    def first_data_row(self) -> int:
        return self.header_bottom + 1

    def column(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)

    @property
    def value_columns(self) -> list[Column]:
        return [c for c in self.columns if c.role == VALUE]

    @property
    def layout(self) -> str:
        """wide | long | years-as-columns | transposed (for the preview)."""
        vals = self.value_columns
        if any(c.township for c in vals):
            return "transposed"
        if self.column(INDICATOR) is not None:
            return "years-as-columns" if any(c.year for c in vals) else "long"
        return "wide"
