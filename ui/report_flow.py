"""多级上报 for the pages: the 上报进度 board, the moves (上报 / 审核通过 / 退回 / 催报), due dates and the
dashboards' 未审核 marks. Each write opens its own transaction (a page never holds a session); refusals come
back as FlowError with the store's Chinese message."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from store import queries
from store import submissions as sub
from store.access import AccessDenied, Actor
from store.session import transaction
from ui.data import clear
from ui.fmt import md
from ui.state import engine, viewer

TTL = 300
_ENGINE = {Engine: lambda e: str(e.url)}


class FlowError(ValueError):
    """A move was refused (not allowed here, or not from the current state); the message is Chinese."""


def board(year: int, region_path: str | None) -> pd.DataFrame:
    """The progress of every township in view for YEAR (not cached: a move shows at once)."""
    return sub.progress(engine(), viewer(), year, region_path)


def figures(township_path: str, year: int) -> pd.DataFrame:
    """The figures a submission confirms: the township's headline figures for YEAR, plans included."""
    f = queries.Filters(region_path=township_path, year_from=year, year_to=year, include_targets=True)
    return queries.observations(engine(), viewer(), f)


def move(action: str, region_id: int, year: int, version: int, reason: str = "") -> None:
    """上报 (submit), 审核通过 (approve), 退回 (return) or 催报 (remind) as the logged-in user, against the
    VERSION the user saw."""
    try:
        with transaction(engine()) as s:
            if action == "submit":
                sub.submit(s, viewer(), region_id, year, version=version)
            elif action == "approve":
                sub.approve(s, viewer(), region_id, year, version=version)
            elif action == "return":
                sub.return_(s, viewer(), region_id, year, reason, version=version)
            else:
                sub.remind(s, viewer(), region_id, year)
    except (AccessDenied, sub.SubmissionError) as e:
        raise FlowError(str(e)) from e
    clear()  # the dashboards' 未审核 marks


def reminders() -> pd.DataFrame:
    """The 催报 addressed to the logged-in 填报员 (empty for everyone else)."""
    return sub.open_reminders(engine(), viewer())


def due(county_id: int, year: int) -> date | None:
    with transaction(engine()) as s:
        return sub.due_date(s, viewer(), county_id, year)


def set_due(county_id: int, year: int, when: date | None) -> None:
    try:
        with transaction(engine()) as s:
            sub.set_due_date(s, viewer(), county_id, year, when)
    except AccessDenied as e:
        raise FlowError(str(e)) from e


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs=_ENGINE)
def _counts(engine: Engine, actor: Actor, year: int, region_path: str | None) -> tuple[int, int]:
    return sub.approval_counts(engine, actor, year, region_path)


@st.cache_data(ttl=TTL, show_spinner=False, hash_funcs=_ENGINE)
def _approved(engine: Engine, actor: Actor, year: int) -> frozenset[int]:
    return sub.approved_townships(engine, actor, year)


def unapproved(year: int, region_path: str | None) -> int:
    """How many townships in view have figures for YEAR that the county has not approved yet."""
    with_figures, approved = _counts(engine(), viewer(), year, region_path)
    return with_figures - approved


def unapproved_note(year: int, region_path: str | None) -> str | None:
    """'未审核：3 个乡镇的 2024 年数据尚未经县审核' (None when every township's figures are approved)."""
    with_figures, approved = _counts(engine(), viewer(), year, region_path)
    if with_figures == approved:
        return None
    return f"未审核：{with_figures - approved}/{with_figures} 个乡镇的 {year} 年数据尚未经县审核"


def unapproved_mark(year: int, region_path: str | None) -> str | None:
    """A card's mark for a figure summed over the townships in view: '未审核' when none of them is approved yet,
    '含未审核' when some are (most of a county approved: 未审核 on every card said more than was so), else None."""
    with_figures, approved = _counts(engine(), viewer(), year, region_path)
    if with_figures == approved:
        return None
    return "未审核" if approved == 0 else "含未审核"


def approval_marks(region_ids: pd.Series, year: int) -> pd.Series:
    """'已审核' or '未审核' per township id, for a table's 审核 column."""
    approved = _approved(engine(), viewer(), year)
    return region_ids.map(lambda i: "已审核" if int(i) in approved else "未审核")


def reminder_banner() -> None:
    """One line in the sidebar for a 填报员 with 催报 open: which townships and years, where to confirm."""
    open_ = reminders()
    if open_.empty:
        return
    what = "、".join(f"{t} {y} 年" for t, y in zip(open_["township"], open_["year"], strict=True))
    st.sidebar.warning(f"催报：请到“上报进度”确认上报 {md(what)} 数据", icon="🔔")
