"""Ledgers → observations: read (format sniffing, calamine, streaming .xlsx) → table (header band, layout) →
match (header → indicator) → cells (one cell → a figure) → validate (rows → figures, errors, warnings) →
figures (column-wise store) → importer (one transaction through etl.load); template writes the blank ledger."""

from etl.ledgers.importer import LedgerOptions, LedgerResult, import_ledger, parse_ledger

__all__ = ["LedgerOptions", "LedgerResult", "import_ledger", "parse_ledger"]
