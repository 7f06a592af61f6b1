"""Classes of rules from the real set heldout6 (issue #11, round 8), each with cases written for this test (never
copied from those documents) and the negatives that keep the rule from reaching too far (heldout6's score is pinned
in tests/test_extract_real.py)."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from etl.reports.meta import find_township, find_year
from etl.reports.textclean import clean_text


def values_of(text: str, indicator: str) -> set[float]:
    return {f["value"] for f in extract_text(text)["facts"] if f["indicator"] == indicator}


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # trainees of a class and people sent somewhere are not the stock of activists / development targets
        ("全镇共52名入党积极分子参加了本期培训。", "party_activists", set()),
        ("镇党委组织36名入党积极分子到养老院开展志愿服务。", "party_activists", set()),
        ("各支部上报的17名发展对象和2名预备党员参加了集中培训。", "party_development_targets", set()),
        ("全镇现有入党积极分子52名，发展对象17名。", "party_activists", {52}),
        ("全镇现有入党积极分子52名，发展对象17名。", "party_development_targets", {17}),
        ("今年确定入党积极分子36名。", "party_activists", {36}),
        # a door-to-door check counts the households visited
        ("网格员入户排查1350户，发放宣传资料2000份。", "households_visited", {1350}),
        ("开展安全隐患排查42处，整改到位。", "households_visited", set()),
        ("全镇共有农户1350户。", "households_visited", set()),
        # branches set up in a year are not all of them; branches that run cooperatives count the cooperatives
        ("在外出务工集中地设立党支部6个，实现流动党员管理全覆盖。", "party_branches", set()),
        ("全镇建立网格支部45个、网格党小组120个。", "party_branches", set()),
        ("全镇共有党委1个、总支部3个、支部41个。", "party_branches", {41}),
        ("全镇共设立基层党委3个、党支部41个。", "party_branches", {41}),
        ("全市成立了316家党支部领办专业合作社。", "party_branches", set()),
        ("全镇共有党支部28个，党员916名。", "party_branches", {28}),
        # 村社 (villages and communities together) that each get a post are all the township's villages
        ("以镇志愿服务所为中心，在21个村社分别建立了志愿服务站。", "administrative_villages", {21}),
        ("在21个村社区分别开展了宣讲活动。", "administrative_villages", set()),
        ("在21个村社开展了宣讲活动。", "administrative_villages", set()),
    ],
)
def test_trainees_visits_and_branches(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, year",
    [
        # a date above a newspaper's lettered page (第A3版) is a stamp, never the period reported on
        ("2023年3月14日\n第B2版\n全镇2022年新发展党员12名。", 2022),
        ("全镇2022年新发展党员12名，2023年3月14日召开总结会。", 2022),
        # 2005年以前 names no data year: it bounds an earlier state
        ("2005年以前，该村没有一条硬化路。2003年底全村硬化道路8公里。", 2003),
        ("全镇共有9个村党支部，210名党员。2006年以前，全镇9个村级活动场所普遍破旧。", None),
        ("全镇共有9个村党支部，210名党员。2006年，全镇9个村级活动场所普遍破旧。", 2006),
        ("该村2015年以来新修道路8公里。", 2015),
        # a date with its clock time is a site's publishing stamp
        ("2023年04月16日 09:21:42\n今年以来，全镇新发展党员12名。", None),
        ("来源：本站 2019年11月2日 18:05\n全镇新发展党员12名。", None),
        ("2019年11月2日，全镇新发展党员12名。", 2019),
        ("全镇2019年新发展党员12名，活动于2020年11月2日下午18时开始。", 2019),
    ],
)
def test_years_before_and_page_stamps(text: str, year: int | None) -> None:
    assert find_year(clean_text(text).text, []) == year


@pytest.mark.parametrize(
    "text, township",
    [
        # a township led by its county's short name (in a title) is the township named after its county
        ("位置：首页 > 江都东岭镇推进网格治理\n江都东岭镇推进网格治理\n扬州市江都区东岭镇各村组建了巡逻队。", "东岭镇"),
        ("位置：首页 > 江都东岭镇推进网格治理\n江都东岭镇推进网格治理\n江都东岭镇各村组建了巡逻队。", "江都东岭镇"),
    ],
)
def test_county_prefixed_townships(text: str, township: str) -> None:
    assert find_township(clean_text(text).text)[0] == township
