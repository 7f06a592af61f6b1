"""Golden ledgers: each fixture file shows one quirk; the expected .json beside it is the importer's output.

Regenerate fixtures with tests/fixtures/ledgers/make_fixtures.py (and --expected, reviewing the diff).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from etl.ledgers.context import TownshipNames
from etl.ledgers.importer import LedgerOptions, parse_ledger
from store.models import Region
from store.regions import TownshipIndex

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ledgers"
# Fixtures that need an option a clerk would give.
OPTIONS: dict[str, LedgerOptions] = {}
FILES = sorted(p.name for p in FIXTURES.iterdir() if p.suffix in (".xlsx", ".xlsm", ".xls", ".csv"))


def fixture_townships() -> TownshipNames:
    """The fixtures' region list (tests/fixtures/ledgers/regions.json) as a lookup, without a database."""
    spec = json.loads((FIXTURES / "regions.json").read_text(encoding="utf-8"))
    regions = [Region(id=i, name=t["name"], aliases=t["aliases"]) for i, t in enumerate(spec["townships"], start=1)]
    index = TownshipIndex(regions)

    def find(name: str) -> str | None:
        region = index.find(name)
        return region.name if region is not None else None

    return TownshipNames(find=find, closest=index.closest)


def parse_fixture(name: str) -> dict[str, Any]:
    data = (FIXTURES / name).read_bytes()
    return parse_ledger(data, name, fixture_townships(), OPTIONS.get(name)).to_json()


def test_every_fixture_has_expected_output() -> None:
    assert FILES, "no fixtures found"
    missing = [f for f in FILES if not (FIXTURES / f"{f}.json").exists()]
    assert not missing


@pytest.mark.parametrize("name", FILES)
def test_fixture_matches_expected(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    assert parse_fixture(name) == expected
