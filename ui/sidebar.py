"""Sidebar filters (region, year range, category). Their values live in st.query_params."""

from __future__ import annotations

import streamlit as st

from store.catalog import CATEGORIES
from store.models import LEVEL_ZH
from ui.data import demo_loaded, region_tree
from ui.state import current_filters, engine, set_query, viewer


def _region_label(row) -> str:  # type: ignore[no-untyped-def]
    depth = str(row["path"]).count("/") - 2
    return f"{'　' * max(depth, 0)}{row['name']}（{LEVEL_ZH.get(row['level'], '')}）"


def filter_sidebar() -> None:
    """Draw the filters; a change rewrites the URL so a copied link reproduces the view."""
    if demo_loaded(engine()):
        st.sidebar.info("当前显示的是**演示数据**（虚构的宁远县）。清空演示数据：`python -m etl reset --yes`",
                        icon="ℹ️")
    regions = region_tree(engine())
    allowed = viewer().region_path
    if allowed:
        regions = regions[regions["path"].str.startswith(allowed)]
    f = current_filters()
    st.sidebar.subheader("筛选")
    if regions.empty:
        st.sidebar.caption("数据库中还没有地区。")
        return
    options = regions["id"].tolist()
    labels = {int(r["id"]): _region_label(r) for _, r in regions.iterrows()}
    region = st.sidebar.selectbox("地区", options, index=options.index(f.region_id) if f.region_id in options else 0,
                                  format_func=lambda i: labels[int(i)], key="flt_region")
    years_text = None
    from ui.data import year_bounds

    bounds = year_bounds(engine())
    if bounds and bounds[0] < bounds[1]:
        lo, hi = st.sidebar.slider("年份范围", bounds[0], bounds[1], (f.year_from or bounds[0], f.year_to or bounds[1]),
                                   key="flt_years")
        years_text = f"{lo}-{hi}"
    cats = ["全部", *CATEGORIES]
    cat = st.sidebar.selectbox("分类", cats, index=cats.index(f.category) if f.category in cats else 0, key="flt_cat")
    set_query(region=region, years=years_text, cat=None if cat == "全部" else cat)
