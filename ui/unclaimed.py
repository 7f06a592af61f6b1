"""报告导入's 未认领的数字 panel: every quantity no fact claimed, its clause with the number highlighted, and the
clerk's one-click decision — 指派为指标 (likely indicators first; type/level/threshold where the indicator has
them, target or achieved, the year) or 不是指标. The decisions live in st.session_state under stable keys, so
the tally 数字核对 and the save read them back (decisions)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.actions import (
    Decisions,
    Unclaimed,
    assigned_fact,
    clause_html,
    indicator_parts,
    indicator_units,
    tally,
    type_hint,
)
from ui.fmt import ATTR_LABEL

PENDING = "待确认"
DISMISS = "不是指标"


def _options(item: Unclaimed, names: dict[str, str]) -> list[str]:
    """待确认, 不是指标, the suggested indicators, then the others whose units fit the figure."""
    units = indicator_units()
    fitting = [k for k in names if item.unit in units.get(k, frozenset())]
    ranked = [*item.suggested, *(k for k in fitting if k not in item.suggested)]
    return [PENDING, DISMISS, *(names[k] for k in ranked if k in names)]


def _key(report: str, name: str, i: int) -> str:
    return f"uc_{name}_{report}_{i}"


def render(report: str, items: list[Unclaimed], facts: int, names: dict[str, str], year: int | None) -> None:
    """The panel for one report (REPORT: its short key): the tally and one row per unclaimed quantity."""
    keys = {v: k for k, v in names.items()}
    parts = indicator_parts()
    st.subheader("未认领的数字")
    figure = tally(facts, items, decided(report, items, keys))
    st.markdown(f"**{figure.zh()}**")
    if not items:
        st.caption("这份报告中的每个数字都已被指标认领。")
        return
    st.caption("下列数字没有被任何指标认领：请逐个指派为指标，或标为“不是指标”。您的选择会被记住，下次自动识别。")
    if not figure.done:
        st.button(
            f"其余 {figure.pending} 个待确认的数字都不是指标",
            key=f"uc_rest_{report}",
            on_click=_dismiss_rest,
            args=(report, items),
            help="先把需要的数字指派为指标，再用这个按钮一次排除其余的数字",
        )
    for i, it in enumerate(items):
        with st.container(border=True):
            c1, c2 = st.columns([3, 2])
            note = "（按已学说法排除）" if it.dismissed_by is not None else ""
            c1.markdown(f"{i + 1}. {clause_html(it.clause, it.clause_span[0], it.span)}{note}", unsafe_allow_html=True)
            options = _options(it, names)
            pick_key = _key(report, "pick", i)
            default = {} if pick_key in st.session_state else {"index": 1 if it.dismissed_by is not None else 0}
            pick = c2.selectbox("指派为指标", options, key=pick_key, label_visibility="collapsed", **default)
            key = keys.get(pick)
            if key is None:
                continue
            a1, a2, a3 = st.columns(3)
            for n, attr in enumerate(parts.get(key, ())):
                col = (a1, a2, a3)[n % 3]
                if attr in ("level", "threshold"):
                    col.number_input(ATTR_LABEL[attr], min_value=0.0, step=1.0, value=None, key=_key(report, attr, i))
                else:
                    hint = type_hint(it, key) if attr == "type" else None
                    col.text_input(ATTR_LABEL.get(attr, attr), value=hint or "", key=_key(report, attr, i))
            a2.radio("性质", ["完成值", "目标值"], index=int(it.target), key=_key(report, "target", i), horizontal=True)
            a3.number_input("年份", 1990, 2100, value=it.year or year or 2024, key=_key(report, "year", i))


def _dismiss_rest(report: str, items: list[Unclaimed]) -> None:
    """不是指标 for every item still 待确认 (a button callback: runs before the widgets are drawn again)."""
    for i, it in enumerate(items):
        key = _key(report, "pick", i)
        if st.session_state.get(key, DISMISS if it.dismissed_by is not None else PENDING) == PENDING:
            st.session_state[key] = DISMISS


def decided(report: str, items: list[Unclaimed], keys: dict[str, str]) -> dict[int, str]:
    """Item index → indicator key (or "" for 不是指标) for every decided item."""
    out: dict[int, str] = {}
    for i, it in enumerate(items):
        pick = st.session_state.get(_key(report, "pick", i), DISMISS if it.dismissed_by is not None else PENDING)
        if pick == DISMISS:
            out[i] = ""
        elif pick in keys:
            out[i] = keys[pick]
    return out


def decisions(report: str, items: list[Unclaimed], text: str, names: dict[str, str], year: int | None) -> Decisions:
    """The clerk's decisions as etl.learning.Decisions (assigned facts built like extracted ones)."""
    keys = {v: k for k, v in names.items()}
    parts = indicator_parts()
    out = Decisions()
    for i, key in decided(report, items, keys).items():
        it = items[i]
        if not key:
            out.dismissed.append(it)
            continue
        attrs: dict[str, Any] = {}
        for attr in parts.get(key, ()):
            v = st.session_state.get(_key(report, attr, i))
            if v not in (None, ""):
                attrs[attr] = int(v) if attr == "level" else v
        target = st.session_state.get(_key(report, "target", i), "目标值" if it.target else "完成值") == "目标值"
        when = st.session_state.get(_key(report, "year", i)) or it.year or year
        fact = assigned_fact(it, key, text, attrs=attrs, target=target, year=int(when) if when else None)
        out.assigned.append((it, fact))
    return out
