"""Cached read-side queries for pages. Pages never build SQL: they call these.

Cache keys include the viewer's allowed subtree through the Filters/region_path arguments.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from store import queries

TTL = 300


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def region_tree(engine: Engine) -> pd.DataFrame:
    return queries.region_tree(engine)


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def year_bounds(engine: Engine) -> tuple[int, int] | None:
    return queries.year_bounds(engine)


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def indicator_catalog(engine: Engine) -> pd.DataFrame:
    return queries.indicator_catalog(engine)


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def year_over_year(engine: Engine, f: queries.Filters) -> pd.DataFrame:
    return queries.year_over_year(engine, f)


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def observations(engine: Engine, f: queries.Filters, headline_only: bool = True) -> pd.DataFrame:
    return queries.observations(engine, f, headline_only=headline_only)


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def demo_loaded(engine: Engine) -> bool:
    return queries.demo_loaded(engine)


def clear() -> None:
    """Drop every cached query (after an import or a review changes the data)."""
    st.cache_data.clear()


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def review_queue(engine: Engine, f: queries.Filters, state: str) -> pd.DataFrame:
    return queries.review_queue(engine, f, state)


def audit_trail(engine: Engine, observation_id: int) -> pd.DataFrame:
    """Not cached: the trail must show a review the moment it is saved."""
    return queries.audit_trail(engine, observation_id)
