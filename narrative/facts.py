"""The IO edge of the narrative: gather a county-year's headline figures into plain dataclasses.

One query (store.queries.observations over the county subtree, the year and the year before, targets
included) gives everything a township's or the county's paragraphs need; the pure code in
narrative.analysis and narrative.compose works on the CountyYear built here. Every figure keeps the id
of the observation it came from, with its source file and evidence, so each printed number is traceable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process
from sqlalchemy import Engine

from store import queries
from store.access import Actor
from store.regions import base_name

SeriesKey = tuple[str, str, float | None]  # township, indicator, threshold (万元, villages_income_above only)


class NarrativeError(ValueError):
    """The request cannot be answered (unknown region, no data for the year); the message says what to do."""


@dataclass(frozen=True)
class IndicatorInfo:
    key: str
    name: str
    category: str
    unit: str
    kind: str
    aggregate: str
    higher_is_better: bool | None
    order: int


@dataclass(frozen=True)
class ObsRef:
    """One headline observation, as the narrative uses it and as the page shows its provenance."""

    id: int
    township: str
    year: int
    indicator: str
    value: float | None
    masked: bool
    qualifier: str
    threshold: float | None
    is_target: bool
    source_kind: str
    source_filename: str
    evidence: str | None
    locator: str
    unit: str | None = None  # the counting unit the source stated when not the indicator's own (2件 of 党纪立案数)
    explanation: str | None = None  # the reviewer's 说明 of a figure a continuity check held back (store.checks)

    @property
    def usable(self) -> bool:
        """True when the figure can be printed: not masked and not missing."""
        return not self.masked and self.value is not None


@dataclass(frozen=True)
class RegionRef:
    id: int
    name: str
    level: str
    path: str
    county: str
    county_path: str


@dataclass
class CountyYear:
    """Every township figure of one county for YEAR and YEAR-1, and the targets set for YEAR."""

    county: str
    year: int
    townships: tuple[str, ...]
    indicators: dict[str, IndicatorInfo]
    current: dict[SeriesKey, ObsRef] = field(default_factory=dict)
    previous: dict[SeriesKey, ObsRef] = field(default_factory=dict)
    targets: dict[SeriesKey, ObsRef] = field(default_factory=dict)

    @cached_property
    def reported(self) -> tuple[str, ...]:
        """Townships with any figure for the year (a masked figure counts as reported)."""
        have = {k[0] for k in self.current}
        return tuple(t for t in self.townships if t in have)

    @cached_property
    def series(self) -> dict[tuple[str, float | None], dict[str, ObsRef]]:
        """(indicator, threshold) → {township: current observation}, in catalog order."""
        out: dict[tuple[str, float | None], dict[str, ObsRef]] = {}
        order = {k: i.order for k, i in self.indicators.items()}
        for (town, key, thr), obs in sorted(
            self.current.items(), key=lambda kv: (order.get(kv[0][1], 0), kv[0][2] or 0, kv[0][0])
        ):
            out.setdefault((key, thr), {})[town] = obs
        return out

    def obs(self, obs_id: int) -> ObsRef | None:
        """The observation with OBS_ID among those gathered (for provenance lists)."""
        return self._by_id.get(obs_id)

    def stated_unit(self, obs_ids: Sequence[int]) -> str | None:
        """The counting unit every one of OBS_IDS was stated in when they share one other than the indicator's
        (all in 件: a sum or change of them is said in 件); None otherwise."""
        units = {o.unit if o is not None else None for o in map(self.obs, obs_ids)}
        return units.pop() if len(units) == 1 else None

    @cached_property
    def _by_id(self) -> dict[int, ObsRef]:
        return {o.id: o for d in (self.current, self.previous, self.targets) for o in d.values()}


def _threshold(attrs: Any) -> float | None:
    thr = (attrs or {}).get("threshold") if isinstance(attrs, dict) else None
    return None if thr is None else float(thr)


def _text(v: Any) -> str | None:
    return v.strip() or None if isinstance(v, str) else None


def _value(v: Any) -> float | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return float(v)


def build_county_year(
    county: str, year: int, townships: list[str], catalog: pd.DataFrame, rows: pd.DataFrame
) -> CountyYear:
    """Pure: a CountyYear from the catalog frame and observation rows (store.queries.observations columns)."""
    infos = {
        r.key: IndicatorInfo(
            r.key,
            r.name,
            r.category,
            r.unit,
            r.kind,
            r.aggregate,
            None if r.higher_is_better is None or pd.isna(r.higher_is_better) else bool(r.higher_is_better),
            i,
        )
        for i, r in enumerate(catalog.itertuples())
    }
    data = CountyYear(county, year, tuple(townships), infos)
    wanted = set(townships)
    for r in rows.itertuples():
        if r.township not in wanted or r.indicator not in infos:
            continue
        attrs = r.attrs or {}
        if any(k in attrs for k in ("type", "level", "severity", "period")):
            continue  # parts and other periods (上半年) never stand for the year's total (nor are they headlines)
        indicator = series_key(r.indicator, attrs, infos)
        ref = ObsRef(
            int(r.observation_id),
            r.township,
            int(r.year),
            indicator,
            _value(r.value),
            bool(r.masked),
            r.qualifier or "exact",
            _threshold(attrs),
            bool(r.is_target),
            r.source_kind,
            r.source_filename,
            r.evidence,
            r.locator or "",
            r.unit if r.unit and r.unit != infos[r.indicator].unit else None,
            _text(getattr(r, "explanation", None)),
        )
        key = (r.township, indicator, ref.threshold)
        if ref.is_target:
            if ref.year == year:
                data.targets[key] = ref
        elif ref.year == year:
            data.current[key] = ref
        elif ref.year == year - 1:
            data.previous[key] = ref
    return data


def series_key(indicator: str, attrs: dict[str, Any], infos: dict[str, IndicatorInfo]) -> str:
    """The narrative's indicator for an observation: its own, or for another series of it (村集体经营性收入, attrs
    measure 经营性) an indicator of its own, "collective_income_total.经营性", added to INFOS: it is said in its
    own sentence and never summed or compared with the total."""
    measure = attrs.get("measure")
    if not measure:
        return indicator
    key = f"{indicator}.{measure}"
    if key not in infos:
        base = infos[indicator]
        infos[key] = replace(base, key=key, name=f"{base.name}（{measure}）")
    return key


def find_region(tree: pd.DataFrame, name: str) -> RegionRef:
    """The county or township called NAME (name, alias or name without its ethnic part: 长城乡 = 长城彝族乡)."""
    want = base_name(name)
    hits = []
    for r in tree.itertuples():
        names = {r.name, *(r.aliases or [])}
        if name in names or want in {base_name(n) for n in names}:
            hits.append(r)
    usable = [r for r in hits if r.level in ("county", "township")]
    if not usable:
        if hits:
            raise NarrativeError(f"“{name}”不是县或乡镇：综述只能按县（区）或乡镇生成，请换一个地区")
        known = tree[tree["level"].isin(["county", "township"])]["name"].tolist()
        close = [h[0] for h in process.extract(want, known, scorer=fuzz.ratio, limit=3, score_cutoff=40)]
        hint = f"，最接近的有：{'、'.join(close)}" if close else ""
        raise NarrativeError(f"找不到地区“{name}”{hint}。请检查名称，或先导入该地区的数据")
    r = sorted(usable, key=lambda x: x.level != "township")[0]
    county = r
    if r.level == "township":
        parent = tree[tree["id"] == r.parent_id]
        county = next(parent.itertuples()) if not parent.empty else r
    return RegionRef(int(r.id), r.name, r.level, r.path, county.name, county.path)


def region_by_id(tree: pd.DataFrame, region_id: int) -> RegionRef:
    """The region with REGION_ID as a RegionRef (see find_region)."""
    row = tree[tree["id"] == region_id]
    if row.empty:
        raise NarrativeError(f"找不到编号为 {region_id} 的地区，请重新选择")
    return find_region(tree, str(row["name"].iloc[0]))


def townships_under(tree: pd.DataFrame, path: str) -> list[str]:
    """Names of the townships in the subtree at PATH, in tree order."""
    sub = tree[tree["path"].str.startswith(path) & (tree["level"] == "township")]
    return sub["name"].tolist()


def gather(engine: Engine, actor: Actor, region: str | int, year: int) -> tuple[RegionRef, CountyYear]:
    """Look REGION (name or id) up among ACTOR's regions and gather its county's figures for YEAR; NarrativeError
    when there are none."""
    tree = queries.region_tree(engine, actor)
    ref = region_by_id(tree, region) if isinstance(region, int) else find_region(tree, region)
    f = queries.Filters(region_path=ref.county_path, year_from=year - 1, year_to=year, include_targets=True)
    rows = queries.observations(engine, actor, f)
    data = build_county_year(
        ref.county, year, townships_under(tree, ref.county_path), queries.indicator_catalog(engine, actor), rows
    )
    focus = (ref.name,) if ref.level == "township" else data.townships
    if not any(k[0] in focus for k in data.current):
        years = available_years(engine, actor, ref)
        have = f"已有数据的年份：{'、'.join(map(str, years))}。" if years else "该地区还没有任何数据。"
        raise NarrativeError(f"{ref.name}{year}年没有数据。{have}请换一个年份，或先导入该年的报告或台账")
    return ref, data


def available_years(engine: Engine, actor: Actor, ref: RegionRef) -> list[int]:
    """Years with any achieved figure for REF (newest first), for messages and the page's year list."""
    rows = queries.observations(engine, actor, queries.Filters(region_path=ref.path))
    return sorted({int(y) for y in rows["year"]}, reverse=True)
