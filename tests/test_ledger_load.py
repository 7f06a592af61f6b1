"""Ledger import against the database (SQLite, and PostgreSQL with TEST_DATABASE_URL): all-or-nothing,
idempotent re-import, superseding with an audit trail, conflicts with report values, bad files, the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, func, select

from etl.cli import _Parser
from etl.commands import ledger as cmd_ledger
from etl.commands import template as cmd_template
from etl.ledgers.importer import LedgerOptions, import_ledger
from etl.load import FactIn, SourceIn, load_source
from store.access import SYSTEM
from store.models import AuditEvent, Observation, Region, Source
from store.session import get_engine, session_factory
from tests.ledger_support import add_fixture_regions, ledger_bytes

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ledgers"
BAD_FILES = [
    "corrupt.xlsx",
    "password.xlsx",
    "pdf_renamed.xlsx",
    "plain_text.xlsx",
    "word_renamed.xlsx",
    "zip_bomb.xlsx",
    "no_table.xlsx",
]


@pytest.fixture
def db(engine: Engine) -> Engine:
    """The fixtures' county and townships (tests/fixtures/ledgers/regions.json)."""
    add_fixture_regions(engine)
    return engine


def values(engine: Engine, status: str | None = "extracted") -> dict[tuple[str, str, int], float | None]:
    with session_factory(engine)() as s:
        stmt = select(Region.name, Observation.indicator_id, Observation.year, Observation.value, Observation.status)
        rows = s.execute(stmt.join(Region, Observation.region_id == Region.id)).all()
    return {(r[0], str(r[1]), r[2]): r[3] for r in rows if status is None or r[4] == status}


def count(engine: Engine, model: type) -> int:
    with session_factory(engine)() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_import_writes_every_figure_once(db: Engine) -> None:
    data = (FIXTURES / "merged_headers.xlsx").read_bytes()
    result = import_ledger(db, SYSTEM, data, "merged_headers.xlsx")
    assert not result.errors and result.written
    assert result.summary is not None and result.summary.new == 10
    assert count(db, Observation) == 10
    with session_factory(db)() as s:
        heads = s.scalars(select(Observation).where(Observation.is_headline.is_(True))).all()
        assert len(heads) == 10 and all(o.locator.startswith("台账!") for o in heads)


def test_dry_run_counts_but_writes_nothing(db: Engine) -> None:
    data = (FIXTURES / "wide_basic.xlsx").read_bytes()
    result = import_ledger(db, SYSTEM, data, "wide_basic.xlsx", dry_run=True)
    assert result.summary is not None and result.summary.new == 9
    assert count(db, Observation) == 0 and count(db, Source) == 0


def test_one_error_means_nothing_is_written(db: Engine) -> None:
    data = ledger_bytes([["2023年台账"], ["乡镇", "党员总数", "党支部数"], ["长城乡", 412, 18], ["东风镇", "十几", 15]])
    result = import_ledger(db, SYSTEM, data, "bad.xlsx")
    assert [e.to_json() for e in result.errors] == [{"cell": "Sheet!B4", "message": "“十几” 不是数字"}]
    assert count(db, Observation) == 0 and count(db, Source) == 0


def test_reimporting_the_same_file_changes_nothing(db: Engine) -> None:
    data = (FIXTURES / "wide_basic.xlsx").read_bytes()
    import_ledger(db, SYSTEM, data, "wide_basic.xlsx")
    again = import_ledger(db, SYSTEM, data, "renamed.xlsx")
    assert again.summary is not None and again.summary.already_loaded
    assert count(db, Observation) == 9 and count(db, Source) == 1


