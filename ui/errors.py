"""The dashboard's one error boundary: a page that fails shows a Chinese message with an error number that
is in the error log (store.errors), never a traceback."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from store.errors import report_error, user_message


def guarded(run: Callable[[], object], where: str) -> None:
    """Run a page; an unexpected exception is logged under a number and shown as one Chinese message.

    st.stop / st.rerun / st.switch_page raise BaseExceptions that are not Exception: they pass through.
    """
    try:
        run()
    except Exception as exc:  # noqa: BLE001 - this is the boundary
        st.error(user_message(report_error(exc, where)), icon="⚠️")
