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
    ctx.session_state[_FLAG] = True


def chinese_not_found() -> None:
    """Make st.navigation note an unknown address instead of sending the English dialog (call before it)."""
    _navigation.send_page_not_found = _remember_not_found  # type: ignore[assignment]


def not_found_note() -> None:
    """The Chinese note for an address that named no page, once (call after st.navigation)."""
    if st.session_state.pop(_FLAG, False):
        st.warning(
            f"找不到您打开的网址对应的页面（可能已改名或链接不完整），已为您打开总览。请从侧栏菜单选择页面{ON_PHONE}。",
            icon="🔎",
        )
