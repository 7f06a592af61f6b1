"""总览: KPI cards per category for the selected region and year, with change against the year before."""

import streamlit as st

from ui.data import year_over_year
from ui.fmt import fmt_change_pct, fmt_number
from ui.state import current_filters, engine

st.title("总览")
f = current_filters()
if f.year_to is None:
    st.info("数据库中还没有数据。请先在“报告导入”或“台账上传”页面导入数据。")
    st.stop()
year = st.selectbox("年度", list(range(f.year_to, (f.year_from or f.year_to) - 1, -1)), key="overview_year")
df = year_over_year(engine(), f.to_query())
now = df[df["year"] == year]
if now.empty:
    st.info(f"{f.region_name} {year} 年没有可显示的数据，请换一个年份或地区。")
    st.stop()
st.caption(f"{f.region_name} · {year} 年 · 与上年比较")
for category, group in now.groupby("category", sort=False):
    st.subheader(category)
    cols = st.columns(4)
    for i, (_, r) in enumerate(group.iterrows()):
        delta = None if r["previous"] != r["previous"] else fmt_change_pct(r["change_pct"])
        inverse = r["higher_is_better"] is False
        cols[i % 4].metric(
            r["indicator_name"], fmt_number(r["value"], r["unit"]), delta,
            delta_color="inverse" if inverse else ("off" if r["higher_is_better"] is None else "normal"),
            help=f"{int(r['reporting'])} 个乡镇上报" + (f"，{int(r['masked'])} 个已脱敏" if r["masked"] else ""),
        )
