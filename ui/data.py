"""Cached read-side queries for pages. Pages never build SQL: they call these.

Every store read takes the acting user (ui.state.viewer) and enforces its grants; the actor is part of each
cache key, so one user's cached rows can never answer another user's question.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from store import queries, rollups
from store.access import Actor
from store.held import Held, HeldKey, held_figures
from store.learned import phrasings_frame
from store.session import session_factory
from ui.state import engine as app_engine
from ui.state import viewer

TTL = 300
_ENGINE = {Engine: lambda e: str(e.url)}


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs=_ENGINE)
def _read(query: str, engine: Engine, actor: Actor, *args: object) -> pd.DataFrame:
    return getattr(queries, query)(engine, actor, *args)  # type: ignore[no-any-return]


def region_tree(engine: Engine) -> pd.DataFrame:
    return _read("region_tree", engine, viewer())


def year_bounds(engine: Engine) -> tuple[int, int] | None:
    return _read("year_bounds", engine, viewer())  # type: ignore[return-value]


def indicator_catalog(engine: Engine) -> pd.DataFrame:
    return _read("indicator_catalog", engine, viewer())


def observations(engine: Engine, f: queries.Filters, headline_only: bool = True) -> pd.DataFrame:
    return _observations(engine, viewer(), f, headline_only)


def held_values(engine: Engine, region_path: str, years: tuple[int, ...]) -> dict[HeldKey, Held]:
    """Report once: the figures the store holds for the townships under REGION_PATH in YEARS (store.held), as
    在线填报 and the ledger template pre-fill them."""
    return _held(engine, viewer(), region_path, years)


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs=_ENGINE)
def _held(engine: Engine, actor: Actor, region_path: str, years: tuple[int, ...]) -> dict[HeldKey, Held]:
    with session_factory(engine)() as s:
        return held_figures(s, actor, years, region_path=region_path)


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs=_ENGINE)
def _observations(engine: Engine, actor: Actor, f: queries.Filters, headline_only: bool) -> pd.DataFrame:
    return queries.observations(engine, actor, f, headline_only=headline_only)


def demo_loaded(engine: Engine) -> bool:
    return _read("demo_loaded", engine, viewer())  # type: ignore[return-value]


def learned_phrasings(engine: Engine) -> pd.DataFrame:
    """The learned phrasings (not cached: an administrator's change shows at once)."""
    return phrasings_frame(engine, viewer())


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
    reason: str | None = None,
) -> pd.DataFrame:
    """Not cached: the status must change on screen the moment a review is saved."""
    return queries.review_queue(
        engine,
        viewer(),
        _clip(f, viewer()),
        state,
        limit,
        offset=offset,
        source_id=source_id,
        region_id=region_id,
        reason=reason,
    )


def review_count(
    engine: Engine,
    f: queries.Filters,
    state: str,
    *,
    source_id: int | None = None,
    region_id: int | None = None,
    reason: str | None = None,
) -> int:
    return queries.review_count(
        engine, viewer(), _clip(f, viewer()), state, source_id=source_id, region_id=region_id, reason=reason
    )


def review_files(engine: Engine, f: queries.Filters, state: str) -> pd.DataFrame:
    return queries.review_files(engine, viewer(), _clip(f, viewer()), state)


def audit_trail(engine: Engine, observation_id: int) -> pd.DataFrame:
    """Not cached: the trail must show a review the moment it is saved."""
    return queries.audit_trail(engine, viewer(), observation_id)


# --- Dashboard pages: the filters are clipped to the viewer's grants before the store clips them again.


def _clip(f: queries.Filters, actor: Actor) -> queries.Filters:
    if f.region_path and not actor.covers(f.region_path):
        return replace(f, region_path=None)
    return f


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs=_ENGINE)
def _scoped(query: str, engine: Engine, actor: Actor, f: queries.Filters, *args: object) -> pd.DataFrame:
    return getattr(rollups, query)(engine, actor, _clip(f, actor), *args)  # type: ignore[no-any-return]


def rollup(engine: Engine, f: queries.Filters) -> pd.DataFrame:
    return _scoped("rollup", engine, viewer(), f)


def comparable_change(engine: Engine, f: queries.Filters, year: int) -> pd.DataFrame:
    return _scoped("comparable_change", engine, viewer(), f, year)


