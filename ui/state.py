"""Session-wide state for the Streamlit app: the engine, the viewer, and filters kept in the URL.

Pages read filters from st.query_params (via current_filters) so a copied link reproduces the view, and
every page also runs on its own (AppTest.from_file) with the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from store import queries
from store.session import get_engine

ALL = "全部"


@dataclass(frozen=True)
class Viewer:
    username: str
    role: str  # viewer | clerk | admin
    region_path: str | None  # the subtree this viewer may see; None = all

    @property
    def can_edit(self) -> bool:
        return self.role in ("clerk", "admin")


ANONYMOUS = Viewer(username="访客", role="viewer", region_path=None)


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """The app's engine (DATABASE_URL or the SQLite file), migrated to head."""
    return get_engine()


def viewer() -> Viewer:
    return st.session_state.get("viewer", ANONYMOUS)


@dataclass(frozen=True)
class ViewFilters:
    region_id: int | None
    region_path: str | None
    region_name: str
    year_from: int | None
    year_to: int | None
    category: str | None
    indicators: tuple[str, ...] = ()  # ?ind=key1,key2 (the sidebar's 指标 multiselect)

    def to_query(self, indicators: tuple[str, ...] = (), include_targets: bool = False) -> queries.Filters:
        return queries.Filters(
            region_path=self.region_path,
            year_from=self.year_from,
            year_to=self.year_to,
            indicators=indicators,
            categories=(self.category,) if self.category else (),
            include_targets=include_targets,
        )


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
    from ui.data import region_tree, year_bounds

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


def set_query(**values: object) -> None:
    """Write filter values to the URL; None removes a key."""
    for k, v in values.items():
        if v is None or v == "":
            st.query_params.pop(k, None)
        else:
            st.query_params[k] = str(v)
