"""Units as the source says them: an indicator may accept several counting units (catalog counting_units), a
figure keeps the one it was stated in (党纪立案2件 is 2件, never 2人) from the report through the store to the
pages and the 综述 paragraphs."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from etl.ingest import ingest_bytes
from etl.reports.extract import stated_unit
from narrative import generate
from store import queries, rollups
from store.access import SYSTEM
from store.models import Indicator, Observation
from store.regions import add_region, ensure_chain
from store.session import session_factory, transaction
from tests.apptest_support import app, fresh_app_db

REPORT = "青石镇2023年党建工作总结\n全年党纪立案2件，给予警告处分2人。全镇共有党员412名。\n"
OTHER = "白沙乡2023年党建工作总结\n全年立案审查3人。全镇共有党员170名。\n"


@pytest.mark.parametrize(
    ("indicator", "text", "unit"),
    [
        ("discipline_cases", "党纪立案2件", "件"),
        ("discipline_cases", "立案查处3起", "件"),
        ("discipline_cases", "立案10余宗", "件"),
        ("discipline_cases", "立案审查5人", None),  # the indicator's own unit: nothing to keep
        ("discipline_warnings", "警告处分2件", None),  # one counting unit only
        ("party_members_total", "党员412名", None),
    ],
)
def test_stated_unit(indicator, text, unit):
    assert stated_unit(indicator, text) == unit


def _load(engine) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as s:
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        add_region(s, "青石镇", "township", county)
        add_region(s, "白沙乡", "township", county)
    for name, text in (("青石镇2023.txt", REPORT), ("白沙乡2023.txt", OTHER)):
        with transaction(engine) as s:
            ingest_bytes(s, SYSTEM, name, text.encode("utf-8"))


def test_the_stated_unit_is_stored_and_read_back(engine):
    _load(engine)
    with session_factory(engine)() as s:
        units = dict(
            s.execute(
                select(Observation.value, Observation.unit)
                .join(Indicator, Indicator.id == Observation.indicator_id)
                .where(Indicator.key == "discipline_cases")
            ).all()
        )
    assert units == {2: "件", 3: None}
    rows = queries.observations(engine, SYSTEM, queries.Filters(indicators=("discipline_cases",)))
    assert dict(zip(rows["township"], rows["unit"], strict=True)) == {"青石镇": "件", "白沙乡": "人"}
    values = rollups.township_values(engine, SYSTEM, queries.Filters(indicators=("discipline_cases",)))
    assert dict(zip(values["township"], values["unit"], strict=True)) == {"青石镇": "件", "白沙乡": "人"}
    # Mixed units over the county: the total keeps the indicator's own unit.
    total = rollups.rollup(engine, SYSTEM, queries.Filters(indicators=("discipline_cases",)))
    assert list(total["unit"]) == ["人"]


def test_a_township_paragraph_says_the_unit_of_its_source(engine):
    _load(engine)
    text = "\n".join(p.text for p in generate(engine, SYSTEM, "青石镇", 2023).paragraphs)
    assert "立案2件" in text and "立案2人" not in text


def test_the_trends_page_shows_the_stated_unit(tmp_path, monkeypatch):
    engine = fresh_app_db(tmp_path, monkeypatch)
    _load(engine)
    at = app("views/trends.py")
    at.query_params["ind"] = "discipline_cases"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(str(v) for df in at.dataframe for v in df.value.astype(str).to_numpy().ravel())
    assert "2件" in shown and "2人" not in shown.replace("警告处分2人", "")


def test_the_county_paragraph_says_件_when_every_township_did(engine):
    with transaction(engine) as s:
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        add_region(s, "青石镇", "township", county)
        add_region(s, "白沙乡", "township", county)
    texts = {
        "青石镇2023.txt": "青石镇2023年党建工作总结\n全年党纪立案2件。全镇共有党员412名。\n",
        "白沙乡2023.txt": "白沙乡2023年党建工作总结\n全年党纪立案3起。全镇共有党员170名。\n",
        "青石镇2022.txt": "青石镇2022年党建工作总结\n全年党纪立案1件。全镇共有党员405名。\n",
    }
    for name, text in texts.items():
        with transaction(engine) as s:
            ingest_bytes(s, SYSTEM, name, text.encode("utf-8"))
    county_text = "\n".join(p.text for p in generate(engine, SYSTEM, "宁远县", 2023).paragraphs)
    assert "5件" in county_text and "5人" not in county_text, county_text
    town_text = "\n".join(p.text for p in generate(engine, SYSTEM, "青石镇", 2023).paragraphs)
    assert "立案2件" in town_text and "1人" not in town_text, town_text
