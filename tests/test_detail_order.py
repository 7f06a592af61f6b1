"""明细与溯源 lists figures as a clerk looks one up: newest year first, then the townships in the county's order
(the sidebar's), each township's indicators as the page gave them; never by value or by character code."""

from __future__ import annotations

import pandas as pd
import pytest

from ui.evidence import reading_order

COUNTY = pd.Series([3, 4, 10, 11, 5])  # region ids in tree order: 4 (青石镇) comes before 10 (石门镇)
NAMES = {3: "宁远县", 4: "青石镇", 10: "石门镇", 11: "云台乡", 5: "柳溪镇", 99: "新设镇"}


def _rows(pairs: list[tuple[int, int, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"region_id": r, "township": NAMES[r], "year": y, "indicator": k} for r, y, k in pairs])


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # a ranking's order (by value) becomes the county's order
        ([(11, 2024, "a"), (5, 2024, "a"), (4, 2024, "a"), (10, 2024, "a")], [4, 10, 11, 5]),
        # a trend's township-by-township, oldest-first rows: the newest year leads
        ([(5, 2022, "a"), (5, 2023, "a"), (4, 2022, "a"), (4, 2023, "a")], [4, 5, 4, 5]),
        # a township outside the tree (none today) goes last, not first
        ([(99, 2024, "a"), (10, 2024, "a")], [10, 99]),
    ],
)
def test_newest_year_first_then_county_order(given, expected) -> None:
    out = reading_order(_rows(given), COUNTY)
    assert out["region_id"].tolist() == expected
    assert out["year"].is_monotonic_decreasing


def test_indicators_of_one_township_keep_the_pages_order() -> None:
    out = reading_order(_rows([(4, 2024, "b"), (10, 2024, "a"), (4, 2024, "a")]), COUNTY)
    assert out["indicator"].tolist() == ["b", "a", "a"] and out["region_id"].tolist() == [4, 4, 10]
