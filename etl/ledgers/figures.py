"""The figures read from a ledger, kept column-wise: about 20 bytes each instead of ~250 as objects.

A 100,000-row × 10-column ledger yields a million figures; as Obs objects they would take 40× the
file's size. ObsStore keeps packed arrays and makes Obs objects only when iterated. It also answers
"was this (township, year, indicator) seen?" from bit arrays, without a dict entry per figure.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from etl.ledgers.read import cell_name
from store.catalog import split_variant

QUALIFIERS = ("exact", "over", "approx", "under")
MASKED, EMPTY = 4, 8  # flag bits beside the qualifier's index (0–3)


@dataclass(slots=True)
class Obs:
    """One figure read from the ledger, value in the indicator's canonical unit."""

    township: str
    year: int | None
    indicator: str
    value: float | None
    unit: str
    cell: str
    qualifier: str = "exact"
    masked: bool = False
    threshold: float | None = None  # 万元, for an indicator counted over a threshold
    stated: bool = False  # UNIT is a counting unit the ledger stated, not the indicator's own (立案（件）)

    def to_json(self) -> dict[str, Any]:
        """The figure as the CLI's JSON prints it (whole numbers without a decimal point)."""
        value: float | int | None = self.value
        if value is not None and float(value).is_integer():
            value = int(value)
        key, variant = split_variant(self.indicator)
        out: dict[str, Any] = {
            "township": self.township,
            "year": self.year,
            "indicator": key,
            "value": value,
            "unit": self.unit,
            "cell": self.cell,
            "qualifier": self.qualifier,
            "masked": self.masked,
        }
        if self.threshold is not None:
            out["threshold"] = self.threshold
        if variant:
            out["attrs"] = variant  # 村集体经营性收入: {"measure": "经营性"}
        return out


NO_ATTRS: dict[str, Any] = {}  # shared and never mutated: most ledger cells carry no attrs


def series_attrs(key: str, threshold: float | None) -> dict[str, Any]:
    """The attrs a ledger series' figures carry: its threshold (万元), or a variant's (measure 经营性, level 党委;
    KEY is then store.catalog.variant_key's "collective_income_total:measure=经营性")."""
    _base, variant = split_variant(key)
    if threshold is None and not variant:
        return NO_ATTRS
    return {**variant, **({"threshold": threshold} if threshold is not None else {})}


def flags_of(qualifier: str, masked: bool, value: float | None) -> int:
    """The packed flags of a figure: qualifier index, MASKED, EMPTY (no value)."""
    return QUALIFIERS.index(qualifier) | (MASKED if masked else 0) | (EMPTY if value is None else 0)


