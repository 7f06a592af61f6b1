"""数据覆盖: which township reported what — reported / masked / missing / conflicting per indicator and year."""

import pandas as pd
import streamlit as st

from store.queries import Filters
from ui.charts import STATUS_ZH, chart_config, coverage_heatmap, scroll_width
from ui.data import coverage_by_township, coverage_cells, townships
from ui.evidence import observations_panel
from ui.export import export_buttons
from ui.filters import current_filters
from ui.fmt import ON_PHONE, fmt_number, md, table_height
from ui.sidebar import indicator_options
from ui.state import engine
from ui.style import scroll_on_phone

VIEWS = {"indicator": "乡镇 × 指标（单一年度）", "year": "乡镇 × 年度（单一指标）"}
MAX_ROWS = 60

st.title("数据覆盖")
f = current_filters()
if f.year_to is None or f.year_from is None:
    st.info("数据库中还没有数据。请先在“报告导入”或“台账上传”页面导入数据。")
    st.stop()
names = indicator_options(f.category)
inds = [k for k in f.indicators if k in names] or list(names)
towns = townships(engine(), f.region_path)
if not inds or towns.empty:
    st.info(f"{md(f.region_name)}没有乡镇或没有所选分类的指标，请在侧栏换一个地区或分类{ON_PHONE}。")
    st.stop()
n_years = f.year_to - f.year_from + 1
q = Filters(f.region_path, f.year_from, f.year_to, tuple(inds))
summary = (
    towns[["id", "name"]]
    .merge(coverage_by_township(engine(), q), left_on="id", right_on="region_id", how="left")
    .fillna({"reported": 0, "masked": 0, "conflict": 0, "cells": 0})
)
expected = len(inds) * n_years
summary["missing"] = expected - summary["cells"]
summary = summary.sort_values(["missing", "conflict", "name"], ascending=[False, False, True])

c = st.columns(4)
total = expected * len(summary)
c[0].metric("应报项（乡镇×指标×年度）", fmt_number(total))
c[1].metric(
    "已上报",
    fmt_number(int(summary["reported"].sum())),
    f"{summary['reported'].sum() / total:.0%}",
    delta_color="off",
    delta_arrow="off",
)
c[2].metric("缺报", fmt_number(int(summary["missing"].sum())))
c[3].metric(
    "已脱敏 / 有冲突", f"{fmt_number(int(summary['masked'].sum()))} / {fmt_number(int(summary['conflict'].sum()))}"
)

view = st.radio("视图", list(VIEWS), format_func=VIEWS.get, horizontal=True, key="cov_view")
shown = summary.head(MAX_ROWS)
ids = tuple(int(i) for i in shown["id"])
if view == "indicator":
    year = st.selectbox("年度", list(range(f.year_to, f.year_from - 1, -1)), key="cov_year")
    cells = coverage_cells(engine(), Filters(f.region_path, year, year, tuple(inds)), ids)
    grid = cells.assign(row=cells["township"], col=cells["indicator_name"])
    cols, title = [names[k] for k in inds], f"{year} 年各乡镇上报情况"
else:
    ind = st.selectbox("指标", inds, format_func=names.get, key="cov_ind")
    cells = coverage_cells(engine(), Filters(f.region_path, f.year_from, f.year_to, (ind,)), ids)
    grid = cells.assign(row=cells["township"], col=cells["year"].map(lambda y: f"{y}年"))
    cols, title = [f"{y}年" for y in range(f.year_from, f.year_to + 1)], f"{names[ind]} 各年度上报情况"
rows = shown["name"].tolist()
if len(summary) > MAX_ROWS:
    st.caption(f"共 {len(summary)} 个乡镇，图中显示缺报最多的 {MAX_ROWS} 个；完整清单见下方表格和导出文件。")
# Indicators go down the side (many of them, long names), townships across; years go across.
heat = coverage_heatmap(grid, rows, cols, title, transpose=view == "indicator")
across, down = (rows, cols) if view == "indicator" else (cols, rows)
scroll_on_phone("cov_heat", scroll_width(down, len(across)))
st.plotly_chart(heat, key="cov_heat", config=chart_config(title))

# The full cell list of what is shown, missing cells included: what the leader exports and clicks through.
full = pd.MultiIndex.from_product([rows, cols], names=["row", "col"]).to_frame(index=False)
full = full.merge(grid[["row", "col", "status", "region_id", "indicator", "year"]], on=["row", "col"], how="left")
full["status"] = full["status"].fillna("missing")
problems = full[full["status"] != "reported"].reset_index(drop=True)
st.subheader("未正常上报的项目")
if problems.empty:
    st.success("所显示的乡镇、指标和年度全部已上报。")
else:
    table = pd.DataFrame({"乡镇": problems["row"], "项目": problems["col"], "状态": problems["status"].map(STATUS_ZH)})
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(36 + 35 * len(table), 300),
        on_select="rerun",
        selection_mode="single-row",
        key="cov_problems",
    )
    sel = event.selection.rows if event else []
    if sel:
        p = problems.iloc[sel[0]]
        if p["status"] == "missing":
            st.info(f"{md(p['row'])} · {md(p['col'])}：缺报，没有任何报告或台账提供这项数据。请联系该乡镇补报。")
        else:
            observations_panel(int(p["region_id"]), str(p["indicator"]), int(p["year"]), key="cov_detail")
    else:
        st.caption("点选一行查看该项数据的来源（脱敏、冲突）或缺报说明。")
export = summary.rename(
    columns={"name": "乡镇", "reported": "已上报", "masked": "已脱敏", "conflict": "有冲突", "missing": "缺报"}
)[["乡镇", "已上报", "已脱敏", "有冲突", "缺报"]]
st.subheader("各乡镇汇总")
st.dataframe(export, hide_index=True, width="stretch", height=table_height(len(export)), key="cov_summary")
export_buttons(export, f"数据覆盖_{f.region_name}_{f.year_from}-{f.year_to}", key="cov_export")
