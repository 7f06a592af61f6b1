"""Plausibility (etl.reports.plausible): catalog ranges, ceilings from related facts of the same report, parts
within their totals; 可疑 figures are stored for 数据审核 and are no headline until confirmed; 报告导入 lists the
figures to check first."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from etl.ingest import ingest_bytes
from etl.reports.extract import extract_text
from etl.reports.plausible import review_order
from etl.reports.review import check_text
from store.access import SYSTEM, Actor
from store.models import Observation
from store.queries import REVIEW_STATES
from store.review import confirm


def suspects(text: str) -> dict[tuple[str, float], str]:
    return {(f["indicator"], f["value"]): f["suspect"] for f in extract_text(text)["facts"] if f.get("suspect")}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023年，青石镇共有党员1200名，其中农村党员900名。", {}),
        (
            "2023年，青石镇共有党员25000名。",
            {("party_members_total", 25000): "超出一个乡镇一年的合理范围（1–20000人）"},
        ),
        (
            "2023年，青石镇共有党员1200名，其中农村党员1500名。",
            {("party_members_rural", 1500): "农村党员数（1500人）大于同一报告中的党员总数（1200人）"},
        ),
        (
            "2023年，青石镇辖12个行政村，集体经济收入10万元以上的村15个。",
            {("villages_income_above", 15): "大于同一报告中的行政村数（12个）"},
        ),
        (
            "2023年，青石镇下设党支部12个，其中农村党支部15个。",
            {("party_branches", 15): "分项（15个）大于同一报告中的党支部数（12个）"},
        ),
        # warnings of a year include last year's cases, and a case can warn several people
        ("2023年，青石镇纪委立案1件，给予党内警告处分2人。", {}),
        ("2023年，青石镇培训覆盖率达到120%。", {("training_coverage_rate", 120): "（0–100%）"}),
        ("2023年，青石镇农民人均纯收入620234元。", {("rural_income_per_capita", 620234): "合理范围（500–100000元）"}),
    ],
)
def test_implausible_facts_carry_a_reason(text: str, expected: dict[tuple[str, float], str]) -> None:
    got = suspects(text)
    assert set(got) == set(expected)
    for k, part in expected.items():
        assert part in got[k]


@pytest.mark.parametrize(
    "text, reasons",
    [
        ("2023年，青石镇共有党员1200名。", None),
        ("青石镇共有党员1200名。", ["年份未能确定"]),
        ("2023年，全镇共有党员1200名。", ["乡镇未能确定"]),
        ("2023年，青石镇共有党员、入党积极分子和后备干部等各类人才合计1200名。", None),
    ],
)
def test_low_confidence_reasons(text: str, reasons: list[str] | None) -> None:
    facts = extract_text(text)["facts"]
    assert facts and facts[0].get("low_confidence") == reasons


def test_review_order_puts_suspect_then_low_confidence_first() -> None:
    facts: list[dict[str, Any]] = [{}, {"low_confidence": ["年份未能确定"]}, {"suspect": "x"}, {}]
    assert review_order(facts) == [2, 1, 0, 3]
    assert (
        check_text({"suspect": "大于总数", "low_confidence": ["年份未能确定"]})
        == "可疑：大于总数；请核对：年份未能确定"
    )


def test_suspect_figure_goes_to_review_and_is_no_headline_until_confirmed(session: Session) -> None:
    from store.regions import ensure_chain

    ensure_chain(session, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
    text = "2023年青石镇工作总结\n青石镇共有党员1200名，其中农村党员1500名，下设党支部20个。"
    res = ingest_bytes(session, SYSTEM, "a.txt", text.encode(), township="青石镇", year=2023, create_townships=True)
    obs = {
        o.indicator.key: o for o in session.scalars(select(Observation).where(Observation.source_id == res.source_id))
    }
    rural = obs["party_members_rural"]
    assert rural.status == REVIEW_STATES["可疑"] and not rural.is_headline
    assert rural.review_note == "农村党员数（1500人）大于同一报告中的党员总数（1200人）"
    assert obs["party_members_total"].is_headline and obs["party_members_total"].status == "extracted"
    confirm(session, Actor("reviewer", "reviewer", None), rural.id)
    assert rural.status == "confirmed" and rural.is_headline
