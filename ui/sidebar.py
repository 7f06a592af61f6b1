"""Sidebar filters (region, year range, category, indicators). Their values live in st.query_params."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from store.catalog import CATEGORIES
from store.models import LEVEL_ZH
from ui.data import demo_loaded, indicator_catalog, region_tree, year_bounds
from ui.filters import current_filters
from ui.fmt import ON_PHONE
from ui.state import engine, set_query, viewer

IND_KEY = "flt_ind"


def _region_labels(regions) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """Name and level (青石镇（乡镇）), in the tree's order. Not indented by depth: a selectbox shows the option's
    label as its value too, and the chosen township stood three full-width spaces into the sidebar."""
    return {
        int(i): f"{n}（{LEVEL_ZH.get(lv, '')}）"
        for i, n, lv in zip(regions["id"], regions["name"], regions["level"], strict=True)
    }


def indicator_options(category: str | None) -> dict[str, str]:
    """key → name of the catalog indicators in CATEGORY (all when None), in catalog order."""
    cat = indicator_catalog(engine())
    if category:
        cat = cat[cat["category"] == category]
    return dict(zip(cat["key"], cat["name"], strict=True))


def filter_sidebar() -> None:
    """Draw the filters; a change rewrites the URL so a copied link reproduces the view."""
    if demo_loaded(engine()):  # the command only for whoever may clear data: a clerk cannot run it
        reset = "清空演示数据：`python -m etl reset --yes`" if viewer().can("delete") else ""
        st.sidebar.info(f"当前显示的是**演示数据**（虚构的宁远县）。{reset}", icon="ℹ️")
    regions = region_tree(engine())
    f = current_filters()
    st.sidebar.subheader("筛选")
    if regions.empty:
        st.sidebar.caption("数据库中还没有地区。")
        return
    options = regions["id"].tolist()
    labels = _region_labels(regions)
    region = st.sidebar.selectbox(
        "地区",
        options,
        index=options.index(f.region_id) if f.region_id in options else 0,
        format_func=lambda i: labels[int(i)],
        key="flt_region",
    )
    years_text = None
    bounds = year_bounds(engine())
    if bounds and bounds[0] < bounds[1]:
        lo, hi = st.sidebar.slider(
            "年份范围", bounds[0], bounds[1], (f.year_from or bounds[0], f.year_to or bounds[1]), key="flt_years"
        )
        years_text = f"{lo}-{hi}"
    cats = ["全部", *CATEGORIES]
    cat = st.sidebar.selectbox("分类", cats, index=cats.index(f.category) if f.category in cats else 0, key="flt_cat")
    names = indicator_options(None if cat == "全部" else cat)
    if IND_KEY in st.session_state:  # a category change can leave picks that are no longer offered
        st.session_state[IND_KEY] = [k for k in st.session_state[IND_KEY] if k in names]
    else:  # first run of this session: start from the URL (a default beside session state warns)
        st.session_state[IND_KEY] = [k for k in f.indicators if k in names]
    inds = st.sidebar.multiselect(
        "指标", list(names), format_func=names.get, key=IND_KEY, placeholder="全部（不选即全部）"
    )
    set_query(region=region, years=years_text, cat=None if cat == "全部" else cat, ind=",".join(inds) or None)


def focus_indicator(key: str) -> None:
    """Button callback: make KEY the one selected indicator, in the sidebar's state and in the URL."""
    st.session_state[IND_KEY] = [key]
    st.query_params["ind"] = key


def open_page(path: str) -> None:
    """Switch to the page at PATH (relative to dashboard.py) keeping the URL's filters.

    A page run on its own (no st.navigation, e.g. under AppTest.from_file) cannot switch: it says so instead.
    """
    try:
        st.switch_page(path, query_params=st.query_params.to_dict())
    except StreamlitAPIException:
        st.info(f"请在侧栏的页面菜单中打开对应页面查看{ON_PHONE}。")
