"""Plotly figures for the dashboard pages: trend lines, ranking bars, rank and coverage heat maps.

Every label and hover text goes through `plain_text` in `_layout`: plotly reads a subset of HTML in them (links,
<b>, <br>), so a township or file name such as `<a href=…>` is escaped and shown as the characters it is.

Figures carry `customdata` = [observation_id, region_id, year] on every data point so a click (st.plotly_chart
on_select) leads to 明细与溯源. Text is Chinese; the font list puts Noto Sans CJK first for PNG exports.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from ui.fmt import axis_number, fmt_number, fmt_value, nice_ticks

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
PALETTE = [
    "#c0392b",
    "#2471a3",
    "#d68910",
    "#229954",
    "#7d3c98",
    "#17a589",
    "#a04000",
    "#5d6d7e",
    "#cb4335",
    "#2e86c1",
    "#b7950b",
    "#1e8449",
]
STATUS_COLORS = {"reported": "#27ae60", "masked": "#f1c40f", "conflict": "#e74c3c", "missing": "#d5d8dc"}
STATUS_ZH = {"reported": "已上报", "masked": "已脱敏", "conflict": "有冲突", "missing": "缺报"}


def chart_config(filename: str) -> dict:
    """st.plotly_chart config: the toolbar holds only the PNG download, named after the view. A phone shows the
    toolbar all the time, and plotly's eight zoom and pan buttons covered the chart's title there; a reader clicks
    points and bars (and double-clicks to reset a zoom) without them."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtons": [["toImage"]],
    }


TEXT_ATTRS = ("x", "y", "text", "hovertext", "name")  # trace attributes plotly draws as (HTML-subset) text


def _escaped(value: object) -> object:
    """VALUE with every string in it HTML-escaped (plotly turns the entities back into the characters)."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, (list, tuple)):
        return [_escaped(v) for v in value]
    if hasattr(value, "tolist") and getattr(value, "dtype", None) is not None and value.dtype.kind in "OU":
        return _escaped(value.tolist())
    return value


def plain_text(fig: go.Figure) -> go.Figure:
    """FIG with the title, annotations, axis tick labels and every trace's labels and hover texts shown literally."""
    for trace in fig.data:
        for attr in TEXT_ATTRS:
            if attr in trace and trace[attr] is not None:
                trace[attr] = _escaped(trace[attr])
    for note in fig.layout.annotations:
        note.text = _escaped(note.text)
    # category ticks named by value (a heat map's townships) are drawn as text too, and must match the escaped x/y
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        for attr in ("tickvals", "ticktext"):
            if axis[attr] is not None:
                axis[attr] = _escaped(axis[attr])
    return fig


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    plain_text(fig)
    fig.update_layout(
        title={"text": html.escape(title, quote=False), "x": 0, "font": {"size": 15}},
        height=height,
        font={"family": FONT},
        margin={"l": 10, "r": 10, "t": 48, "b": 10},
        hoverlabel={"font": {"family": FONT}},
        legend={"orientation": "h", "y": -0.15},
        separators=".,",
    )
    # Plotly's own tick labels say 500m and 1k; numeric axes get Chinese labels from chinese_axis.
    fig.update_xaxes(exponentformat="none")
    fig.update_yaxes(exponentformat="none")
    return fig


def chinese_axis(values: object, unit: str) -> dict:
    """Axis settings with tick labels in 万/亿 (tickvals/ticktext) for VALUES (NaN ignored)."""
    numbers = [float(v) for v in pd.Series(values, dtype="float64").dropna()]  # type: ignore[call-overload]
    if not numbers:
        return {}
    ticks = nice_ticks(min(numbers), max(numbers))
    return {"tickmode": "array", "tickvals": ticks, "ticktext": [axis_number(t, unit) for t in ticks]}


