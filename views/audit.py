"""审计日志 (administrators): logins, exports, account and grant changes, imports, reviews and deletions,
filtered by time, kind and person, exportable."""

from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from store.audit import ACTION_ZH, AuditFilter
from ui.actions import read_audit_log
from ui.export import export_buttons
from ui.state import viewer

st.title("审计日志")
if not viewer().can("audit"):
    st.info("审计日志需要管理员账号。")
    st.stop()
st.caption("登录（成功和失败）、导出、账号和授权修改、导入、审核、删除，都记录在这里。")

c1, c2, c3 = st.columns([2, 3, 2])
today = date.today()
picked = c1.date_input("日期范围", (today - timedelta(days=30), today), key="audit_dates")
kinds = c2.multiselect("类别（不选为全部）", list(ACTION_ZH), format_func=ACTION_ZH.get, key="audit_kinds")
who = c3.text_input("操作人（包含）", key="audit_who")
start, end = picked if isinstance(picked, tuple) and len(picked) == 2 else (today, today)
f = AuditFilter(
    since=datetime.combine(start, time.min),
    until=datetime.combine(end + timedelta(days=1), time.min),
    actions=tuple(kinds),
    who=who.strip(),
)
log = read_audit_log(f)
shown = pd.DataFrame(
    {
        "时间": log["at"],
        "操作人": log["actor"],
        "类别": log["action"].map(lambda a: ACTION_ZH.get(a, a)),
        "对象": log["object_type"].astype(str) + " " + log["object_id"].astype("Int64").astype(str).replace("<NA>", ""),
        "原值": log["old"].map(lambda v: "" if v is None else str(v)),
        "新值": log["new"].map(lambda v: "" if v is None else str(v)),
        "原因": log["reason"].fillna(""),
    }
)
st.dataframe(shown, hide_index=True, width="stretch", key="audit_table")
st.caption(f"共 {len(shown)} 条（最多 5000 条，最新的在前）。")
export_buttons(shown, "审计日志", "audit_export")
