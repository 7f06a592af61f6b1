"""The current view's filters, from st.query_params, clipped to what the viewer may see.

Pages read filters through current_filters so a copied link reproduces the view, and every page also runs
on its own (AppTest.from_file) with the defaults.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.data import region_tree, year_bounds
from ui.state import ViewFilters, engine, viewer


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        return None


def _default_region(regions: pd.DataFrame, allowed: str | None) -> pd.DataFrame:
    """The viewer's top region, descending while it has a single child (青山省 → 临江市 → 宁远县)."""
    visible = regions[regions["path"].str.startswith(allowed)] if allowed else regions
    if visible.empty:
        return visible
    row = visible[visible["path"].str.len() == visible["path"].str.len().min()].iloc[0:1]
    while True:
        children = visible[visible["parent_id"] == row["id"].iloc[0]]
        if len(children) != 1:
            return row
        row = children


def current_filters() -> ViewFilters:
    """Filters from the URL (?region=&years=2019-2024&cat=), clipped to what the viewer may see."""
    regions = region_tree(engine())
    qp = st.query_params
    region_id = _int(qp.get("region"))
    row = regions[regions["id"] == region_id] if region_id is not None else regions.iloc[0:0]
    allowed = viewer().region_path
    if row.empty or (allowed and not str(row["path"].iloc[0]).startswith(allowed)):
        row = _default_region(regions, allowed)
    bounds = year_bounds(engine())
    y_from = y_to = None
    if bounds:
        y_from, y_to = bounds
        parts = (qp.get("years") or "").split("-")
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            y_from, y_to = max(int(parts[0]), bounds[0]), min(int(parts[1]), bounds[1])
            if y_from > y_to:
                y_from, y_to = bounds
    cat = qp.get("cat") or None
    inds = tuple(k for k in (qp.get("ind") or "").split(",") if k)
    if row.empty:
        return ViewFilters(None, allowed, "全部地区", y_from, y_to, cat, inds)
    return ViewFilters(
        int(row["id"].iloc[0]), str(row["path"].iloc[0]), str(row["name"].iloc[0]), y_from, y_to, cat, inds
    )