def _fill(values: list[float | None], i: int) -> float | None:
    """Where to draw a masked year's marker: the mean of its nearest reported neighbours."""
    left = next((v for v in reversed(values[:i]) if v is not None), None)
    right = next((v for v in values[i + 1 :] if v is not None), None)
    both = [v for v in (left, right) if v is not None]
    return sum(both) / len(both) if both else None


def line_order(actual: pd.DataFrame) -> list:
    """The lines' names from the highest latest figure down (each line's last reported, unmasked year; lines with
    no figure last, then by name): the legend reads in the order the line ends stand on the chart."""
    latest: dict[object, float] = {}
    shown = actual[(actual["masked"] != True) & actual["value"].notna()]  # noqa: E712 — masked may be None
    for name, g in shown.sort_values("year").groupby("name", sort=False):
        latest[name] = float(g["value"].iloc[-1])
    names = list(dict.fromkeys(actual["name"]))
    return sorted(names, key=lambda n: (n not in latest, -latest.get(n, 0.0), str(n)))


def trend_figure(series: pd.DataFrame, title: str, unit: str, years: list[int]) -> go.Figure:
    """Lines from SERIES rows (name, year, value, masked, qualifier, is_target, observation_id, region_id).

    Masked years are gaps in the line with a hollow grey marker saying 已脱敏; targets are dashed open markers.
    """
    fig = go.Figure()
    actual = series[~series["is_target"]]
    order = line_order(actual)
    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(order)}
    groups = dict(list(actual.groupby("name", sort=False)))
    for name in order:
        g, color = groups[name], colors[name]
        g = g.set_index("year").reindex(years)
        vals = [
            None if (m is True or v is None or (isinstance(v, float) and math.isnan(v))) else float(v)
            for v, m in zip(g["value"], g["masked"], strict=True)
        ]
        hover = [
            f"{name} {y} 年：{fmt_value(v, unit, q if isinstance(q, str) else 'exact')}"
            if v is not None
            else f"{name} {y} 年：无数据"
            for y, v, q in zip(years, vals, g["qualifier"], strict=True)
        ]
        custom = [[_int(o), _int(r), y] for o, r, y in zip(g["observation_id"], g["region_id"], years, strict=True)]
        fig.add_scatter(
            x=years,
            y=vals,
            name=str(name),
            mode="lines+markers",
            connectgaps=False,
            line={"color": color, "width": 2},
            marker={"size": 7},
            hovertext=hover,
            hoverinfo="text",
            customdata=custom,
        )
        masked = [j for j, m in enumerate(g["masked"]) if m is True]
        if masked:
            fig.add_scatter(
                x=[years[j] for j in masked],
                y=[_fill(vals, j) for j in masked],
                mode="markers",
                name=f"{name}（已脱敏）",
                showlegend=False,
                hoverinfo="text",
                hovertext=[f"{name} {years[j]} 年：已脱敏" for j in masked],
                marker={"symbol": "circle-open", "size": 11, "color": "#95a5a6", "line": {"width": 2}},
                customdata=[custom[j] for j in masked],
            )
    targets = dict(list(series[series["is_target"]].groupby("name", sort=False)))
    for i, name in enumerate(sorted(targets, key=lambda n: order.index(n) if n in order else len(order))):
        g = targets[name]
        fig.add_scatter(
            x=g["year"].tolist(),
            y=g["value"].tolist(),
            name=f"{name} 目标",
            mode="lines+markers",
            line={"dash": "dash", "width": 1.5, "color": colors.get(name, PALETTE[(len(order) + i) % len(PALETTE)])},
            marker={"symbol": "diamond-open", "size": 9},
            hoverinfo="text",
            hovertext=[f"{name} {y} 年目标：{fmt_value(v, unit)}" for y, v in zip(g["year"], g["value"], strict=True)],
        )
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[f"{y}年" for y in years])
    fig.update_yaxes(rangemode="tozero", **chinese_axis(series["value"], unit))  # the unit is in the title
    return _layout(fig, title, 400)


