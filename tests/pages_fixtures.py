"""A small county for dashboard page and query tests, written through the real load path (etl.load).

宁远县 with 3 townships, 2021–2023: 党员总数 from ledgers (one masked, one 100余), a report that disagrees with
the ledger (conflict) and carries its text and spans, plan targets, 行政村数 for per-village ranking,
党纪立案数 (lower is better) and 流动党员数 reported by only two townships (missing cells).
"""

from __future__ import annotations

from sqlalchemy import Engine, update

from etl.load import FactIn, SourceIn, load_source
from store.access import SYSTEM
from store.models import Region
from store.regions import add_region, ensure_chain
from store.session import transaction

TOWNS = {"青石镇": 30000, "白沙乡": 10000, "马鞍彝族乡": 20000}
REPORT_TEXT = "2023年工作总结\n青石镇党委下设党支部。全镇共有党员<b>405名</b>，其中农村党员300名。\n"
# The ledger says 412 for 青石镇 2023; the report above says 405: a conflict for 数据审核 and the evidence panel.
MEMBERS = {  # township -> {year: value}; None = masked
    "青石镇": {2021: 380, 2022: 400, 2023: 412},
    "白沙乡": {2021: 150, 2022: None, 2023: 170},
    "马鞍彝族乡": {2021: 260, 2022: 250, 2023: 240},
}
VILLAGES = {"青石镇": 12, "白沙乡": 5, "马鞍彝族乡": 8}
CASES = {"青石镇": {2022: 2, 2023: 4}, "白沙乡": {2022: 1, 2023: 1}, "马鞍彝族乡": {2022: 3, 2023: 2}}


def load_county(engine: Engine) -> str:
    """Fill ENGINE with the test county; returns the county's region path."""
    with transaction(engine) as s:
        county = ensure_chain(s, [("青山省", "province"), ("临江市", "city"), ("宁远县", "county")])
        for name, pop in TOWNS.items():
            add_region(s, name, "township", county, population=pop)
        facts = []
        for town, by_year in MEMBERS.items():
            for year, v in by_year.items():
                facts.append(
                    FactIn(
                        "party_members_total",
                        year,
                        v,
                        masked=v is None,
                        township=town,
                        qualifier="over" if (town, year) == ("马鞍彝族乡", 2023) else "exact",
                        cell=f"党员!B{year - 2019}",
                    )
                )
                facts.append(
                    FactIn("administrative_villages", year, VILLAGES[town], township=town, cell=f"基本!C{year - 2019}")
                )
                facts.append(
                    FactIn(
                        "party_members_new",
                        year,
                        10 + year - 2021,
                        target=True,
                        township=town,
                        cell=f"计划!D{year - 2019}",
                    )
                )
        for town, by_year in CASES.items():
            for year, v in by_year.items():
                facts.append(FactIn("discipline_cases", year, v, township=town, cell=f"纪检!E{year - 2019}"))
        facts += [
            FactIn("party_members_floating", 2023, 20, township="青石镇", cell="流动!F2"),
            FactIn("party_members_floating", 2023, 8, township="白沙乡", cell="流动!F3"),
        ]
        facts += [
            FactIn("grid_coverage_rate", 2023, rate, township=town, cell=f"网格!G{i}")
            for i, (town, rate) in enumerate({"青石镇": 98.5, "白沙乡": 92.0, "马鞍彝族乡": 95.0}.items())
        ]
        load_source(
            s,
            SYSTEM,
            SourceIn(kind="ledger", filename="宁远县台账.xlsx", content=b"ledger", uploaded_by="clerk1"),
            facts,
        )
        start = REPORT_TEXT.index("405")
        load_source(
            s,
            SYSTEM,
            SourceIn(
                kind="report",
                filename="2023_青石镇工作总结.txt",
                content=b"report",
                year=2023,
                text=REPORT_TEXT,
                township="青石镇",
            ),
            [FactIn("party_members_total", 2023, 405, span=(start, start + 3), evidence="全镇共有党员<b>405名</b>")],
        )
        s.execute(update(Region).where(Region.name == "青石镇").values(population=TOWNS["青石镇"]))
        return county.path
