"""Scope and roles, tried as each role of each of two counties: the README's 权限表 walked against the store,
and every store entry point called against the other county — 0 leaks, 0 writes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from etl.load import FactIn, SourceIn, load_source
from store import admin, audit, learned, queries, review, rollups, settings, submissions, users
from store.access import ACTION_ZH, PERMISSIONS, ROLE_ZH, SYSTEM, AccessDenied, Actor
from store.models import AuditEvent, LearnedPhrasing, Observation, Region, Reminder, Setting, Source, Submission, User
from store.regions import UnknownRegion, add_region, ensure_chain
from store.session import session_factory, transaction

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("admin", "reviewer", "clerk", "viewer")
PASSWORD = "Hx7-qe!Lm4zB"
COUNTIES = {"A": ("临江市", "宁远县", "青石镇"), "B": ("白河市", "白河县", "柳溪镇")}


def readme_table() -> dict[str, set[str]]:
    """role → actions marked ✓ in the README's 权限表."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("| 操作 | 管理员"))
    roles = re.findall(r"\b(admin|reviewer|clerk|viewer)\b", header)
    out: dict[str, set[str]] = {r: set() for r in roles}
    for line in text.splitlines():
        m = re.match(r"\|[^|]*（`(\w+)`）\s*\|(.*)\|\s*$", line)
        if m:
            for role, cell in zip(roles, m.group(2).split("|"), strict=True):
                if cell.strip() == "✓":
                    out[role].add(m.group(1))
    return out


def test_readme_table_is_the_permission_table():
    table = readme_table()
    assert set(table) == set(ROLES)
    for role in ROLES:
        assert table[role] == set(PERMISSIONS[role]), role
    assert set().union(*table.values()) == set(ACTION_ZH)


def _seed(engine: Engine) -> dict[str, Any]:
    """Two counties with a report and a ledger figure each (a conflict to review), and one user per role and
    county."""
    ids: dict[str, Any] = {}
    with transaction(engine) as s:
        for key, (city, county, town) in COUNTIES.items():
            c = ensure_chain(s, [("青山省", "province"), (city, "city"), (county, "county")])
            add_region(s, town, "township", c)
            rep = SourceIn(kind="report", filename=f"{town}.txt", content=f"r{key}".encode(), township=town, year=2023)
            load_source(s, SYSTEM, rep, [FactIn("party_branches", 2023, 30, span=(0, 4), evidence="30个党支部")])
            led = SourceIn(kind="ledger", filename=f"{town}.xlsx", content=f"l{key}".encode())
            load_source(s, SYSTEM, led, [FactIn("party_branches", 2023, 31, township=town, cell="S!C3")])
            ids[key] = {
                "path": c.path,
                "county_id": c.id,
                "town_id": s.scalar(select(Region.id).where(Region.name == town)),
                "obs": s.scalar(select(func.min(Observation.id)).join(Region).where(Region.name == town)),
                "source": s.scalar(select(func.min(Source.id)).where(Source.filename == f"{town}.txt")),
            }
            submissions.remind(s, SYSTEM, ids[key]["town_id"], 2023)  # a 催报 each county's clerks see
            for role in ROLES:
                users.add_user(s, SYSTEM, f"{role}_{key}", PASSWORD, role, (county,))
        phrasing = learned.teach(s, side="before", word="支部", unit="个", indicator="party_branches", actor="c")
        ids["phrasing"] = phrasing.id
    return ids


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    """Cheap argon2 parameters: these tests are about who may do what, not about hashing cost."""
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "_hasher", cheap)
    monkeypatch.setattr(users, "_DUMMY_HASH", cheap.hash("dummy"))  # a cheap one stays in this test only


@pytest.fixture
def two_counties(engine):
    return engine, _seed(engine)


def _actor(engine: Engine, role: str, county: str) -> Actor:
    with transaction(engine) as s:
        found = users.authenticate(s, f"{role}_{county}", PASSWORD).actor
    assert found is not None and found.paths and found.role == role
    return found


# One real call of the store per action, on the objects of county KEY. Each raises AccessDenied when refused.
Op = Callable[[Engine, Actor, dict[str, Any], str], Any]


def _in_tx(fn: Callable[..., Any]) -> Op:
    def run(engine: Engine, actor: Actor, ids: dict[str, Any], key: str) -> Any:
        with transaction(engine) as s:
            return fn(s, actor, ids[key], key)

    return run


