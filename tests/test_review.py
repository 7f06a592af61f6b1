"""数据审核 actions: confirm / correct / reject change the headline and leave an audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from etl.load import FactIn, SourceIn, load_source
from store import queries
from store.access import SYSTEM, Actor
from store.models import AuditEvent, Observation
from store.regions import add_region, ensure_chain
from store.review import ReviewError, confirm, correct, reject
from store.session import session_factory

REVIEWER = Actor("clerk1", "reviewer", None)


@pytest.fixture
def conflicted(engine):
    """A report says 30 branches, a ledger says 31: a conflict with the ledger as headline."""
    with session_factory(engine)() as s, s.begin():
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        add_region(s, "青石镇", "township", county)
        load_source(
            s,
            SYSTEM,
            SourceIn(kind="report", filename="r.txt", content=b"r", township="青石镇", year=2023),
            [FactIn("party_branches", 2023, 30, span=(0, 4), evidence="30个党支部")],
        )
        load_source(
            s,
            SYSTEM,
            SourceIn(kind="ledger", filename="l.xlsx", content=b"l"),
            [FactIn("party_branches", 2023, 31, township="青石镇", cell="Sheet1!C3")],
        )
    ids = queries.review_queue(engine, SYSTEM, state="conflict")["observation_id"].tolist()
    assert len(ids) == 2
    return engine, ids


def _rows(engine):
    with session_factory(engine)() as s:
        return s.execute(
            select(Observation.value, Observation.status, Observation.is_headline, Observation.conflict).order_by(
                Observation.id
            )
        ).all()


def test_confirming_the_report_value_makes_it_headline_and_clears_conflict(conflicted):
    engine, (report_id, _ledger_id) = conflicted
    with session_factory(engine)() as s, s.begin():
        confirm(s, REVIEWER, report_id)
    assert _rows(engine) == [(30, "confirmed", True, False), (31, "extracted", False, False)]
    assert queries.review_queue(engine, SYSTEM, state="conflict").empty
    trail = queries.audit_trail(engine, SYSTEM, report_id)
    assert trail["action"].tolist() == ["confirm"] and trail["actor"].tolist() == ["clerk1"]


def test_correction_keeps_old_value_in_audit(conflicted):
    engine, (report_id, _) = conflicted
    with session_factory(engine)() as s, s.begin():
        correct(s, REVIEWER, report_id, 31, reason="以台账为准")
    assert _rows(engine)[0] == (31, "corrected", True, False)
    trail = queries.audit_trail(engine, SYSTEM, report_id).iloc[0]
    assert trail["old"]["value"] == 30 and trail["new"]["value"] == 31 and trail["reason"] == "以台账为准"


def test_reject_removes_from_headline(conflicted):
    engine, (_, ledger_id) = conflicted
    with session_factory(engine)() as s, s.begin():
        reject(s, REVIEWER, ledger_id, reason="台账填错")
    assert _rows(engine) == [(30, "extracted", True, False), (31, "rejected", False, False)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"value": 3, "reason": ""}, "必须填写原因"),
        ({"value": None, "reason": "x"}, "请填写更正后的数值"),
        ({"value": -1, "reason": "x"}, "不能为负数"),
    ],
)
def test_bad_corrections_are_refused(conflicted, kwargs, message):
    engine, (report_id, _) = conflicted
    with session_factory(engine)() as s, s.begin(), pytest.raises(ReviewError, match=message):
        correct(s, REVIEWER, report_id, **kwargs)
    with session_factory(engine)() as s:
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "correct")).first() is None


def test_missing_observation_message(engine):
    with session_factory(engine)() as s, pytest.raises(ReviewError, match="找不到编号为 999"):
        confirm(s, REVIEWER, 999)
