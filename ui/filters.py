"""The current view's filters, from st.query_params, clipped to what the viewer may see.

Pages read filters through current_filters so a copied link reproduces the view, and every page also runs
on its own (AppTest.from_file) with the defaults.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store.queries import Filters
from ui.data import region_tree, towns_reporting, townships, year_bounds
from ui.fmt import main_year, partial_note
from ui.state import ViewFilters, engine, set_query


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        return None


def _default_region(visible: pd.DataFrame) -> pd.DataFrame:
    """The viewer's top region, descending while it has a single child (青山省 → 临江市 → 宁远县)."""
    if visible.empty:
        return visible
    row = visible[visible["path"].str.len() == visible["path"].str.len().min()].iloc[0:1]
    while True:
        children = visible[visible["parent_id"] == row["id"].iloc[0]]
        if len(children) != 1:
            return row
        row = children


def current_filters() -> ViewFilters:
    """Filters from the URL (?region=&years=2019-2024&cat=), clipped to what the viewer may see (the region
    tree holds the viewer's regions only)."""
    regions = region_tree(engine())
    qp = st.query_params
    region_id = _int(qp.get("region"))
    row = regions[regions["id"] == region_id] if region_id is not None else regions.iloc[0:0]
    if row.empty:
        row = _default_region(regions)
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
        return ViewFilters(None, None, "全部地区", y_from, y_to, cat, inds)
    return ViewFilters(
        int(row["id"].iloc[0]), str(row["path"].iloc[0]), str(row["name"].iloc[0]), y_from, y_to, cat, inds
    )


def year_reporting(f: ViewFilters) -> tuple[dict[int, int], int]:
    """(year → townships that reported, townships in the region) for F's region."""
    return towns_reporting(engine(), Filters(f.region_path)), len(townships(engine(), f.region_path))


def default_year(f: ViewFilters) -> int | None:
    """The latest year in F's range that most of the region's townships reported."""
    reporting, n_towns = year_reporting(f)
    in_range = {y: k for y, k in reporting.items() if f.year_from is not None and f.year_from <= y <= (f.year_to or y)}
    return main_year(in_range, n_towns)


def year_select(f: ViewFilters, key: str, container=st) -> int:  # type: ignore[no-untyped-def]
    """The 年度 drop-down over F's range: the URL's ?year= when given, else the latest year most townships
    reported. The choice goes back into the URL, so a copied link shows the same year."""
    assert f.year_from is not None and f.year_to is not None
    years = list(range(f.year_to, f.year_from - 1, -1))
    wanted = _int(st.query_params.get("year"))
    default = wanted if wanted in years else (default_year(f) or years[0])
    year = int(container.selectbox("年度", years, index=years.index(default), key=key))
    set_query(year=year)
    return year


def partial_year_note(f: ViewFilters, year: int) -> str | None:
    """'2025年：1/12 个乡镇已上报' when YEAR is only partly reported in F's region."""
    reporting, n_towns = year_reporting(f)
    return partial_note(year, reporting.get(year, 0), n_towns)


def url_choice(name: str, options: list, default: object) -> object:  # type: ignore[type-arg]
    """The option the URL's ?NAME= names (compared as text), else DEFAULT: a widget's starting value, so a
    copied link reopens the same view on any server, fresh or running."""
    raw = st.query_params.get(name)
    return next((o for o in options if str(o) == raw), default)


def url_picks(name: str, options: list) -> list:  # type: ignore[type-arg]
    """The options the URL's ?NAME=a,b names, in the URL's order (unknown ones dropped)."""
    by_text = {str(o): o for o in options}
    return [by_text[t] for t in (st.query_params.get(name) or "").split(",") if t in by_text]
