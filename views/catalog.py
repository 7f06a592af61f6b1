"""指标目录: the indicator catalog as stored (data/catalog.yaml mirrored into the database)."""

import streamlit as st

from store.learned import STATUS_ZH
from ui.actions import PhrasingError, export_phrasings, phrasing_action
from ui.data import clear, indicator_catalog, learned_phrasings
from ui.fmt import md
from ui.state import engine, viewer

KIND_ZH = {"count": "计数", "money": "金额", "percent": "比率"}
BETTER_ZH = {True: "越高越好", False: "越低越好"}

st.title("指标目录")
st.caption(
    "指标口径由县级管理员统一维护；新增指标或同义词无需改动程序。"
    "口径：时点数（截至12月31日）、年度数（1月1日至12月31日累计）或学年数；口径不同的数字不相加、不比较、不排名。"
)
df = indicator_catalog(engine())
if df.empty:
    st.info("指标目录为空：请联系县级管理员维护指标口径。")
    st.stop()
cats = ["全部", *dict.fromkeys(df["category"])]
cat = st.selectbox("分类", cats, key="catalog_category")
view = df if cat == "全部" else df[df["category"] == cat]
table = view.assign(
    kind=view["kind"].map(KIND_ZH),
    higher_is_better=view["higher_is_better"].map(lambda v: BETTER_ZH.get(v, "中性")),
    synonyms=view["synonyms"].map("、".join),
    aggregate=view["aggregate"].map({"sum": "求和", "mean": "平均"}),
)[
    [
        "name",
        "official_name",
        "basis",
        "source_system",
        "category",
        "unit",
        "kind",
        "higher_is_better",
        "aggregate",
        "synonyms",
        "key",
    ]
]
st.dataframe(
    table.rename(
        columns={
            "name": "指标",
            "official_name": "统计名称",
            "basis": "口径",
            "source_system": "统计来源",
            "category": "分类",
            "unit": "单位",
            "kind": "类型",
            "higher_is_better": "方向",
            "aggregate": "汇总方式",
            "synonyms": "同义词",
            "key": "键名",
        }
    ),
    hide_index=True,
    width="stretch",
    key="catalog_table",
)
st.caption(f"共 {len(view)} 项指标。各指标的统计规则和说明较长，完整列在下方。")

# The rules and definitions are sentences: a grid cell cuts them at any width (a phone shows a few characters),
# so they are text that wraps, one indicator each, under its category.
st.subheader("统计规则与说明")
for category, group in view.groupby("category", sort=False):
    with st.expander(f"{category}（{len(group)} 项）", expanded=cat != "全部"):
        for row in group.itertuples():
            head = " · ".join(md(x) for x in (row.basis, row.source_system, row.unit) if x)
            name = md(row.name) + (
                f"（统计名称：{md(row.official_name)}）" if row.official_name and row.official_name != row.name else ""
            )
            lines = [f"**{name}**　{head}"]
            if row.counting_rule:
                lines.append(f"统计规则：{md(row.counting_rule)}")
            if row.description and row.description.rstrip("。") not in (row.name, row.counting_rule):
                lines.append(f"说明：{md(row.description)}")
            st.markdown("  \n".join(lines))

st.subheader("学习所得的说法")
st.caption(
    "录入员在报告导入中把未认领的数字指派为指标（或标为“不是指标”）时，系统记下数字旁的说法，下次提取时在目录规则之后使用。"
    "未经管理员批准的说法置信度较低；被更正或驳回两次的说法会暂停使用。"
)
learned = learned_phrasings(engine())
if learned.empty:
    st.info("还没有学习所得的说法。")
    st.stop()
names = dict(zip(df["key"], df["name"], strict=False))
shown = learned.assign(
    indicator=learned["indicator"].map(lambda k: names.get(k, k) if k else "不是指标"),
    status=learned["status"].map(STATUS_ZH),
)[["id", "indicator", "phrasing", "status", "uses", "confirmations", "corrections", "example", "created_by"]]
suspended = shown[learned["status"] == "suspended"]
if not suspended.empty:
    st.warning(f"有 {len(suspended)} 条说法因多次被更正或驳回已暂停使用，请管理员检查：")
st.dataframe(
    shown.rename(
        columns={
            "id": "编号",
            "indicator": "指标",
            "phrasing": "说法",
            "status": "状态",
            "uses": "使用次数",
            "confirmations": "确认次数",
            "corrections": "更正/驳回次数",
            "example": "原句示例",
            "created_by": "录入员",
        }
    ),
    hide_index=True,
    width="stretch",
    key="catalog_learned",
)
if not viewer().can("catalog"):
    st.caption("批准、修改、删除和导出学习所得的说法需要管理员账号。")
    st.stop()

labels = {int(r.id): f"{r.id}. {r.phrasing} → {r.indicator}（{r.status}）" for r in shown.itertuples()}
pid = st.selectbox("选择说法", list(labels), format_func=labels.get, key="catalog_learned_pick")
row = learned[learned["id"] == pid].iloc[0]
c1, c2 = st.columns(2)
word = c1.text_input("说法中的词语", value=row["word"], key=f"catalog_learned_word_{pid}")
choices = ["不是指标", *names.values()]
current = names.get(row["indicator"], "不是指标") if row["indicator"] else "不是指标"
target = c2.selectbox("对应指标", choices, index=choices.index(current), key=f"catalog_learned_ind_{pid}")
keys = {v: k for k, v in names.items()}
b1, b2, b3, b4 = st.columns(4)
try:
    if b1.button("批准", key="catalog_learned_approve", type="primary"):
        phrasing_action("approve", pid)
        st.rerun()
    if b2.button("保存修改", key="catalog_learned_edit"):
        phrasing_action("edit", pid, word=word, indicator=keys.get(target))
        st.rerun()
    if b3.button("删除", key="catalog_learned_remove"):
        phrasing_action("remove", pid)
        st.rerun()
except PhrasingError as exc:
    st.error(md(exc))
if b4.button("将已批准的说法写入指标目录", key="catalog_learned_export"):
    try:
        added = export_phrasings()
        clear()
        st.success(f"已写入指标目录：新增 {added} 条说法。")
    except (PhrasingError, OSError) as exc:
        st.error(f"导出失败：{md(exc)}")
