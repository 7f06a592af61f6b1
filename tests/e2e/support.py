"""The e2e login: one registry of session tokens per app URL, in a plain module so that the conftest and the
test modules that import it share one dict (a conftest imported by name from a test is a second copy)."""

from __future__ import annotations

E2E_USER = "e2e_admin"  # the administrator the e2e server's database holds
TOKENS: dict[str, str] = {}  # app URL → a logged-in administrator's session token (the login cookie)


def logged_in(context, url: str):  # type: ignore[no-untyped-def]
    """CONTEXT with the administrator's login cookie for URL (every page needs a login)."""
    context.add_cookies([{"name": "dj_session", "value": TOKENS[url], "url": url}])
    return context


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app has finished running (Streamlit's status widget gone)."""
    page.wait_for_timeout(400)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(400)
