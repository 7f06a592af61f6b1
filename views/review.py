"""数据审核: conflicts between ledger and report, and unreviewed figures — confirm, correct or reject."""

from dataclasses import replace

import streamlit as st

from store.queries import REVIEW_REASONS, REVIEW_STATES
from ui.actions import ReviewError, apply_review, confirm_file, run_checks
from ui.data import clear, review_count, review_files, review_queue, townships
from ui.evidence import evidence_panel
from ui.filters import current_filters
from ui.fmt import attrs_text, entry_number, fmt_value, md
from ui.sidebar import indicator_options
from ui.state import ViewFilters, engine, viewer

ACTIONS = {"confirm": "确认无误", "correct": "更正数值", "reject": "驳回（不计入统计）"}
STATUS_ZH = {v: k for k, v in REVIEW_STATES.items() if v != "conflict"}

PAGE_SIZE = 100
ALL = "全部"
WORK_STATES = ("冲突", "需说明", "可疑", "待审核")  # the figures still waiting for a reviewer, in this order


def _scope(f: ViewFilters) -> str:
    """'宁远县 2019–2024 年“党员队伍”' — the region, years and category the counts are over."""
    years = ""
    if f.year_to is not None:
        years = f" {f.year_to} 年" if f.year_from in (None, f.year_to) else f" {f.year_from}–{f.year_to} 年"
    category = f"“{md(f.category)}”类" if f.category else ""
    return f"{md(f.region_name)}{years}{category}"


st.title("数据审核")
st.caption(
    "台账与报告不一致的数据标为“冲突”；超出合理范围或大于同一报告中相关总数的数据标为“可疑”；"
    "与上年不衔接（上年底数不等于上年年底数、党员增减不平衡、分项大于总数、比上年变动异常）的数据标为“需说明”，"
    "须填写说明才能确认。以上数据确认前不上看板。"
    "确认、更正或驳回后，看板立即采用审核后的数值，原值保留在审核记录中。"
)
if done := st.session_state.pop("review_done", None):
    st.success(md(done))
f = current_filters()
if viewer().can("review") and f.year_to is not None:
    if st.button(f"核查 {f.year_to} 年数据（与上年衔接、分项与总数）", key="review_run_checks"):
        try:
            n = run_checks(f.region_path, int(f.year_to))
        except ReviewError as e:
            st.error(str(e))
        else:
            clear()
            st.session_state["review_done"] = f"核查完成：{n} 条数据需说明。" if n else "核查完成：没有发现问题。"
            st.rerun()
q = f.to_query()
# The states that hold work, with their counts on the tabs; the page opens on the first one that has any.
waiting = {label: review_count(engine(), q, REVIEW_STATES[label]) for label in WORK_STATES}
if "review_state" not in st.session_state:
    st.session_state["review_state"] = next((label for label, n in waiting.items() if n), WORK_STATES[0])
if not any(waiting.values()):
    st.success(
        f"{_scope(f)}没有需要审核的数据：冲突、需说明、可疑、待审核均为 0 条。"
        "已审核的数据可在“已确认”“已更正”“已驳回”中查看。"
    )
state_label = st.radio(
    "查看",
    list(REVIEW_STATES),
    format_func=lambda label: f"{label}（{waiting[label]}）" if label in waiting else label,
    horizontal=True,
    key="review_state",
)
state = REVIEW_STATES[state_label]
if not any(waiting.values()) and state_label in WORK_STATES:
    st.stop()  # said above, once
files = review_files(engine(), q, state)
file_labels = {ALL: f"全部文件（{int(files['n'].sum())} 条）"} | {
    int(i): f"{name}（{int(n)} 条）"
    for i, name, n in zip(files["source_id"], files["filename"], files["n"], strict=True)
}
towns = townships(engine(), f.region_path)
town_labels = {ALL: "全部乡镇"} | dict(zip(towns["id"].astype(int), towns["name"], strict=True))
names = indicator_options(f.category)
c1, c2, c3, c4 = st.columns([2, 1, 1, 1])
source = c1.selectbox("文件", list(file_labels), format_func=file_labels.get, key="review_file")
town = c2.selectbox("乡镇", list(town_labels), format_func=town_labels.get, key="review_town")
ind = c3.selectbox("指标", [ALL, *names], format_func=lambda k: "全部指标" if k == ALL else names[k], key="review_ind")
why = c4.selectbox(
    "原因", [ALL, *REVIEW_REASONS], format_func=lambda k: "全部原因" if k == ALL else k, key="review_why"
)
reason = None if why == ALL else REVIEW_REASONS[why]
if ind != ALL:
    q = replace(q, indicators=(ind,))
