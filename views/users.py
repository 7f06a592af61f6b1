"""用户管理 (administrators): accounts, roles, region grants, disabling and passwords; the anonymous reading
setting and the 上报 due dates. Every change goes through store.users / store.settings / store.submissions,
which check the administrator's own grants."""

from datetime import date

import streamlit as st

from store.access import ROLE_ZH, ROLES
from ui.admin import (
    AccountError,
    account_action,
    anonymous_region,
    balance_tolerances,
    last_backup_info,
    list_accounts,
    set_anonymous_region,
    set_balance_tolerance,
)
from ui.data import region_tree
from ui.fmt import md
from ui.report_flow import FlowError, due, set_due
from ui.state import engine, viewer

st.title("用户管理")
me = viewer()
if not me.can("users"):
    st.info("用户管理需要管理员账号。")
    st.stop()
st.caption("角色和授权地区修改后立即生效：该用户已有的登录会马上失效。密码至少 10 位，不能是常见密码，不能包含用户名。")

rows = list_accounts()
st.dataframe(
    [
        {
            "用户名": r.username,
            "角色": r.role_zh,
            "授权地区": "、".join(r.regions) or "（无）",
            "状态": "已停用" if r.disabled else "正常",
        }
        for r in rows
    ],
    hide_index=True,
    width="stretch",
    key="users_table",
)

with st.form("users_add"):
    st.subheader("新建账号")
    c1, c2, c3 = st.columns(3)
    username = c1.text_input("用户名", key="users_new_name")
    role = c2.selectbox("角色", ROLES, format_func=ROLE_ZH.get, key="users_new_role")
    region = c3.text_input("授权地区（名称或 省/市/县）", key="users_new_region")
    password = st.text_input("初始密码", type="password", key="users_new_password")
    if st.form_submit_button("新建"):
        try:
            account_action("add", username, password=password, role=role, region=region)
            st.success(f"已新建账号 {md(username)}")
        except AccountError as e:
            st.error(md(e))

names = [r.username for r in rows]
if names:
    st.subheader("修改账号")
    who = st.selectbox("账号", names, key="users_pick")
    account = next(r for r in rows if r.username == who)
    if st.session_state.get("users_role_of") != who:  # the role box starts at the picked account's own role
        st.session_state["users_role"] = account.role  # (it showed 查看 beside a 填报员: 改角色 would demote)
        st.session_state["users_role_of"] = who
    st.caption(
        f"当前：{account.role_zh}；授权地区：{md('、'.join(account.regions) or '（无）')}；"
        f"{'已停用' if account.disabled else '正常'}"
    )
    c1, c2 = st.columns(2)
    new_role = c1.selectbox("角色", ROLES, format_func=ROLE_ZH.get, key="users_role")
    region = c2.text_input("地区（名称或 省/市/县；“全部”为全部地区）", key="users_region")
    new_password = st.text_input("新密码", type="password", key="users_password")
    buttons = {
        "role": "改角色",
        "grant": "授予地区",
        "revoke": "收回地区",
        "passwd": "重设密码",
        "disable": "停用",
        "enable": "启用",
    }
    cols = st.columns(len(buttons))
    for col, (action, label) in zip(cols, buttons.items(), strict=True):
        if col.button(label, key=f"users_do_{action}"):
            try:
                account_action(action, who, password=new_password, role=new_role, region=region)
                st.success(f"{md(who)}：已{label}")
            except AccountError as e:
                st.error(md(e))

if me.can("settings"):
    st.subheader("匿名只读浏览")
    current = anonymous_region()
    st.caption(
        "默认关闭：不登录看不到任何数据。开放后，未登录的访客可以只读浏览所选地区（不能导出、导入或审核），页面顶部有提示。"
        f" 当前：{'关闭' if current is None else (current or '全部地区')}"
    )
    c1, c2, c3 = st.columns([3, 1, 1])
    open_region = c1.text_input("开放的地区（名称或 省/市/县）", key="settings_anon_region")
    if c2.button("开放", key="settings_anon_open"):
        try:
            set_anonymous_region(open_region)
            st.rerun()
        except AccountError as e:
            st.error(md(e))
    if c3.button("关闭", key="settings_anon_close"):
        set_anonymous_region(None)
        st.rerun()

    st.subheader("党员队伍变动平衡的允许误差")
    current_tol = balance_tolerances()
    st.caption(
        "核查“年底党员 = 上年底 + 发展 + 转入 − 出党 − 死亡 − 转出”时允许相差的人数，由县里设定（默认 0）。"
        " 当前：" + ("、".join(f"{md(c)}：{v:g} 人" for c, v in current_tol.items()) or "未设定（0 人）")
    )
    t1, t2, t3 = st.columns([3, 1, 1])
    tol_region = t1.text_input("县（省/市/县）", key="settings_tol_region")
    tol_value = t2.number_input("允许误差（人）", min_value=0, value=0, step=1, key="settings_tol_value")
    if t3.button("保存", key="settings_tol_save"):
        try:
            set_balance_tolerance(tol_region, float(tol_value))
            st.rerun()
        except AccountError as e:
            st.error(str(e))

    st.subheader("备份")
    last = last_backup_info()
    if last is None:
        st.warning(
            "尚无备份记录。请在服务器上运行 `python -m etl backup 文件名` 备份数据库（见使用说明“备份与恢复”）。"
        )
    else:
        at = last["at"]
        when = at.strftime("%Y-%m-%d %H:%M") if hasattr(at, "strftime") else str(at)
        size = int(last.get("size") or 0)  # type: ignore[call-overload]
        st.caption(
            f"最近一次备份：{when}（UTC），文件 {md(str(last.get('file')))}，{size / 1024 / 1024:.1f} MB，"
            f"数据库版本 {last.get('revision')}。恢复：`python -m etl restore 文件名`。"
        )

    st.subheader("上报截止日期")
    st.caption(
        "各乡镇某年度数据应在此日期前上报；过期仍未上报的，“上报进度”页标为逾期，县里可以催报（站内提醒，不发邮件）。"
    )
    regions = region_tree(engine())
    counties = regions[regions["level"] == "county"]
    if counties.empty:
        st.caption("还没有县（区）：导入数据后再设置。")
    else:
        names = dict(zip(counties["id"].astype(int), counties["name"], strict=True))
        d1, d2, d3 = st.columns([2, 1, 2])
        county_id = d1.selectbox("县（区）", list(names), format_func=names.get, key="settings_due_county")
        year = int(d2.number_input("年度", 2000, 2100, date.today().year - 1, key="settings_due_year"))
        current_due = due(county_id, year)
        picked = d3.date_input(
            "截止日期",
            current_due or date(year + 1, 1, 31),
            min_value=date(2000, 1, 1),
            max_value=date(2100, 12, 31),
            key=f"settings_due_date_{county_id}_{year}",
        )
        st.caption(f"当前：{current_due.isoformat() if current_due else '未设置'}")
        e1, e2 = st.columns(2)
        try:
            if e1.button("保存截止日期", key="settings_due_save"):
                set_due(county_id, year, picked if isinstance(picked, date) else None)
                st.rerun()
            if e2.button("清除截止日期", key="settings_due_clear"):
                set_due(county_id, year, None)
                st.rerun()
        except FlowError as e:
            st.error(str(e))
