"""The figures of a ledger as a batch of facts for etl.load (FactBatch), read straight from the column store
(etl.ledgers.figures.ObsStore): a 100,000-row ledger never holds its figures twice.

`columnar` hands the load the store's own arrays (etl.staging.Columnar): the figures as plain numbers, their
rows, series and columns once each, so staging a million figures binds no string per figure and runs no
Python per figure; `rows` (one staging tuple per figure) stays for the rare store with deleted figures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice, repeat
from typing import Any

from etl.facts_in import FactIn, RegionOf
from etl.ledgers.figures import EMPTY, MASKED, QUALIFIERS, Obs, ObsStore, series_attrs
from etl.ledgers.read import column_letter
from etl.staging import STAGE_COLUMNS, Columnar
from store.catalog import split_variant
from store.models import attrs_key

_GROUP_ATTRS = {"threshold", "measure"}  # attrs that part the headline groups of one indicator (store.resolve)


class LedgerFacts:
    """The observations as a batch of facts for etl.load (FactBatch). Iterating still yields FactIn."""

    columns: tuple[str, ...] = STAGE_COLUMNS[:10]

    def __init__(self, observations: ObsStore):
        self.observations = observations
        if observations.stated:  # a stated counting unit: is_target … part of a plain figure, then the unit
            self.columns = STAGE_COLUMNS[: STAGE_COLUMNS.index("unit") + 1]

    def __len__(self) -> int:
        return len(self.observations)

    def __iter__(self) -> Iterator[FactIn]:
        return (self._fact(o) for o in self.observations)

    def indicators(self) -> set[str]:
        return {split_variant(k)[0] for k in self.observations.used()[1]}

    def townships(self) -> set[str | None]:
        return set(self.observations.used()[0])

    def unique_keys(self, region_of: RegionOf) -> bool:
        """No two figures share a headline group (store.resolve: township, indicator, year, threshold, measure), so
        each heads its own on insert: the townships are distinct regions, and the series of one indicator differ
        in threshold or measure alone (集体经济收入10万元以上 / 50万元以上村数), never in a counting unit or a part."""
        by_indicator: dict[str, list[dict[str, Any]]] = {}
        for key, threshold in self.observations.series.values():
            by_indicator.setdefault(split_variant(key)[0], []).append(series_attrs(key, threshold))
        for attrs in by_indicator.values():
            groups = {(a.get("threshold"), a.get("measure") or "") for a in attrs}
            if len(attrs) > 1 and (len(groups) < len(attrs) or any(a.keys() - _GROUP_ATTRS for a in attrs)):
                return False
        towns = self.observations.used()[0]
        return len({region_of(t) for t in towns}) == len(towns)

    def _regions(self, region_of: RegionOf) -> list[int]:
        """Region id by township id (0 for a name only deleted figures had: it may have no region)."""
        used = self.observations.used()[0]
        return [region_of(name) if name in used else 0 for name in self.observations.towns.names]

    def _series(self, indicator_ids: dict[str, int]) -> list[tuple[int, dict[str, Any]]]:
        """(indicator id, attrs) by series id."""
        store = self.observations
        series = [store.series[i] for i in range(len(store.indicators.names))]
        return [(indicator_ids.get(split_variant(key)[0], 0), series_attrs(key, t)) for key, t in series]

    def columnar(self, region_of: RegionOf, indicator_ids: dict[str, int]) -> Columnar | None:
        """The batch as etl.staging.Columnar (None when figures were deleted: `rows` then): figure n is the
        store's figure n; its cell is its column's "Sheet!C", its record's row and its span's end."""
        store = self.observations
        if store.any_deleted:
            return None
        regions = self._regions(region_of)
        units = [store.units[k] if k in store.stated else None for k in range(len(store.indicators.names))]
        series = [
            (k, ind, json.dumps(attrs), attrs_key(attrs), units[k])
            for k, (ind, attrs) in enumerate(self._series(indicator_ids))
        ]
        runs = store.sheet_runs()
        cells = [
            (sid, c, f"{name}!{column_letter(c)}")
            for sid, (name, span) in enumerate(runs)
            for c in sorted(set(islice(store.col, span.start, span.stop)))
        ]
        col = store.col
        return Columnar(
            figures=[
                zip(
                    span,
                    repeat(sid),
                    islice(store.rec, span.start, span.stop),
                    islice(store.ind, span.start, span.stop),
                    islice(col, span.start, span.stop),
                    islice(store.value, span.start, span.stop),
                    islice(store.flags, span.start, span.stop),
                )
                for sid, (_name, span) in enumerate(runs)
            ],
            records=zip(
                range(len(store.rec_row)),
                map(regions.__getitem__, store.rec_town),
                store.rec_year,
                store.rec_row,
                strict=True,
            ),
            series=series,
            cells=cells,
            spans=[(i, f":{column_letter(col[i])}{last + 1}") for i, last in sorted(store.spans.items())],
            qualifiers=QUALIFIERS,
            masked=MASKED,
            empty=EMPTY,
        )

    def rows(self, region_of: RegionOf, indicator_ids: dict[str, int]) -> Iterator[tuple[Any, ...]]:
        rows = self._rows(region_of, indicator_ids)
        return self.observations.with_stated_units(rows) if self.observations.stated else rows

    def _rows(self, region_of: RegionOf, indicator_ids: dict[str, int]) -> Iterator[tuple[Any, ...]]:
        store = self.observations
        regions = self._regions(region_of)
        series = self._series(indicator_ids)
        inds = [ind for ind, _attrs in series]
        attrs_json = [json.dumps(a) for _ind, a in series]
        attrs_keys = [attrs_key(a) for _ind, a in series]
        qualifiers = [QUALIFIERS[f & 3] for f in range(16)]
        rec, ind, col, flags, value = store.rec, store.ind, store.col, store.flags, store.value
        rec_town, rec_year, rec_row = store.rec_town, store.rec_year, store.rec_row
        spans = store.spans
        n = 0
        for sheet, indexes in store.runs():
            cells: dict[int, str] = {}  # column → "Sheet!C"
            last, region, year, row = -1, 0, 0, ""  # the record (a row's township and year) of the last figure
            for i in indexes:
                r, f, c, k = rec[i], flags[i], col[i], ind[i]
                if r != last:  # a wide row's figures share their record: looked up once
                    last, region, year, row = r, regions[rec_town[r]], rec_year[r], str(rec_row[r] + 1)
                cell = cells.get(c) or cells.setdefault(c, f"{sheet}!{column_letter(c)}")
                yield (
                    n,
                    region,
                    inds[k],
                    year,
                    None if f & EMPTY else value[i],
                    bool(f & MASKED),
                    qualifiers[f],
                    cell + row + (f":{column_letter(c)}{spans[i] + 1}" if spans and i in spans else ""),
                    attrs_json[k],
                    attrs_keys[k],
                )
                n += 1

    @staticmethod
    def _fact(o: Obs) -> FactIn:
        return FactIn(
            split_variant(o.indicator)[0],
            o.year or 0,
            o.value,
            masked=o.masked,
            qualifier=o.qualifier,
            attrs=series_attrs(o.indicator, o.threshold),
            cell=o.cell,
            township=o.township,
            unit=o.unit if o.stated else None,
        )
