"""Classes of rules from the real set heldout7 (issue #11, round 10), each a table of short phrasings in the way real
reports write them, with the negatives that keep the rule from reaching too far (the sets' scores are pinned in
tests/test_extract_real.py)."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text


def values_of(text: str, indicator: str) -> set[float]:
    return {f["value"] for f in extract_text(text)["facts"] if f["indicator"] == indicator}


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the central group's context had its own figure: the cadres' 集中学习 after it is a training session
        ("今年以来，召开街道党工委中心组学习16次，干部集中学习5次，专题宣讲报告会3次。", "central_group_study", {16}),
        ("今年以来，召开街道党工委中心组学习16次，干部集中学习5次，专题宣讲报告会3次。", "training_sessions", {5}),
        ("党委中心组坚持每月集中学习，全年集中学习12次。", "central_group_study", {12}),
        ("党委中心组全年学习12次，其中集中学习5次。", "training_sessions", set()),
    ],
)
def test_central_group_context_serves_one_figure(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


S25 = (
    "全市31个乡镇纪委开展了立案调查工作，有的乡镇纪委立案调查3件以上，占乡镇总数的50%，共立案调查53件。"
    "其中原州区6个乡镇纪委有立案案件，立案调查10件；西吉县10个乡镇纪委有立案案件，立案调查14件；"
    "隆德县3个乡镇纪委有立案案件，立案调查3件；泾源县3个乡镇纪委有立案案件，立案调查6件；"
    "XX县9个乡镇纪委有立案案件，立案调查20件。"
)


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a stated total of cases, then the counties' figures that add up to it: a breakdown
        (S25, "discipline_cases", {53}),
        # what some of the commissions did (有的…) is no figure of all
        ("有的乡镇纪委立案调查3件以上。", "discipline_cases", set()),
        ("全镇现有党员126名，有的支部党员不足3人。", "party_members_total", {126}),
        # cases listed without a sum stay
        ("镇纪委立案调查5件；结案4件，立案调查2件。", "discipline_cases", {5, 2}),
    ],
)
def test_case_breakdowns_and_some_of_them(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected
