"""The demo county on disk and in the database.

`generate` writes data/demo/ (reports/, gold/, ledgers/, truth.json) for a seed; the same seed gives the
same bytes, so loading a regenerated demo again is a no-op (sources are deduplicated by sha256).
`load_demo` writes the region tree and the figures in one transaction, either straight from truth.json
(via="truth") or through the extraction engine and ledger importer (via="etl"), then reviews and approves them
as a county in mid-season would have (`etl.demo.review`).
`bootstrap` is what the dashboard calls at every start: an empty database that nobody cleared on purpose
gets the demo.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from etl.demo.ledgers import ledger_files
from etl.demo.reports import build_reports, gold_json, report_bytes
from etl.demo.review import settle_review
from etl.demo.values import DEFAULT_SEED, County, build_county, value_record
from etl.load import FactIn, SourceIn, load_source
from store.access import SYSTEM
from store.admin import was_reset
from store.catalog import catalog_by_key
from store.locks import lock_for_write, startup_lock
from store.models import Observation, Region, Source
from store.regions import add_region, ensure_chain, townships
from store.session import session_factory, transaction

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DEMO_DIR = ROOT / "data" / "demo"
TRUTH = "truth.json"
SUBDIRS = ("reports", "gold", "ledgers")
VIAS = ("truth", "etl")


class DemoError(RuntimeError):
    """The demo cannot be loaded as asked; the message says what to do."""


@dataclass(frozen=True)
class DemoFiles:
    directory: Path
    seed: int
    townships: int
    years: tuple[int, int]
    txt: int
    docx: int
    gold_facts: int
    ledgers: int
    values: int
    targets: int
    changed: int  # files written or removed (0 when the directory already held this seed's demo)


@dataclass
class DemoLoad:
    via: str
    townships_created: int = 0
    sources_new: int = 0
    sources_existing: int = 0
    observations_new: int = 0


def demo_contents(seed: int = DEFAULT_SEED) -> tuple[County, dict[str, bytes]]:
    """Every demo file for SEED as {relative path: bytes} (pure apart from reading the phrase file)."""
    county = build_county(seed)
    files: dict[str, bytes] = {}
    manifest: list[dict[str, Any]] = []
    for r in build_reports(county):
        files[f"reports/{r.filename}"] = report_bytes(r)
        if r.ext == "txt":
            files[f"gold/{r.stem}.json"] = gold_json(r).encode("utf-8")
        manifest.append(
            {
                "path": f"reports/{r.filename}",
                "kind": "report",
                "township": r.township,
                "year": r.year,
                "doc_type": r.doc_type,
                "facts": len(r.facts),
            }
        )
    for name, data, year in ledger_files(county):
        files[f"ledgers/{name}"] = data
        manifest.append({"path": f"ledgers/{name}", "kind": "ledger", "township": None, "year": year})
    files[TRUTH] = truth_json(county, manifest).encode("utf-8")
    return county, files


def truth_json(county: County, manifest: list[dict[str, Any]]) -> str:
    units = {k: s.unit for k, s in catalog_by_key().items()}
    doc = {
        "seed": county.seed,
        "province": county.province,
        "city": county.city,
        "county": county.county,
        "years": list(county.years),
        "townships": [
            {
                "name": t.name,
                "aliases": list(t.aliases),
                "population": t.population,
                "villages": list(t.villages),
                "reports": [y for y in county.years if t.reports(y)],
            }
            for t in county.townships
        ],
        "files": manifest,
        "values": [value_record(v, units[v.indicator]) for v in county.values],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def generate(directory: Path = DEMO_DIR, seed: int = DEFAULT_SEED) -> DemoFiles:
    """Write the demo for SEED under DIRECTORY, replacing another seed's files; unchanged files are kept."""
    directory = Path(directory)
    county, files = demo_contents(seed)
    changed = 0
    for sub in SUBDIRS:
        (directory / sub).mkdir(parents=True, exist_ok=True)
        for old in (directory / sub).iterdir():
            if old.is_file() and f"{sub}/{old.name}" not in files:
                old.unlink()
                changed += 1
    for rel, data in files.items():
        path = directory / rel
        if path.exists() and path.read_bytes() == data:
            continue
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # a dashboard reading the directory never sees half a file
        changed += 1
    reports = [p for p in files if p.startswith("reports/")]
    return DemoFiles(
        directory=directory,
        seed=seed,
        townships=len(county.townships),
        years=(county.years[0], county.years[-1]),
        txt=sum(p.endswith(".txt") for p in reports),
        docx=sum(p.endswith(".docx") for p in reports),
        gold_facts=sum(len(json.loads(files[p])["facts"]) for p in files if p.startswith("gold/")),
        ledgers=sum(p.startswith("ledgers/") for p in files),
        values=sum(not v.target for v in county.values),
        targets=sum(v.target for v in county.values),
        changed=changed,
    )


def read_truth(directory: Path = DEMO_DIR) -> tuple[bytes, dict[str, Any]]:
    path = Path(directory) / TRUTH
    if not path.exists():
        raise DemoError(f"找不到 {path}：请先运行 `python -m etl demo --no-load` 生成演示数据")
    raw = path.read_bytes()
    try:
        return raw, json.loads(raw)
    except ValueError as e:
        raise DemoError(f"{path} 不是有效的 JSON（{e}）：请重新运行 `python -m etl demo` 生成") from e