def township_values(engine: Engine, f: queries.Filters) -> pd.DataFrame:
    return _scoped("township_values", engine, viewer(), f)


def township_parts(engine: Engine, f: queries.Filters) -> pd.DataFrame:
    return _scoped("township_parts", engine, viewer(), f)


def ranking_table(
    engine: Engine, f: queries.Filters, indicator: str, year: int, variant: str = "", norm: str = "none"
) -> pd.DataFrame:
    return _scoped("ranking_table", engine, viewer(), f, indicator, year, variant, norm)


def rank_matrix(engine: Engine, f: queries.Filters, year: int, region_ids: tuple[int, ...] | None) -> pd.DataFrame:
    return _scoped("rank_matrix", engine, viewer(), f, year, region_ids)


def towns_reporting(engine: Engine, f: queries.Filters) -> dict[int, int]:
    """year → townships that reported any achieved figure, under F's region."""
    df = _scoped("towns_reporting", engine, viewer(), f)
    return {int(y): int(n) for y, n in zip(df["year"], df["towns"], strict=True)}


def coverage_by_township(engine: Engine, f: queries.Filters) -> pd.DataFrame:
    return _scoped("coverage_by_township", engine, viewer(), f)


def coverage_cells(engine: Engine, f: queries.Filters, region_ids: tuple[int, ...] | None) -> pd.DataFrame:
    return _scoped("coverage_cells", engine, viewer(), f, region_ids)


def observations_at(engine: Engine, region_id: int, indicator: str, year: int) -> pd.DataFrame:
    """Every observation behind one township-indicator-year the viewer may see (empty otherwise)."""
    return _read("observations_at", engine, viewer(), region_id, indicator, year)


def observation_row(engine: Engine, observation_id: int) -> pd.DataFrame:
    """Not cached: the evidence panel must show a review the moment it is saved."""
    return queries.observation_row(engine, viewer(), observation_id)


def source_text(engine: Engine, source_id: int) -> tuple[str, str | None]:
    """The source's name and text, when it holds a figure the viewer may see (AccessDenied otherwise)."""
    return _read("source_text", engine, viewer(), source_id)  # type: ignore[return-value]


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
    """The townships under PATH (every township the viewer may see when None), from the cached region tree."""
    regions = region_tree(engine)
    regions = regions[regions["level"] == "township"]
    return regions[regions["path"].str.startswith(path)] if path else regions


# --- 综述生成 (narrative) ---------------------------------------------------------------------------------------


def narrative(engine: Engine, region_id: int, year: int, stamp: tuple[float, ...]):  # type: ignore[no-untyped-def]
    """The generated paragraphs for a region and year; STAMP (template file times) refreshes after an edit."""
    return _narrative(engine, viewer(), region_id, year, stamp)


@st.cache_data(ttl=TTL, show_spinner="正在生成综述……", hash_funcs=_ENGINE)
def _narrative(engine: Engine, actor: Actor, region_id: int, year: int, stamp: tuple[float, ...]):  # type: ignore[no-untyped-def]
    from narrative import generate

    return generate(engine, actor, int(region_id), int(year))


def narrative_years(engine: Engine, region_id: int) -> list[int]:
    """Years with achieved figures for the region's subtree, newest first."""
    return _narrative_years(engine, viewer(), region_id)


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs=_ENGINE)
def _narrative_years(engine: Engine, actor: Actor, region_id: int) -> list[int]:
    from narrative.facts import available_years, region_by_id

    return available_years(engine, actor, region_by_id(queries.region_tree(engine, actor), int(region_id)))


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs={Engine: lambda e: str(e.url)})
def _brief_files(
    engine: Engine, actor: Actor, region_id: int, year: int, stamp: tuple[float, ...]
) -> tuple[str, bytes]:
    from narrative.brief import brief_docx, build_brief

    brief = build_brief(engine, actor, int(region_id), int(year))
    return brief.title, brief_docx(brief)


def brief_files(region_id: int, year: int) -> tuple[str, bytes]:
    """(title, .docx bytes) of the printable brief for a region and year (narrative.brief)."""
    from narrative.templates import templates_stamp

    return _brief_files(app_engine(), viewer(), region_id, year, templates_stamp())
