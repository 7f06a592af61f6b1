"""指标趋势: one or more indicators over the years, per township or as the region's total / average."""

import pandas as pd
import streamlit as st

from store.queries import Filters
from ui.charts import chart_config, selected_points, trend_figure
from ui.data import ranking_table, rollup, township_parts, township_values, townships
from ui.evidence import detail_section
from ui.export import export_buttons
from ui.filters import current_filters, default_year, url_choice, url_picks, year_reporting
from ui.fmt import ON_PHONE, md, variant_label, variant_labels
from ui.sidebar import indicator_options
from ui.state import engine, set_query

MODES = {"towns": "各乡镇", "total": "全域汇总", "mean": "乡镇平均"}
MAX_INDICATORS, DEFAULT_TOWNS = 4, 8

st.title("指标趋势")
f = current_filters()
if f.year_to is None or f.year_from is None:
    st.info("数据库中还没有数据。请先在“报告导入”或“台账上传”页面导入数据。")
    st.stop()
names = indicator_options(f.category)
inds = [k for k in f.indicators if k in names] or list(names)[:1]
if not inds:
    st.info(f"分类“{md(f.category)}”下没有指标，请在侧栏换一个分类{ON_PHONE}。")
    st.stop()
if not f.indicators:
    st.caption(f"未选择指标，显示本分类的第一项。可在侧栏“指标”中选择多项进行对比{ON_PHONE}。")
if len(inds) > MAX_INDICATORS:
    st.caption(f"一次最多显示 {MAX_INDICATORS} 项指标，已显示前 {MAX_INDICATORS} 项。")
    inds = inds[:MAX_INDICATORS]
years = list(range(f.year_from, f.year_to + 1))
towns = townships(engine(), f.region_path)
mode = st.radio(
    "显示方式",
    list(MODES),
    format_func=MODES.get,
    horizontal=True,
    key="trend_mode",
    index=list(MODES).index(url_choice("mode", list(MODES), "towns" if len(towns) <= 12 else "total")),
)
set_query(mode=mode)

picked_towns: list[int] = []
if mode == "towns":
    # Default lines: the townships ranked best on the first indicator in the last year (at most 8 lines).
    best = ranking_table(engine(), Filters(f.region_path), inds[0], default_year(f) or f.year_to)
    default = (
        best.dropna(subset=["rank"])["region_id"].head(DEFAULT_TOWNS).tolist()
        or towns["id"].head(DEFAULT_TOWNS).tolist()
    )
    labels = dict(zip(towns["id"], towns["name"], strict=True))
    picked_towns = st.multiselect(
        "乡镇",
        list(labels),
        default=url_picks("towns", list(labels)) or default,
        format_func=labels.get,
        key="trend_towns",
        max_selections=12,
        placeholder="选择要显示的乡镇",
    )
    set_query(towns=",".join(map(str, picked_towns)))
    if not picked_towns:
        st.info("请至少选择一个乡镇。")
        st.stop()

exported, details, picked = [], [], None
for ind in inds:
    q = Filters(f.region_path, f.year_from, f.year_to, (ind,), include_targets=True)
    # Parts (警告处分, 农村党支部) are never a headline total, but every saved figure is on this page.
    parts = township_parts(engine(), q)
    if mode == "towns":
        found = [v for v in (township_values(engine(), q), parts) if not v.empty]
        vals = pd.concat(found, ignore_index=True) if found else parts
        vals = vals[vals["region_id"].isin(picked_towns)]
        series = vals.assign(name=vals["township"] + vals["variant"].map(variant_labels(vals["variant"])))
        details.append(vals[~vals["is_target"]])
    else:
        agg = rollup(engine(), q)
        word = "合计" if mode == "total" and (agg.empty or agg["aggregate"].iloc[0] == "sum") else "平均"
        value = agg["value"] if mode == "total" else agg["mean"]
        series = agg.assign(
            value=value,
            masked=(agg["reporting"] == 0) & (agg["masked"] > 0),
            qualifier=agg["inexact"].map(lambda n: "over" if n else "exact"),
            name=f"{f.region_name}{word}" + agg["variant"].map(variant_labels(agg["variant"])),
            observation_id=None,
            region_id=None,
        )
    if series.empty and not parts.empty:
        st.caption(f"{names[ind]}：只有分项数据（如{variant_label(parts['variant'].iloc[0])}），见下方明细与溯源。")
        details.append(parts)
        continue
    if series.empty:
        st.info(f"{names[ind]}：{md(f.region_name)} {f.year_from}–{f.year_to} 年没有数据。")
        continue
    unit = str(series["unit"].iloc[0])
    fig = trend_figure(series, f"{names[ind]}（{unit}）", unit, years)
    event = st.plotly_chart(
        fig,
        key=f"trend_chart_{ind}",
        on_select="rerun",
        selection_mode="points",
        config=chart_config(f"趋势_{names[ind]}"),
    )
    picked = next(iter(selected_points(event)), picked)
    exported.append(
        series.assign(指标=names[ind])[["指标", "name", "year", "value", "masked", "qualifier", "is_target", "unit"]]
    )
    if mode != "towns":  # the table below lists the townships behind the total of the last year
        vals = township_values(engine(), Filters(f.region_path, f.year_to, f.year_to, (ind,)))
        details += [vals, parts]

if not exported and not details:
    st.stop()
if exported and mode != "towns":
    reporting, n_towns = year_reporting(f)
    partial = [f"{y}年：{reporting.get(y, 0)}/{n_towns}" for y in years if 0 < reporting.get(y, 0) < n_towns]
    if partial:
        st.warning(
            f"{'；'.join(partial)} 个乡镇已上报：这些年份的{MODES[mode]}只含已上报的乡镇，与其他年份不可直接比较。",
            icon="⚠️",
        )
if exported:
    st.caption("虚线空心菱形为目标值；折线中断处的灰色空心圆表示该年数据已脱敏；“余”“约”等限定词见悬停提示。")
    table = pd.concat(exported, ignore_index=True).rename(
        columns={
            "name": "对象",
            "year": "年度",
            "value": "数值",
            "masked": "已脱敏",
            "qualifier": "限定词",
            "is_target": "目标值",
            "unit": "单位",
        }
    )
    export_buttons(table, f"指标趋势_{f.region_name}", key="trend_export")
detail_section(
    pd.concat([d for d in details if not d.empty] or details[:1], ignore_index=True), key="trend_detail", picked=picked
)
