"""台账上传 page under AppTest: upload, mapping shown and fixable, dry-run summary, confirm writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from store.access import Actor
from store.models import Observation, Source
from store.session import session_factory
from tests.apptest_support import fresh_app_db
from tests.ledger_support import add_fixture_regions

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "ledgers"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """A fresh SQLite app database with the fixtures' county and townships; clean Streamlit caches."""
    engine = fresh_app_db(tmp_path, monkeypatch)
    add_fixture_regions(engine)
    return engine


def _page(role: str = "clerk") -> AppTest:
    at = AppTest.from_file(str(ROOT / "views" / "ledger_upload.py"), default_timeout=60)
    at.session_state["actor"] = Actor(role, role, None)
    return at.run()


def _upload(at: AppTest, name: str) -> AppTest:
    return at.file_uploader(key="ledger_file").set_value((name, (FIXTURES / name).read_bytes(), XLSX)).run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _count(engine: Engine) -> int:
    with session_factory(engine)() as s:
        return s.scalar(select(func.count(Observation.id))) or 0


def test_page_without_a_file_asks_for_one(app_db: Engine) -> None:
    at = _page()
    assert not at.exception
    assert any("请先选择台账文件" in i.value for i in at.info)
    assert at.get("download_button")


def test_upload_shows_mapping_and_dry_run_summary_then_confirm_writes(app_db: Engine) -> None:
    at = _upload(_page(), "merged_headers.xlsx")
    assert not at.exception
    mapping = at.dataframe[0].value  # the header mapping (a data_editor)
    assert list(mapping["识别为"]) == [
        "序号",
        "乡镇名称",
        "党员总数",
        "流动党员数",
        "新发展党员数",
        "党支部数",
        "软弱涣散党组织整顿数",
    ]
    assert "C 党员情况/党员总数" in at.dataframe[1].value.columns  # the preview of the first rows
    assert _metrics(at) == {"新增": "10", "未变": "0", "覆盖旧值": "0", "与报告不一致": "0"}
    assert _count(app_db) == 0  # the dry run wrote nothing
    at.button(key="ledger_confirm").click().run()
    assert not at.exception
    assert any("已导入" in s.value for s in at.success)
    assert _count(app_db) == 10


def test_clerk_can_fix_a_mapping(app_db: Engine) -> None:
    at = _upload(_page(), "merged_headers.xlsx")
    # Row 6 of the mapping is column G (软弱涣散党组织整顿): ignore it.
    at.session_state["ledger_map_0"] = {"edited_rows": {6: {"识别为": "忽略"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert _metrics(at)["新增"] == "8"
    at.button(key="ledger_confirm").click().run()
    assert _count(app_db) == 8


def test_errors_block_the_import(app_db: Engine) -> None:
    at = _upload(_page(), "bad_values.xlsx")
    assert not at.exception
    assert any("处错误" in e.value for e in at.error)
    assert not at.button  # no confirm button while errors stand
    # Every error whole, one wrapping line each (a table cut the longer explanations off at its right edge).
    listed = "\n".join(m.value for m in at.markdown)
    lines = [line for line in listed.splitlines() if line.startswith("- **")]
    assert lines and all("**：" in line and len(line) > 12 for line in lines)
    assert not [d for d in at.dataframe if d.key == "ledger_errors"]
    assert _count(app_db) == 0


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_roles_without_import_see_a_plain_message(app_db: Engine, role: str) -> None:
    at = _page(role).run()
    assert not at.exception
    assert any("需要填报员或管理员账号" in i.value for i in at.info)
    assert not at.get("file_uploader") and not at.button
    assert _count(app_db) == 0


def test_reimport_is_reported_as_no_change(app_db: Engine) -> None:
    at = _upload(_page(), "wide_basic.xlsx")
    at.button(key="ledger_confirm").click().run()
    again = _upload(_page(), "wide_basic.xlsx")
    assert any("已经导入过" in i.value for i in again.info)
    with session_factory(app_db)() as s:
        assert s.scalar(select(func.count(Source.id))) == 1