def test_newer_ledger_supersedes_and_keeps_the_audit_trail(db: Engine) -> None:
    old = ledger_bytes([["2023年台账"], ["乡镇", "党员总数", "党支部数"], ["长城乡", 412, 18]])
    new = ledger_bytes([["2023年台账"], ["乡镇", "党员总数", "党支部数"], ["长城彝族乡", 415, 18]])
    import_ledger(db, SYSTEM, old, "old.xlsx")
    result = import_ledger(db, SYSTEM, new, "new.xlsx", dry_run=True)
    assert result.summary is not None
    assert (result.summary.new, result.summary.unchanged, result.summary.superseded) == (1, 1, 1)
    assert count(db, Observation) == 2  # the dry run rolled back
    import_ledger(db, SYSTEM, new, "new.xlsx")
    with session_factory(db)() as s:
        rows = s.execute(
            select(Observation.value, Observation.status, Observation.is_headline).order_by(Observation.id)
        ).all()
        assert [tuple(r) for r in rows] == [
            (412, "superseded", False),
            (18, "extracted", True),
            (415, "extracted", True),
        ]
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "supersede")).one()
        assert event.old["value"] == 412 and event.new["value"] == 415 and "new.xlsx" in event.reason


def test_ledger_value_differing_from_report_is_a_conflict(db: Engine) -> None:
    with session_factory(db)() as s, s.begin():
        load_source(
            s,
            SYSTEM,
            SourceIn(kind="report", filename="r.txt", content=b"report", township="长城乡", year=2023),
            [FactIn("party_members_total", 2023, 410, span=(0, 8), evidence="共有党员410名")],
        )
    data = ledger_bytes([["2023年台账"], ["乡镇", "党员总数", "党支部数"], ["长城乡", 412, 18]])
    preview = import_ledger(db, SYSTEM, data, "l.xlsx", dry_run=True)
    assert preview.summary is not None and preview.summary.conflicts == 1
    result = import_ledger(db, SYSTEM, data, "l.xlsx")
    assert result.summary is not None and result.summary.conflicts == 1
    with session_factory(db)() as s:
        flagged = s.execute(select(Observation.value).where(Observation.conflict.is_(True))).scalars().all()
        assert sorted(flagged) == [410, 412]


def test_unknown_township_is_an_error_unless_creating(db: Engine) -> None:
    data = (FIXTURES / "unknown_township.xlsx").read_bytes()
    refused = import_ledger(db, SYSTEM, data, "u.xlsx")
    assert "最接近的有：青石镇" in refused.errors[0].message and count(db, Observation) == 0
    created = import_ledger(db, SYSTEM, data, "u.xlsx", LedgerOptions(create_townships=True))
    assert not created.errors and created.summary is not None
    assert created.summary.created_townships == ["青山镇"]
    with session_factory(db)() as s:
        town = s.scalars(select(Region).where(Region.name == "青山镇")).one()
        assert town.level == "township" and town.parent is not None and town.parent.name == "宁远县"


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_gets_a_clear_message_and_writes_nothing(db: Engine, name: str) -> None:
    result = import_ledger(db, SYSTEM, (FIXTURES / name).read_bytes(), name)
    assert result.errors and not result.observations
    assert count(db, Observation) == 0 and count(db, Source) == 0


def test_file_over_the_size_limit_is_refused(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FIXTURES / "wide_basic.xlsx").read_bytes()
    small = import_ledger(db, SYSTEM, data, "w.xlsx", LedgerOptions(max_bytes=1000))
    assert "超过" in small.errors[0].message and "MB" in small.errors[0].message
    monkeypatch.setenv("LEDGER_MAX_MB", "0.001")
    assert "超过" in import_ledger(db, SYSTEM, data, "w.xlsx").errors[0].message
    assert count(db, Observation) == 0


# --- the command line -------------------------------------------------------------------------------


def cli(module, *argv: str) -> int:  # type: ignore[no-untyped-def]
    parser = _Parser(prog="python -m etl")
    module.configure(parser)
    return int(module.run(parser.parse_args(argv)))


