"""报告导入 page under AppTest: upload, highlighted figures, corrections, save writes observations."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from store.access import Actor
from store.models import Observation, Region, Source
from store.regions import ensure_chain
from store.session import session_factory
from tests.apptest_support import fresh_app_db, shown

ROOT = Path(__file__).resolve().parent.parent
REPORT = (
    "2023年长城乡党建工作情况汇报\n"
    "长城乡党委开展理论中心组学习8次，培训党员438人次，共有党员XX名。<script>alert(1)</script>\n"
).encode()
MASKED = "XXX镇2022年工作总结\n全镇共有党员326名，培训党员900人次。\n".encode()


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """A fresh SQLite app database with one county; clean Streamlit caches."""
    engine = fresh_app_db(tmp_path, monkeypatch)
    with session_factory(engine)() as s, s.begin():
        ensure_chain(s, [("云岭省", "province"), ("文山州", "city"), ("丘北县", "county")])
    return engine


def _page(role: str = "clerk") -> AppTest:
    at = AppTest.from_file(str(ROOT / "views" / "report_import.py"), default_timeout=60)
    at.session_state["actor"] = Actor(role, role, None)
    return at.run()


def _upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    return at.file_uploader(key="report_files").set_value([(n, d, "text/plain") for n, d in files]).run()


def _observations(engine: Engine) -> list[Observation]:
    with session_factory(engine)() as s:
        return list(s.scalars(select(Observation).order_by(Observation.span_start)))


def _html(at: AppTest) -> str:
    return "".join(m.value for m in at.markdown if "<mark" in m.value)


def test_without_a_file_asks_for_one(app_db: Engine) -> None:
    at = _page()
    assert not at.exception
    assert "请先选择" in at.info[0].value


def test_upload_highlights_every_figure_escaped(app_db: Engine) -> None:
    at = _upload(_page(), ("长城乡.txt", REPORT))
    assert not at.exception
    page = _html(at)
    assert page.count("<mark") == 3
    assert "培训党员438人次<sup>2</sup></mark>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert at.text_input(key=f"report_town_{_key(REPORT)}").value == "长城乡"
    assert at.number_input(key=f"report_year_{_key(REPORT)}").value == 2023
    table = at.dataframe[0].value
    assert list(table["状态"]) == ["待核对"]
    assert any("已脱敏" in s.value for s in at.subheader)


def _key(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()[:12]


def test_a_township_not_in_the_county_is_asked_for_first(app_db: Engine) -> None:
    at = _upload(_page(), ("长城乡.txt", REPORT))
    key = _key(REPORT)
    assert any("“长城乡”不在现有乡镇名单中" in w.value for w in at.warning)
    at.button(key=f"report_save_{key}").click().run()
    assert "勾选“新建乡镇”" in at.error[0].value
    with session_factory(app_db)() as s:
        assert s.scalars(select(Region.name).where(Region.level == "township")).all() == []
        assert s.scalar(select(func.count(Source.id))) == 0
    at.checkbox(key=f"report_newtown_{key}").check().run()
    at.button(key=f"report_save_{key}").click().run()
    assert not at.error and "长城乡 2023年" in at.success[0].value
    with session_factory(app_db)() as s:
        assert s.scalars(select(Region.name).where(Region.level == "township")).all() == ["长城乡"]


def test_save_writes_observations(app_db: Engine) -> None:
    at = _upload(_page(), ("长城乡.txt", REPORT))
    at.checkbox(key=f"report_newtown_{_key(REPORT)}").check().run()
    at.button(key=f"report_save_{_key(REPORT)}").click().run()
    assert not at.exception
    assert "长城乡 2023年" in at.success[0].value
    obs = _observations(app_db)
    assert [(o.value, o.masked) for o in obs] == [(8, False), (438, False), (None, True)]
    assert all(o.evidence and o.span_start is not None for o in obs)


def test_corrections_are_saved(app_db: Engine) -> None:
    at = _upload(_page(), ("x.txt", MASKED))
    key = _key(MASKED)
    assert "请填写乡镇" in at.warning[0].value
    at.text_input(key=f"report_town_{key}").input("青石镇")
    at.session_state[f"report_facts_{key}"] = {
        "edited_rows": {0: {"数值": "330"}, 1: {"保存": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.checkbox(key=f"report_newtown_{key}").check().run()
    at.button(key=f"report_save_{key}").click().run()
    assert not at.exception, at.exception
    obs = _observations(app_db)
    assert [(o.value, o.year) for o in obs] == [(330, 2022)]
    with session_factory(app_db)() as s:
        assert s.scalars(select(Region.name).where(Region.level == "township")).all() == ["青石镇"]


def test_bad_value_is_explained_and_nothing_saved(app_db: Engine) -> None:
    at = _upload(_page(), ("x.txt", MASKED))
    key = _key(MASKED)
    at.text_input(key=f"report_town_{key}").input("青石镇")
    at.session_state[f"report_facts_{key}"] = {
        "edited_rows": {0: {"数值": "很多"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key=f"report_save_{key}").click().run()
    assert "第 1 行" in at.error[0].value and "无法识别" in at.error[0].value
    assert _observations(app_db) == []


def test_many_files_with_one_unreadable(app_db: Engine) -> None:
    bad = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    at = _upload(_page(), ("长城乡.txt", REPORT), ("old.doc", bad), ("x.txt", MASKED))
    assert not at.exception
    assert any("另存为 .docx" in shown(e.value) for e in at.error)
    assert list(at.dataframe[0].value["状态"]) == ["待核对", "无法读取", "待核对"]
    at.checkbox(key=f"report_newtown_{_key(REPORT)}").check().run()
    at.button(key="report_save_all").click().run()
    assert any("无法确定乡镇名称" in e.value or "请先填写乡镇" in e.value for e in at.error)
    with session_factory(app_db)() as s:
        assert s.scalar(select(func.count(Source.id))) == 1


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_roles_without_import_cannot_upload(app_db: Engine, role: str) -> None:
    at = _page(role).run()
    assert not at.exception
    assert any("需要填报员或管理员账号" in i.value for i in at.info)
    assert not at.get("file_uploader") and not at.button
