"""Round trip: the extraction engine reads every generated paragraph back to the figures it was built from.

For each paragraph of the county and of every township, every year:
- each figure the extractor finds (indicator, value, threshold) is a number the paragraph printed for that
  indicator (a stored value, a county sum or mean), within the rounding the text shows;
- each stored value or county sum the paragraph states in a catalog phrasing is found by the extractor.
"""

from __future__ import annotations

import pytest
from test_narrative import check_paragraph

from etl.demo.sample import YEARS
from etl.reports.extract import extract_text
from narrative import generate_county_set
from narrative.numbers import shown_decimals
from store.access import SYSTEM
from tests.db_templates import built_database, demo_county, sample_county

QUANTITIES = ("value", "sum", "mean")


def _matches(fact: dict, num) -> bool:
    if fact["indicator"] != num.indicator or fact.get("value") is None:
        return False
    threshold = (fact.get("attrs") or {}).get("threshold")
    if num.threshold is not None and (threshold is None or float(threshold) != num.threshold):
        return False
    scale = 10000 if ("万元" in num.text and num.unit == "元") or ("亿元" in num.text) else 1
    return abs(float(fact["value"]) - num.value) <= 0.5 * 10 ** -shown_decimals(num.text) * scale + 1e-9


def roundtrip_problems(paragraph, title: str) -> list[str]:
    """What the extractor read that the paragraph did not mean, and what it missed. The paragraph is read as
    it stands in the exported document, under its title (a county's own summary says 全县 of itself)."""
    text = f"{title}\n\n{paragraph.text}"
    facts = [f for f in extract_text(text, f"{paragraph.region}{paragraph.year}")["facts"] if not f.get("target")]
    problems = [
        f"多读：{f['indicator']}={f['value']}（{f.get('evidence')}）"
        for f in facts
        if f.get("masked") or not any(_matches(f, n) for n in paragraph.numbers if n.how in QUANTITIES)
    ]
    problems += [
        f"漏读：{n.indicator}={n.text}"
        for n in paragraph.numbers
        if n.stated and not any(_matches(f, n) for f in facts)
    ]
    return problems


@pytest.fixture(scope="module")
def demo(db_templates, tmp_path_factory):
    """The demo county (etl.demo.load) for this module: a copy of the one built once per process."""
    engine = db_templates.sqlite_copy(demo_county, tmp_path_factory.mktemp("demo") / "demo.db")
    yield engine
    engine.dispose()


@pytest.mark.parametrize("year", range(2019, 2025))
def test_extractor_reads_back_the_demo_county(demo, year):
    problems = []
    checked = 0
    for narrative in generate_county_set(demo, SYSTEM, "宁远县", year):
        for p in narrative.paragraphs:
            checked += 1
            check_paragraph(p, narrative.data)
            found = roundtrip_problems(p, narrative.title)
            problems += [f"{p.region}{p.year}年{p.kind}：{x}\n  {p.text}" for x in found]
    assert checked > 60
    assert not problems, "\n".join(problems)


@pytest.fixture
def county(db_templates, tmp_path):
    """The sample county (etl.demo.sample) on SQLite: a copy of the one built once per process."""
    yield from built_database("sqlite", db_templates, tmp_path, sample_county)


@pytest.mark.parametrize("year", YEARS)
def test_extractor_reads_back_every_paragraph(county, year):
    problems = []
    checked = 0
    for narrative in generate_county_set(county, SYSTEM, "宁远县", year):
        for p in narrative.paragraphs:
            checked += 1
            found = roundtrip_problems(p, narrative.title)
            problems += [f"{p.region}{p.year}年{p.kind}：{x}\n  {p.text}" for x in found]
    assert checked > 40
    assert not problems, "\n".join(problems)
