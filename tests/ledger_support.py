"""Shared set-up for the ledger tests: the county and townships the ledger fixtures name."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
from sqlalchemy import Engine

from store.regions import add_region, ensure_chain
from store.session import session_factory

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ledgers"


def add_fixture_regions(engine: Engine) -> None:
    """Create the county and townships of tests/fixtures/ledgers/regions.json (shared by the page tests)."""
    spec = json.loads((FIXTURES / "regions.json").read_text(encoding="utf-8"))
    with session_factory(engine)() as s, s.begin():
        county = ensure_chain(s, [tuple(x) for x in spec["chain"]])
        for t in spec["townships"]:
            add_region(s, t["name"], "township", county, aliases=t["aliases"])


def ledger_bytes(rows: list[list[object]]) -> bytes:
    """An .xlsx of ROWS on its first sheet (openpyxl stamps the time: save once where the same bytes are needed)."""
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