source_id = None if source == ALL else int(source)
region_id = None if town == ALL else int(town)
total = review_count(engine(), q, state, source_id=source_id, region_id=region_id, reason=reason)
if not total:
    st.success(f"{md(f.region_name)}：没有符合条件的“{state_label}”数据。")
    st.stop()
pages = max(1, -(-total // PAGE_SIZE))
page_no = 1
if pages > 1:
    page_no = int(st.number_input(f"页码（共 {pages} 页）", 1, pages, 1, key="review_page"))
queue = review_queue(
    engine(),
    q,
    state,
    limit=PAGE_SIZE,
    offset=(page_no - 1) * PAGE_SIZE,
    source_id=source_id,
    region_id=region_id,
    reason=reason,
)

table = queue.assign(
    数值=[
        fmt_value(v, u, q_, m)
        for v, u, q_, m in zip(queue["value"], queue["unit"], queue["qualifier"], queue["masked"], strict=True)
    ],
    状态=queue["status"].map(STATUS_ZH) + queue["conflict"].map({True: "·冲突", False: ""}),
    # A ledger cell (党员!B4) helps find the figure; a report's character offsets (span:30-33) do not: 原文 shows it.
    来源=queue["source_filename"]
    + queue["locator"].fillna("").map(lambda loc: "" if not loc or loc.startswith("span:") else f" {loc}"),
    分项=queue["attrs"].map(attrs_text),  # 严重警告, 二级, ≥10万元: not severity=严重警告
    目标=queue["is_target"].map({True: "目标", False: ""}),
    说明=queue["review_note"].fillna(""),
    原文=queue["evidence"].fillna(""),
)[["township", "year", "indicator_name", "数值", "分项", "目标", "状态", "说明", "来源", "原文"]]
table.columns = ["乡镇", "年度", "指标", "数值", "分项", "目标", "状态", "说明", "来源", "原文"]
picked = st.dataframe(
    table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="review_table"
)
first = (page_no - 1) * PAGE_SIZE + 1
st.caption(f"共 {total} 条，本页第 {first}–{first + len(queue) - 1} 条。点选一行查看原文并审核。")

me = viewer()
if source_id is not None and me.can("review") and state in ("extracted", "conflict"):
    everything = review_queue(engine(), q, state, limit=total, source_id=source_id, region_id=region_id, reason=reason)
    if st.button(f"确认该文件的全部 {total} 条数据", key="review_confirm_file"):
        n = confirm_file([int(i) for i in everything["observation_id"]])
        clear()
        st.session_state["review_done"] = f"已确认《{file_labels[source_id].rsplit('（', 1)[0]}》的 {n} 条数据。"
        st.rerun()

rows = picked.selection.rows if picked else []
if not rows:
    st.stop()

obs = queue.iloc[rows[0]]
obs_id = int(obs["observation_id"])
st.subheader("原文与审核")  # the panel below names the figure (乡镇 · 年 · 指标) itself: not twice in a row
evidence_panel(obs_id)

me = viewer()
if not me.can("review"):
    st.info("审核需要审核员或管理员账号。")
    st.stop()
with st.form("review_form"):
    action = st.radio("操作", list(ACTIONS), format_func=ACTIONS.get, horizontal=True, key="review_action")
    new_value = st.number_input(
        f"更正后的数值（{obs['unit']}，仅更正时填写）",
        key="review_value",
        **entry_number(obs["value"], str(obs["kind"]), str(obs["unit"])),
    )
    reason = st.text_input(
        "原因（更正、驳回时必填；确认“需说明”的数据时填写说明，如：因党员组织关系集中转出调整）", key="review_reason"
    )
    submitted = st.form_submit_button("提交")
if submitted:
    try:
        apply_review(action, obs_id, version=int(obs["version"]), value=new_value, reason=reason)
    except ReviewError as e:
        clear()
        st.error(md(e))
    else:
        clear()
        st.session_state["review_done"] = (
            f"已{ACTIONS[action][:2]}：{obs['township']} {obs['year']} 年 {obs['indicator_name']}"
        )
        st.rerun()  # the table shows the new status at once
