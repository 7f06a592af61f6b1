"""Learned phrasings in the store: the migration matches the models, teaching counts confirmations and
corrections, two corrections suspend a phrasing, administrators approve, edit and remove — all audited."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from store.access import SYSTEM, Actor
from store.learned import (
    PhrasingError,
    active_phrasings,
    all_phrasings,
    approve,
    count_use,
    edit,
    remove,
    teach,
)
from store.models import AuditEvent, Base, LearnedPhrasing, Observation

ADMIN = Actor("admin", "admin", None)
REVIEWER = Actor("reviewer", "reviewer", None)


def test_migrations_match_the_models(engine):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def _teach(session, indicator="party_branches", word="支部"):  # type: ignore[no-untyped-def]
    return teach(session, side="after", word=word, unit="个", indicator=indicator, actor="clerk1", example="23个支部")


def test_teaching_again_confirms_and_teaching_otherwise_corrects(session):  # type: ignore[no-untyped-def]
    row = _teach(session)
    assert (row.status, row.uses, row.confirmations, row.corrections) == ("pending", 1, 0, 0)
    _teach(session)
    assert (row.uses, row.confirmations) == (2, 1)
    _teach(session, indicator=None)
    assert (row.corrections, row.status) == (1, "pending")
    count_use(session, row.id, kept=False, actor="clerk2")
    assert (row.corrections, row.status) == (2, "suspended")
    assert active_phrasings(session) == []
    actions = list(session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "learned_phrasing")))
    assert actions == ["learn", "suspend"]


def test_admin_approves_edits_and_removes(session):  # type: ignore[no-untyped-def]
    row = _teach(session)
    approve(session, ADMIN, row.id)
    (p,) = active_phrasings(session)
    assert (p.indicator, p.word, p.status) == ("party_branches", "支部", "approved")
    edit(session, ADMIN, row.id, word="党支部", indicator="party_branches", known={"party_branches"})
    assert (row.word, row.status) == ("党支部", "pending")
    remove(session, ADMIN, row.id)
    assert all_phrasings(session) == []
    assert session.scalar(select(LearnedPhrasing).where(LearnedPhrasing.id == row.id)) is None


@pytest.mark.parametrize(
    ("word", "indicator", "message"),
    [
        ("", "party_branches", "说法必须是"),
        ("12个", "party_branches", "说法必须是"),
        ("支部", "no_such", "没有指标"),
        ("网格", "party_branches", "已有相同的说法"),
    ],
)
def test_edit_refuses_bad_input(session, word, indicator, message):  # type: ignore[no-untyped-def]
    row = _teach(session)
    _teach(session, indicator="grids_total", word="网格")
    with pytest.raises(PhrasingError, match=message):
        edit(session, ADMIN, row.id, word=word, indicator=indicator, known={"party_branches", "grids_total"})


def _report_with_learned_figure(session, name: str, text: str):  # type: ignore[no-untyped-def]
    """Ingest TEXT as a report; the figure a learned phrasing reads is stored with its origin."""
    from etl.ingest import ingest_bytes

    res = ingest_bytes(session, SYSTEM, name, text.encode(), township="青石镇", year=2023, create_townships=True)
    return session.scalars(select(Observation).where(Observation.source_id == res.source_id)).all()


def test_ingest_applies_learned_phrasings_and_review_feedback_suspends(session):  # type: ignore[no-untyped-def]
    from store.regions import ensure_chain
    from store.review import confirm, reject

    ensure_chain(session, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
    row = _teach(session, word="支委")  # a word the catalog rules do not read
    first = _report_with_learned_figure(session, "a.txt", "全镇下设12个机关支委。")
    (obs,) = [o for o in first if o.origin == "learned"]
    got = (obs.indicator.key, obs.value, obs.attrs, obs.phrasing_id)
    assert got == ("party_branches", 12, {"type": "机关"}, row.id)
    confirm(session, REVIEWER, obs.id)
    assert row.confirmations == 1
    for n, name in enumerate(("b.txt", "c.txt"), start=1):
        stored = _report_with_learned_figure(session, name, f"全镇下设{n}个学校支委。")
        (other,) = [o for o in stored if o.origin == "learned"]
        reject(session, REVIEWER, other.id, "这不是党支部数")
    assert (row.corrections, row.status) == (2, "suspended")
    later = _report_with_learned_figure(session, "d.txt", "全镇下设7个学校支委。")
    assert [o.origin for o in later] == []