def _int(x: object) -> int | None:
    try:
        return None if x is None or (isinstance(x, float) and math.isnan(x)) else int(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


AVERAGE_COLOR = "#5d6d7e"  # the region's average: its own bar, slate


def _average_at(values: list[float], average: float) -> int:
    """Where the average's bar goes among VALUES (in rank order, best first): before the first value on the other
    side of the average from the best one."""
    sign = 1 if values[0] >= values[-1] else -1
    return next((i for i, v in enumerate(values) if sign * (v - average) < 0), len(values))


def ranking_figure(ranked: pd.DataFrame, title: str, unit: str, average: float | None, avg_label: str) -> go.Figure:
    """Horizontal bars best-first (ranked: township, normed, rank, qualifier, observation_id, region_id, year), the
    average a bar of its own among them (a line across the bars would run through their value labels)."""
    n = len(ranked)
    # Top three red, bottom three grey, the rest blue; with six or fewer townships every bar is plain blue.
    colors = [
        "#2471a3" if n <= 6 else "#c0392b" if r <= 3 else "#95a5a6" if r > n - 3 else "#2471a3" for r in ranked["rank"]
    ]
    labels = [f"{int(r)}. {t}" for r, t in zip(ranked["rank"], ranked["township"], strict=True)]
    values = [float(v) for v in ranked["normed"]]
    hover = [
        f"第 {int(r)} 名 {t}：{fmt_number(v, unit)}"
        for r, t, v in zip(ranked["rank"], ranked["township"], values, strict=True)
    ]
    custom = [
        [_int(o), _int(g), _int(y)]
        for o, g, y in zip(ranked["observation_id"], ranked["region_id"], ranked["year"], strict=True)
    ]
    if average is not None and len(values) > 1:  # one township is its own average
        at = _average_at(values, average)
        labels.insert(at, avg_label)
        values.insert(at, average)
        colors.insert(at, AVERAGE_COLOR)
        hover.insert(at, f"{avg_label}：{fmt_number(average, unit)}")
        custom.insert(at, [])  # nothing to trace: selecting it picks no figure
    rev = slice(None, None, -1)  # plotly draws the first category at the bottom
    fig = go.Figure(
        go.Bar(
            x=values[rev],
            y=labels[rev],
            orientation="h",
            marker={"color": colors[rev]},
            text=[fmt_number(v, unit) for v in values[rev]],
            textposition="outside",
            cliponaxis=False,
            hoverinfo="text",
            hovertext=hover[rev],
            customdata=custom[rev],
        )
    )
    top = max(values, default=0.0)
    # Room right of the longest bar for its outside label (412人), which plotly would otherwise clip.
    span = {"range": [0, top * 1.22]} if top > 0 else {}
    fig.update_xaxes(title={"text": unit}, **chinese_axis(values, unit), **span)
    fig.update_yaxes(tickfont={"size": 12})
    return _layout(fig, title, max(260, 60 + 24 * len(values)))


# The band above a heat map's top labels: the title on the left, plotly's camera button on the right.
TITLE_BAND = 40
TICK_CHAR = 13  # px a character of an 11px tick label takes when the label stands upright


def top_margin(labels: list) -> int:
    """A heat map's top margin: the title band plus its upright column labels (LABELS), so the longest label
    ends below the band. Plotly grows a margin to fit its labels, up to the figure's edge: on a phone the
    townships stood upright up to the top and the camera button sat on 马鞍彝族乡."""
    longest = max((len(str(x)) for x in labels), default=0)
    return TITLE_BAND + TICK_CHAR * longest + 12


WRAP = 10.0  # a side label's line, in CJK characters (an ASCII character counts half): about 110px at 11px
LINE_ROW = {1: 22, 2: 34}  # px per heat map row for side labels of one and of two lines (two touching at 30)


def _width(text: str) -> float:
    return sum(0.55 if ord(ch) < 0x2000 else 1.0 for ch in text)


def wrap_label(label: str, width: float = WRAP) -> list[str]:
    """LABEL in at most two lines of WIDTH (the second cut with … when it is longer still: the hover names it
    whole). A line breaks before a bracket (（≥10万元）) when the bracket then fits on the second line. Side
    labels of a heat map took two thirds of a phone's width on one line, leaving the cells slivers."""
    if _width(label) <= width:
        return [label]
    total = _width(label)
    half = min(width, total / 2) if total <= 2 * width else width  # two even lines where both fit
    cut = next((i for i in range(1, len(label)) if _width(label[:i]) >= half), len(label) - 1)
    if _width(label[:cut]) > width:
        cut -= 1
    brackets = [i for i, ch in enumerate(label) if ch in "（(" and i > 0]
    cut = next((i for i in brackets if _width(label[:i]) <= width and _width(label[i:]) <= width), cut)
    head, rest = label[:cut], label[cut:]
    if _width(rest) > width:
        while _width(rest + "…") > width:
            rest = rest[:-1]
        rest += "…"
    return [head, rest]


def _side_labels(fig: go.Figure, labels: list[str]) -> int:
    """Name the y axis's categories with LABELS wrapped (after plain_text: the lines are escaped one by one and
    joined by plotly's <br>); returns the row height their lines need."""
    lines = [wrap_label(str(x)) for x in labels]
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(fig.data[0].y),
        ticktext=["<br>".join(html.escape(t, quote=False) for t in ls) for ls in lines],
    )
    return LINE_ROW[max((len(ls) for ls in lines), default=1)]


