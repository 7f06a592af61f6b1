"""The demo county's true values: a fictional 青山省/临江市/宁远县 with twelve townships, 2019–2024.

Pure: `build_county(seed)` returns the same County for the same seed (every random draw comes from a
`random.Random` seeded with a string, which does not depend on PYTHONHASHSEED). Trends are per township:
steady growth, a 2020 dip in collective income everywhere, a flood year in 龙泉镇, a photovoltaic windfall
in 白沙镇 (an outlier), a village merger in 河口镇 and a year in which 云台乡 reports nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

DEFAULT_SEED = 2024
YEARS = tuple(range(2019, 2025))
PROVINCE, CITY, COUNTY = "青山省", "临江市", "宁远县"


@dataclass(frozen=True)
class TownshipSpec:
    name: str
    kind: str  # 镇 or 乡: the word in 全镇 / 全乡 / 镇党委
    size: float  # 0..1, drives population and every count
    aliases: tuple[str, ...] = ()
    profile: str = ""  # ethnic | outlier | flood | merge | gap


TOWNSHIPS: tuple[TownshipSpec, ...] = (
    TownshipSpec("青石镇", "镇", 0.95),
    TownshipSpec("马鞍彝族乡", "乡", 0.12, ("马鞍乡",), "ethnic"),
    TownshipSpec("白沙镇", "镇", 0.55, profile="outlier"),
    TownshipSpec("柳溪镇", "镇", 0.7),
    TownshipSpec("龙泉镇", "镇", 0.8, profile="flood"),
    TownshipSpec("桃源乡", "乡", 0.35),
    TownshipSpec("石门镇", "镇", 0.5),
    TownshipSpec("云台乡", "乡", 0.25, profile="gap"),
    TownshipSpec("清河镇", "镇", 0.65),
    TownshipSpec("松林乡", "乡", 0.3),
    TownshipSpec("河口镇", "镇", 0.75, profile="merge"),
    TownshipSpec("凤鸣乡", "乡", 0.18),
)
GAP_YEAR = 2022  # 云台乡 sent nothing this year (no report, blank ledger row)
MERGE_YEAR = 2021  # 河口镇 merged villages (合村并组)

# Plans stated in each report's 下一步 section: indicator -> qualifier its phrasings use.
PLAN_QUALIFIERS = {
    "party_members_new": "over",
    "villages_income_above": "exact",
    "collective_income_total": "exact",
    "central_group_study": "over",
    "training_sessions": "exact",
    "party_lectures": "over",
    "training_participants": "over",
    "rural_income_per_capita": "exact",
}

_SYLLABLES = "杨柳桃梨松竹梅兰凤龙云水河溪岭坪坝湾塘桥庄寨石田沟岗林花茶枫柏桂槐新和平安丰乐兴福"
_YI_NAMES = ("阿依", "补尔", "日洛", "依莫", "吉史", "沙马", "瓦吉", "拉达", "俄木", "觉罗", "阿普", "尔古")


@dataclass(frozen=True)
class Value:
    """One true figure. attrs mark parts ({"type": "农村"}) and thresholds ({"threshold": 10})."""

    township: str
    year: int
    indicator: str
    value: int | float
    attrs: dict[str, Any] = field(default_factory=dict)
    target: bool = False
    qualifier: str = "exact"


@dataclass(frozen=True)
class Township:
    name: str
    kind: str
    aliases: tuple[str, ...]
    population: int
    villages: tuple[str, ...]  # village names; the first administrative_villages of them exist in a year
    profile: str = ""

    @property
    def short(self) -> str:
        """The name as most reports write it (马鞍乡 for 马鞍彝族乡)."""
        return self.aliases[0] if self.aliases else self.name

    def reports(self, year: int) -> bool:
        return not (self.profile == "gap" and year == GAP_YEAR)


@dataclass(frozen=True)
class County:
    seed: int
    townships: tuple[Township, ...]
    values: tuple[Value, ...]
    years: tuple[int, ...] = YEARS
    province: str = PROVINCE
    city: str = CITY
    county: str = COUNTY

    def township(self, name: str) -> Township:
        return next(t for t in self.townships if t.name == name)

    def lookup(self) -> dict[tuple[str, int, str, str, bool], Value]:
        """Index by (township, year, indicator, attrs text, target)."""
        return {(v.township, v.year, v.indicator, attrs_text(v.attrs), v.target): v for v in self.values}


def attrs_text(attrs: dict[str, Any]) -> str:
    return ",".join(f"{k}={attrs[k]}" for k in sorted(attrs))


def rng_for(seed: int, *tags: object) -> random.Random:
    """A generator for one purpose: draws for one township never shift another township's."""
    return random.Random("/".join(str(t) for t in (seed, *tags)))


