"""Reports → facts: read (readers, textclean) → numbers → scan → match (context, lists, income, table, scope,
valid) → extract, the entry point; meta tells township, year and plan sections; review helps a clerk check."""

from etl.reports.extract import extract_text
from etl.reports.readers import ReadError, read_document

__all__ = ["ReadError", "extract_text", "read_document"]