PHONE = 370  # px: a 390px phone's page width, where a heat map of many townships scrolls sideways (ui.style)
FIT_CELL, SCROLL_CELL = 18, 24  # px a column needs at least (a two-digit rank), and gets when the map scrolls


def scroll_width(side_labels: list[str], columns: int) -> int | None:
    """The width a heat map with SIDE_LABELS and COLUMNS townships across keeps on a phone (it scrolls sideways
    there), or None when its columns fit: twenty townships left a 390px phone ten-pixel columns whose ranks and
    upright names ran into each other."""
    side = 11 * max((_width(line) for x in side_labels for line in wrap_label(str(x))), default=0) + 30
    if side + FIT_CELL * columns + 10 <= PHONE:
        return None
    return int(side + SCROLL_CELL * columns + 20)


def _cell_text_size(columns: int) -> int:
    """The rank's size in a cell: a phone gives twenty townships some twelve pixels a column."""
    return 10 if columns <= 14 else 9


def rank_heatmap(matrix: pd.DataFrame, title: str) -> go.Figure:
    """Indicator × township heat map coloured by rank percentile (green best, red worst), rank as text.

    Indicators go down the side, townships across (as 数据覆盖 draws them): a county tracks some forty indicators,
    which side by side left a phone a few pixels per column and cut their upright names; a dozen townships fit.
    MATRIX rows: township, label (indicator name), rank, n, rank_pct.
    """
    z = matrix.pivot_table(index="label", columns="township", values="rank_pct", sort=False)
    ranks = matrix.pivot_table(index="label", columns="township", values="rank", sort=False)
    ns = matrix.pivot_table(index="label", columns="township", values="n", sort=False)
    text = ranks.map(lambda r: "" if pd.isna(r) else str(int(r)))

    def place(c: str, t: str) -> str:
        r = ranks.at[c, t]
        return f"{t} · {c}：" + ("无数据" if pd.isna(r) else f"第 {int(r)}/{int(ns.at[c, t])} 名")

    hover = [[place(c, t) for t in z.columns] for c in z.index]
    towns = list(z.columns)
    fig = go.Figure(
        go.Heatmap(
            z=z.values,
            x=towns,
            y=list(z.index),
            text=text.values,
            texttemplate="%{text}",
            textfont={"size": _cell_text_size(len(towns))},
            hovertext=hover,
            hoverinfo="text",
            zmin=0,
            zmax=1,
            xgap=1,
            ygap=1,
            colorscale=[[0, "#1e8449"], [0.5, "#f7dc6f"], [1, "#c0392b"]],
            # The legend below the grid, not beside it: on a phone every pixel of width goes to the columns.
            colorbar={
                "tickvals": [0, 1],
                "ticktext": ["靠前", "靠后"],
                "orientation": "h",
                "y": -0.02,
                "yanchor": "top",
                "thickness": 12,
                "len": 1,
            },
        )
    )
    fig.update_yaxes(autorange="reversed", tickfont={"size": 11})
    # Every township named (plotly would skip every other one on a phone), level where there is room, else upright.
    # Plotly's 30° slant ran twenty townships' names into each other: level or upright only.
    fig.update_xaxes(
        side="top", tickfont={"size": 11}, automargin=True, tickmode="array", tickvals=towns, autotickangles=[0, 90]
    )
    fig = _layout(fig, title, 360)  # height set below
    row = _side_labels(fig, list(z.index))
    top = top_margin(towns)
    fig.update_layout(
        height=max(360, top + 80 + row * len(z.index)),
        margin={"t": top, "b": 60},
        title={"y": 0.99, "yanchor": "top"},
    )
    return fig


