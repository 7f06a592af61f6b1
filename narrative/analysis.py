"""Pure computations over a CountyYear: change against the year before, rank in the county, county totals
and means, target progress, movers and shortfalls. Each result carries the observation ids it used.

Rules that keep the text honest:
- masked or missing figures take part in nothing;
- a change is computed only when both years are exact figures (100余 against 90余 says nothing);
- a county change is computed only when the same townships contribute in both years;
- ranks, extremes and means need at least `min_ranked` townships with a figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from narrative.facts import CountyYear, IndicatorInfo, ObsRef

Series = tuple[str, float | None]  # indicator, threshold


@dataclass(frozen=True)
class Change:
    diff: float
    pct: float | None  # None when the base is 0; percentage points are diff for percent indicators
    ids: tuple[int, ...]
    partial: bool = False  # county change over the townships with figures in both years only (可比口径)


@dataclass(frozen=True)
class Standing:
    rank: int
    count: int
    tied_with: tuple[str, ...]
    ids: tuple[int, ...]


@dataclass(frozen=True)
class Total:
    """A county roll-up: sum or mean by the catalog's aggregate, over the townships with a figure."""

    value: float
    qualifier: str
    count: int
    towns: tuple[str, ...]
    ids: tuple[int, ...]


@dataclass(frozen=True)
class Progress:
    pct: float
    gap: float  # target minus value; > 0 means missed
    ids: tuple[int, ...]


@dataclass(frozen=True)
class Mover:
    township: str
    series: Series
    current: ObsRef
    pct: float
    ids: tuple[int, ...]
    change: Change  # the whole change, so that a mover is phrased like every other change (增加N次、增长P%)


def is_exact(o: ObsRef | None) -> bool:
    return o is not None and o.usable and o.qualifier == "exact"


def change(cur: ObsRef | None, prev: ObsRef | None, info: IndicatorInfo) -> Change | None:
    """Change of CUR against PREV, or None unless both are exact figures."""
    if not (is_exact(cur) and is_exact(prev)):
        return None
    assert cur is not None and prev is not None and cur.value is not None and prev.value is not None
    diff = cur.value - prev.value
    pct = None if prev.value == 0 or info.kind == "percent" else diff / prev.value * 100
    return Change(diff, pct, (cur.id, prev.id))


def combine_qualifiers(qualifiers: list[str]) -> str:
    """Qualifier of a sum: 余 when any part is 'over' (and none 'under'), 约 when they pull both ways."""
    q = set(qualifiers) - {"exact"}
    if not q:
        return "exact"
    return q.pop() if len(q) == 1 else "approx"


def values_of(data: CountyYear, series: Series, which: str = "current") -> dict[str, ObsRef]:
    """{township: usable observation} for SERIES in the year (or 'previous' year)."""
    key, thr = series
    if which == "current":
        got = data.series.get(series, {})
    else:
        got = {t: o for (t, k, th), o in data.previous.items() if k == key and th == thr}
    return {t: o for t, o in got.items() if o.usable}


def standing(data: CountyYear, township: str, series: Series, min_ranked: int) -> Standing | None:
    """Rank of TOWNSHIP in the county on SERIES (1 = best; ties share the smaller rank, 'min' method)."""
    info = data.indicators[series[0]]
    vals = values_of(data, series)
    me = vals.get(township)
    if info.higher_is_better is None or len(vals) < min_ranked or not is_exact(me):
        return None
    assert me is not None and me.value is not None
    sign = -1 if info.higher_is_better else 1
    mine = sign * me.value
    rank = 1 + sum(1 for o in vals.values() if sign * (o.value or 0) < mine)
    tied = tuple(sorted(t for t, o in vals.items() if t != township and o.value == me.value))
    return Standing(rank, len(vals), tied, tuple(o.id for o in vals.values()))


def total(data: CountyYear, series: Series, which: str = "current") -> Total | None:
    """County roll-up of SERIES (sum or mean per catalog) over the townships with a usable figure."""
    info = data.indicators[series[0]]
    vals = values_of(data, series, which)
    if not vals:
        return None
    nums = [o.value or 0.0 for o in vals.values()]
    value = sum(nums) if info.aggregate == "sum" else sum(nums) / len(nums)
    quals = [o.qualifier for o in vals.values()]
    towns = tuple(sorted(vals))
    return Total(value, combine_qualifiers(quals), len(vals), towns, tuple(o.id for o in vals.values()))


