"""A small synthetic county for the narrative's tests and benchmark (the demo county is larger).

Eight townships of 宁远县 (青山省/临江市), 2021–2023, every catalog indicator, with the quirks the narrative
must handle: masked figures, 余 qualifiers, targets set in the previous year's report, two income
thresholds, a township with no figures for 2023 and a township that first reports in 2023.
"""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from etl.load import FactIn, SourceIn, load_source
from store.access import SYSTEM
from store.catalog import load_catalog
from store.models import Region
from store.regions import add_region, ensure_chain

TOWNSHIPS = ("青石镇", "长城彝族乡", "白沙乡", "柳溪镇", "龙泉镇", "桃源乡", "石门镇", "云台乡")
YEARS = (2021, 2022, 2023)
NEW_IN_2023 = "石门镇"  # no figures before 2023: no change sentence
SILENT_IN_2023 = "云台乡"  # no figures in 2023: listed as not reported

# Typical size of each indicator for a mid-sized township (canonical units).
BASE = {
    "party_members_total": 600,
    "party_members_rural": 420,
    "party_members_floating": 60,
    "party_members_new": 12,
    "party_applicants": 20,
    "party_activists": 15,
    "party_development_targets": 8,
    "party_branches": 40,
    "party_orgs_advanced": 10,
    "party_orgs_weak_rectified": 2,
    "administrative_villages": 9,
    "central_group_study": 12,
    "party_committee_meetings": 30,
    "party_lectures": 8,
    "training_sessions": 10,
    "training_participants": 500,
    "training_coverage_rate": 80,
    "collective_income_total": 150.5,
    "cooperatives": 25,
    "rural_income_per_capita": 14500,
    "grids_total": 120,
    "grid_households": 5000,
    "grid_coverage_rate": 95,
    "households_visited": 3000,
    "disputes_resolved": 20,
    "volunteer_activities": 40,
    "discipline_cases": 3,
    "discipline_warnings": 2,
    "circulated_criticism": 4,
    "admonishment_talks": 5,
    "reserve_cadres": 30,
}


def _value(rng: random.Random, key: str, size: float, year: int) -> float:
    base = BASE[key] * size * (1 + 0.06 * (year - 2021)) * rng.uniform(0.8, 1.2)
    if key.endswith("_rate"):
        return round(min(100.0, BASE[key] * rng.uniform(0.85, 1.05)), 1)
    if key == "collective_income_total":
        return round(base, 2)
    if key == "rural_income_per_capita":
        return float(round(BASE[key] * rng.uniform(0.85, 1.2) * (1 + 0.05 * (year - 2021)), -2 if size > 0.9 else 0))
    return float(max(0, round(base)))


def build_sample(session: Session, seed: int = 7) -> Region:
    """Create the county and load every township-year as one demo source; returns the county region."""
    rng = random.Random(f"narrative-sample-{seed}")
    county = ensure_chain(session, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
    for name in TOWNSHIPS:
        add_region(session, name, "township", county, aliases=["长城乡"] if name == "长城彝族乡" else [])
    keys = [s.key for s in load_catalog() if s.key in BASE]
    sizes = {name: round(rng.uniform(0.4, 1.4), 2) for name in TOWNSHIPS}
    for town in TOWNSHIPS:
        for year in YEARS:
            if (town == NEW_IN_2023 and year < 2023) or (town == SILENT_IN_2023 and year == 2023):
                continue
            facts = [_fact(rng, k, town, year, sizes[town]) for k in keys]
            facts += _villages(rng, town, year, sizes[town])
            if year < 2023:  # next year's targets, as a report's 下一步 section states them
                facts += [
                    FactIn(
                        k,
                        year + 1,
                        round(_value(rng, k, sizes[town], year + 1) * 1.05),
                        target=True,
                        evidence="力争",
                        township=town,
                    )
                    for k in ("central_group_study", "party_lectures", "training_participants")
                ]
                facts.append(
                    FactIn(
                        "villages_income_above",
                        year + 1,
                        5,
                        attrs={"threshold": 10},
                        target=True,
                        township=town,
                        evidence="力争5个村集体经济收入达到10万元以上",
                    )
                )
            src = SourceIn(
                kind="demo",
                filename=f"{town}{year}年党建工作总结.txt",
                content=f"sample-{seed}-{town}-{year}".encode(),
                township=town,
                year=year,
                meta={"sample": True},
            )
            load_source(session, SYSTEM, src, facts)
    return county


def _fact(rng: random.Random, key: str, town: str, year: int, size: float) -> FactIn:
    value = _value(rng, key, size, year)
    roll = rng.random()
    if roll < 0.04:
        return FactIn(key, year, None, masked=True, township=town, evidence="XX")
    if roll < 0.08 and key in ("training_participants", "households_visited", "volunteer_activities"):
        value = float(round(value, -1) or 10)
        return FactIn(key, year, value, qualifier="over", township=town, evidence=f"{value:g}余")
    return FactIn(key, year, value, township=town, evidence=f"{key} {value:g}")


def _villages(rng: random.Random, town: str, year: int, size: float) -> list[FactIn]:
    villages = max(3, round(9 * size))
    above5 = rng.randint(villages // 2, villages)
    above10 = rng.randint(0, above5)
    return [
        FactIn(
            "villages_income_above",
            year,
            above5,
            attrs={"threshold": 5},
            township=town,
            evidence=f"{above5}个村集体经济收入达5万元以上",
        ),
        FactIn(
            "villages_income_above",
            year,
            above10,
            attrs={"threshold": 10},
            township=town,
            evidence=f"{above10}个村集体经济收入达10万元以上",
        ),
    ]
