"""Sidebar login: anonymous visitors read dashboards; clerks and admins log in to import and review."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import select

from store.models import Region
from store.session import session_factory
from store.users import authenticate
from ui.state import ANONYMOUS, Viewer, engine, viewer


def login_box() -> Viewer:
    """Draw the login/logout controls in the sidebar and return the current viewer."""
    current = viewer()
    with st.sidebar.expander("登录" if current is ANONYMOUS else f"已登录：{current.username}", expanded=False):
        if current is not ANONYMOUS:
            st.caption(f"角色：{ {'viewer': '只读', 'clerk': '录入员', 'admin': '管理员'}[current.role] }")
            if st.button("退出登录", key="logout"):
                st.session_state.pop("viewer", None)
                st.rerun()
            return current
        with st.form("login_form", border=False):
            username = st.text_input("用户名", key="login_user")
            password = st.text_input("密码", type="password", key="login_password")
            submitted = st.form_submit_button("登录")
        if submitted:
            found = _check(username, password)
            if found is None:
                st.error("用户名或密码不正确")
            else:
                st.session_state["viewer"] = found
                st.rerun()
    return current


def _check(username: str, password: str) -> Viewer | None:
    with session_factory(engine())() as s:
        user = authenticate(s, username.strip(), password)
        if user is None:
            return None
        path = None
        if user.region_id is not None:
            path = s.scalar(select(Region.path).where(Region.id == user.region_id))
        return Viewer(username=user.username, role=user.role, region_path=path)
