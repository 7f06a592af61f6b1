"""What the import and review pages change: each function opens its own transaction, so a page never holds a
database session. The etl entry points the pages use are reached through here (pages → ui → etl/store)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from etl.ingest import IngestError, ingest_bytes, read_and_extract
from etl.ledgers.importer import LedgerOptions, LedgerResult, catalog_indicators, import_ledger, mapping_rows
from etl.ledgers.read import max_upload_bytes
from etl.ledgers.table import ROLE_ZH, VALUE
from etl.ledgers.template import build_template
from etl.reports.review import COLUMNS, MASKED_ZH, QUALIFIER_ZH, RowError, apply_edits, fact_rows, highlight_html
from store.catalog import load_catalog
from store.review import ReviewError, confirm, correct, reject
from store.session import session_factory, transaction
from ui.state import engine

__all__ = [
    "COLUMNS",
    "MASKED_ZH",
    "QUALIFIER_ZH",
    "ROLE_ZH",
    "VALUE",
    "IngestError",
    "LedgerOptions",
    "LedgerResult",
    "ReviewError",
    "RowError",
    "apply_edits",
    "apply_review",
    "catalog_indicators",
    "check_ledger",
    "fact_rows",
    "highlight_html",
    "ledger_template",
    "load_ledger",
    "mapping_rows",
    "max_upload_bytes",
    "read_and_extract",
    "save_report",
]

Progress = Callable[[float, str], None]


def save_report(
    name: str, data: bytes, *, user: str, township: str, year: int, facts: list[dict[str, Any]], county: str | None
) -> str:
    """Store one checked report with the clerk's facts; returns the Chinese summary of what was written."""
    with session_factory(engine())() as s, s.begin():
        res = ingest_bytes(s, name, data, uploaded_by=user, township=township, year=year, facts=facts, county=county)
    return res.summary_zh()


def check_ledger(
    data: bytes, name: str, options: LedgerOptions, *, user: str, progress: Progress | None = None
) -> LedgerResult:
    """A dry run of a ledger import: what would be written, every error and warning; nothing is written."""
    return import_ledger(engine(), data, name, options, dry_run=True, uploaded_by=user, progress=progress)


def load_ledger(data: bytes, name: str, options: LedgerOptions, *, user: str) -> LedgerResult:
    """Import a ledger for real (one transaction; nothing is written while an error stands)."""
    return import_ledger(engine(), data, name, options, uploaded_by=user)


def ledger_template(townships: tuple[str, ...], county: str, year: int, categories: tuple[str, ...]) -> bytes:
    return build_template(load_catalog(), townships, year=year, county=county, categories=categories)


def apply_review(action: str, observation_id: int, user: str, *, value: float = 0.0, reason: str = "") -> None:
    """confirm / correct / reject one figure (store.review raises ReviewError with a Chinese message)."""
    with transaction(engine()) as s:
        if action == "confirm":
            confirm(s, observation_id, user)
        elif action == "correct":
            correct(s, observation_id, user, value, qualifier="exact", reason=reason)
        else:
            reject(s, observation_id, user, reason)
