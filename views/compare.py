"""乡镇对比: ranking bars for one indicator and year with the average line, and a rank heat map."""

import streamlit as st

from store.queries import Filters
from store.rollups import NORMS, VILLAGES_KEY
from ui.charts import chart_config, rank_heatmap, ranking_figure, scroll_width, selected_points
from ui.data import indicator_catalog, rank_matrix, ranking_table, rollup, townships
from ui.evidence import detail_section
from ui.export import export_buttons
from ui.filters import current_filters, partial_year_note, url_choice, year_select
from ui.fmt import ON_PHONE, fmt_number, md, variant_label
from ui.report_flow import approval_marks, unapproved_note
from ui.sidebar import indicator_options
from ui.state import engine, set_query
from ui.style import scroll_on_phone

SHOW = {"top": "前 20 名", "bottom": "后 20 名", "all": "全部"}
HEAT_ROWS = 40

st.title("乡镇对比")
f = current_filters()
if f.year_to is None or f.year_from is None:
    st.info("数据库中还没有数据。请先在“报告导入”或“台账上传”页面导入数据。")
    st.stop()
n_towns = len(townships(engine(), f.region_path))
if n_towns < 2:  # one township ranks first of one: say what the page needs instead of a bar and a column of 1s
    if len(townships(engine(), None)) < 2:  # the account sees one township only: no other region to choose
        st.info(
            f"乡镇对比需要两个以上乡镇，您的账号只能查看{md(f.region_name)}。"
            "本乡镇的数字和历年变化请在“总览”和“指标趋势”中查看。"
        )
    else:
        st.info(
            f"乡镇对比需要两个以上乡镇，{md(f.region_name)}范围内只有 {n_towns} 个乡镇。"
            f"请在侧栏“地区”中选择县（区）{ON_PHONE}。"
        )
    st.stop()
names = indicator_options(f.category)
choices = [k for k in f.indicators if k in names] or list(names)
if not choices:
    st.info(f"分类“{md(f.category)}”下没有指标，请在侧栏换一个分类{ON_PHONE}。")
    st.stop()
c1, c2, c3 = st.columns([2, 1, 2])
ind = c1.selectbox(
    "指标", choices, index=choices.index(url_choice("show", choices, choices[0])), format_func=names.get, key="cmp_ind"
)
year = year_select(f, key="cmp_year", container=c2)
spec = indicator_catalog(engine()).set_index("key").loc[ind]
# Per-capita / per-village only for additive counts and money (not rates, not per-capita incomes).
norms = ["none"] + (["capita", "village"] if spec["aggregate"] == "sum" and ind != VILLAGES_KEY else [])
norm = c3.radio(
    "口径",
    norms,
    index=norms.index(url_choice("norm", norms, "none")),
    format_func=NORMS.get,
    horizontal=True,
    key="cmp_norm",
)
variants = rollup(engine(), Filters(f.region_path, year, year, (ind,)))["variant"].unique().tolist() or [""]
variant = variants[0]
if len(variants) > 1:
    variant = st.selectbox(
        "门槛",
        variants,
        index=variants.index(url_choice("variant", variants, variant)),
        format_func=variant_label,
        key="cmp_variant",
    )

set_query(show=ind, norm=norm, variant=variant or None)
ranked = ranking_table(engine(), Filters(f.region_path), ind, year, variant, norm).assign(year=year)
valid = ranked.dropna(subset=["rank"])
if valid.empty:
    st.info(f"{md(f.region_name)} {year} 年没有乡镇上报“{names[ind]}”，请换一个年份、指标或地区。")
    st.stop()
note = partial_year_note(f, year)
if note:
    st.warning(f"{note}：排名和平均只含已上报的乡镇，未上报的乡镇不参与排名。", icon="⚠️")
unit = spec["unit"] if norm == "none" else f"{spec['unit']}/{'万人' if norm == 'capita' else '村'}"
average = float(valid["normed"].mean())
shown = valid
if len(valid) > 30:
    show = st.radio(
        "显示",
        list(SHOW),
        index=list(SHOW).index(url_choice("rows", list(SHOW), "top")),
        format_func=SHOW.get,
        horizontal=True,
        key="cmp_show",
    )
    set_query(rows=show)
    shown = valid.head(20) if show == "top" else valid.tail(20) if show == "bottom" else valid
title = f"{names[ind]}{variant_label(variant)} · {year} 年 · {NORMS[norm]}"
event = st.plotly_chart(
    ranking_figure(shown, title, unit, average, f"{f.region_name}平均"),
    key="cmp_chart",
    on_select="rerun",
    selection_mode="points",
    config=chart_config(f"排名_{names[ind]}_{year}"),
)
lost = ranked[ranked["rank"].isna()]
st.caption(
    f"共 {len(valid)} 个乡镇参与排名，平均 {fmt_number(average, unit)}。"
    + (f"未参与排名（已脱敏或缺少人口/行政村数）：{'、'.join(lost['township'])}。" if len(lost) else "")
    + ("方向：数值越低排名越靠前。" if spec["higher_is_better"] is False else "")
    + (f"{unchecked}。" if (unchecked := unapproved_note(year, f.region_path)) else "")
)

heat_ids = tuple(int(i) for i in shown["region_id"].head(HEAT_ROWS))
matrix = rank_matrix(
    engine(),
    Filters(f.region_path, indicators=f.indicators, categories=(f.category,) if f.category else ()),
    year,
    heat_ids,
)
# An indicator with no better direction (流动党员数, 死亡党员数, 转入党员数 …) has no 最好: under "1 = 最好" its
# largest township read as the best. Such rows stay out of the map and the caption names them.
direction = indicator_catalog(engine()).set_index("key")["higher_is_better"]
neutral = matrix["indicator"].map(lambda k: direction.get(k) is None) if not matrix.empty else None
if neutral is not None and neutral.any():
    left_out = list(dict.fromkeys(matrix.loc[neutral, "indicator_name"]))
    matrix = matrix[~neutral]
    st.caption(f"{'、'.join(left_out)}没有好坏之分，不列入下面的排名热力图（可在上方逐项比较）。")
if not matrix.empty:
    matrix = matrix.assign(label=matrix["indicator_name"] + matrix["variant"].map(variant_label))
    note = f"（排名靠前的 {HEAT_ROWS} 个乡镇）" if len(shown) > HEAT_ROWS else ""
    scroll_on_phone("cmp_heat", scroll_width(list(dict.fromkeys(matrix["label"])), matrix["township"].nunique()))
    st.plotly_chart(
        rank_heatmap(matrix, f"各指标排名{note} · {year} 年（1 = 最好）"),
        key="cmp_heat",
        config=chart_config(f"排名热力图_{year}"),
    )

table = ranked.assign(指标=names[ind], 口径=NORMS[norm], 审核=approval_marks(ranked["region_id"], year))[
    ["rank", "township", "指标", "value", "normed", "口径", "masked", "population", "villages", "审核"]
]
export_buttons(
    table.rename(
        columns={
            "rank": "排名",
            "township": "乡镇",
            "value": "原始值",
            "normed": "对比值",
            "masked": "已脱敏",
            "population": "人口",
            "villages": "行政村数",
        }
    ),
    f"乡镇对比_{names[ind]}_{year}",
    key="cmp_export",
)
rows = ranked.assign(indicator=ind, indicator_name=names[ind], unit=spec["unit"])
detail_section(rows, key="cmp_detail", picked=next(iter(selected_points(event)), None))
