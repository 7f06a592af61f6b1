"""多级上报 in the store: who may move a township's year (role × scope × action), the state machine with its
Chinese refusals, and the lock on approved figures against imports (held for review) — reviews still change
them, audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from etl.load import FactIn, SourceIn, load_source
from store import submissions as sub
from store.access import SYSTEM, AccessDenied, Actor
from store.admin import reset_data
from store.models import AuditEvent, Observation, Region, Reminder, Submission
from store.regions import add_region, ensure_chain
from store.review import confirm, correct
from store.session import session_factory, transaction

YEAR = 2023


@pytest.fixture
def county(engine):
    """Two counties; 青石镇 (county A) holds a report figure and a ledger figure for 2023, 柳溪镇 (county B) one."""
    ids = {}
    with transaction(engine) as s:
        places = {"A": ("临江市", "宁远县", "青石镇"), "B": ("白河市", "白河县", "柳溪镇")}
        for key, (city, name, town) in places.items():
            c = ensure_chain(s, [("青山省", "province"), (city, "city"), (name, "county")])
            t = add_region(s, town, "township", c)
            ids[key] = {"county": c.id, "town": t.id, "path": c.path, "town_path": t.path}
        ids["empty"] = add_region(s, "空白乡", "township", s.get(Region, ids["A"]["county"])).id
        rep = SourceIn(kind="report", filename="r.txt", content=b"r", township="青石镇", year=YEAR)
        load_source(s, SYSTEM, rep, [FactIn("party_branches", YEAR, 30, span=(0, 4), evidence="30个党支部")])
        led = SourceIn(kind="ledger", filename="l.xlsx", content=b"l")
        load_source(
            s,
            SYSTEM,
            led,
            [
                FactIn("party_branches", YEAR, 31, township="青石镇", cell="S!C3"),
                FactIn("party_members_total", YEAR, 400, township="青石镇", cell="S!D3"),
                FactIn("party_members_total", YEAR, 90, township="柳溪镇", cell="S!D4"),
            ],
        )
    return engine, ids


def actor(role: str, scope: str, ids: dict) -> Actor:
    """ROLE granted county A ('county'), only 青石镇 ('town'), county B ('other') or everything ('all')."""
    paths = {"county": (ids["A"]["path"],), "town": (ids["A"]["town_path"],), "other": (ids["B"]["path"],)}
    return Actor(f"{role}_{scope}", role, paths.get(scope))


def state(engine, town: int) -> str:
    with transaction(engine) as s:
        return sub.state_of(s, SYSTEM, town, YEAR)[0]


def put(engine, town: int, status: str) -> None:
    """Bring the township's year to STATUS through the legal path."""
    path = {"draft": [], "submitted": ["submit"], "approved": ["submit", "approve"], "returned": ["submit", "return"]}
    for step in path[status]:
        run(engine, SYSTEM, step, town)


def run(engine, who: Actor, action: str, town: int, year: int = YEAR):
    with transaction(engine) as s:
        if action == "submit":
            return sub.submit(s, who, town, year)
        if action == "approve":
            return sub.approve(s, who, town, year)
        if action == "return":
            return sub.return_(s, who, town, year, "党员数与台账不符，请核对")
        if action == "remind":
            return sub.remind(s, who, town, year)
        raise AssertionError(action)


# (role, scope, action) → allowed. The state before each action is the one it starts from.
START = {"submit": "draft", "approve": "submitted", "return": "submitted", "remind": "draft"}
CASES = [
    ("clerk", "county", "submit", True),
    ("clerk", "town", "submit", True),
    ("clerk", "other", "submit", False),
    ("clerk", "county", "approve", False),
    ("clerk", "county", "return", False),
    ("clerk", "county", "remind", False),
    ("reviewer", "county", "approve", True),
    ("reviewer", "county", "return", True),
    ("reviewer", "county", "remind", True),
    ("reviewer", "other", "approve", False),
    ("reviewer", "other", "return", False),
    ("reviewer", "other", "remind", False),
    ("reviewer", "county", "submit", False),
    ("viewer", "county", "submit", False),
    ("viewer", "county", "approve", False),
    ("viewer", "county", "return", False),
    ("viewer", "county", "remind", False),
    ("admin", "county", "submit", True),
    ("admin", "county", "approve", True),
    ("admin", "county", "remind", True),
    ("admin", "other", "approve", False),
    ("admin", "other", "remind", False),
]


