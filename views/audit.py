"""审计日志 (administrators): logins, exports, account and grant changes, imports, reviews and deletions,
filtered by time, kind and person, exportable."""

from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from store.access import ROLE_ZH
from store.audit import ACTION_ZH, AuditFilter
from ui.admin import read_audit_log
from ui.export import export_buttons
from ui.state import viewer

OBJECT_ZH = {
    "source": "文件",
    "observation": "数据",
    "user": "账号",
    "region": "乡镇",
    "database": "数据库",
    "learned_phrasing": "学到的说法",
    "login": "登录",
    "setting": "设置",
}
FIELD_ZH = {
    "filename": "文件",
    "kind": "类型",
    "facts": "条数",
    "new": "新增",
    "observations": "数据条数",
    "username": "用户名",
    "role": "角色",
    "regions": "地区",
    "value": "数值",
    "status": "状态",
    "townships": "乡镇",
    "years": "年份",
    "name": "名称",
    "aliases": "别名",
    "into": "并入",
    "files": "文件数",
    "grants_moved": "权限随之转移的用户",
    "source_id": "文件编号",
    "sources": "文件数",
    "title": "标题",
    "indicator": "指标",
    "evidence": "原文",
    "wait": "等待秒数",
    "why": "原因",
    "failures": "失败次数",
    "anonymous_scope": "匿名浏览范围",
}
# Values a user would otherwise read in English: source kinds, roles, reasons.
VALUE_ZH = {
    "report": "报告",
    "ledger": "台账",
    "form": "在线填报",
    "demo": "演示数据",
    "manual": "手工录入",
    "disabled": "账号已停用",
    **ROLE_ZH,
}


def change_text(value: object) -> str:
    """An audit payload as 文件：a.txt；条数：3 (Chinese names for the fields a user knows)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if not isinstance(value, dict):
        return str(value)
    parts = []
    for k, v in value.items():
        if k in ("path", "into_id"):
            continue
        items = v if isinstance(v, list) else [v]
        shown = "、".join(VALUE_ZH.get(x, str(x)) if isinstance(x, str) else str(x) for x in items) or "（无）"
        parts.append(f"{FIELD_ZH.get(k, k)}：{shown}")
    return "；".join(parts)


st.title("审计日志")
if not viewer().can("audit"):
    st.info("审计日志需要管理员账号。")
    st.stop()
st.caption("登录（成功和失败）、导出、账号和授权修改、导入、审核、删除，都记录在这里。")

c1, c2, c3 = st.columns([2, 3, 2])
today = date.today()
picked = c1.date_input("日期范围", (today - timedelta(days=30), today), key="audit_dates")
kinds = c2.multiselect(
    "类别（不选为全部）", list(ACTION_ZH), format_func=ACTION_ZH.get, key="audit_kinds", placeholder="全部类别"
)
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
        "操作人": log["actor"].map(lambda a: "系统" if a == "system" else a),
        "类别": log["action"].map(lambda a: ACTION_ZH.get(a, a)),
        "对象": [
            OBJECT_ZH.get(t, t) + ("" if pd.isna(i) else f" {int(i)}号")
            for t, i in zip(log["object_type"], log["object_id"], strict=True)
        ],
        "原值": log["old"].map(change_text),
        "新值": log["new"].map(change_text),
        "原因": log["reason"].fillna(""),
    }
)
if shown.empty:  # an empty grid says "empty" in English: a sentence instead
    scope = (
        ""
        if viewer().everywhere
        else "本账号能看到自己和所管理账号的操作；命令行（系统）的操作由全部地区的管理员查看。"
    )
    st.info(f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}没有符合条件的记录。{scope}")
    st.stop()
st.dataframe(shown, hide_index=True, width="stretch", key="audit_table")
st.caption(f"共 {len(shown)} 条（最多 5000 条，最新的在前）。")
export_buttons(shown, "审计日志", "audit_export")
