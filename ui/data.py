"""Cached read-side queries for pages. Pages never build SQL: they call these.

Cache keys include the viewer's allowed subtree through the Filters/region_path arguments.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from store import queries, rollups
from store.learned import phrasings_frame
from ui.state import engine as app_engine
from ui.state import viewer

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
def observations(engine: Engine, f: queries.Filters, headline_only: bool = True) -> pd.DataFrame:
    return queries.observations(engine, f, headline_only=headline_only)


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def demo_loaded(engine: Engine) -> bool:
    return queries.demo_loaded(engine)


def learned_phrasings(engine: Engine) -> pd.DataFrame:
    """The learned phrasings (not cached: an administrator's change shows at once)."""
    return phrasings_frame(engine)


def clear() -> None:
    """Drop every cached query (after an import or a review changes the data)."""
    st.cache_data.clear()


def review_queue(
    engine: Engine,
    f: queries.Filters,
    state: str,
    *,
    limit: int = 500,
    offset: int = 0,
    source_id: int | None = None,
    region_id: int | None = None,
) -> pd.DataFrame:
    """Not cached: the status must change on screen the moment a review is saved."""
    return queries.review_queue(
        engine, _clip(f, _viewer_scope()), state, limit, offset=offset, source_id=source_id, region_id=region_id
    )


def review_count(
    engine: Engine, f: queries.Filters, state: str, *, source_id: int | None = None, region_id: int | None = None
) -> int:
    return queries.review_count(engine, _clip(f, _viewer_scope()), state, source_id=source_id, region_id=region_id)


def review_files(engine: Engine, f: queries.Filters, state: str) -> pd.DataFrame:
    return queries.review_files(engine, _clip(f, _viewer_scope()), state)


def audit_trail(engine: Engine, observation_id: int) -> pd.DataFrame:
    """Not cached: the trail must show a review the moment it is saved."""
    return queries.audit_trail(engine, observation_id)


# --- Dashboard pages. Every entry is keyed by the viewer's allowed subtree (scope), and the filters are
# clipped to it, so one viewer's cached rows can never answer another viewer's question.


def _viewer_scope() -> str | None:
    return viewer().region_path


def _clip(f: queries.Filters, scope: str | None) -> queries.Filters:
    if scope and not (f.region_path or "").startswith(scope):
        return replace(f, region_path=scope)
    return f


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def _scoped(query: str, engine: Engine, scope: str | None, f: queries.Filters, *args: object) -> pd.DataFrame:
    return getattr(rollups, query)(engine, _clip(f, scope), *args)


def rollup(engine: Engine, f: queries.Filters) -> pd.DataFrame:
    return _scoped("rollup", engine, _viewer_scope(), f)


def comparable_change(engine: Engine, f: queries.Filters, year: int) -> pd.DataFrame:
    return _scoped("comparable_change", engine, _viewer_scope(), f, year)


def township_values(engine: Engine, f: queries.Filters) -> pd.DataFrame:
    return _scoped("township_values", engine, _viewer_scope(), f)


def township_parts(engine: Engine, f: queries.Filters) -> pd.DataFrame:
    return _scoped("township_parts", engine, _viewer_scope(), f)


def ranking_table(
    engine: Engine, f: queries.Filters, indicator: str, year: int, variant: str = "", norm: str = "none"
) -> pd.DataFrame:
    return _scoped("ranking_table", engine, _viewer_scope(), f, indicator, year, variant, norm)


def rank_matrix(engine: Engine, f: queries.Filters, year: int, region_ids: tuple[int, ...] | None) -> pd.DataFrame:
    return _scoped("rank_matrix", engine, _viewer_scope(), f, year, region_ids)


def towns_reporting(engine: Engine, f: queries.Filters) -> dict[int, int]:
    """year → townships that reported any achieved figure, under F's region."""
    df = _scoped("towns_reporting", engine, _viewer_scope(), f)
    return {int(y): int(n) for y, n in zip(df["year"], df["towns"], strict=True)}


def coverage_by_township(engine: Engine, f: queries.Filters) -> pd.DataFrame:
    return _scoped("coverage_by_township", engine, _viewer_scope(), f)


def coverage_cells(engine: Engine, f: queries.Filters, region_ids: tuple[int, ...] | None) -> pd.DataFrame:
    return _scoped("coverage_cells", engine, _viewer_scope(), f, region_ids)


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def _observations_at(engine: Engine, scope: str | None, region_id: int, indicator: str, year: int) -> pd.DataFrame:
    return queries.observations_at(engine, region_id, indicator, year, scope)


def observations_at(engine: Engine, region_id: int, indicator: str, year: int) -> pd.DataFrame:
    """Every observation behind one township-indicator-year the viewer may see (empty otherwise)."""
    return _observations_at(engine, _viewer_scope(), region_id, indicator, year)


def observation_row(engine: Engine, observation_id: int) -> pd.DataFrame:
    """Not cached: the evidence panel must show a review the moment it is saved."""
    return queries.observation_row(engine, observation_id, _viewer_scope())


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def source_text(engine: Engine, source_id: int) -> tuple[str, str | None]:
    """Only called with a source id taken from a scope-checked observation row."""
    return queries.source_text(engine, source_id)


def township_lookup(engine: Engine, name: str) -> tuple[str | None, list[str]]:
    """(the township NAME means, by name or alias; None when unknown) and the closest known names."""
    from types import SimpleNamespace

    from store.regions import TownshipIndex

    rows = townships(engine, None)
    index = TownshipIndex(
        [SimpleNamespace(name=n, aliases=list(a or ())) for n, a in zip(rows["name"], rows["aliases"], strict=True)]  # type: ignore[misc]
    )
    found = index.find(name)
    return (found.name if found is not None else None), ([] if found is not None else index.closest(name))


def townships(engine: Engine, path: str | None) -> pd.DataFrame:
    """The townships under PATH (every township when None), from the cached region tree."""
    regions = region_tree(engine)
    regions = regions[regions["level"] == "township"]
    return regions[regions["path"].str.startswith(path)] if path else regions


# --- 综述生成 (narrative) ---------------------------------------------------------------------------------------


@st.cache_data(ttl=TTL, show_spinner="正在生成综述……", hash_funcs={Engine: lambda e: str(e.url)})
def narrative(engine: Engine, region_id: int, year: int, stamp: tuple[float, ...]):  # type: ignore[no-untyped-def]
    """The generated paragraphs for a region and year; STAMP (template file times) refreshes after an edit."""
    from narrative import generate

    return generate(engine, int(region_id), int(year))


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def narrative_years(engine: Engine, region_id: int) -> list[int]:
    """Years with achieved figures for the region's subtree, newest first."""
    from narrative.facts import available_years, region_by_id

    return available_years(engine, region_by_id(queries.region_tree(engine), int(region_id)))


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def _brief_files(engine: Engine, region_id: int, year: int, stamp: tuple[float, ...]) -> tuple[str, bytes]:
    from narrative.brief import brief_docx, build_brief

    brief = build_brief(engine, int(region_id), int(year))
    return brief.title, brief_docx(brief)


def brief_files(region_id: int, year: int) -> tuple[str, bytes]:
    """(title, .docx bytes) of the printable brief for a region and year (narrative.brief)."""
    from narrative.templates import templates_stamp

    return _brief_files(app_engine(), region_id, year, templates_stamp())
