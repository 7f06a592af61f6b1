"""Tables of villages (乡镇 | 村（社区） | figures …): villages are not townships.

A township's block of village rows gives one figure per indicator: its 小计 row when it has one (first or last
in the block, rates included), else the sum of its villages' counts and amounts, with a warning, the figure
naming the range summed (C3:C5); a rate is not derived from villages. County 合计 rows are skipped as in any
table. Village cells are still checked, so a bad cell is reported where it stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from etl.ledgers.cells import Parsed, check_value, shown
from etl.ledgers.context import Context
from etl.ledgers.figures import ObsStore, flags_of
from etl.ledgers.furniture import heading_township, subtotal_heading
from etl.ledgers.table import Column, Table
from etl.ledgers.text import TOWNSHIP, VILLAGE, is_total_label, looks_like_township, township_of_organ


class TableReader(Protocol):
    """What this module uses of etl.ledgers.validate.TableReader (which uses this module)."""

    t: Table
    ctx: Context
    store: ObsStore
    values: list[Any]

    def cell(self, r: int, c: int) -> str: ...
    def serial_text(self, row: Sequence[Any], r: int) -> str: ...
    def ident_text(self, row: Sequence[Any], r: int, col: Column | None) -> str: ...
    def row_year(self, r: int, row: Sequence[Any]) -> int | None | bool: ...
    def row_values(
        self,
        r: int,
        row: Sequence[Any],
        township: str | None,
        year: int | None,
        indicator: str | None,
        unit: str | None,
    ) -> None: ...
    def tally(self, key: str, year: int | None, value: float | None, *, broken: bool) -> None: ...


Row = tuple[int, Sequence[Any]]
_BAD = object()  # a cell with an error (already reported)


@dataclass
class _Block:
    town: str
    first: int  # row of the block's first 乡镇 cell
    villages: list[Row] = field(default_factory=list)
    subtotal: Row | None = None


class VillageRows:
    """Collects a village table's rows by township and writes one figure per township and indicator."""

    def __init__(self, reader: TableReader):
        self.reader = reader
        self.town_col = reader.t.column(TOWNSHIP)
        self.village_col = reader.t.column(VILLAGE)
        self.block: _Block | None = None
        self.heading = ""  # the township of the heading row above (一、长城乡), in a table without a 乡镇 column

    def row(self, r: int, row: Sequence[Any], town: str) -> bool:
        """Take one data row; False when it is not a village row (a county 合计 row, handled by the caller)."""
        headed = self.reader.t.headings
        if headed and (name := heading_township(row, self._known)):
            self.flush()
            self.heading = name
            return True
        if headed and (name := subtotal_heading(row, self._known)):  # 长城乡小计 above (or below) its villages
            if self.block is None or self.block.town != name or self.block.subtotal is not None:
                self.flush()
                self.heading, self.block = name, _Block(name, r)
            self.block.subtotal = (r, row)
            return True
        village = self.reader.ident_text(row, r, self.village_col)
        if not village and not town and is_total_label(label := self.reader.serial_text(row, r)):
            # 合计 written in the 序号 column: a table of one township's villages (its township in the title) totals
            # that township, as its 小计; under a 乡镇 column it is the county's — never one more village.
            if self.town_col is not None and "小计" not in label:
                self.flush()
                return False
            village = label
        if town and is_total_label(town):
            if self.block is not None and town.startswith(self.block.town):  # 长城乡合计: the block's own 小计
                self.block.subtotal = (r, row)
                return True
            self.flush()
            return False
        if headed and not town and is_total_label(village) and "小计" not in village:  # 合计 after the blocks
            self.flush()
            return False
        if not town:
            town = self.block.town if self.block is not None else (self.heading or self.reader.t.township or "")
        elif "/" in town or ">" in town:  # 宁远县/长城乡/长城村: a path's township heads the block, not the village
            town = township_of_organ(town)
        if not town:
            return False
        if self.block is None or self.block.town != town:
            self.flush()
            self.block = _Block(town, r)
        if is_total_label(village):
            self.block.subtotal = (r, row)
        else:
            self.block.villages.append((r, row))
        return True

    def _known(self, name: str) -> bool:
        return self.reader.ctx.townships.find(name) is not None or looks_like_township(name)

    def flush(self) -> None:
        """Write the figures of the block read so far."""
        block, self.block = self.block, None
        if block is None:
            return
        reader = self.reader
        col = self.town_col.index if self.town_col is not None else 0
        township = reader.ctx.township(block.town, reader.cell(block.first, col))
        if block.subtotal is not None:
            for r, row in block.villages:
                self._checked_row(r, row)  # villages are checked, the 小计 is the figure
            r, row = block.subtotal
            year = reader.row_year(r, row)
            if year is not False:
                reader.row_values(r, row, township, year, None, None)  # type: ignore[arg-type]
            return
        self._summed(block, township)

    def _summed(self, block: _Block, township: str) -> None:
        reader = self.reader
        checked = [self._checked_row(r, row) for r, row in block.villages]
        if not checked:
            return
        first, last = block.villages[0][0], block.villages[-1][0]
        year = reader.row_year(first, block.villages[0][1])
        year = year if isinstance(year, int) else None
        summed = False
        for vc in reader.values:
            info = vc.info
            if info is None or info.kind == "percent" or info.aggregate != "sum":
                continue
            cells = [c[vc.index] for c in checked if vc.index in c]
            if not cells or any(c is _BAD for c in cells):
                continue
            values = [c for c in cells if isinstance(c, tuple)]
            masked = any(v[2] for v in values)
            total = None if masked else round(sum(v[0] for v in values), 9)
            qualifier = "exact" if all(v[1] == "exact" for v in values) else "approx"
            store = reader.store
            town = store.towns.id(township)
            cell_year = year or vc.year
            i = store.add_new(
                town, cell_year or 0, vc.ind, total or 0.0, flags_of(qualifier, masked, total), first, vc.index
            )
            if i >= 0:
                store.spans[i] = last
                reader.tally(info.key, cell_year, total, broken=masked)
                summed = True
        if summed:
            col = self.town_col.index if self.town_col is not None else 0
            reader.ctx.warn(
                reader.cell(block.first, col),
                f"“{block.town}”没有小计行，按其下各行（村、社区或网格）相加得到乡镇的数（比率不由各行推算）",
            )

    def _checked_row(self, r: int, row: Sequence[Any]) -> dict[int, Any]:
        """Column index → (value, qualifier, masked) or _BAD, for the row's non-empty value cells."""
        reader = self.reader
        out: dict[int, Any] = {}
        for vc in reader.values:
            info = vc.info
            raw = row[vc.index] if vc.index < len(row) else ""
            parsed = reader.ctx.parse(raw) if info is not None else None
            if parsed is None or info is None:
                continue
            if not isinstance(parsed, Parsed):
                reader.ctx.error(reader.cell(r, vc.index), parsed)
                out[vc.index] = _BAD
                continue
            value, problem = check_value(parsed, info, parsed.unit or vc.unit_for(info, None), shown(raw))
            if problem:
                reader.ctx.error(reader.cell(r, vc.index), problem)
                out[vc.index] = _BAD
            elif value is not None or parsed.masked:
                out[vc.index] = (value or 0.0, parsed.qualifier, parsed.masked)
        return out
