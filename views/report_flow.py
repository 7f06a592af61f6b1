"""上报进度: per township and year — 草稿 / 已上报 / 已审核 / 已退回, who submitted and reviewed, due date and
overdue; 填报员 confirm (上报) the figures already held, 审核员 approve or return with a reason, the county
sends 催报 shown in-app to the township's 填报员. Nothing is typed again; no points or rankings of people."""

import pandas as pd
import streamlit as st

from store.submissions import STATE_ZH
from ui.filters import current_filters, year_select
from ui.fmt import attrs_text, fmt_value, table_height, text_width
from ui.fmt import md as plain
from ui.report_flow import FlowError, board, figures, move, reminders
from ui.state import viewer


def when(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


st.title("上报进度")
st.caption(
    "上报就是确认系统中已有的数字（来自报告、台账和在线填报），不需要重新填写。"
    "流程：草稿 → 已上报（乡镇填报员）→ 已审核（县审核员）或退回（附原因，改后重新上报）。"
    "已审核的数据锁定：再导入的不同数值要经县审核员确认后才生效，更正记入审计日志。"
)
me = viewer()
if done := st.session_state.pop("flow_done", None):
    st.success(plain(done))
for r in reminders().itertuples():
    st.info(
        f"催报：请确认上报 {plain(r.township)} {r.year} 年数据（{plain(r.sent_by)} 于 {when(r.sent_at)} 提醒）",
        icon="🔔",
    )

f = current_filters()
if f.year_to is None or f.year_from is None:
    st.info("数据库中还没有数据。请先在“报告导入”“台账上传”或“在线填报”中导入数据，再来上报。")
    st.stop()
year = year_select(f, key="flow_year")
rows = board(year, f.region_path)
if rows.empty:
    st.info("所选地区没有乡镇。")
    st.stop()

counts = rows["status"].value_counts()
overdue = int(rows["overdue"].sum())
st.caption(
    f"{plain(f.region_name)} · {year} 年 · 共 {len(rows)} 个乡镇："
    + "，".join(f"{STATE_ZH[s]} {int(counts.get(s, 0))}" for s in ("approved", "submitted", "returned", "draft"))
    + (f"；逾期未报 {overdue}" if overdue else "")
)
table = pd.DataFrame(
    {
        "乡镇": rows["township"],
        "所属县": rows["county"].fillna(""),
        "状态": rows["state"],
        "数据项": rows["figures"],
        "待审核的新数值": rows["held"],
        "上报人": rows["submitted_by"].fillna(""),
        "上报时间": rows["submitted_at"].map(when),
        "审核人": rows["reviewed_by"].fillna(""),
        "审核时间": rows["reviewed_at"].map(when),
        "退回原因": rows["reason"].fillna(""),
        "截止日期": rows["due"].map(lambda d: "" if d is None else d.isoformat()),
        "逾期": rows["overdue"].map(lambda o: "逾期" if o else ""),
        "催报": rows["reminders"].map(lambda n: f"{n} 次" if n else ""),
    }
)
if rows["county"].nunique() <= 1:  # one county's townships: its name on every row says nothing on a phone
    table = table.drop(columns="所属县")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=table_height(len(table)),
    key="flow_table",
    column_config={"乡镇": st.column_config.TextColumn("乡镇", width=text_width("乡镇", table["乡镇"]), pinned=True)},
)

st.subheader("办理")
labels = {int(i): f"{t}（{s}）" for i, t, s in zip(rows["region_id"], rows["township"], rows["state"], strict=True)}
picked = st.selectbox("乡镇", list(labels), format_func=labels.get, key="flow_town")
row = rows[rows["region_id"] == picked].iloc[0]
status, version = str(row["status"]), int(row["version"])
if status == "returned" and row["reason"]:
    st.warning(f"已退回：{plain(row['reason'])}", icon="↩️")
if int(row["held"]):
    st.caption(f"有 {int(row['held'])} 项新导入的数值与已审核的不同，正在“数据审核”中等待县审核员确认（标为可疑）。")


def act(action: str, label: str, reason: str = "") -> None:
    try:
        move(action, picked, year, version, reason)
        st.session_state["flow_done"] = f"{row['township']} {year} 年：已{label}"
        st.rerun()
    except FlowError as e:
        st.error(plain(e))


can_submit = me.can("submit") and status in ("draft", "returned")
can_review = me.can("review") and status == "submitted"
held = figures(str(row["path"]), year) if can_submit or can_review else None
if held is not None and held.empty:  # nothing to confirm: say why instead of an empty table and a button
    st.info(
        f"{plain(row['township'])} {year} 年系统中还没有任何数据，无需上报。"
        "请先在“报告导入”“台账上传”或“在线填报”中录入，再来确认上报。"
    )
    can_submit = can_review = False
if can_submit or can_review:
    assert held is not None
    what = "将确认上报" if can_submit else "已上报"
    st.caption(f"{plain(row['township'])} {year} 年{what}的 {len(held)} 项数据（系统中已有，不需要重新填写）：")
    st.dataframe(
        pd.DataFrame(
            {
                "指标": held["indicator_name"]
                + held["attrs"].map(lambda a: f"（{attrs_text(a)}）" if attrs_text(a) else "")  # （≥10万元）
                + held["is_target"].map(lambda t: "（目标）" if t else ""),
                "数值": [
                    fmt_value(v, u, q, m)
                    for v, u, q, m in zip(held["value"], held["unit"], held["qualifier"], held["masked"], strict=True)
                ],
                "来源": held["source_filename"],
            }
        ),
        hide_index=True,
        width="stretch",
        height=table_height(len(held)),  # the clerk confirms every figure listed: none below the frame's edge
        key="flow_figures",
    )
if can_submit and st.button("确认上报", type="primary", key="flow_submit"):
    act("submit", "上报")
if can_review:
    c1, c2 = st.columns([1, 2])
    if c1.button("审核通过", type="primary", key="flow_approve"):
        act("approve", "审核通过，数据已锁定")
    reason = c2.text_input("退回原因（退回时必填）", key="flow_reason")
    if c2.button("退回", key="flow_return"):
        act("return", "退回", reason)
if me.can("remind") and status in ("draft", "returned") and st.button("催报", key="flow_remind"):
    act("remind", "催报，乡镇填报员登录后会看到提醒")
if not (can_submit or can_review or me.can("remind")):
    st.caption(f"当前状态：{STATE_ZH[status]}。")