@pytest.mark.parametrize(("role", "scope", "action", "allowed"), CASES)
def test_who_may_move_a_township_year(county, role, scope, action, allowed):
    engine, ids = county
    town = ids["A"]["town"]
    put(engine, town, START[action])
    with session_factory(engine)() as s:
        before = s.execute(select(Submission.status, Submission.version)).all(), s.scalar(select(Reminder.id))
    if allowed:
        run(engine, actor(role, scope, ids), action, town)
        assert state(engine, town) == {"remind": "draft"}.get(action, sub.TRANSITIONS.get(action, ("", ""))[1])
    else:
        with pytest.raises(AccessDenied, match="无权") as refused:
            run(engine, actor(role, scope, ids), action, town)
        assert "青石镇" not in str(refused.value) or scope != "other"
        with session_factory(engine)() as s:
            after = s.execute(select(Submission.status, Submission.version)).all(), s.scalar(select(Reminder.id))
        assert after == before


# (state, action) → the state after, or the refusal's words.
MACHINE = [
    ("draft", "submit", "submitted"),
    ("draft", "approve", "尚未上报，不能审核"),
    ("draft", "return", "尚未上报，不能退回"),
    ("submitted", "submit", "已上报，正在等待县审核员审核，不能重复上报"),
    ("submitted", "approve", "approved"),
    ("submitted", "return", "returned"),
    ("approved", "submit", "已审核锁定，不能再次上报"),
    ("approved", "approve", "已审核通过，不能再审核"),
    ("approved", "return", "已审核通过，不能再退回"),
    ("returned", "submit", "submitted"),
    ("returned", "approve", "已退回乡镇修改，等待重新上报，不能审核"),
    ("returned", "return", "已退回乡镇修改，等待重新上报，不能退回"),
]


@pytest.mark.parametrize(("start", "action", "outcome"), MACHINE)
def test_state_machine(county, start, action, outcome):
    engine, ids = county
    town = ids["A"]["town"]
    put(engine, town, start)
    if outcome in sub.STATE_ZH:
        row = run(engine, SYSTEM, action, town)
        assert state(engine, town) == outcome and row.status == outcome
    else:
        with pytest.raises(sub.SubmissionError, match=outcome):
            run(engine, SYSTEM, action, town)
        assert state(engine, town) == start


def test_submitting_confirms_the_figures_held_and_refuses_an_empty_year(county):
    engine, ids = county
    row = run(engine, actor("clerk", "county", ids), "submit", ids["A"]["town"])
    assert row.figures == 2 and row.submitted_by == "clerk_county"  # headlines: branches (ledger 31), members
    with pytest.raises(sub.SubmissionError, match="空白乡2023年还没有任何数据.*不需要重新填写数字"):
        run(engine, actor("clerk", "county", ids), "submit", ids["empty"])


def test_every_transition_is_audited_with_reason(county):
    engine, ids = county
    town = ids["A"]["town"]
    put(engine, town, "returned")
    run(engine, SYSTEM, "submit", town)
    with session_factory(engine)() as s:
        events = s.execute(
            select(AuditEvent.action, AuditEvent.reason).where(AuditEvent.object_type == "submission")
        ).all()
    assert events == [("submit", None), ("return", "党员数与台账不符，请核对"), ("submit", None)]


@pytest.mark.parametrize("reason", ["", "   "])
def test_returning_needs_a_reason(county, reason):
    engine, ids = county
    put(engine, ids["A"]["town"], "submitted")
    with transaction(engine) as s, pytest.raises(sub.SubmissionError, match="退回必须填写原因"):
        sub.return_(s, SYSTEM, ids["A"]["town"], YEAR, reason)


def test_a_move_against_an_older_state_is_refused(county):
    engine, ids = county
    town = ids["A"]["town"]
    put(engine, town, "submitted")
    with transaction(engine) as s:
        _, seen = sub.state_of(s, SYSTEM, town, YEAR)
    run(engine, SYSTEM, "return", town)
    run(engine, SYSTEM, "submit", town)  # the clerk fixed it and submitted again: a new version
    with transaction(engine) as s, pytest.raises(sub.SubmissionError, match="已被他人修改"):
        sub.approve(s, SYSTEM, town, YEAR, version=seen)


