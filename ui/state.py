"""Session-wide state for the Streamlit app: the engine, the viewer, the filter record and the URL.

The bottom of ui/: ui.data reads the viewer from here, and ui.filters builds the current filters from the
URL with ui.data (state → data → filters and widgets; nothing here imports another ui module).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine

from store import queries
from store.access import Actor
from store.schema import SchemaTooNew
from store.session import get_engine
from ui.fmt import md

ALL = "全部"
ACTOR_KEY = "actor"

# Who acts when nobody is logged in: set by ui.auth (from the administrator's settings) on every run.
ANONYMOUS = Actor(name="访客", role="viewer", paths=(), anonymous=True)


@st.cache_resource(show_spinner=False)
def _engine() -> Engine:
    return get_engine()


def engine() -> Engine:
    """The app's engine (DATABASE_URL or the SQLite file), migrated to head; a database written by a newer
    program stops the page with a message naming both schema versions."""
    try:
        return _engine()
    except SchemaTooNew as e:
        st.error(md(e))
        st.stop()
        raise  # st.stop() raises; this line is for the type checker


def viewer() -> Actor:
    """The acting user of this browser session (the store enforces what they may see and do)."""
    found = st.session_state.get(ACTOR_KEY)
    return found if isinstance(found, Actor) else ANONYMOUS


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


def set_query(**values: object) -> None:
    """Write filter values to the URL; None removes a key."""
    for k, v in values.items():
        if v is None or v == "":
            st.query_params.pop(k, None)
        else:
            st.query_params[k] = str(v)
