"""Login, sessions and the anonymous banner. dashboard.py calls `gate()` before any page runs.

A login creates a server-side session (store.users.start_session); the browser keeps its random token in
st.session_state and in a cookie, so a refresh resumes it (st.context.cookies) until it expires or idles out.
Every run re-checks the session: a disabled user, or one whose role or grants changed, is logged out at once.
Without a login only the region an administrator opened to anonymous viewing (store.settings) is readable.
"""

from __future__ import annotations

import json

import streamlit as st

from store.access import Actor
from store.session import transaction
from store.settings import anonymous_actor
from store.users import SESSION_LIFETIME, authenticate, end_session, resume_session, start_session
from ui.fmt import md
from ui.state import ACTOR_KEY, engine, viewer

TOKEN_KEY = "auth_token"
COOKIE = "dj_session"


COOKIE_PENDING = "auth_cookie_pending"


def _set_cookie(token: str, max_age: int) -> None:
    """Keep TOKEN in a cookie on the next run (a refresh opens a new Streamlit session, which reads it back)."""
    st.session_state[COOKIE_PENDING] = (token, max_age)


def _write_cookie() -> None:
    pending = st.session_state.pop(COOKIE_PENDING, None)
    if pending is None:
        return
    token, max_age = pending
    value = json.dumps(f"{COOKIE}={token}; path=/; max-age={max_age}; SameSite=Strict")
    st.html(f"<script>document.cookie = {value};</script>", unsafe_allow_javascript=True)


def _token() -> str | None:
    token = st.session_state.get(TOKEN_KEY)
    if token:
        return str(token)
    try:
        cookie = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no browser request behind this run (AppTest)
        cookie = None
    return str(cookie) if cookie else None


def gate() -> Actor | None:
    """The actor of this run: the logged-in user, the anonymous reader, or None (a login is required)."""
    _write_cookie()
    token = _token()
    actor = None
    with transaction(engine()) as s:
        if token:
            actor = resume_session(s, token)
            if actor is None:
                st.session_state.pop(TOKEN_KEY, None)
            else:
                st.session_state[TOKEN_KEY] = token
        if actor is None:
            actor = anonymous_actor(s)
    if actor is None:
        st.session_state.pop(ACTOR_KEY, None)
    else:
        st.session_state[ACTOR_KEY] = actor
    return actor


def login_form(where: object = None) -> None:
    """The user name and password form; on success the page reruns logged in."""
    box = where or st
    with box.form("login_form"):  # type: ignore[attr-defined]
        username = st.text_input("用户名", key="login_user")
        password = st.text_input("密码", type="password", key="login_password")
        submitted = st.form_submit_button("登录")
    if not submitted:
        return
    with transaction(engine()) as s:
        result = authenticate(s, username, password)
        token = start_session(s, result.actor) if result.actor is not None else None
    if token is None:
        st.error(result.message)
        return
    st.session_state[TOKEN_KEY] = token
    st.session_state[ACTOR_KEY] = result.actor
    _set_cookie(token, int(SESSION_LIFETIME.total_seconds()))
    st.rerun()


def login_page() -> None:
    """What a visitor sees when anonymous viewing is off: the login form and nothing else."""
    st.title("乡镇党建指标看板")
    st.info("本系统数据仅限授权人员查看，请先登录。没有账号请联系管理员。")
    login_form()


def account_box() -> None:
    """The sidebar: who is logged in (role and regions) and the logout button, or the login form for visitors."""
    me = viewer()
    if me.anonymous:
        st.sidebar.warning("未登录：当前为匿名只读浏览（由管理员开放的范围）。", icon="🔓")
        with st.sidebar.expander("登录", expanded=False):
            login_form()
        return
    with st.sidebar.expander(f"已登录：{md(me.name)}（{me.role_zh}）", expanded=False):
        if st.button("退出登录", key="logout"):
            logout()


def logout() -> None:
    token = _token()
    st.session_state.pop(TOKEN_KEY, None)
    if token:
        with transaction(engine()) as s:
            end_session(s, str(token))
    st.session_state.pop(ACTOR_KEY, None)
    _set_cookie("", 0)
    st.rerun()
