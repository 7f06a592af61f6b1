"""The fictional demo county: values (true figures) → reports and ledgers (files, with ooxml for stable bytes)
→ load (generate on disk, load through the real ETL, bootstrap on first start)."""

from etl.demo.load import bootstrap, generate, load_demo

__all__ = ["bootstrap", "generate", "load_demo"]