def coverage_heatmap(
    cells: pd.DataFrame, rows: list[str], cols: list[str], title: str, *, transpose: bool = False
) -> go.Figure:
    """Categorical heat map of status per (row, col); CELLS has row, col, status (missing filled in here).

    TRANSPOSE draws ROWS across and COLS down: many indicators read as horizontal labels down the side, where
    upright ones side by side overlap on a phone."""
    codes = {s: i for i, s in enumerate(STATUS_COLORS)}
    grid = cells.pivot_table(index="row", columns="col", values="status", aggfunc="first").reindex(
        index=rows, columns=cols
    )
    grid = grid.astype(object).where(grid.notna(), "missing")
    z = grid.map(codes.get)
    hover = pd.DataFrame([[f"{r} · {c}：{STATUS_ZH[grid.at[r, c]]}" for c in cols] for r in rows], rows, cols)
    across, down = (rows, cols) if transpose else (cols, rows)
    if transpose:
        z, hover = z.T, hover.T
    k = len(codes)
    scale = []
    for i, color in enumerate(STATUS_COLORS.values()):
        scale += [[i / k, color], [(i + 1) / k, color]]
    fig = go.Figure(
        go.Heatmap(
            z=z.values,
            x=across,
            y=down,
            zmin=-0.5,
            zmax=k - 0.5,
            colorscale=scale,
            hovertext=hover.values,
            hoverinfo="text",
            xgap=1,
            ygap=1,
            # The legend below the grid, not beside it: on a phone every pixel of width goes to the columns.
            colorbar={
                "tickvals": list(range(k)),
                "ticktext": list(STATUS_ZH.values()),
                "orientation": "h",
                "y": -0.02,
                "yanchor": "top",
                "thickness": 14,
                "len": 1,
            },
        )
    )
    fig.update_yaxes(autorange="reversed")
    # Township names across stand level where there is room and turn upright where there is not (plotly's
    # automatic angle); indicator names across are always upright (level ones would run into each other).
    # Every township across named (plotly skipped every other one on a phone).
    fig.update_xaxes(
        side="top", tickfont={"size": 11}, automargin=True, tickmode="array", tickvals=across, autotickangles=[0, 90]
    )
    if not transpose:
        fig.update_xaxes(tickangle=-90)
    fig = _layout(fig, title, 360)  # height set below
    row = max(24, _side_labels(fig, down))
    top = top_margin(across)
    fig.update_layout(
        height=max(320, top + 80 + row * len(down)),
        margin={"t": top, "b": 60},
        title={"y": 0.99, "yanchor": "top"},
    )
    return fig


def selected_points(event: object) -> list[list]:
    """customdata of the points picked in a st.plotly_chart selection event (empty when nothing is picked)."""
    try:
        points = event.selection["points"]  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError):
        return []
    return [p.get("customdata") for p in points if p.get("customdata")]