def load_demo(engine: Engine, directory: Path = DEMO_DIR, *, via: str = "etl") -> DemoLoad:
    """Load the demo in DIRECTORY in one transaction; loading it again changes nothing."""
    if via not in VIAS:
        raise ValueError(f"via must be one of {VIAS}")
    directory = Path(directory)
    raw, truth = read_truth(directory)
    result = DemoLoad(via=via)
    with transaction(engine) as s:
        lock_for_write(s)  # before the regions: another process may be loading the same demo
        county, result.townships_created = _ensure_regions(s, truth)
        if via == "truth":
            facts = [
                FactIn(
                    indicator=v["indicator"],
                    year=v["year"],
                    value=v["value"],
                    qualifier=v["qualifier"],
                    attrs=dict(v["attrs"]),
                    target=v["target"],
                    township=v["township"],
                )
                for v in truth["values"]
            ]
            src = SourceIn(
                kind="demo",
                filename=TRUTH,
                content=raw,
                doc_type="演示数据",
                meta={"demo": True, "seed": truth["seed"]},
            )
            _count(result, load_source(s, SYSTEM, src, facts, create_townships=False, county=county))
        else:
            for f in truth["files"]:
                _count(result, _load_file(s, directory, f, county))
        settle_review(s, county)  # most years approved, the latest one part-way (etl/demo/review.py)
    return result


def _load_file(s: Session, directory: Path, f: dict[str, Any], county: Region) -> Any:
    """One report through the extraction engine, or one ledger through the ledger importer; marked demo."""
    from etl.ingest import ingest_bytes
    from etl.ledgers.importer import LedgerOptions, parse_ledger, store_ledger, township_names

    name = Path(f["path"]).name
    data = (directory / f["path"]).read_bytes()
    if f["kind"] == "report":
        return ingest_bytes(
            s,
            SYSTEM,
            name,
            data,
            uploaded_by=None,
            township=f["township"],
            year=f["year"],
            meta={"demo": True},
            create_townships=False,
            county=county,
        )
    parsed = parse_ledger(data, name, township_names(s, SYSTEM), LedgerOptions(year=f["year"]))
    if parsed.errors:
        problems = "；".join(f"{e.cell} {e.message}" for e in parsed.errors[:5])
        raise DemoError(f"台账 {name} 导入失败：{problems}")
    summary = store_ledger(s, SYSTEM, parsed, data, name, county=county)
    source = s.get(Source, summary.source_id) if not summary.already_loaded else None
    if source is not None:  # store_ledger has no meta parameter: flag the demo source afterwards
        source.meta = {**source.meta, "demo": True}
    return summary


def bootstrap(engine: Engine, directory: Path | None = None) -> bool:
    """On a database without observations that was never reset: generate (if missing) and load the demo.
    Under the startup lock: a second process starting at the same time waits, then finds the demo loaded."""
    with startup_lock(engine):
        return _bootstrap(engine, directory)


def _bootstrap(engine: Engine, directory: Path | None) -> bool:
    with session_factory(engine)() as s:
        if s.scalar(select(Observation.id).limit(1)) is not None or was_reset(s):
            return False
    directory = Path(directory or DEMO_DIR)
    try:
        read_truth(directory)
    except DemoError:
        try:
            generate(directory)
        except OSError as e:  # a read-only install still gets its demo, from a temporary directory
            log.warning("cannot write the demo to %s (%s); using a temporary directory", directory, e)
            directory = Path(tempfile.mkdtemp(prefix="demo-"))
            generate(directory)
    try:
        load_demo(engine, directory)
    except IntegrityError:  # another process loaded the same demo a moment ago
        log.info("demo already being loaded by another process")
        return False
    return True


def _ensure_regions(s: Session, truth: dict[str, Any]) -> tuple[Region, int]:
    """省→市→县 and the townships with their aliases and population; returns (county, townships created)."""
    county = ensure_chain(s, [(truth["province"], "province"), (truth["city"], "city"), (truth["county"], "county")])
    existing = {r.name: r for r in townships(s, under=county)}
    created = 0
    for t in truth["townships"]:
        region = existing.get(t["name"])
        if region is None:
            add_region(s, t["name"], "township", county, aliases=t["aliases"], population=t["population"])
            created += 1
            continue
        aliases = sorted(set(region.aliases) | set(t["aliases"]))
        if region.aliases != aliases:
            region.aliases = aliases
        if region.population != t["population"]:
            region.population = t["population"]
    total = sum(t["population"] for t in truth["townships"])
    if county.population != total:
        county.population = total
    s.flush()
    return county, created


def _count(result: DemoLoad, summary: Any) -> None:
    """Add one load's outcome (etl.load.LoadSummary, or whatever ingest returns) to RESULT."""
    if getattr(summary, "already_loaded", False):
        result.sources_existing += 1
        return
    result.sources_new += 1
    result.observations_new += int(getattr(summary, "new", 0) or 0)
