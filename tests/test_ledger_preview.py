"""The ledger dry run reads only (etl.preview): it says what an import would do — the same counts a load rolled
back gives, the same refusals as warnings — without the write lock and without writing: it runs on a read-only
SQLite file and while another connection holds the write lock, and the file is byte for byte as it was."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.orm import Session

from etl.cli import main as cli_main
from etl.ledgers.importer import LedgerOptions, import_ledger, parse_ledger, store_ledger, township_names
from etl.load import FactIn, LoadError, SourceIn, load_source
from store.access import SYSTEM
from store.locks import WRITE_LOCK
from store.models import Region, Submission
from store.regions import add_region
from store.session import get_engine, make_engine, session_factory, upgrade
from tests.ledger_support import add_fixture_regions, ledger_bytes

HEAD = ["乡镇", "党员总数", "党支部数", "党组织数"]
OLD = [["2023年台账"], HEAD, ["长城乡", 412, 18, 20], ["东风镇", 300, 12, 13]]
NEW = [["2023年台账"], HEAD, ["长城乡", 415, 18, 20], ["东风镇", 300, 14, 15], ["红星镇", 90, 4, 5]]


OLD_DATA = ledger_bytes(OLD)  # openpyxl stamps the time: the same bytes only when saved once


def _report(s: Session) -> None:
    """A report stating 长城乡's members as 410: a ledger's 412 or 415 disagrees (conflict)."""
    src = SourceIn(kind="report", filename="r.txt", content=b"report", township="长城乡", year=2023)
    load_source(s, SYSTEM, src, [FactIn("party_members_total", 2023, 410, span=(0, 8), evidence="共有党员410名")])


def _approved(s: Session) -> None:
    """东风镇 2023 approved: its changed figures are held for a 审核员."""
    region = s.scalars(select(Region).where(Region.name == "东风镇")).one()
    s.add(Submission(region_id=region.id, year=2023, status="approved"))


def _old_ledger(s: Session) -> None:
    parsed = parse_ledger(OLD_DATA, "old.xlsx", township_names(s, SYSTEM))
    store_ledger(s, SYSTEM, parsed, OLD_DATA, "old.xlsx")


SETUPS: dict[str, list[Callable[[Session], None]]] = {
    "empty": [],
    "older ledger": [_old_ledger],
    "older ledger, report, approved year": [_old_ledger, _report, _approved],
}


def _setup(engine: Engine, steps: list[Callable[[Session], None]]) -> None:
    add_fixture_regions(engine)
    with session_factory(engine)() as s, s.begin():
        for step in steps:
            step(s)


def _rolled_back_load(engine: Engine, data: bytes, options: LedgerOptions) -> dict[str, object]:
    """What the dry run said before it only read: the whole load in a transaction, rolled back."""
    with session_factory(engine)() as s:
        parsed = parse_ledger(data, "new.xlsx", township_names(s, SYSTEM), options)
        summary = store_ledger(s, SYSTEM, parsed, data, "new.xlsx", create_townships=options.create_townships)
        s.rollback()
    return {**asdict(summary), "source_id": None}


def _dry_run(engine: Engine, data: bytes, options: LedgerOptions) -> dict[str, object]:
    result = import_ledger(engine, SYSTEM, data, "new.xlsx", options, dry_run=True)
    assert not result.errors and not result.written and result.summary is not None
    return {**asdict(result.summary), "source_id": None}


@pytest.mark.parametrize("setup", list(SETUPS))
@pytest.mark.parametrize("create", [True, False])
def test_dry_run_says_what_a_load_would_do(engine: Engine, setup: str, create: bool) -> None:
    _setup(engine, SETUPS[setup])
    options = LedgerOptions(create_townships=create)
    data = ledger_bytes(NEW if create else NEW[:-1])  # 红星镇 is new: created, or its row left out
    expected = _rolled_back_load(engine, data, options)
    assert _dry_run(engine, data, options) == expected
    if setup != "empty":
        assert expected["superseded"] or expected["held"]  # the cases the preview must decide, not just count


def test_dry_run_of_a_file_already_imported_and_of_one_a_load_would_refuse(engine: Engine) -> None:
    _setup(engine, [_old_ledger])
    again = import_ledger(engine, SYSTEM, OLD_DATA, "again.xlsx", dry_run=True)
    assert again.summary is not None and again.summary.already_loaded
    with session_factory(engine)() as s, s.begin():
        add_region(s, "临江县", "county", None)  # two counties: a new township's county must be named
    options = LedgerOptions(create_townships=True)
    with pytest.raises(LoadError) as refusal:
        _rolled_back_load(engine, ledger_bytes(NEW), options)
    refused = import_ledger(engine, SYSTEM, ledger_bytes(NEW), "new.xlsx", options, dry_run=True)
    assert refused.summary is None and not refused.errors
    assert refused.warnings[-1].message == f"正式导入时将失败：{refusal.value}"
    assert "红星镇" in str(refusal.value)


def _file_bytes(path: Path) -> str:
    """The database file and its write-ahead log (a reader of a WAL database may leave an empty one, and the
    -shm index, behind: neither holds data)."""
    wal = path.with_name(path.name + "-wal")
    return hashlib.sha256(path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")).hexdigest()


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A SQLite file holding an older ledger, a report and an approved year, closed (WAL checkpointed)."""
    path = tmp_path / "store.db"
    eng = make_engine(f"sqlite:///{path}")
    upgrade(eng)
    _setup(eng, SETUPS["older ledger, report, approved year"])
    eng.dispose()
    return path


