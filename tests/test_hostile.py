"""The hostile corpus (tests/hostile/make_corpus.py) through the real entry points: nothing crashes, every
refusal and warning says in Chinese what the case expects, and a refused file writes nothing at all."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from etl.ingest import IngestError, ingest_bytes
from etl.ledgers.importer import LedgerOptions, import_ledger
from store.access import SYSTEM
from store.models import AuditEvent, Observation, Region, Source
from store.regions import add_region, ensure_chain
from store.session import session_factory, transaction
from tests.hostile import make_corpus as corpus


def test_the_corpus_is_large_and_covers_both_importers():
    assert len(corpus.CASES) >= 40
    assert {c.kind for c in corpus.CASES} == {"report", "ledger"}
    assert {c.outcome for c in corpus.CASES} == {"refused", "warning", "stored"}


def _counts(engine) -> tuple[int, ...]:
    with session_factory(engine)() as s:
        return tuple(s.scalar(select(func.count(m.id))) or 0 for m in (Source, Observation, Region, AuditEvent))


def _run(engine, case) -> tuple[str, list[str]]:
    """('refused', [message]) or ('stored', [warnings]) for CASE; any other exception fails the test."""
    data = case.build()
    if case.kind == "report":
        try:
            with transaction(engine) as s:
                county = s.scalars(select(Region).where(Region.name == "宁远县")).one()
                ingest_bytes(s, SYSTEM, case.name, data, township="青石镇", year=2023, county=county)
        except IngestError as e:
            return "refused", [str(e)]
        return "stored", []
    result = import_ledger(
        engine, SYSTEM, data, case.name, LedgerOptions(create_townships=True, county="宁远县", year=2023)
    )
    if result.errors:
        return "refused", [f"{e.cell} {e.message}" for e in result.errors]
    return "stored", [f"{w.cell} {w.message}" for w in result.warnings]


@pytest.mark.parametrize("case", corpus.CASES, ids=[f"{i:02d}" for i in range(len(corpus.CASES))])
def test_hostile_file(engine, case):
    with transaction(engine) as s:
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        add_region(s, "青石镇", "township", county)
        add_region(s, "白沙乡", "township", county)
    before = _counts(engine)
    outcome, messages = _run(engine, case)
    text = "\n".join(messages)
    if case.outcome == "refused":
        assert outcome == "refused", f"{case.name}: expected a refusal naming {case.words!r}"
        assert case.words in text, text
        assert "Traceback" not in text and "Error" not in text, text
        assert _counts(engine) == before, "a refused file wrote something"
        return
    assert outcome == "stored", f"{case.name}: refused: {text}"
    if case.outcome == "warning":
        assert case.words in text, text
    with session_factory(engine)() as s:
        names = s.scalars(select(Source.filename)).all()
        assert names and all(len(n) <= 255 and "\x1b" not in n and "\x00" not in n for n in names)