def _read(engine: Engine, actor: Actor, ids: dict[str, Any], key: str) -> Any:
    rows = queries.observations(engine, actor, queries.Filters(region_path=ids[key]["path"]))
    if rows.empty:
        raise AccessDenied("nothing visible")
    return rows


def _import(s, actor, c, key):  # type: ignore[no-untyped-def]
    town = COUNTIES[key][2]
    src = SourceIn(kind="report", filename="new.txt", content=f"new-{actor.name}".encode(), township=town, year=2024)
    return load_source(s, actor, src, [FactIn("party_branches", 2024, 33)])


def _assign(s, actor, c, key):  # type: ignore[no-untyped-def]
    src = SourceIn(kind="report", filename="n.txt", content=f"n-{actor.name}".encode(), township="新设镇", year=2024)
    county = s.get(Region, c["county_id"])
    return load_source(s, actor, src, [FactIn("party_branches", 2024, 3)], create_townships=True, county=county)


OPS: dict[str, Op] = {
    "read": _read,
    "export": _in_tx(lambda s, a, c, k: audit.record(s, a, "export", "xlsx", region_path=c["path"])),
    "import": _in_tx(_import),
    "assign": _in_tx(_assign),
    "review": _in_tx(lambda s, a, c, k: review.confirm(s, a, c["obs"])),
    "remind": _in_tx(lambda s, a, c, k: submissions.remind(s, a, c["town_id"], 2023)),  # before submit: 草稿 only
    "submit": _in_tx(lambda s, a, c, k: submissions.submit(s, a, c["town_id"], 2023)),
    "users": _in_tx(lambda s, a, c, k: users.add_user(s, a, f"new_{a.name}", PASSWORD, "viewer", (COUNTIES[k][1],))),
    "settings": _in_tx(lambda s, a, c, k: settings.set_anonymous_scope(s, a, COUNTIES[k][1])),
    "delete": _in_tx(lambda s, a, c, k: admin.delete_source(s, a, c["source"])),
    "audit": lambda e, a, c, k: audit.audit_log(e, a),
    "catalog": lambda e, a, c, k: _catalog(e, a),
}
GLOBAL = {"audit", "catalog"}  # not per county: see test_county_admin_reads_only_its_accounts_events
# Entry points beyond the one call per action, tried against the other county (where each is refused).
MORE_OPS: dict[str, Op] = {
    "approve": _in_tx(lambda s, a, c, k: submissions.approve(s, a, c["town_id"], 2023)),
    "return": _in_tx(lambda s, a, c, k: submissions.return_(s, a, c["town_id"], 2023, "请核对")),
    "state_of": _in_tx(lambda s, a, c, k: submissions.state_of(s, a, c["town_id"], 2023)),
    "due_date": _in_tx(lambda s, a, c, k: submissions.due_date(s, a, c["county_id"], 2023)),
    "set_due_date": _in_tx(lambda s, a, c, k: submissions.set_due_date(s, a, c["county_id"], 2023, None)),
}


def _catalog(engine: Engine, actor: Actor) -> None:
    with transaction(engine) as s:
        learned.approve(s, actor, s.scalar(select(func.min(LearnedPhrasing.id))))


def test_every_action_has_a_store_call():
    assert set(OPS) == set(ACTION_ZH)


def _state(engine: Engine) -> tuple[Any, ...]:
    """Everything a write could change, except the audit log of logins."""
    with session_factory(engine)() as s:
        obs = tuple(s.execute(select(Observation.id, Observation.value, Observation.status).order_by(Observation.id)))
        return (
            obs,
            tuple(s.scalars(select(Source.id).order_by(Source.id))),
            tuple(s.scalars(select(Region.id).order_by(Region.id))),
            tuple(s.scalars(select(User.username).order_by(User.username))),
            tuple(s.execute(select(Setting.key, Setting.value))),
            tuple(s.execute(select(Submission.region_id, Submission.status, Submission.version))),
            tuple(s.scalars(select(Reminder.id))),
        )


@pytest.mark.parametrize("role", ROLES)
def test_the_table_walked_in_the_own_county(two_counties, role):
    """Each ✓ of the README table works for the role in its own county; each — is refused with a Chinese reason."""
    engine, ids = two_counties
    table = readme_table()
    actor = _actor(engine, role, "A")
    for action, op in OPS.items():
        if action in table[role]:
            op(engine, actor, ids, "A")
        else:
            before = _state(engine)
            with pytest.raises(AccessDenied, match=f"{ROLE_ZH[role]}.*无权"):
                op(engine, actor, ids, "A")
            assert _state(engine) == before, (role, action)