class Names:
    """Strings ↔ small ints (townships, indicators, sheets are stored as ids)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.ids: dict[str, int] = {}

    def id(self, name: str) -> int:
        """The id of NAME, assigning the next one on first use."""
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = len(self.names)
            self.names.append(name)
        return found


class ObsStore:
    """Observations column-wise. Iterating yields Obs in the order they were added (deleted ones left out).

    Figures of one row share a record (township, year, row), so a wide row of ten figures stores its
    place once: about 19 bytes a figure. Seen keys are bits in per-(year, indicator word) arrays indexed
    by township id, which for 5,000 townships × 20 years is under a megabyte."""

    def __init__(self) -> None:
        self.towns, self.indicators, self.sheets = Names(), Names(), Names()
        self.units: dict[int, str] = {}  # indicator id → unit (a ledger figure is in its indicator's unit)
        self.series: dict[int, tuple[str, float | None]] = {}  # indicator id → (indicator key, threshold)
        self.stated: set[int] = set()  # ids of series in a counting unit the ledger stated (党纪立案 in 件)
        self.rec_town, self.rec_year, self.rec_row = array("I"), array("i"), array("I")
        self.rec, self.ind, self.col = array("I"), array("H"), array("I")
        self.flags, self.value = array("B"), array("d")
        self._sheet_starts: list[int] = []  # index of the first figure of each run of one sheet
        self._sheet_ids: list[int] = []
        self._deleted: set[int] = set()
        self.spans: dict[int, int] = {}  # figure index → last row, for a figure summed over rows (C3:C5)
        self._masks: dict[tuple[int, int], array[int]] = {}  # (year, indicator id // 64) → bits by township id
        self._first: dict[tuple[int, int, int], int] | None = None  # built on the first duplicate only
        self._series_ids: dict[tuple[str, str, float | None, bool], int] = {}  # indicator()'s answers

    # --- adding -------------------------------------------------------------------------------------

    def sheet(self, name: str) -> None:
        """Figures added from now on come from sheet NAME."""
        sid = self.sheets.id(name)
        if not self._sheet_ids or self._sheet_ids[-1] != sid:
            self._sheet_starts.append(len(self.value))
            self._sheet_ids.append(sid)

    def indicator(self, key: str, unit: str, threshold: float | None = None, stated: bool = False) -> int:
        """The id of indicator KEY's series (over THRESHOLD 万元 when given; its figures are in UNIT, a counting
        unit the ledger stated when STATED: 立案（件） is a series of its own beside 立案（人）)."""
        args = (key, unit, threshold, stated)
        known = self._series_ids.get(args)
        if known is not None:  # a long ledger asks once per row
            return known
        name = key if threshold is None else f"{key}@{threshold:g}"
        i = self.indicators.id(f"{name}#{unit}" if stated else name)
        self.units.setdefault(i, unit)
        self.series.setdefault(i, (key, threshold))
        if stated:
            self.stated.add(i)
        if threshold is None or threshold > 0:  # -0.0 names another series than 0.0 (f"{t:g}")
            self._series_ids[args] = i
        return i

    def _mask(self, town: int, year: int, ind: int) -> tuple[array[int], int]:
        """The bit array for (year, indicator word), long enough for TOWN, and the bit of IND in it."""
        words = self._masks.get((year, ind >> 6))
        if words is None:
            words = self._masks[(year, ind >> 6)] = array("Q")
        if town >= len(words):
            words.frombytes(bytes(8 * (town + 1 - len(words))))
        return words, 1 << (ind & 63)

    def seen(self, town: int, year: int, ind: int) -> int | None:
        """Index of the kept figure with this (township id, year, indicator id), or None."""
        words = self._masks.get((year, ind >> 6))
        if words is None or town >= len(words) or not words[town] >> (ind & 63) & 1:
            return None
        if self._first is None:
            self._first = {}
            for i in self.indexes():
                self._first.setdefault(self.key(i), i)
        return self._first[(town, year, ind)]

    def add_new(self, town: int, year: int, ind: int, value: float, flags: int, row: int, col: int) -> int:
        """Add a figure unless its key was seen: its index, or -1 (nothing added). Ids from towns and
        indicator(); year 0 = none; ROW and COL locate the cell in the current sheet."""
        words = self._masks.get((year, ind >> 6))
        if words is None or town >= len(words):
            words = self._mask(town, year, ind)[0]
        bit = 1 << (ind & 63)
        seen = words[town]
        if seen & bit:
            return -1
        words[town] = seen | bit
        rec = self._record(town, year, row)
        i = len(self.value)
        self.rec.append(rec)
        self.ind.append(ind)
        self.col.append(col)
        self.flags.append(flags)
        self.value.append(value)
        if self._first is not None:
            self._first[(town, year, ind)] = i
        return i

    def _record(self, town: int, year: int, row: int) -> int:
        """The index of the record (town, year, row) the next figures belong to: the last one, or a new one."""
        rec = len(self.rec_row) - 1
        if rec < 0 or self.rec_row[rec] != row or self.rec_town[rec] != town or self.rec_year[rec] != year:
            self.rec_town.append(town)
            self.rec_year.append(year)
            self.rec_row.append(row)
            rec += 1
        return rec

    def add_row(
        self,
        town: int,
        year: int,
        row: int,
        inds: array[int],
        cols: array[int],
        values: list[float],
        words: list[tuple[int, int]],
    ) -> bool:
        """add_new for the figures of one row at once: distinct indicator ids INDS (WORDS: their bits per
        64-id word), in columns COLS, plain values (no flags). False, and nothing added, when any key was seen."""
        if self._first is not None:
            return False  # a duplicate was met: add_new keeps the first-seen map as well
        masks = []
        for word, bits in words:
            found = self._masks.get((year, word))
            if found is None or town >= len(found):
                found = self._mask(town, year, word << 6)[0]
            if found[town] & bits:
                return False
            masks.append(found)
        for found, (_word, bits) in zip(masks, words, strict=True):
            found[town] |= bits
        rec = self._record(town, year, row)
        n = len(inds)
        self.rec.extend([rec] * n)
        self.ind.extend(inds)
        self.col.extend(cols)
        self.flags.frombytes(bytes(n))
        self.value.extend(values)
        return True

    def append(
        self,
        township: str,
        year: int | None,
        indicator: str,
        value: float | None,
        unit: str,
        sheet: str,
        row: int,
        col: int,
        qualifier: str = "exact",
        masked: bool = False,
    ) -> int:
        """Add one observation by names (the slow, general way); its index, or -1 for a seen key."""
        self.sheet(sheet)
        return self.add_new(
            self.towns.id(township),
            year or 0,
            self.indicator(indicator, unit),
            0.0 if value is None else value,
            flags_of(qualifier, masked, value),
            row,
            col,
        )

    def set_value(self, i: int, value: float) -> None:
        """Replace the value of figure I."""
        self.value[i] = value

    def delete(self, i: int) -> None:
        """Drop figure I (its key counts as unseen again)."""
        self._deleted.add(i)
        town, year, ind = self.key(i)
        words, bit = self._mask(town, year, ind)
        words[town] &= ~bit
        if self._first is not None:
            self._first.pop((town, year, ind), None)

    # --- reading ------------------------------------------------------------------------------------

    def key(self, i: int) -> tuple[int, int, int]:
        """(township id, year, indicator id) of figure I."""
        rec = self.rec[i]
        return self.rec_town[rec], self.rec_year[rec], self.ind[i]

    def sheet_of(self, i: int) -> str:
        return self.sheets.names[self._sheet_ids[bisect_right(self._sheet_starts, i) - 1]]

    def cell(self, i: int) -> str:
        """ "Sheet1!C5" of figure I ("Sheet1!C3:C5" for a figure summed over rows)."""
        first = cell_name(self.rec_row[self.rec[i]], self.col[i])
        last = self.spans.get(i)
        return f"{self.sheet_of(i)}!{first}" + (f":{cell_name(last, self.col[i])}" if last is not None else "")

    def value_of(self, i: int) -> float | None:
        return None if self.flags[i] & EMPTY else self.value[i]

    def __getitem__(self, i: int) -> Obs:
        flags, ind, rec = self.flags[i], self.ind[i], self.rec[i]
        key, threshold = self.series[ind]
        return Obs(
            self.towns.names[self.rec_town[rec]],
            self.rec_year[rec] or None,
            key,
            None if flags & EMPTY else self.value[i],
            self.units[ind],
            self.cell(i),
            QUALIFIERS[flags & 3],
            bool(flags & MASKED),
            threshold,
            ind in self.stated,
        )

    def __len__(self) -> int:
        return len(self.value) - len(self._deleted)

    def __iter__(self) -> Iterator[Obs]:
        return (self[i] for i in self.indexes())

    def indexes(self) -> Iterator[int]:
        """Indexes of the kept figures, in order."""
        deleted = self._deleted
        return (i for i in range(len(self.value)) if i not in deleted) if deleted else iter(range(len(self.value)))

    def sheet_runs(self) -> list[tuple[str, range]]:
        """(sheet name, indexes of its figures, deleted ones too) for each run of figures from one sheet, in order."""
        ends = [*self._sheet_starts[1:], len(self.value)]
        return [
            (self.sheets.names[sid], range(start, end))
            for start, end, sid in zip(self._sheet_starts, ends, self._sheet_ids, strict=True)
        ]

    def runs(self) -> Iterator[tuple[str, Iterator[int]]]:
        """(sheet name, indexes of its kept figures) for each run of figures from one sheet, in order."""
        deleted = self._deleted
        for name, span in self.sheet_runs():
            yield name, (i for i in span if i not in deleted) if deleted else iter(span)

    @property
    def any_deleted(self) -> bool:
        return bool(self._deleted)

    def with_stated_units(self, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        """ROWS (one a kept figure, in order) carried on to the unit staging column: is_target … part of a
        plain figure, then the counting unit the ledger stated (None for a figure in its indicator's unit)."""
        units = [self.units[k] if k in self.stated else None for k in range(len(self.indicators.names))]
        order = (self.ind[i] for _sheet, indexes in self.runs() for i in indexes)
        return (row + (False, None, None, None, False, units[k]) for row, k in zip(rows, order, strict=True))

    def used(self) -> tuple[set[str], set[str]]:
        """(township names, indicator keys) of the kept figures."""
        if self._deleted:
            keys = [self.key(i) for i in self.indexes()]
            towns, inds = {k[0] for k in keys}, {k[2] for k in keys}
        else:
            towns, inds = set(self.rec_town), set(self.ind)
        return {self.towns.names[t] for t in towns}, {self.series[i][0] for i in inds}

    def years(self) -> set[int | None]:
        """The distinct years of the kept figures (None for figures without one)."""
        if self._deleted:
            return {self.rec_year[self.rec[i]] or None for i in self.indexes()}
        return {y or None for y in set(self.rec_year)}

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_first"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _first=None)
        self.__dict__.setdefault("_series_ids", {})