def _figures(engine, town: int) -> list[tuple]:
    with session_factory(engine)() as s:
        return s.execute(
            select(Observation.value, Observation.status, Observation.is_headline)
            .where(Observation.region_id == town, Observation.year == YEAR)
            .order_by(Observation.id)
        ).all()


def _headlines(engine, town: int) -> set:
    return {(v, st) for v, st, h in _figures(engine, town) if h}


LOCK_IMPORTS = [  # (kind, value of party_members, held?)
    ("ledger", 400, False),  # the same value: unchanged, nothing to review
    ("ledger", 410, True),
    ("report", 410, True),
    ("form", 405, True),
]


@pytest.mark.parametrize(("kind", "value", "held"), LOCK_IMPORTS)
def test_an_import_never_changes_an_approved_figure(county, kind, value, held):
    engine, ids = county
    town = ids["A"]["town"]
    put(engine, town, "approved")
    before = _headlines(engine, town)
    clerk = actor("clerk", "county", ids)
    src = SourceIn(kind=kind, filename=f"new.{kind}", content=f"{kind}{value}".encode(), township="青石镇", year=YEAR)
    fact = FactIn("party_members_total", YEAR, value, span=(0, 3) if kind == "report" else None, cell="S!D3")
    with transaction(engine) as s:
        summary = load_source(s, clerk, src, [fact])
    assert _headlines(engine, town) == before
    assert summary.held == int(held)
    with session_factory(engine)() as s:
        suspects = s.execute(select(Observation.value, Observation.review_note).where(Observation.status == "suspect"))
        assert [(v, n) for v, n in suspects] == ([(value, sub.HELD_NOTE)] if held else [])
        assert s.scalar(select(Observation.id).where(Observation.status == "superseded")) is None


def test_an_import_into_a_year_not_approved_goes_through(county):
    engine, ids = county
    town = ids["A"]["town"]
    put(engine, town, "submitted")
    src = SourceIn(kind="ledger", filename="new.xlsx", content=b"new")
    with transaction(engine) as s:
        fact = FactIn("party_members_total", YEAR, 410, township="青石镇", cell="S!D3")
        summary = load_source(s, SYSTEM, src, [fact])
    assert summary.held == 0 and summary.superseded == 1
    assert (410, "extracted") in _headlines(engine, town)


def test_a_held_figure_takes_effect_when_a_reviewer_confirms_it_audited_as_locked(county):
    engine, ids = county
    town = ids["A"]["town"]
    put(engine, town, "approved")
    src = SourceIn(kind="ledger", filename="new.xlsx", content=b"new")
    with transaction(engine) as s:
        load_source(s, SYSTEM, src, [FactIn("party_members_total", YEAR, 410, township="青石镇", cell="S!D3")])
    with session_factory(engine)() as s:
        held = s.scalar(select(Observation.id).where(Observation.status == "suspect"))
    reviewer = actor("reviewer", "county", ids)
    with transaction(engine) as s:
        confirm(s, reviewer, held)
    assert (410, "confirmed") in _headlines(engine, town)
    branch = next(v for v, st, h in _figures(engine, town) if h and v == 31)
    with session_factory(engine)() as s:
        obs_id = s.scalar(select(Observation.id).where(Observation.value == branch, Observation.region_id == town))
    with transaction(engine) as s:
        correct(s, reviewer, obs_id, 32, reason="核对原始台账")
    with session_factory(engine)() as s:
        news = s.scalars(select(AuditEvent.new).where(AuditEvent.action.in_(("confirm", "correct")))).all()
    assert [n.get("locked") for n in news] == [True, True]