def total_change(data: CountyYear, series: Series) -> Change | None:
    """County change on SERIES over the townships with exact figures in both years.

    When other townships have a figure in only one year (new, silent, masked), the change is over the
    common ones and marked partial (the text says 按可比口径); fewer than two common townships give None.
    """
    now, before = values_of(data, series), values_of(data, series, "previous")
    common = sorted(t for t in now if t in before and is_exact(now[t]) and is_exact(before[t]))
    same = set(now) == set(before) == set(common)
    if not common or (not same and len(common) < 2):
        return None
    info = data.indicators[series[0]]

    def agg(vals: list[float]) -> float:
        return sum(vals) if info.aggregate == "sum" else sum(vals) / len(vals)

    a = agg([now[t].value or 0.0 for t in common])
    b = agg([before[t].value or 0.0 for t in common])
    diff = a - b
    pct = None if b == 0 or info.kind == "percent" else diff / b * 100
    ids = tuple(now[t].id for t in common) + tuple(before[t].id for t in common)
    return Change(diff, pct, ids, partial=not same)


def mean_per_township(data: CountyYear, series: Series, min_ranked: int) -> Total | None:
    """Mean over reporting townships (for sum indicators; mean indicators are their own total)."""
    vals = values_of(data, series)
    if len(vals) < max(min_ranked, 2):
        return None
    t = total(data, series)
    assert t is not None
    return Total(
        t.value / t.count if data.indicators[series[0]].aggregate == "sum" else t.value,
        t.qualifier,
        t.count,
        t.towns,
        t.ids,
    )


def extremes(data: CountyYear, series: Series, min_ranked: int) -> tuple[list[ObsRef], list[ObsRef]] | None:
    """(best townships, worst townships) on SERIES, ties together; None when too few or all equal."""
    info = data.indicators[series[0]]
    vals = {t: o for t, o in values_of(data, series).items() if is_exact(o)}
    if info.higher_is_better is None or len(vals) < min_ranked:
        return None
    hi = max(o.value or 0 for o in vals.values())
    lo = min(o.value or 0 for o in vals.values())
    if hi == lo:
        return None
    top = sorted((o for o in vals.values() if o.value == hi), key=lambda o: o.township)
    bottom = sorted((o for o in vals.values() if o.value == lo), key=lambda o: o.township)
    return (top, bottom) if info.higher_is_better else (bottom, top)


def progress(cur: ObsRef | None, target: ObsRef | None, info: IndicatorInfo) -> Progress | None:
    """Progress of an exact figure against its year's target (higher-is-better indicators only)."""
    if info.higher_is_better is not True or not is_exact(cur) or target is None or not target.usable:
        return None
    assert cur is not None and cur.value is not None and target.value is not None
    if target.value <= 0:
        return None
    return Progress(cur.value / target.value * 100, target.value - cur.value, (cur.id, target.id))


def series_of(data: CountyYear, township: str, keys: list[str]) -> list[Series]:
    """The (indicator, threshold) series TOWNSHIP has a current figure for, among KEYS, in catalog order."""
    order = {k: i for i, k in enumerate(keys)}
    found = {(k, thr) for (t, k, thr) in data.current if t == township and k in order}
    return sorted(found, key=lambda s: (order[s[0]], s[1] or 0))


def below_average(
    data: CountyYear, township: str, min_ranked: int, keys: set[str] | None = None
) -> list[tuple[Series, tuple[int, ...]]]:
    """Higher-is-better series (among KEYS) where TOWNSHIP's exact figure is below the county's township mean."""
    out = []
    for series, towns in data.series.items():
        info = data.indicators[series[0]]
        me = towns.get(township)
        if keys is not None and series[0] not in keys:
            continue
        if info.higher_is_better is not True or series[1] is not None or not is_exact(me):
            continue
        vals = values_of(data, series)
        if len(vals) < min_ranked:
            continue
        mean = sum(o.value or 0 for o in vals.values()) / len(vals)
        assert me is not None and me.value is not None
        if me.value < mean:
            out.append((series, tuple(o.id for o in vals.values())))
    return out


def movers(data: CountyYear, keys: list[str], *, min_base: float, min_pct: float) -> tuple[list[Mover], list[Mover]]:
    """Township changes on KEYS with a base of at least MIN_BASE and |pct| ≥ MIN_PCT: (rises, falls), largest first."""
    rises: list[Mover] = []
    falls: list[Mover] = []
    for (town, key, thr), cur in data.current.items():
        info = data.indicators.get(key)
        if key not in keys or info is None or info.kind == "percent":
            continue
        prev = data.previous.get((town, key, thr))
        ch = change(cur, prev, info)
        if ch is None or ch.pct is None or prev is None or (prev.value or 0) < min_base or abs(ch.pct) < min_pct:
            continue
        m = Mover(town, (key, thr), cur, ch.pct, ch.ids, ch)
        (rises if ch.pct > 0 else falls).append(m)
    rises.sort(key=lambda m: (-m.pct, m.township, m.series[0]))
    falls.sort(key=lambda m: (m.pct, m.township, m.series[0]))
    return rises, falls