def build_county(seed: int = DEFAULT_SEED) -> County:
    """The whole fictional county for SEED: townships, yearly values and next-year plans."""
    towns: list[Township] = []
    values: list[Value] = []
    for spec in TOWNSHIPS:
        rng = rng_for(seed, "township", spec.name)
        town = _township(spec, rng)
        towns.append(town)
        values.extend(_series(town, spec, rng))
    return County(seed=seed, townships=tuple(towns), values=tuple(values))


def _township(spec: TownshipSpec, rng: random.Random) -> Township:
    population = int((8000 + spec.size * 32000) * rng.uniform(0.94, 1.06))
    n = 5 + round(spec.size * 15)
    names: list[str] = []
    while len(names) < n:
        stem = (
            rng.choice(_YI_NAMES)
            if spec.profile == "ethnic" and rng.random() < 0.6
            else (rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES))
        )
        if stem[0] != stem[-1] and stem + "村" not in names:
            names.append(stem + "村")
    return Township(spec.name, spec.kind, spec.aliases, population, tuple(names), spec.profile)


def _series(town: Township, spec: TownshipSpec, rng: random.Random) -> list[Value]:
    """Year-by-year values for one township, each year built from the previous one's state."""
    out: list[Value] = []
    size = spec.size
    members = round(town.population * rng.uniform(0.0165, 0.0195))
    rural_share = rng.uniform(0.72, 0.84)
    income = (30 + size * 260) * rng.uniform(0.8, 1.2) * (0.6 if spec.profile == "ethnic" else 1.0)
    per_capita = (10500 + size * 3500) * rng.uniform(0.95, 1.05) * (0.88 if spec.profile == "ethnic" else 1.0)
    households = round(town.population / rng.uniform(3.0, 3.4))
    coops = 5 + round(size * 20 * rng.uniform(0.8, 1.1))
    organ_branches = rng.randint(2, 4)
    other_branches = 1 + round(size * 8)
    grid_size = rng.uniform(55, 75)  # households per third-level grid
    rural_extra = rng.uniform(0.1, 0.4)  # 联合党支部, 网格党支部 beside one branch per village
    # Shares that belong to the township and drift only a little from year to year.
    floating_share, train_ratio = rng.uniform(0.06, 0.13), rng.uniform(1.3, 2.1)
    visit_ratio, reserve_ratio = rng.uniform(0.5, 1.0), rng.uniform(2.0, 3.0)
    for year in YEARS:
        villages = len(town.villages)
        if spec.profile == "merge" and year >= MERGE_YEAR:
            villages -= 4
        new = max(2, round(members * rng.uniform(0.016, 0.03)))
        members = members + new - round(members * rng.uniform(0.006, 0.013))
        growth = rng.uniform(0.08, 0.22)
        if year == 2020:
            growth = rng.uniform(-0.14, -0.04)
        if spec.profile == "flood" and year == 2021:
            growth = rng.uniform(-0.3, -0.2)
        if spec.profile == "outlier" and year == 2023:
            growth = rng.uniform(1.4, 1.7)  # 光伏电站 income arrives
        if year > YEARS[0]:
            income = min(income * (1 + growth), 790.0)
            pc_growth = rng.uniform(0.02, 0.04) if year == 2020 else rng.uniform(0.055, 0.09)
            if spec.profile == "flood" and year == 2021:
                pc_growth = rng.uniform(0.005, 0.02)
            per_capita *= 1 + pc_growth
            households = round(households * rng.uniform(1.002, 1.008))
            coops += rng.choice((0, 0, 1, 1, 2))
        if year == 2021:
            grid_size *= rng.uniform(0.85, 0.92)  # grids were redrawn smaller county-wide
        avg = income / villages
        above10 = min(villages, max(0, round(villages * min(1.0, (avg - 3) / 12))))
        if year > YEARS[0] and rng.random() < 0.3:
            rural_extra += 0.07  # a new 网格党支部 or 产业党支部
        rural_branches = villages + round(villages * rural_extra)
        branches = rural_branches + organ_branches + other_branches
        grid3 = round(households / grid_size)
        grids = 1 + villages + grid3
        warn = rng.choice((0, 0, 1, 1, 2, 3))
        severe = rng.choice((0, 0, 0, 1, 1, 2))
        sessions = rng.randint(3, 6) + round(size * 8)
        row: dict[tuple[str, str], int | float] = {
            ("administrative_villages", ""): villages,
            ("party_members_total", ""): members,
            ("party_members_rural", ""): round(members * rural_share),
            ("party_members_floating", ""): round(members * floating_share * rng.uniform(0.92, 1.08)),
            ("party_members_new", ""): new,
            ("party_applicants", ""): round(new * rng.uniform(2.0, 3.6)),
            ("party_activists", ""): round(new * rng.uniform(1.4, 2.2)),
            ("party_development_targets", ""): max(1, round(new * rng.uniform(0.8, 1.2))),
            ("party_branches", ""): branches,
            ("party_branches", "农村"): rural_branches,
            ("party_branches", "机关"): organ_branches,
            ("party_orgs_advanced", ""): max(1, round(branches * rng.uniform(0.12, 0.3))),
            ("party_orgs_weak_rectified", ""): rng.choice((0, 1, 1, 2, 3)),
            ("central_group_study", ""): rng.randint(10, 16),
            ("party_committee_meetings", ""): rng.randint(18, 46),
            ("party_lectures", ""): rng.randint(4, 14),
            ("training_sessions", ""): sessions,
            ("training_participants", ""): round(members * train_ratio * rng.uniform(0.85, 1.2)),
            ("training_coverage_rate", ""): rng.choice((88, 90, 92, 95, 96, 97, 98, 98.5, 99, 100)),
            ("collective_income_total", ""): round(income, 1),
            ("villages_income_above", "10"): above10,
            ("cooperatives", ""): coops,
            ("rural_income_per_capita", ""): round(per_capita),
            ("grids_total", ""): grids,
            ("grids_total", "1"): 1,
            ("grids_total", "2"): villages,
            ("grids_total", "3"): grid3,
            ("grid_households", ""): households,
            ("grid_coverage_rate", ""): rng.choice((95, 96.5, 98, 99, 100, 100)),
            ("households_visited", ""): round(households * visit_ratio * rng.uniform(0.9, 1.12)),
            ("disputes_resolved", ""): rng.randint(8, 30) + round(size * 60),
            ("volunteer_activities", ""): rng.randint(15, 40) + round(size * 90),
            ("discipline_cases", ""): rng.choice((0, 1, 1, 2, 3, 4)),
            ("discipline_warnings", ""): warn + severe,
            ("discipline_warnings", "警告"): warn,
            ("discipline_warnings", "严重警告"): severe,
            ("circulated_criticism", ""): rng.randint(0, 8),
            ("admonishment_talks", ""): rng.randint(0, 10),
            ("reserve_cadres", ""): round(villages * reserve_ratio * rng.uniform(0.93, 1.07)),
        }
        if avg >= 25:
            row[("villages_income_above", "50")] = min(above10, round(villages * min(1.0, (avg - 20) / 60)))
        if not town.reports(year):
            continue
        out.extend(Value(town.name, year, ind, v, _attrs(ind, part)) for (ind, part), v in row.items())
        out.extend(_plans(town, year, row, rng))
    return out