def test_dry_run_on_a_read_only_file_leaves_it_byte_for_byte(stored: Path) -> None:
    data, options = ledger_bytes(NEW), LedgerOptions(create_townships=True)
    before = _file_bytes(stored)
    stored.chmod(0o444)
    read_only = make_engine(f"sqlite:///file:{stored}?mode=ro&uri=true")
    try:
        said = _dry_run(read_only, data, options)
    finally:
        read_only.dispose()
        stored.chmod(0o644)
    assert _file_bytes(stored) == before
    assert said == _rolled_back_load(make_engine(f"sqlite:///{stored}"), data, options)
    assert said["superseded"] and said["conflicts"] and said["held"] and said["created_townships"] == ["红星镇"]


def test_dry_run_while_another_process_holds_the_write_lock(
    stored: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _rolled_back_load(
        make_engine(f"sqlite:///{stored}"), ledger_bytes(NEW), LedgerOptions(create_townships=True)
    )
    file = stored.parent / "new.xlsx"
    file.write_bytes(ledger_bytes(NEW))
    writer = sqlite3.connect(stored, timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # the write lock, as an import in another process holds it
    writer.execute("DELETE FROM audit_event")
    try:
        # a reader that tried to write would fail at once ("database is locked") instead of waiting
        quick = create_engine(f"sqlite:///{stored}", connect_args={"timeout": 0})
        assert _dry_run(quick, file.read_bytes(), LedgerOptions(create_townships=True)) == expected
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{stored}")
        get_engine.cache_clear()  # the CLI's engine is the one of $DATABASE_URL, not an earlier test's
        code = cli_main(["ledger", str(file), "--dry-run", "--create-townships"])
    finally:
        get_engine.cache_clear()
        writer.rollback()
        writer.close()
    out = capsys.readouterr().out
    assert code == 0
    assert out.strip().splitlines()[-1] == (
        f"试导入（未写入）：新增 {expected['new']}，未变 {expected['unchanged']}，覆盖旧值 {expected['superseded']}，"
        f"与报告冲突 {expected['conflicts']}，新建乡镇 1 个。"
    )


def test_dry_run_on_postgresql_does_not_wait_for_the_write_lock(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the advisory write lock is PostgreSQL's")
    _setup(engine, SETUPS["older ledger, report, approved year"])
    data, options = ledger_bytes(NEW), LedgerOptions(create_townships=True)
    expected = _rolled_back_load(engine, data, options)
    quick = create_engine(engine.url)
    # waiting for the lock would fail the test after 2 s instead of hanging it
    event.listen(quick, "connect", lambda conn, _record: conn.execute("SET lock_timeout = '2s'"))
    with engine.connect() as holder:
        holder.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
        try:
            assert _dry_run(quick, data, options) == expected
        finally:
            holder.rollback()
            quick.dispose()