def test_reminders_reach_the_townships_clerks_until_submitted(county):
    engine, ids = county
    town = ids["A"]["town"]
    run(engine, actor("reviewer", "county", ids), "remind", town)
    clerk, other_clerk = actor("clerk", "town", ids), actor("clerk", "other", ids)
    shown = sub.open_reminders(engine, clerk)
    assert shown[["township", "year", "sent_by"]].values.tolist() == [["青石镇", YEAR, "reviewer_county"]]
    assert sub.open_reminders(engine, other_clerk).empty
    assert sub.open_reminders(engine, actor("viewer", "county", ids)).empty
    run(engine, clerk, "submit", town)
    assert sub.open_reminders(engine, clerk).empty
    with pytest.raises(sub.SubmissionError, match="已上报，无需催报"):
        run(engine, actor("reviewer", "county", ids), "remind", town)


def test_progress_board_due_dates_and_overdue(county):
    engine, ids = county
    admin = actor("admin", "county", ids)
    with transaction(engine) as s:
        sub.set_due_date(s, admin, ids["A"]["county"], YEAR, date(2024, 1, 31))
        with pytest.raises(AccessDenied, match="无权"):
            sub.set_due_date(s, admin, ids["B"]["county"], YEAR, date(2024, 1, 31))
        with pytest.raises(AccessDenied, match="无权"):
            sub.set_due_date(s, actor("reviewer", "county", ids), ids["A"]["county"], YEAR, date(2024, 1, 31))
    put(engine, ids["A"]["town"], "submitted")
    run(engine, SYSTEM, "remind", ids["empty"])
    board = sub.progress(engine, actor("viewer", "county", ids), YEAR, today=date(2024, 2, 1)).set_index("township")
    assert set(board.index) == {"青石镇", "空白乡"}  # nothing of county B
    assert board.loc["青石镇", "state"] == "已上报" and not board.loc["青石镇", "overdue"]
    assert board.loc["空白乡", "state"] == "草稿" and board.loc["空白乡", "overdue"]
    assert board.loc["空白乡", "reminders"] == 1 and board.loc["青石镇", "figures"] == 2
    early = sub.progress(engine, SYSTEM, YEAR, today=date(2024, 1, 31)).set_index("township")
    assert not early["overdue"].any() and early.loc["柳溪镇", "due"] is None


def test_approval_counts_for_the_dashboards(county):
    engine, ids = county
    assert sub.approval_counts(engine, SYSTEM, YEAR) == (2, 0)
    put(engine, ids["A"]["town"], "approved")
    assert sub.approval_counts(engine, SYSTEM, YEAR) == (2, 1)
    assert sub.approval_counts(engine, actor("viewer", "other", ids), YEAR) == (1, 0)
    assert sub.approved_townships(engine, actor("viewer", "other", ids), YEAR) == frozenset()
    with pytest.raises(AccessDenied):
        sub.approval_counts(engine, actor("viewer", "other", ids), YEAR, ids["A"]["path"])


def test_reset_clears_submissions_and_reminders(county):
    engine, ids = county
    put(engine, ids["A"]["town"], "approved")
    run(engine, SYSTEM, "remind", ids["empty"])
    with transaction(engine) as s:
        reset_data(s, SYSTEM)
    with session_factory(engine)() as s:
        assert s.scalar(select(Submission.id)) is None and s.scalar(select(Reminder.id)) is None


def test_a_clerk_cannot_delete_a_file_holding_approved_figures(county):
    from store.undo import delete_file

    engine, ids = county
    clerk = actor("clerk", "county", ids)
    src = SourceIn(kind="ledger", filename="own.xlsx", content=b"own", uploaded_by=clerk.name)
    with transaction(engine) as s:
        report = load_source(s, clerk, src, [FactIn("party_applicants", YEAR, 12, township="青石镇", cell="S!E3")])
        report = report.source_id
    put(engine, ids["A"]["town"], "approved")
    with transaction(engine) as s, pytest.raises(AccessDenied, match="已审核（锁定）的数据（青石镇2023年）"):
        delete_file(s, clerk, report)
    with transaction(engine) as s:
        delete_file(s, actor("admin", "county", ids), report)  # an administrator may (audited as delete)


def test_progress_board_lists_a_countys_townships_in_its_own_order(county):
    """青石镇 was entered before 空白乡: the board keeps that order, as the sidebar does (by name 空 sorts first)."""
    engine, _ids = county
    board = sub.progress(engine, SYSTEM, YEAR)
    a = board[board["county"] == "宁远县"]["township"].tolist()
    assert a == ["青石镇", "空白乡"]
