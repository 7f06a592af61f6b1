"""总览: KPI cards per category for the selected region and year, with change against the year before."""

import re

import pandas as pd
import streamlit as st

from narrative.templates import load_templates
from store.queries import Filters
from ui.data import comparable_change, rollup, township_values, townships
from ui.evidence import detail_section
from ui.export import export_buttons
from ui.filters import current_filters, partial_year_note, year_reporting, year_select
from ui.fmt import FLAT, fmt_change, fmt_number, fmt_share, md, partial_note, variant_label
from ui.report_flow import unapproved_mark, unapproved_note
from ui.sidebar import focus_indicator, open_page
from ui.state import engine

st.title("总览")
f = current_filters()
if f.year_to is None or f.year_from is None:
    st.info("数据库中还没有数据。请先在“报告导入”或“台账上传”页面导入数据。")
    st.stop()
year = year_select(f, key="overview_year")
# All years in one cached query: changing the year or the year range never goes back to the database.
cats = (f.category,) if f.category else ()
df = rollup(engine(), Filters(region_path=f.region_path, categories=cats))
df = df[~df["is_target"] & df["year"].between(f.year_from, f.year_to)]
now = df[df["year"] == year]
if now.empty:
    st.info(f"{md(f.region_name)} {year} 年{md(f.category or '')}没有可显示的数据，请换一个年份、分类或地区。")
    st.stop()
n_towns = len(townships(engine(), f.region_path))
reporting, _ = year_reporting(f)
# A year most townships have not reported yet is no point on a sum's sparkline: it would fall off a cliff.
partial_years = {y for y, k in reporting.items() if k * 2 <= n_towns}
note = partial_year_note(f, year)
if note:
    st.warning(f"{note}：下列合计只含已上报的乡镇；增减按两年均有数据的乡镇可比口径计算。", icon="⚠️")
prev = df[df["year"] == year - 1].set_index(["indicator", "variant"])
# Change is measured over the townships with figures in both years, so a township that skipped a year
# does not show up as a fall (or its return as a rise).
pairs = comparable_change(engine(), Filters(region_path=f.region_path, categories=cats), year)
pairs = pairs.set_index(["indicator", "variant"])
# One township in view (a township's own account): no 共 1 个乡镇 above and no 1/1 个乡镇上报 on every card.
whole = "" if n_towns == 1 else f" · 共 {n_towns} 个乡镇"
st.caption(f"{md(f.region_name)} · {year} 年{whole} · 与上年比较（箭头颜色按指标方向：红色表示不利变化）")
unchecked = unapproved_note(year, f.region_path)  # 多级上报: figures the county has not approved yet
mark = unapproved_mark(year, f.region_path)
if unchecked:
    if n_towns == 1:
        unchecked = f"未审核：{year} 年数据尚未经县审核"
    st.caption(f"{unchecked}，标有“{mark}”的数字可能还会更正。")

min_base = float(load_templates().rules.get("mover_min_base", 5))
cards = []
for category, group in now.groupby("category", sort=False):
    st.subheader(category)
    for i, r in enumerate(group.itertuples()):
        if i % 4 == 0:  # a row of four at a time: a phone stacks them in reading order, not column by column
            cols = st.columns(4)
        last = prev["value"].get((r.indicator, r.variant))
        change, basis = None, ""
        if (r.indicator, r.variant) in pairs.index:
            p = pairs.loc[(r.indicator, r.variant)]
            towns = int(p["towns"])
            # Over the same townships: a rate compares their means in points, a count or sum in percent.
            # (a sum on a base under the paragraphs' mover_min_base says the change itself: 由1件增至4件 is no +300%)
            per = 1 if r.aggregate == "sum" else towns
            change = fmt_change(p["now_sum"] / per, p["prev_sum"] / per, r.kind, r.unit, min_base)
            if towns < max(int(r.reporting), int(prev["reporting"].get((r.indicator, r.variant), 0))):
                basis = f"；增减按两年均有数据的 {towns} 个乡镇可比口径计算"
        spark = df[(df["indicator"] == r.indicator) & (df["variant"] == r.variant)].sort_values("year")
        if r.aggregate == "sum":
            spark = spark[~spark["year"].isin(partial_years)]
        label = f"{r.indicator_name}{variant_label(r.variant)}"
        tone = "inverse" if r.higher_is_better is False else ("off" if r.higher_is_better is None else "normal")
        masked = f"，{int(r.masked)} 个已脱敏" if r.masked else ""
        with cols[i % 4].container(border=True):
            st.metric(
                label,
                fmt_number(r.value, r.unit),
                change,
                delta_color="off" if change == FLAT else tone,
                delta_arrow="off" if change == FLAT else "auto",
                chart_data=spark["value"].dropna().tolist(),
                chart_type="line",
                help=f"{'合计' if r.aggregate == 'sum' else '乡镇平均'}；{r.category}。"
                + ("数值上升为不利变化。" if r.higher_is_better is False else ""),
            )
            share = (
                ""
                if n_towns == 1
                else partial_note(year, int(r.reporting), n_towns) or fmt_share(int(r.reporting), n_towns)
            )
            note = (share + masked + basis).lstrip("，；")
            if mark:
                note = f"{note} · {mark}" if note else mark
            if note:
                st.caption(note)
            key = "kpi_" + r.indicator + re.sub(r"\W", "", r.variant)
            if st.button("查看趋势 →", key=key, on_click=focus_indicator, args=(r.indicator,), type="tertiary"):
                open_page("views/trends.py")
        cards.append(
            {
                "分类": category,
                "指标": label,
                "年度": year,
                "数值": r.value,
                "单位": r.unit,
                "上年": last,
                "变化": change or "—",
                "上报乡镇": int(r.reporting),
                "已脱敏": int(r.masked),
            }
        )

st.divider()
export_buttons(pd.DataFrame(cards), f"总览_{f.region_name}_{year}", key="overview_export")
with st.expander("明细与溯源：查看某项指标各乡镇的数值和原文出处"):
    names = dict(zip(now["indicator"], now["indicator_name"], strict=False))
    ind = st.selectbox("指标", list(names), format_func=names.get, key="overview_detail_ind")
    rows = township_values(engine(), Filters(f.region_path, year, year, (ind,)))
    detail_section(rows, key="overview_detail")
