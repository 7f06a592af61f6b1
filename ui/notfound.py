"""An address that names no page: Streamlit answers it with an English "Page not found" dialog from its
front end ("…no corresponding file was found in the app's pages/ directory"). `chinese_not_found` replaces the
message st.navigation sends with a note for the page, and `not_found_note` shows it in Chinese above the page
that opens instead (总览)."""

from __future__ import annotations

from typing import Any

import streamlit as st
import streamlit.commands.navigation as _navigation

from ui.fmt import ON_PHONE

_FLAG = "_page_not_found"


def _remember_not_found(ctx: Any) -> None:
    """Instead of the front end's English dialog: remember that the address named no page."""
    # The address's page name (users, audit …): a page this account may not open is named in the note.
    ctx.session_state[_FLAG] = getattr(getattr(ctx, "pages_manager", None), "intended_page_name", "") or True


def chinese_not_found() -> None:
    """Make st.navigation note an unknown address instead of sending the English dialog (call before it)."""
    _navigation.send_page_not_found = _remember_not_found  # type: ignore[assignment]


def not_found_note(withheld: dict[str, str] | None = None, *, login: bool = False) -> None:
    """The Chinese note for an address that named no page, once (call after st.navigation). WITHHELD maps the url
    paths of the pages this account may not open to their titles: such an address says so (LOGIN: an anonymous
    visitor is asked to log in) instead of 找不到."""
    asked = st.session_state.pop(_FLAG, False)
    if not asked:
        return
    title = (withheld or {}).get(asked) if isinstance(asked, str) else None
    if title:
        who = "请先登录。" if login else "如需使用，请联系管理员调整账号的角色。"
        st.warning(f"当前账号不能打开“{title}”页面，已为您打开总览。{who}", icon="🔒")
        return
    st.warning(
        f"找不到您打开的网址对应的页面（可能已改名或链接不完整），已为您打开总览。请从侧栏菜单选择页面{ON_PHONE}。",
        icon="🔎",
    )
