"""Export the current view as .xlsx and .csv.

Text that a spreadsheet would read as a formula (starting with = + - @, tab or carriage return) can never run
as one in the leader's Excel (CSV/formula injection): in .xlsx it is written as a text cell with Excel's quote
prefix (the exact characters, shown as typed); in .csv, which has no cell types, it gets a leading apostrophe.
Numbers stay numbers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st
from openpyxl.worksheet.worksheet import Worksheet

from store.audit import record
from store.session import transaction
from ui.state import engine, viewer

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# Control characters a worksheet cannot hold (openpyxl refuses them); tab, newline and CR are allowed.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(value: object) -> object:
    """Control characters a worksheet cannot hold dropped from text; other values unchanged."""
    return _ILLEGAL.sub("", value) if isinstance(value, str) else value


def neutralise(value: object) -> object:
    """'=1+2' → \"'=1+2\"; control characters dropped; other values (numbers included) unchanged."""
    value = _clean(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _each_text(df: pd.DataFrame, fn: Callable[[object], object]) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            out[col] = out[col].map(fn)
    out.columns = [fn(str(c)) for c in out.columns]
    return out


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell neutralised and column names too; numeric columns untouched."""
    return _each_text(df, neutralise)


def text_cells(ws: Worksheet) -> None:
    """Every cell of WS whose text starts like a formula becomes a text cell with Excel's quote prefix
    (openpyxl would otherwise write '=…' as a formula)."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"
                cell.quotePrefix = True


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so Excel opens the Chinese text correctly."""
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")


def sheet_title(title: str) -> str:
    """TITLE as an Excel sheet name: without the characters Excel forbids (: / \\ ? * [ ]) or control
    characters, no leading/trailing apostrophe, at most 31 characters; "数据" when nothing is left."""
    clean = re.sub(r"[:/\\?*\[\]\x00-\x1f\x7f]", "", title).strip().strip("'")
    return clean[:31].strip() or "数据"


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "数据") -> bytes:
    buf = io.BytesIO()
    name = sheet_title(sheet)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        _each_text(df, _clean).to_excel(writer, sheet_name=name, index=False)
        ws = writer.sheets[name]
        text_cells(ws)
        for i, col in enumerate(df.columns, start=1):
            width = max([len(str(col)) * 2, *(len(str(v)) for v in df[col].head(200))], default=8)
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(max(width, 8), 40)
    return buf.getvalue()


def audited(kind: str, title: str, build: Callable[[], bytes]) -> Callable[[], bytes]:
    """BUILD, recording the export in the audit log (who, what, which file) when the file is made.

    Streamlit runs a download's callable on a worker thread without the page's session, so the acting user
    and the engine are taken now, while the page runs, not when the file is built."""
    actor, eng = viewer(), engine()

    def run() -> bytes:
        with transaction(eng) as s:
            record(s, actor, "export", kind, {"title": title})
        return build()

    return run


def record_export(kind: str, title: str) -> None:
    """Record in the audit log that the viewer took KIND of TITLE away (a download button's on_click)."""
    with transaction(engine()) as s:
        record(s, viewer(), "export", kind, {"title": title})


def record_copy(title: str, paragraph: str) -> None:
    """Record in the audit log that the viewer copied PARAGRAPH of the 综述 TITLE (a button's on_click)."""
    with transaction(engine()) as s:
        record(s, viewer(), "copy", "narrative", {"title": title, "paragraph": paragraph})


def may_export() -> bool:
    """True when the viewer may export; otherwise says so (visitors read, never take files away)."""
    if viewer().can("export"):
        return True
    st.caption("登录后可导出。")
    return False


def file_stem(title: str) -> str:
    return f"{title}_{date.today():%Y%m%d}"


def export_buttons(df: pd.DataFrame, title: str, key: str) -> None:
    """Two download buttons (.xlsx, .csv) for DF; nothing when DF is empty.

    The files are built when a button is clicked (a callable `data`), not on every rerun: writing a
    2,000-row .xlsx takes ~0.3 s, which would otherwise be paid by every filter change.
    """
    if df.empty or not may_export():
        return
    stem = file_stem(title)
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(
        "下载 Excel",
        audited("xlsx", title, lambda: to_xlsx_bytes(df, title)),
        f"{stem}.xlsx",
        key=f"{key}_xlsx",
        icon="📥",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )
    c2.download_button(
        "下载 CSV",
        audited("csv", title, lambda: to_csv_bytes(df)),
        f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon="📄",
        on_click="ignore",
    )
