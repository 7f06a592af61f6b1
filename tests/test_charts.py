"""The ranking chart: bars best-first with the region's average as a bar of its own in its place by value (a
line across the bars ran through the value labels on a phone), never selectable as a figure."""

from __future__ import annotations

import pandas as pd
import pytest

from ui.charts import AVERAGE_COLOR, rank_heatmap, ranking_figure, selected_points


def _ranked(values: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "township": [f"镇{i}" for i in range(len(values))],
            "normed": values,
            "rank": list(range(1, len(values) + 1)),
            "qualifier": ["exact"] * len(values),
            "observation_id": list(range(10, 10 + len(values))),
            "region_id": list(range(20, 20 + len(values))),
            "year": [2023] * len(values),
        }
    )


@pytest.mark.parametrize(
    ("values", "average", "order"),
    [
        ([412, 240, 170], 274, ["1. 镇0", "县平均", "2. 镇1", "3. 镇2"]),  # higher is better
        ([3, 5, 9], 5.67, ["1. 镇0", "2. 镇1", "县平均", "3. 镇2"]),  # lower is better (ranked ascending)
        ([10, 10], 10, ["1. 镇0", "2. 镇1", "县平均"]),  # a tie goes after the equal bars
    ],
)
def test_the_average_is_a_bar_in_its_place(values, average, order):
    fig = ranking_figure(_ranked(values), "标题", "人", average, "县平均")
    bar = fig.data[0]
    assert list(bar.y)[::-1] == order  # plotly draws the first category at the bottom
    at = order.index("县平均")
    assert list(bar.marker.color)[::-1][at] == AVERAGE_COLOR
    assert not list(bar.customdata)[::-1][at], "the average traces to no figure"
    assert not fig.layout.shapes, "no line across the bars"
    assert sum(1 for c in bar.marker.color if c == AVERAGE_COLOR) == 1


@pytest.mark.parametrize(("values", "average"), [([5, 4], None), ([7], 7)])  # no average; one township is its own
def test_only_townships_without_an_average_or_with_one_township(values, average):
    fig = ranking_figure(_ranked(values), "标题", "人", average, "县平均")
    assert list(fig.data[0].y)[::-1] == [f"{i + 1}. 镇{i}" for i in range(len(values))]


def test_picking_the_average_picks_no_figure():
    event = {"selection": {"points": [{"customdata": []}, {"customdata": [10, 20, 2023]}]}}
    assert selected_points(type("E", (), event)) == [[10, 20, 2023]]


HOSTILE = "<img src=x onerror=alert(1)>镇"


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    if hasattr(value, "tolist"):
        return _strings(value.tolist())
    return []


def test_rank_heatmap_draws_township_names_as_text() -> None:
    """The heat map names every township as an axis tick (tickvals): those are drawn as text like the trace's x, so
    a name with markup must reach plotly escaped, and the ticks must still match the escaped x values."""
    matrix = pd.DataFrame(
        {
            "township": [HOSTILE, "青石镇", HOSTILE, "青石镇"],
            "label": ["党员总数", "党员总数", "网格数", "网格数"],
            "rank": [1, 2, 2, 1],
            "n": [2, 2, 2, 2],
            "rank_pct": [0.0, 1.0, 1.0, 0.0],
        }
    )
    fig = rank_heatmap(matrix, "各指标排名")
    raw = [s for s in _strings(fig.to_plotly_json()) if "<img" in s]
    assert raw == []
    assert list(fig.layout.xaxis.tickvals) == list(fig.data[0].x)
