"""General rules of issue 11 (development sets' misses likely to recur on unseen pages): each stated tier of a
cadre echelon (梯队) is a reserve-cadre count; a stock of members traced from year to year is a fact at each
year (dev6)."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, expected",
    [
        # each tier of the echelon is its own count, never summed
        ("2021年，河口镇建立8名村主任助理、25名重点培养对象、60名人才库的梯队培养机制。", {8, 25, 60}),
        ("白沙乡形成12名优秀年轻干部、40名储备人选的干部梯队。", {12, 40}),
        ("该镇培育了16名致富带头人的后备梯队。", {16}),
        ("白沙乡形成20余名青年骨干的人才梯队。", {20}),
        # an echelon of party development (activists, development targets) is no cadre reserve
        ("建立15名入党积极分子、5名发展对象的梯队。", set()),
        ("形成30名青年党员的梯队。", set()),
        # an echelon of another trade, and tiers with no echelon, are not reserves
        ("组建5名村医的医疗梯队。", set()),
        ("选派8名村主任助理、25名驻村队员开展工作。", set()),
    ],
)
def test_tiers_of_a_cadre_echelon(text: str, expected: set[float]) -> None:
    assert values_of(text, "reserve_cadres") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a stock traced from one year to another: each figure is a fact with the year of its own
        ("全乡党员由2015年的280名增加到2022年的365名。", {(280, 2015), (365, 2022)}),
        ("全镇党员总数从2019年的640人增长至2023年的702人。", {(640, 2019), (702, 2023)}),
        (
            "从1956年建社时的20余名党员，到1990年的800名党员，再到2022年底的1560名党员，队伍不断壮大。",
            {(20, 1956), (800, 1990), (1560, 2022)},
        ),
        # a plan's growth has no stated earlier year: no trajectory
        ("力争党员人数增长到800名。", set()),
        # people of another kind traced over the years are not the members
        ("全镇群众由2015年的2800名增加到2022年的3100名。", set()),
    ],
)
def test_members_traced_over_the_years(text: str, expected: set[tuple[float, int]]) -> None:
    facts = extract_text("2023年白沙镇党建工作总结\n" + text)["facts"]
    got = {(f["value"], f["year"]) for f in facts if f["indicator"] == "party_members_total" and not f["target"]}
    assert got == expected