@pytest.fixture
def cli_db(db: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("DATABASE_URL", str(db.url.render_as_string(hide_password=False)))
    get_engine.cache_clear()
    yield db
    get_engine.cache_clear()


def test_cli_dry_run_json_is_the_spec_shape(cli_db: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "wide_basic.xlsx"
    assert cli(cmd_ledger, str(path), "--dry-run", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["source", "observations", "errors", "warnings"]
    assert out["source"] == str(path)
    assert out["observations"][0] == {
        "township": "长城乡",
        "year": 2023,
        "indicator": "party_members_total",
        "value": 412,
        "unit": "人",
        "cell": "Sheet1!C3",
        "qualifier": "exact",
        "masked": False,
    }
    assert count(cli_db, Observation) == 0


def test_cli_errors_exit_1_and_write_nothing(cli_db: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(cmd_ledger, str(FIXTURES / "bad_values.xlsx"), "--json") == 1
    out = json.loads(capsys.readouterr().out)
    assert {"cell": "Sheet1!B3", "message": "“十几” 不是数字"} in out["errors"]
    assert cli(cmd_ledger, str(FIXTURES / "missing.xlsx")) == 1
    assert count(cli_db, Observation) == 0


def test_cli_imports_with_year_and_sheet(cli_db: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(cmd_ledger, str(FIXTURES / "year_missing.xlsx"), "--year", "2021") == 0
    assert cli(cmd_ledger, str(FIXTURES / "sheets_per_year.xlsx"), "--sheet", "2022年") == 0
    assert "已导入：新增 4" in capsys.readouterr().out
    assert count(cli_db, Observation) == 5


def test_cli_usage_errors_exit_2(cli_db: Engine) -> None:
    with pytest.raises(SystemExit) as exc:
        cli(cmd_ledger, "x.xlsx", "--year", "二〇二三")
    assert exc.value.code == 2


def test_cli_template_round_trips(cli_db: Engine, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert cli(cmd_template, "--year", "2023", "-o", str(out), "--category", "党员队伍") == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["台账"]
    ws["D3"], ws["E3"] = 412, 300
    buf = io.BytesIO()
    wb.save(buf)
    result = import_ledger(cli_db, SYSTEM, buf.getvalue(), "filled.xlsx", dry_run=True)
    assert not result.errors and not result.warnings
    assert [(o.township, o.year, o.indicator, o.value) for o in result.observations] == [
        ("长城乡", 2023, "party_members_total", 412),
        ("长城乡", 2023, "party_members_rural", 300),
    ]


def test_parser_is_registered() -> None:
    from etl.cli import COMMANDS

    assert COMMANDS["ledger"] == "etl.commands.ledger" and COMMANDS["template"] == "etl.commands.template"


def test_repeated_facts_meet_older_values_in_order(db: Engine) -> None:
    """Facts of one key, in order: equal to a stored ledger value → unchanged; the first that differs
    supersedes it; later ones are new (the older value is gone by then), whatever they hold."""
    key: dict[str, Any] = {"indicator": "party_members_total", "year": 2023, "township": "长城乡"}
    with session_factory(db)() as s, s.begin():
        old_source = SourceIn(kind="ledger", filename="old.xlsx", content=b"old")
        load_source(s, SYSTEM, old_source, [FactIn(value=5, cell="A1", **key)])
    facts = [FactIn(value=v, cell=f"B{i}", **key) for i, v in enumerate([5, 7, 5, 9])]
    with session_factory(db)() as s, s.begin():
        summary = load_source(s, SYSTEM, SourceIn(kind="manual", filename="new", content=b"new"), facts)
    assert (summary.new, summary.unchanged, summary.superseded) == (3, 1, 1)
    with session_factory(db)() as s:
        rows = s.execute(
            select(Observation.locator, Observation.status, Observation.is_headline).order_by(Observation.id)
        ).all()
        assert [tuple(r) for r in rows] == [
            ("A1", "superseded", False),
            ("B1", "extracted", False),
            ("B2", "extracted", False),
            ("B3", "extracted", True),
        ]
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "supersede")).one()
        old = s.scalars(select(Source).where(Source.filename == "old.xlsx")).one()
        assert event.new["value"] == 7 and event.old == {
            "value": 5,
            "masked": False,
            "status": "extracted",
            "source_id": old.id,
        }


def test_reimporting_changed_values_supersedes_each_once(db: Engine) -> None:
    rows = [["2023年台账"], ["乡镇", "党员总数", "党支部数"], ["长城乡", 412, 18], ["东风镇", 380, 15]]
    import_ledger(db, SYSTEM, ledger_bytes(rows), "v1.xlsx")
    rows[2][1], rows[3][2] = 413, 16
    result = import_ledger(db, SYSTEM, ledger_bytes(rows), "v2.xlsx")
    assert result.summary is not None
    assert (result.summary.new, result.summary.unchanged, result.summary.superseded) == (2, 2, 2)
    assert count(db, AuditEvent) == 2 + 2  # two imports, two supersedes
    with session_factory(db)() as s:
        heads = s.execute(select(Observation.value).where(Observation.is_headline.is_(True))).scalars().all()
        assert sorted(heads) == [16, 18, 380, 413]


def _template_filled(cells: dict[str, object], category: str = "集体经济") -> bytes:
    from etl.ledgers.template import build_template
    from store.catalog import load_catalog

    data = build_template(load_catalog(), ["长城乡"], year=2023, categories=[category])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["台账"]
    for ref, value in cells.items():
        ws[ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_template_has_a_column_per_threshold_and_they_import_as_threshold_series(db: Engine) -> None:
    data = _template_filled({})
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(data))["台账"][2]]
    assert "集体经济收入10万元以上村数（个）" in headers and "集体经济收入50万元以上村数（个）" in headers
    assert "集体经济收入达标村数（个）" not in headers
    ten, fifty = (
        openpyxl.utils.get_column_letter(headers.index(f"集体经济收入{t}万元以上村数（个）") + 1) for t in (10, 50)
    )
    result = import_ledger(db, SYSTEM, _template_filled({f"{ten}3": 7, f"{fifty}3": 2}), "filled.xlsx")
    assert not result.errors, result.errors
    with session_factory(db)() as s:
        rows = s.execute(select(Observation.value, Observation.attrs).where(Observation.value.is_not(None))).all()
    assert sorted((r[0], r[1]) for r in rows) == [(2, {"threshold": 50.0}), (7, {"threshold": 10.0})]


@pytest.mark.parametrize(
    ("header", "threshold"),
    [
        ("集体经济收入10万元以上村数（个）", 10.0),
        ("村集体经济收入超过50万元的村（个）", 50.0),
        ("收入100万元及以上的村数", 100.0),
    ],
)
def test_threshold_headers_keep_their_threshold(db: Engine, header: str, threshold: float) -> None:
    data = ledger_bytes([["2023年台账"], ["乡镇", header], ["长城乡", 4]])
    result = import_ledger(db, SYSTEM, data, "t.xlsx", dry_run=True)
    assert not result.errors
    assert [(o.indicator, o.threshold, o.value) for o in result.observations] == [
        ("villages_income_above", threshold, 4)
    ]


@pytest.mark.parametrize(
    "rows",
    [
        [["2023年台账"], ["乡镇", "党员总数（人）", "集体经济收入达标村数（个）"], ["长城乡", 400, 4]],
        [["2023年台账"], ["乡镇", "指标", "数值"], ["长城乡", "党员总数", 400], ["长城乡", "集体经济收入达标村数", 4]],
    ],
    ids=["column", "row"],
)
def test_a_threshold_indicator_without_threshold_is_refused_naming_it(db: Engine, rows: list[list[object]]) -> None:
    result = import_ledger(db, SYSTEM, ledger_bytes(rows), "t.xlsx")
    assert not result.written
    found = [e for e in result.errors if "集体经济收入达标村数" in e.message and "门槛" in e.message]
    assert found and found[0].cell in ("Sheet!C2", "Sheet!B4"), result.errors
    assert count(db, Observation) == 0


# A ledger's figures head their groups on insert without a headline pass only while no two share a group
# (township, indicator, year, threshold, measure): series of one indicator told apart by threshold or measure.
@pytest.mark.parametrize(
    ("series", "towns", "unique"),
    [
        ([("party_members", None, False)], {"长城乡": 1}, True),
        ([("villages_income_above", 10.0, False), ("villages_income_above", 50.0, False)], {"长城乡": 1}, True),
        ([("c:measure=经营性", None, False), ("c:measure=其他", None, False)], {"长城乡": 1}, True),
        ([("c", None, False), ("c:measure=经营性", None, False)], {"长城乡": 1}, True),
        ([("c", None, False), ("c:level=党委", None, False)], {"长城乡": 1}, False),  # a part beside its total
        ([("cases", None, False), ("cases", None, True)], {"长城乡": 1}, False),  # 立案（人） and 立案（件）
        ([("party_members", None, False)], {"长城乡": 1, "长城乡党委": 1}, False),  # two names, one township
    ],
)
def test_ledger_facts_unique_keys(series: list[tuple[str, float | None, bool]], towns: dict[str, int], unique: bool):
    from etl.ledgers.figures import ObsStore
    from etl.ledgers.importer import LedgerFacts

    store = ObsStore()
    store.sheet("台账")
    units = iter(["人", "件", "个", "元"])
    for key, threshold, stated in series:
        ind = store.indicator(key, next(units), threshold, stated)
        for r, town in enumerate(towns):
            store.add_new(store.towns.id(town), 2023, ind, 1.0, 0, r, 1)
    assert LedgerFacts(store).unique_keys(towns.__getitem__) is unique


def test_threshold_series_head_their_groups_as_a_headline_pass_decides(db: Engine) -> None:
    data = ledger_bytes(
        [
            ["2023年台账"],
            ["乡镇", "集体经济收入10万元以上村数（个）", "集体经济收入50万元以上村数（个）"],
            ["长城乡", 7, 2],
        ]
    )
    result = import_ledger(db, SYSTEM, data, "t.xlsx")
    assert not result.errors, result.errors
    with session_factory(db)() as s:
        rows = s.execute(select(Observation.value, Observation.is_headline, Observation.conflict)).all()
    assert sorted(tuple(r) for r in rows) == [(2.0, True, False), (7.0, True, False)]


@pytest.mark.parametrize("delete", [False, True])  # a store with deleted figures is staged tuple by tuple
def test_ledger_facts_staged_column_wise_as_tuple_by_tuple(engine: Engine, delete: bool) -> None:
    """etl.staging.stage_batch stages a ledger's figures column-wise (Columnar): the same rows as LedgerFacts.rows,
    with masked, empty and qualified values, a figure summed over rows, a stated counting unit, two sheets."""
    from etl.ledgers.batch import LedgerFacts
    from etl.ledgers.figures import ObsStore
    from etl.staging import create_stage, stage_batch
    from store.resolve import TempTables

    store = ObsStore()
    store.append("长城乡", 2023, "party_members_total", 120.0, "人", "台账", 2, 1)
    store.append("长城乡", 2023, "party_members_new", None, "人", "台账", 2, 2)
    store.append("长城乡", 2022, "party_members_new", 3.0, "人", "台账", 3, 2, qualifier="approx", masked=True)
    store.spans[2] = 5
    store.append("城关镇", 2023, "party_members_total", 80.0, "人", "二〇二三", 7, 27)
    ind = store.indicator("villages_income_above", "个", 10.0)
    store.add_new(store.towns.id("城关镇"), 2023, ind, 4.0, 0, 7, 28)
    ind = store.indicator("cases", "件", None, stated=True)
    store.add_new(store.towns.id("城关镇"), 2023, ind, 2.0, 1, 7, 29)
    if delete:
        store.delete(1)
    facts = LedgerFacts(store)
    regions, indicators = {"长城乡": 11, "城关镇": 12}, {"party_members_total": 1, "party_members_new": 2}
    indicators |= {"villages_income_above": 3, "cases": 4}
    with session_factory(engine)() as s:
        t = TempTables(s)
        staged = []
        for fill in (lambda: stage_batch(t, facts, regions.__getitem__, indicators), None):
            create_stage(t, 1)
            if fill is None:
                t.fill("load_stage", facts.columns, facts.rows(regions.__getitem__, indicators))
            else:
                fill()
            staged.append(t.execute("SELECT * FROM load_stage ORDER BY n").all())
        assert staged[0] == staged[1]
        assert [r.locator for r in staged[0]][-4:] == ["台账!C4:C6", "二〇二三!AB8", "二〇二三!AC8", "二〇二三!AD8"]
        assert len(staged[0]) == 6 - delete
