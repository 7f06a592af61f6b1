"""用户管理 as an administrator uses it: with accounts present the edit section renders (two widgets once shared a
key and the page showed only the error boundary) and each button changes the chosen account."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from store.access import SYSTEM
from store.models import User
from store.regions import add_region, ensure_chain
from store.session import session_factory, transaction
from store.users import add_user
from tests.apptest_support import app, fresh_app_db


@pytest.fixture
def db(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    engine = fresh_app_db(tmp_path, monkeypatch)
    with transaction(engine) as s:
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        add_region(s, "青石镇", "township", county)
        add_user(s, SYSTEM, "clerk1", "Qz7-rw!Nb3xL", "clerk", ("青石镇",))
    return engine


@pytest.mark.parametrize(
    ("action", "fill", "check"),
    [
        ("role", {"users_role": "reviewer"}, lambda u: u.role == "reviewer"),
        ("disable", {}, lambda u: u.disabled),
        ("revoke", {"users_region": "青石镇"}, lambda u: not u.grants),
        ("grant", {"users_region": "宁远县"}, lambda u: len(u.grants) == 2),
    ],
)
def test_each_button_changes_the_chosen_account(db, action, fill, check):
    at = app("views/users.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="users_pick").set_value("clerk1")
    for key, value in fill.items():
        widget = at.selectbox(key=key) if key == "users_role" else at.text_input(key=key)
        widget.set_value(value)
    at.button(key=f"users_do_{action}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("clerk1：已" in s.value for s in at.success), [e.value for e in at.error]
    with session_factory(db)() as s:
        user = s.scalars(select(User).where(User.username == "clerk1")).one()
        assert check(user)


def test_the_role_box_starts_at_the_picked_accounts_role(db):
    """修改账号 showed 查看 beside a 填报员: clicking 改角色 to change a password's neighbour would demote them."""
    with transaction(db) as s:
        add_user(s, SYSTEM, "reviewer1", "Hy4-pk!Wm8zR", "reviewer", ("宁远县",))
    at = app("views/users.py").run()
    for name, role in (("clerk1", "clerk"), ("reviewer1", "reviewer"), ("clerk1", "clerk")):
        at.selectbox(key="users_pick").set_value(name).run()
        assert at.selectbox(key="users_role").value == role
    assert any("当前：填报员" in c.value for c in at.caption)