def _attrs(indicator: str, part: str) -> dict[str, Any]:
    if not part:
        return {}
    key = {
        "party_branches": "type",
        "grids_total": "level",
        "discipline_warnings": "severity",
        "villages_income_above": "threshold",
    }[indicator]
    return {key: int(part) if part.isdigit() else part}


def _plans(town: Township, year: int, row: dict[tuple[str, str], int | float], rng: random.Random) -> list[Value]:
    """Next year's goals as the report's 下一步 section states them (3–5 of PLAN_QUALIFIERS)."""
    villages = int(row[("administrative_villages", "")])
    above = int(row[("villages_income_above", "10")])
    goals: dict[str, tuple[int | float, dict[str, Any]]] = {
        "party_members_new": (max(3, round(row[("party_members_new", "")] * rng.uniform(1.0, 1.3))), {}),
        "collective_income_total": (round(row[("collective_income_total", "")] * rng.uniform(1.08, 1.25)), {}),
        "central_group_study": (rng.choice((12, 12, 14, 15)), {}),
        "training_sessions": (int(row[("training_sessions", "")]) + rng.randint(0, 3), {}),
        "party_lectures": (rng.randint(6, 12), {}),
        "training_participants": (int(round(row[("training_participants", "")] * 1.1, -2)), {}),
        "rural_income_per_capita": (int(round(row[("rural_income_per_capita", "")] * rng.uniform(1.06, 1.09), -2)), {}),
    }
    if above < villages:
        goals["villages_income_above"] = (min(villages, above + rng.randint(1, 3)), {"threshold": 10})
    chosen = rng.sample(sorted(goals), rng.randint(3, 5))
    return [
        Value(town.name, year + 1, ind, goals[ind][0], goals[ind][1], True, PLAN_QUALIFIERS[ind])
        for ind in sorted(chosen)
    ]


def value_record(v: Value, unit: str) -> dict[str, Any]:
    """A Value as one entry of truth.json."""
    return {
        "township": v.township,
        "year": v.year,
        "indicator": v.indicator,
        "value": v.value,
        "unit": unit,
        "qualifier": v.qualifier,
        "attrs": dict(v.attrs),
        "target": v.target,
    }
