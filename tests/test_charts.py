"""The ranking chart: bars best-first with the region's average as a bar of its own in its place by value (a
line across the bars ran through the value labels on a phone), never selectable as a figure."""

from __future__ import annotations

import pandas as pd
import pytest

from ui.charts import (
    AVERAGE_COLOR,
    coverage_heatmap,
    rank_heatmap,
    ranking_figure,
    scroll_width,
    selected_points,
    top_margin,
    trend_figure,
    wrap_label,
)


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


@pytest.mark.parametrize("transpose", [True, False])
def test_heatmap_labels_end_below_the_title_band(transpose: bool) -> None:
    """Upright township names reached the top of the figure, under plotly's camera button: the top margin holds the
    longest name below the band of the title and the button."""
    towns = ["青石镇", "马鞍彝族乡", "白沙乡"]
    other = ["2023年", "2024年"]
    rows, cols = (towns, other) if transpose else (other, towns)
    cells = pd.DataFrame([{"row": r, "col": c, "status": "reported"} for r in rows for c in cols])
    fig = coverage_heatmap(cells, rows, cols, "上报情况", transpose=transpose)
    assert fig.layout.margin.t == top_margin(towns) >= 40 + 13 * len("马鞍彝族乡")


@pytest.mark.parametrize(
    ("label", "lines"),
    [
        ("党员总数", ["党员总数"]),
        ("软弱涣散党组织整顿数", ["软弱涣散党组织整顿数"]),  # ten characters: one line
        ("农村居民人均可支配收入", ["农村居民人均", "可支配收入"]),  # two even lines, not ten and one
        ("集体经济收入达标村数（≥10万元）", ["集体经济收入达标村数", "（≥10万元）"]),  # before the bracket
        ("村(社区)党组织书记大专及以上学历占比", ["村(社区)党组织书记", "大专及以上学历占比"]),
        ("甲" * 30, ["甲" * 10, "甲" * 9 + "…"]),  # longer than two lines: cut, the hover names it whole
    ],
)
def test_side_labels_wrap_in_two_lines(label: str, lines: list[str]) -> None:
    assert wrap_label(label) == lines


def test_heatmap_side_labels_are_wrapped_ticks_of_the_escaped_rows() -> None:
    """The indicators down the side are named by ticktext (two escaped lines joined by <br>); the ticks are the
    rows' escaped names, so a name with markup stays literal and still names its row."""
    labels = ["集体经济收入达标村数（≥10万元）", "<b>镇</b>"]
    matrix = pd.DataFrame(
        {"township": ["青石镇", "青石镇"], "label": labels, "rank": [1, 1], "n": [1, 1], "rank_pct": [0.0, 0.0]}
    )
    fig = rank_heatmap(matrix, "各指标排名")
    assert list(fig.layout.yaxis.tickvals) == list(fig.data[0].y)
    assert list(fig.layout.yaxis.ticktext) == [
        "集体经济收入达标村数<br>（≥10万元）",
        "&lt;b&gt;镇&lt;/b&gt;",
    ]


@pytest.mark.parametrize(("columns", "scrolls"), [(6, False), (12, False), (20, True), (60, True)])
def test_a_heat_map_of_many_townships_scrolls_on_a_phone(columns: int, scrolls: bool) -> None:
    """A dozen townships fit a phone's width beside the indicator names; twenty get 24px columns and scroll."""
    side = ["村(社区)党组织书记大专及以上学历占比", "软弱涣散党组织整顿数"]
    width = scroll_width(side, columns)
    assert (width is not None) == scrolls
    if width is not None:
        assert width >= 24 * columns


def _series(rows: list[tuple]) -> pd.DataFrame:
    """(name, year, value, masked, is_target) rows as trend_figure reads them."""
    return pd.DataFrame(
        [
            {"name": n, "year": y, "value": v, "masked": m, "qualifier": "exact", "is_target": t}
            | {"observation_id": None, "region_id": None}
            for n, y, v, m, t in rows
        ]
    )


@pytest.mark.parametrize(
    ("rows", "legend"),
    [
        # the legend reads from the highest line end down, not in the order the townships came
        (
            [("柳溪镇", 2023, 500, False, False), ("柳溪镇", 2024, 520, False, False),
             ("河口镇", 2023, 600, False, False), ("河口镇", 2024, 640, False, False),
             ("桃源乡", 2023, 300, False, False), ("桃源乡", 2024, 310, False, False)],
            ["河口镇", "柳溪镇", "桃源乡"],
        ),
        # a line whose last year is masked or missing stands at its last shown figure; a line with none goes last
        (
            [("甲镇", 2023, 900, False, False), ("甲镇", 2024, None, True, False),
             ("乙镇", 2023, 100, False, False), ("乙镇", 2024, 800, False, False),
             ("丙镇", 2023, None, True, False), ("丙镇", 2024, None, True, False)],
            ["甲镇", "乙镇", "丙镇"],
        ),
        # a target line follows its township's line in the legend, in that line's colour
        (
            [("乙镇", 2024, 10, False, False), ("甲镇", 2024, 20, False, False), ("乙镇", 2025, 30, False, True)],
            ["甲镇", "乙镇", "乙镇 目标"],
        ),
    ],
)  # fmt: skip
def test_the_trend_legend_follows_the_line_ends(rows, legend):
    fig = trend_figure(_series(rows), "党员总数（人）", "人", [2023, 2024, 2025])
    shown = [t for t in fig.data if t.showlegend is not False]
    assert [t.name for t in shown] == legend
    colors = {t.name: t.line.color for t in shown}
    assert all(colors[n + " 目标"] == colors[n] for n in legend if n + " 目标" in colors)
