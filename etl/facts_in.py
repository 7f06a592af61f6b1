"""What etl.load stores: figures as FactIn, and a batch of facts (FactBatch) a loader may hand over without a
FactIn object per fact (FactList wraps a list of FactIn; etl.ledgers.importer.LedgerFacts reads a column store)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from etl.staging import STAGE_COLUMNS
from etl.textsafe import no_nul
from store.models import attrs_key
from store.resolve import NOT_HEADLINE_ATTRS


@dataclass(frozen=True)
class FactIn:
    """One figure to store. township falls back to the source's township (ledgers set it per row)."""

    indicator: str
    year: int
    value: float | None
    masked: bool = False
    qualifier: str = "exact"
    attrs: dict[str, Any] = field(default_factory=dict)
    target: bool = False
    evidence: str | None = None
    span: tuple[int, int] | None = None
    cell: str | None = None
    township: str | None = None
    unit: str | None = None  # the counting unit stated, when not the indicator's own (2件 of 党纪立案数, unit 人)

    @property
    def locator(self) -> str:
        if self.cell:
            return self.cell
        if self.span:
            return f"span:{self.span[0]}-{self.span[1]}"
        return ""


RegionOf = Callable[[str | None], int]


@runtime_checkable
class FactBatch(Protocol):
    """Facts in bulk: what load_source needs of them, without a FactIn object per fact.

    rows() yields tuples in STAGE_COLUMNS order, as many leading columns as `columns` names."""

    columns: tuple[str, ...]

    def __len__(self) -> int: ...

    def indicators(self) -> set[str]:
        """The indicator keys used."""
        ...

    def townships(self) -> set[str | None]:
        """The township names used (None when a fact has none: it then belongs to the source's)."""
        ...

    def unique_keys(self, region_of: RegionOf) -> bool:
        """True when no two facts can share (region, indicator, year); False when unsure."""
        ...

    def rows(self, region_of: RegionOf, indicator_ids: dict[str, int]) -> Iterator[tuple[Any, ...]]:
        """One staging tuple per fact, numbered from 0 in order (n)."""
        ...


class FactList:
    """A sequence of FactIn as a FactBatch (reports, the demo, corrections)."""

    columns: tuple[str, ...] = STAGE_COLUMNS

    def __init__(self, facts: Sequence[FactIn], serialize: Callable[[Any], str] = json.dumps):
        self.facts, self.serialize = facts, serialize

    def __len__(self) -> int:
        return len(self.facts)

    def indicators(self) -> set[str]:
        return {f.indicator for f in self.facts}

    def townships(self) -> set[str | None]:
        return {f.township for f in self.facts}

    def unique_keys(self, region_of: RegionOf) -> bool:
        return len(self.facts) < 2

    def rows(self, region_of: RegionOf, indicator_ids: dict[str, int]) -> Iterator[tuple[Any, ...]]:
        for n, f in enumerate(self.facts):
            yield (
                n,
                region_of(f.township),
                indicator_ids[f.indicator],
                f.year,
                f.value,
                f.masked,
                f.qualifier,
                f.locator,
                self.serialize(dict(f.attrs)),
                attrs_key(f.attrs),
                f.target,
                no_nul(f.evidence),
                f.span[0] if f.span else None,
                f.span[1] if f.span else None,
                any(k in f.attrs for k in NOT_HEADLINE_ATTRS),
                f.unit,
            )