@pytest.mark.parametrize("county", ["A", "B"])
@pytest.mark.parametrize("role", ROLES)
def test_nothing_of_the_other_county_is_read_or_written(two_counties, role, county):
    engine, ids = two_counties
    other = "B" if county == "A" else "A"
    actor = _actor(engine, role, county)
    before = _state(engine)
    for action, op in [*OPS.items(), *MORE_OPS.items()]:
        if action in GLOBAL:
            continue
        # An unknown township reads the same as one outside the grants: "找不到乡镇…" with no hints.
        with pytest.raises((AccessDenied, UnknownRegion)) as refused:
            op(engine, actor, ids, other)
        # The message may repeat the name asked about, never anything else of the other county.
        assert COUNTIES[other][0] not in str(refused.value) and "最接近" not in str(refused.value), action
    assert _state(engine) == before
    assert not _leaks(engine, actor, ids[other], COUNTIES[other])


def _leaks(engine: Engine, actor: Actor, other: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    """Every read entry point of the store, asked about the other county: the names of those that answer."""
    f = queries.Filters(region_path=other["path"], include_targets=True)
    frames = {
        "observations": queries.observations(engine, actor, f, headline_only=False),
        "review_queue": queries.review_queue(engine, actor, f),
        "observation_row": queries.observation_row(engine, actor, other["obs"]),
        "observations_at": queries.observations_at(engine, actor, other["obs"], "party_branches", 2023),
        "audit_trail": queries.audit_trail(engine, actor, other["obs"]),
        "rollup": rollups.rollup(engine, actor, f).query("reporting > 0"),
        "comparable_change": rollups.comparable_change(engine, actor, f, 2023),
        "township_values": rollups.township_values(engine, actor, f),
        "ranking_table": rollups.ranking_table(engine, actor, f, "party_branches", 2023),
        "rank_matrix": rollups.rank_matrix(engine, actor, f, 2023),
        "coverage_by_township": rollups.coverage_by_township(engine, actor, f),
        "coverage_cells": rollups.coverage_cells(engine, actor, f),
    }
    frames["progress"] = submissions.progress(engine, actor, 2023).query("township in @names")
    frames["open_reminders"] = submissions.open_reminders(engine, actor).query("township in @names")
    leaks = [name for name, df in frames.items() if not df.empty]
    if submissions.approved_townships(engine, actor, 2023) & {other["town_id"]}:
        leaks.append("approved_townships")
    try:
        submissions.approval_counts(engine, actor, 2023, other["path"])
        leaks.append("approval_counts")
    except AccessDenied:
        pass
    try:
        submissions.progress(engine, actor, 2023, other["path"])
        leaks.append("progress")
    except AccessDenied:
        pass
    tree = queries.region_tree(engine, actor)
    if set(tree["name"]) & set(names):
        leaks.append("region_tree")
    try:
        queries.source_text(engine, actor, other["source"])
        leaks.append("source_text")
    except AccessDenied:
        pass
    return leaks


def test_unscoped_users_see_both_counties_and_users_without_grants_see_nothing(two_counties):
    engine, ids = two_counties
    everywhere = Actor("all", "viewer", None)
    nowhere = Actor("none", "viewer", ())
    f = queries.Filters()
    assert set(queries.region_tree(engine, everywhere)["name"]) >= {"宁远县", "白河县"}
    assert len(rollups.township_values(engine, everywhere, f)) == 2
    assert queries.region_tree(engine, nowhere).empty and rollups.township_values(engine, nowhere, f).empty
    assert queries.year_bounds(engine, nowhere) is None and queries.is_empty(engine, nowhere)


def test_county_admin_reads_only_its_accounts_events(two_counties):
    engine, _ = two_counties
    _actor(engine, "viewer", "B")  # a login in county B
    log = audit.audit_log(engine, _actor(engine, "admin", "A"))
    assert set(log["actor"]) <= {f"{r}_A" for r in ROLES}
    assert "viewer_B" in set(audit.audit_log(engine, SYSTEM)["actor"])


def test_refusals_are_audited_nowhere_and_writes_are(two_counties):
    engine, ids = two_counties
    OPS["review"](engine, _actor(engine, "reviewer", "A"), ids, "A")
    with session_factory(engine)() as s:
        who = s.scalars(select(AuditEvent.actor).where(AuditEvent.action == "confirm")).all()
    assert who == ["reviewer_A"]
