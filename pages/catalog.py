"""指标目录: the indicator catalog as stored (data/catalog.yaml mirrored into the database)."""

import streamlit as st

from ui.data import indicator_catalog
from ui.state import engine

KIND_ZH = {"count": "计数", "money": "金额", "percent": "比率"}
BETTER_ZH = {True: "越高越好", False: "越低越好"}

st.title("指标目录")
st.caption("指标定义来自 data/catalog.yaml；新增指标或同义词只需修改该文件，无需改代码。")
df = indicator_catalog(engine())
if df.empty:
    st.info("指标目录为空：请检查 data/catalog.yaml。")
    st.stop()
cats = ["全部", *dict.fromkeys(df["category"])]
cat = st.selectbox("分类", cats, key="catalog_category")
view = df if cat == "全部" else df[df["category"] == cat]
table = view.assign(
    kind=view["kind"].map(KIND_ZH),
    higher_is_better=view["higher_is_better"].map(lambda v: BETTER_ZH.get(v, "中性")),
    synonyms=view["synonyms"].map("、".join),
    aggregate=view["aggregate"].map({"sum": "求和", "mean": "平均"}),
)[["name", "category", "unit", "kind", "higher_is_better", "aggregate", "synonyms", "key", "description"]]
st.dataframe(
    table.rename(
        columns={
            "name": "指标",
            "category": "分类",
            "unit": "单位",
            "kind": "类型",
            "higher_is_better": "方向",
            "aggregate": "汇总方式",
            "synonyms": "同义词",
            "key": "键名",
            "description": "说明",
        }
    ),
    hide_index=True,
    width="stretch",
    key="catalog_table",
)
st.caption(f"共 {len(view)} 项指标。")
