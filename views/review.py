"""数据审核: conflicts between ledger and report, and unreviewed figures — confirm, correct or reject."""

import streamlit as st

from store.queries import REVIEW_STATES
from ui.actions import ReviewError, apply_review
from ui.data import audit_trail, clear, review_queue
from ui.evidence import evidence_panel
from ui.filters import current_filters
from ui.fmt import fmt_value
from ui.state import engine, viewer

ACTIONS = {"confirm": "确认无误", "correct": "更正数值", "reject": "驳回（不计入统计）"}
STATUS_ZH = {v: k for k, v in REVIEW_STATES.items() if v != "conflict"}

st.title("数据审核")
st.caption(
    "台账与报告不一致的数据标为“冲突”；超出合理范围或大于同一报告中相关总数的数据标为“可疑”，确认前不上看板。"
    "确认、更正或驳回后，看板立即采用审核后的数值，原值保留在审核记录中。"
)
f = current_filters()
state_label = st.radio("查看", list(REVIEW_STATES), horizontal=True, key="review_state")
queue = review_queue(engine(), f.to_query(), REVIEW_STATES[state_label])
if queue.empty:
    st.success(f"{f.region_name}：没有“{state_label}”的数据。")
    st.stop()

table = queue.assign(
    数值=[
        fmt_value(v, u, q, m)
        for v, u, q, m in zip(queue["value"], queue["unit"], queue["qualifier"], queue["masked"], strict=True)
    ],
    状态=queue["status"].map(STATUS_ZH),
    来源=queue["source_filename"] + " " + queue["locator"].fillna(""),
    分项=queue["attrs"].map(lambda a: "、".join(f"{k}={v}" for k, v in (a or {}).items())),
    目标=queue["is_target"].map({True: "目标", False: ""}),
    说明=queue["review_note"].fillna(""),
)[["township", "year", "indicator_name", "数值", "分项", "目标", "状态", "说明", "来源", "evidence"]]
table.columns = ["乡镇", "年度", "指标", "数值", "分项", "目标", "状态", "说明", "来源", "原文"]
picked = st.dataframe(
    table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="review_table"
)
st.caption(f"共 {len(queue)} 条（最多显示 500 条）。点选一行进行审核。")
rows = picked.selection.rows if picked else []
if not rows:
    st.stop()

obs = queue.iloc[rows[0]]
obs_id = int(obs["observation_id"])
st.subheader(f"{obs['township']} · {obs['year']} 年 · {obs['indicator_name']}")
evidence_panel(obs_id)
trail = audit_trail(engine(), obs_id)
if not trail.empty:
    with st.expander(f"审核记录（{len(trail)} 条）"):
        st.dataframe(trail, hide_index=True, width="stretch", key="review_trail")

me = viewer()
if not me.can_edit:
    st.info("审核需要录入员或管理员账号，请在左侧登录。")
    st.stop()
with st.form("review_form"):
    action = st.radio("操作", list(ACTIONS), format_func=ACTIONS.get, horizontal=True, key="review_action")
    new_value = st.number_input(
        "更正后的数值（仅更正时填写）", min_value=0.0, value=float(obs["value"] or 0), key="review_value"
    )
    reason = st.text_input("原因（更正、驳回时必填）", key="review_reason")
    submitted = st.form_submit_button("提交")
if submitted:
    try:
        apply_review(action, obs_id, me.username, value=new_value, reason=reason)
    except ReviewError as e:
        st.error(str(e))
    else:
        clear()
        st.success(f"已{ACTIONS[action][:2]}：{obs['township']} {obs['year']} 年 {obs['indicator_name']}")
