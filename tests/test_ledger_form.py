"""在线填报: entries checked as ledger cells (all at once, nothing written until valid), stored as one source of
kind "form" by the clerk; the page pre-fills what the store holds and shows last year's figure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from etl.ledgers.cells import parse_cell
from etl.ledgers.form import check_entries, entry_text, save_form
from etl.ledgers.importer import catalog_indicators, import_ledger
from store.access import SYSTEM, Actor
from store.catalog import CATEGORIES
from store.models import AuditEvent, Observation, Source
from store.session import session_factory
from tests.apptest_support import fresh_app_db
from tests.ledger_support import FIXTURES, add_fixture_regions

ROOT = Path(__file__).resolve().parent.parent
INDICATORS = catalog_indicators()
MEMBERS = CATEGORIES.index("党员队伍")  # party_members_total is the first row of this category's table


@pytest.mark.parametrize(
    ("key", "typed", "value", "error"),
    [
        ("party_members_total", "412", 412.0, None),
        ("party_members_total", " 1,058 ", 1058.0, None),
        ("party_members_new", "无", 0.0, None),
        ("party_members_total", "十几", None, "“十几” 不是数字"),
        ("party_members_total", "10-12", None, "“10-12” 是一个范围，不是一个数：请填写确切的数字"),
        ("party_members_total", "-3", None, "“-3” 是负数，党员总数不能为负"),
        ("training_coverage_rate", "120%", None, "“120%” 超过 100%"),
        ("rural_income_per_capita", "1.69万元", 16900.0, None),
        ("collective_income_total", "95万", 95.0, None),
        # a note after the figure has nowhere to be kept in a form: said, not dropped
        (
            "party_members_total",
            "412（含预备党员8名）",
            None,
            "“412（含预备党员8名）”：这里只填数字，“含预备党员8名”不会被保存",
        ),
        ("party_members_total", "412（人）", 412.0, None),
    ],
)
def test_entries_are_read_as_ledger_cells(key: str, typed: str, value: float | None, error: str | None) -> None:
    result = check_entries(2023, {key: typed}, INDICATORS)
    assert [f.value for f in result.facts] == ([] if value is None else [value])
    assert [e.message for e in result.errors] == ([] if error is None else [error])


def test_every_problem_is_reported_at_once_naming_the_field() -> None:
    result = check_entries(
        2023, {"party_members_total": "十几", "party_branches": "待核实", "grids_total": "5"}, INDICATORS
    )
    assert [e.cell for e in result.errors] == ["党员总数（人）", "党支部数（个）"]
    assert [f.indicator for f in result.facts] == ["grids_total"]


@pytest.mark.parametrize("typed", ["—", "/", "暂无", "不适用", ""])
def test_no_figure_marks_give_nothing(typed: str) -> None:
    assert check_entries(2023, {"party_members_total": typed}, INDICATORS).facts == []


@pytest.mark.parametrize(
    ("value", "masked", "qualifier"),
    [
        (412.0, False, "exact"),
        (100.0, False, "over"),
        (30.0, False, "approx"),
        (50.0, False, "under"),
        (None, True, "exact"),
        (12.5, False, "exact"),
    ],
)
def test_prefilled_text_reads_back_as_the_stored_figure(value: float | None, masked: bool, qualifier: str) -> None:
    parsed = parse_cell(entry_text(value, masked, qualifier))
    assert parsed is not None and not isinstance(parsed, str)
    assert (parsed.value, parsed.masked, parsed.qualifier) == (value, masked, qualifier)


def _count(engine: Engine, model: type) -> int:
    with session_factory(engine)() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _save(engine: Engine, entries: dict[str, str], user: str = "王会计"):  # type: ignore[no-untyped-def]
    with session_factory(engine)() as s, s.begin():
        return save_form(s, SYSTEM, "长城乡", 2023, entries, INDICATORS, user=user)


def test_saved_form_is_one_source_by_its_author_and_idempotent(sqlite_engine: Engine) -> None:
    add_fixture_regions(sqlite_engine)
    first = _save(sqlite_engine, {"party_members_total": "412", "party_branches": "无"})
    assert first.summary is not None and first.summary.new == 2
    with session_factory(sqlite_engine)() as s:
        src = s.scalars(select(Source)).one()
        assert (src.kind, src.uploaded_by, src.year) == ("form", "王会计", 2023)
        assert sorted(o.value for o in s.scalars(select(Observation))) == [0.0, 412.0]
    again = _save(sqlite_engine, {"party_members_total": "412", "party_branches": "无"})
    assert again.summary is not None and again.summary.already_loaded
    assert _count(sqlite_engine, Source) == 1


def test_a_changed_figure_supersedes_the_older_one_with_an_audit_event(sqlite_engine: Engine) -> None:
    add_fixture_regions(sqlite_engine)
    _save(sqlite_engine, {"party_members_total": "412"})
    events = _count(sqlite_engine, AuditEvent)
    changed = _save(sqlite_engine, {"party_members_total": "420"})
    assert changed.summary is not None and changed.summary.superseded == 1
    assert _count(sqlite_engine, AuditEvent) > events


def test_nothing_is_written_while_an_error_stands(sqlite_engine: Engine) -> None:
    add_fixture_regions(sqlite_engine)
    bad = _save(sqlite_engine, {"party_members_total": "412", "party_branches": "十几"})
    assert bad.summary is None and [e.cell for e in bad.errors] == ["党支部数（个）"]
    empty = _save(sqlite_engine, {"party_members_total": "—"})
    assert empty.summary is None and empty.errors
    assert _count(sqlite_engine, Source) == 0 and _count(sqlite_engine, Observation) == 0


# --- the page ------------------------------------------------------------------------------------------


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """A fresh app database with the fixtures' townships and 长城乡's 2021–2023 party members from a ledger."""
    engine = fresh_app_db(tmp_path, monkeypatch)
    add_fixture_regions(engine)
    name = "years_as_columns.xlsx"
    done = import_ledger(engine, SYSTEM, (FIXTURES / name).read_bytes(), name, uploaded_by="clerk")
    assert not done.errors
    return engine


def _page(role: str = "clerk", township: str = "长城乡", year: int = 2023) -> AppTest:
    at = AppTest.from_file(str(ROOT / "views" / "ledger_form.py"), default_timeout=60)
    at.session_state["actor"] = Actor(role, role, None)
    at.run()
    at.selectbox(key="form_township").set_value(township).run()
    return at.number_input(key="form_year").set_value(year).run()


def _edit(at: AppTest, category: int, row: int, text: str, township: str = "长城乡", year: int = 2023) -> AppTest:
    key = f"form_{category}_{township}_{year}"
    at.session_state[key] = {"edited_rows": {row: {f"{year}年填报": text}}, "added_rows": [], "deleted_rows": []}
    return at.run()


def _members_table(at: AppTest):  # type: ignore[no-untyped-def]
    return next(d.value for d in at.dataframe if "党员总数" in list(d.value["指标"]))


def test_form_is_laid_out_by_category_with_last_year_and_held_figures(app_db: Engine) -> None:
    at = _page()
    assert not at.exception
    assert [h.value for h in at.subheader] == [c for c in CATEGORIES if c]  # every category has indicators
    table = _members_table(at)
    row = table[table["指标"] == "党员总数"].iloc[0]
    assert row["2022年"] == "405"  # last year's figure beside the field
    assert row["2023年填报"] == "412"  # pre-filled from the store …
    assert row["已有值来源"] == "台账《years_as_columns.xlsx》"  # … marked with its source
    missing = table[table["指标"] == "流动党员数"].iloc[0]
    assert missing["2023年填报"] == "" and missing["已有值来源"] == ""


def test_bad_entries_are_listed_all_at_once_and_nothing_is_written(app_db: Engine) -> None:
    at = _page()
    key = f"form_{MEMBERS}_长城乡_2023"  # 流动党员数 and 新发展党员数: rows 2 and 3 of one table
    at.session_state[key] = {
        "edited_rows": {2: {"2023年填报": "十几"}, 3: {"2023年填报": "10-12"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert any("2 处填写有误" in e.value for e in at.error)
    errors = next(d.value for d in at.dataframe if "说明" in d.value.columns)
    assert list(errors["指标"]) == ["流动党员数（人）", "新发展党员数（人）"]
    assert at.button(key="form_submit").disabled  # a clerk cannot send it
    assert _count(app_db, Source) == 1  # only the ledger the fixture loaded


def test_clerk_fills_a_missing_figure_and_it_is_stored_as_a_form_by_them(app_db: Engine) -> None:
    at = _edit(_page(), MEMBERS, 2, "20")  # 流动党员数, missing so far
    assert not at.error
    before = _count(app_db, Observation)
    at.button(key="form_submit").click().run()
    assert not at.exception
    assert any("已保存：新增 1" in s.value for s in at.success)
    assert _count(app_db, Observation) == before + 1  # the pre-filled 412 was not stored again
    with session_factory(app_db)() as s:
        src = s.scalars(select(Source).where(Source.kind == "form")).one()
        assert src.uploaded_by == "clerk"
        obs = s.scalars(select(Observation).where(Observation.source_id == src.id)).one()
        assert obs.value == 20


def test_a_viewer_cannot_submit(app_db: Engine) -> None:
    at = _edit(_page("viewer"), MEMBERS, 2, "20")
    assert not at.exception
    assert any("需要填报员或管理员账号" in i.value for i in at.info)
    assert not at.button


def test_a_viewer_is_told_before_the_form_and_its_fields_are_locked(app_db: Engine) -> None:
    """A read-only account learnt it could not submit only below the last table, after typing into them all."""
    at = _page("viewer")
    first = next(i for i, e in enumerate(at.main) if e.type == "subheader")
    told = [i for i, e in enumerate(at.main) if e.type == "info" and "需要填报员或管理员账号" in e.value]
    assert told and told[0] < first
    assert all(json.loads(d.proto.columns)["2023年填报"].get("disabled") for d in at.dataframe)


def test_a_threshold_series_is_its_own_field_and_one_without_a_threshold_is_refused() -> None:
    from etl.ledgers.form import form_source

    good = check_entries(2023, {"villages_income_above@10": "7", "villages_income_above@50": "2"}, INDICATORS)
    assert not good.errors
    assert [(f.value, f.attrs) for f in good.facts] == [(7.0, {"threshold": 10.0}), (2.0, {"threshold": 50.0})]
    stored = json.loads(form_source("长城乡", 2023, good.facts, "clerk").content)["entries"]
    assert set(stored) == {"villages_income_above@10", "villages_income_above@50"}  # neither overwrites the other
    bad = check_entries(2023, {"villages_income_above": "7"}, INDICATORS)
    assert not bad.facts and "门槛" in bad.errors[0].message


def test_the_form_asks_for_each_income_threshold(app_db: Engine) -> None:
    at = _page()
    names = {n for d in at.dataframe for n in d.value["指标"]}
    assert {"集体经济收入10万元以上村数", "集体经济收入50万元以上村数"} <= names
    assert "集体经济收入达标村数" not in names
