"""One report file → a stored Source with its observations (through etl.load.load_source).

Used by `python -m etl ingest`, the 报告导入 page and the demo loader. The caller owns the transaction;
errors raise IngestError with a Chinese message naming the file, and nothing of that file is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from etl.load import (
    FactIn,
    Loaded,
    LoadError,
    SourceIn,
    find_source,
    load_sources,
    require_source,
)
from etl.report_marks import mark_origins, mark_suspects
from etl.reports.extract import extract
from etl.reports.ocr import ENGINE_NAME
from etl.reports.ocr_facts import annotate
from etl.reports.plausible import flag
from etl.reports.readers import ReadError, read_report
from etl.reports.scanned import Progress
from etl.reports.unclaimed import unclaimed
from store.access import AccessDenied, Actor
from store.learned import Phrasing, active_phrasings
from store.models import Region
from store.regions import TownshipIndex, UnknownRegion, add_region, base_name, townships


class IngestError(ValueError):
    """The file cannot be stored; the message says which file and what to do."""


@dataclass
class IngestResult:
    filename: str
    source_id: int | None = None
    already_loaded: bool = False
    township: str | None = None
    year: int | None = None
    doc_type: str | None = None
    facts: int = 0
    masked: int = 0
    new: int = 0
    held: int = 0  # figures of an approved township year: stored as 可疑 for the county's 审核员
    created_townships: list[str] = field(default_factory=list)

    def summary_zh(self) -> str:
        """One line for people: what was stored."""
        if self.already_loaded:
            return f"{self.filename}：此前已导入过（内容相同），跳过"
        made = f"，新建乡镇 {'、'.join(self.created_townships)}" if self.created_townships else ""
        held = f"；{self.held} 个与已审核的数据不同，已转县审核员确认" if self.held else ""
        return (
            f"{self.filename}：{self.township} {self.year}年，提取 {self.facts} 个数字"
            f"（其中已脱敏 {self.masked} 个），新增 {self.new} 条{made}{held}"
        )


def read_and_extract(
    filename: str,
    data: bytes,
    learned: list[Phrasing] | None = None,
    *,
    with_unclaimed: bool = False,
    progress: Progress | None = None,
) -> tuple[str, dict[str, Any]]:
    """Decoded text and the spec's extraction object for FILENAME (raises IngestError if unreadable). LEARNED
    phrasings read what the rules left; WITH_UNCLAIMED adds "unclaimed" (etl.reports.unclaimed.Unclaimed).
    A scan's facts carry their OCR evidence ("ocr": page, confidence, 可疑/待核对) and the object its "scan"
    summary; PROGRESS(page, pages) is called while a scan is read."""
    try:
        report = read_report(filename, data, progress)
    except ReadError as exc:
        raise IngestError(str(exc)) from exc
    text = report.text
    ex = extract(text, learned=learned or ())
    scan = None
    if report.scan is not None:
        annotate(ex, report.scan)
        scan = {"engine": ENGINE_NAME, "pages": report.scan.pages}
    extra = {"unclaimed": unclaimed(ex, learned or ())} if with_unclaimed else {}
    return text, {
        **extra,
        "source": filename,
        "township": ex.meta.township,
        "aliases": ex.meta.aliases,
        "year": ex.meta.year,
        "county": ex.meta.county,
        "doc_type": ex.meta.doc_type,
        "facts": ex.facts,
        "scan": scan,
    }


@dataclass
class ReportFile:
    """One report to store: its bytes, read_and_extract's answer when the caller has it, the facts a clerk
    corrected (spec dicts, replacing the extracted ones) and extra source meta."""

    filename: str
    data: bytes
    extracted: tuple[str, dict[str, Any]] | None = None
    facts: list[dict[str, Any]] | None = None
    meta: dict[str, Any] | None = None


def ingest_bytes(
    session: Session,
    actor: Actor,
    filename: str,
    data: bytes,
    *,
    uploaded_by: str | None = None,
    township: str | None = None,
    year: int | None = None,
    meta: dict[str, Any] | None = None,
    create_townships: bool = True,
    county: Region | str | None = None,
    facts: list[dict[str, Any]] | None = None,
    extracted: tuple[str, dict[str, Any]] | None = None,
    check_existing: bool = True,
) -> IngestResult:
    """Read, extract and store one report. TOWNSHIP/YEAR override what the report says; FACTS (spec
    dicts, e.g. corrected on the import page) replace the extracted ones; EXTRACTED is read_and_extract's
    result when the caller has it already. Same bytes twice: no-op (CHECK_EXISTING=False skips the early
    look-up when the caller knows the file is new; load_source still refuses duplicates)."""
    [out] = ingest_files(
        session,
        actor,
        [ReportFile(filename, data, extracted, facts, meta)],
        uploaded_by=uploaded_by,
        township=township,
        year=year,
        create_townships=create_townships,
        county=county,
        check_existing=check_existing,
    )
    if isinstance(out, IngestError):
        raise out
    return out


def ingest_files(
    session: Session,
    actor: Actor,
    files: list[ReportFile],
    *,
    uploaded_by: str | None = None,
    township: str | None = None,
    year: int | None = None,
    create_townships: bool = True,
    county: Region | str | None = None,
    check_existing: bool = True,
) -> list[IngestResult | IngestError]:
    """ingest_bytes for several reports in one staging round (etl.load.load_sources): per file its result, or
    the IngestError that refused it before anything of that file was written (the others are stored)."""
    actor.require("import")
    out: list[IngestResult | IngestError | None] = [None] * len(files)
    ready: list[tuple[int, _Prepared]] = []
    learned: list[Phrasing] | None = None
    for k, f in enumerate(files):
        if check_existing:
            existing = find_source(session, f.data)
            if existing is not None:
                require_source(session, actor, existing)
                out[k] = IngestResult(f.filename, source_id=existing.id, already_loaded=True, year=existing.year)
                continue
        if f.extracted is None and learned is None:
            learned = active_phrasings(session)
        try:
            ready.append((k, _prepare(f, learned or [], township, year, uploaded_by)))
        except IngestError as exc:
            out[k] = exc
    parent = county_region(session, actor, county) if ready else None
    items = [(p.src, p.fact_ins) for _, p in ready]
    loaded = load_sources(session, actor, items, create_townships=create_townships, county=parent) if items else []
    for (k, p), summary in zip(ready, loaded, strict=True):
        out[k] = _finish(session, actor, files[k], p, summary, township)
    return [o for o in out if o is not None]


@dataclass
class _Prepared:
    """A report read and its facts made ready for etl.load."""

    src: SourceIn
    fact_list: list[dict[str, Any]]
    fact_ins: list[FactIn]
    ex: dict[str, Any]


def _prepare(
    f: ReportFile, learned: list[Phrasing], township: str | None, year: int | None, uploaded_by: str | None
) -> _Prepared:
    """F's source and facts (raises IngestError when its township or year is unknown)."""
    text, ex = f.extracted if f.extracted is not None else read_and_extract(f.filename, f.data, learned)
    name = township or ex["township"]
    report_year = year or ex["year"]
    if not name:
        raise IngestError(f"{f.filename}：无法确定乡镇名称（报告中未写明或已脱敏），请指定乡镇后再导入。")
    if report_year is None:
        raise IngestError(f"{f.filename}：无法确定报告年度，请指定年度后再导入。")
    if f.facts is None and name == ex["township"]:
        fact_list = [dict(d) for d in ex["facts"]]  # as extracted: extract flagged them for this township
    else:  # the figures as saved (a clerk may have edited them, or named the township) are checked again
        given = f.facts if f.facts is not None else ex["facts"]
        fact_list = [{k: v for k, v in d.items() if k not in ("suspect", "low_confidence")} for d in given]
        flag(fact_list, name)
    _ocr_suspects(fact_list)
    fact_ins = [_fact_in(d, ex["year"], report_year) for d in fact_list]
    meta = dict(f.meta or {})
    if ex.get("scan"):
        evidence = {fi.locator: d["ocr"] for d, fi in zip(fact_list, fact_ins, strict=True) if d.get("ocr")}
        meta["ocr"] = {**ex["scan"], "facts": evidence}
    src = SourceIn(
        kind="report",
        filename=f.filename,
        content=f.data,
        text=text,
        township=name,
        year=report_year,
        doc_type=ex["doc_type"],
        uploaded_by=uploaded_by,
        meta=meta,
    )
    return _Prepared(src, fact_list, fact_ins, ex)


def _finish(
    session: Session, actor: Actor, f: ReportFile, p: _Prepared, loaded: Loaded, township: str | None
) -> IngestResult | IngestError:
    """The result of one stored report, after what is recorded per figure (learned origins, 可疑 holds) and
    the township's other written forms; or the refusal as an IngestError naming the file."""
    if isinstance(loaded, UnknownRegion):
        return IngestError(f"{f.filename}：{loaded}。请先在地区目录中添加该乡镇，或在导入时更正乡镇名称。")
    if isinstance(loaded, LoadError):
        return IngestError(f"{f.filename}：{loaded}")
    src = p.src
    if loaded.already_loaded:
        return IngestResult(f.filename, source_id=loaded.source_id, already_loaded=True, year=src.year)
    learned = [d for d in p.fact_list if d.get("origin") == "learned"]
    if learned and f.facts is None and loaded.source_id is not None:
        mark_origins(session, loaded.source_id, learned)
    if loaded.source_id is not None:
        mark_suspects(session, loaded.source_id, p.fact_list)
    if not township and p.ex.get("aliases"):
        _add_aliases(session, actor, str(src.township), p.ex["aliases"])
    return IngestResult(
        filename=f.filename,
        source_id=loaded.source_id,
        township=src.township,
        year=src.year,
        doc_type=src.doc_type,
        facts=len(p.fact_ins),
        masked=sum(fi.masked for fi in p.fact_ins),
        new=loaded.new,
        held=loaded.held,
        created_townships=loaded.created_townships,
    )


def _ocr_suspects(facts: list[dict[str, Any]]) -> None:
    """A figure read from a scan that OCR marked 可疑 is stored as 可疑 too (no headline until a clerk confirms)."""
    for f in facts:
        ocr = f.get("ocr") or {}
        if ocr.get("review") == "可疑":
            why = "扫描识别可疑：" + "；".join(ocr.get("reasons") or ["需对照原件核对"])
            f["suspect"] = f"{f['suspect']}；{why}" if f.get("suspect") else why


def _fact_in(f: dict[str, Any], extracted_year: int | None, report_year: int) -> FactIn:
    """A spec fact dict → FactIn. A fact without a year takes the report's; a corrected report year moves
    the facts that only had the (wrong) report year with it."""
    y = f.get("year")
    if y is None:
        y = report_year + (1 if f.get("target") else 0)
    elif extracted_year is not None and report_year != extracted_year and y in (extracted_year, extracted_year + 1):
        y = y - extracted_year + report_year
    span = f.get("span")
    return FactIn(
        indicator=f["indicator"],
        year=int(y),
        value=None if f.get("masked") else f.get("value"),
        masked=bool(f.get("masked")),
        qualifier=f.get("qualifier") or "exact",
        attrs=dict(f.get("attrs") or {}),
        target=bool(f.get("target")),
        evidence=f.get("evidence"),
        span=(int(span[0]), int(span[1])) if span else None,
        unit=f.get("stated_unit"),
    )


def county_region(session: Session, actor: Actor, county: Region | str | None) -> Region | None:
    """The county new townships go under: a Region, a county name or None. An unknown county name is created
    at top level, by an actor granted every region only (others see only their own counties)."""
    if county is None or isinstance(county, Region):
        return county
    stmt = select(Region).where(Region.level == "county", Region.name == county, actor.region_clause())
    found = session.scalars(stmt).first()
    if found is not None:
        return found
    if not actor.everywhere:
        raise AccessDenied(f"{actor.who_zh}无权新建县（区）“{county}”：请选择授权范围内的县（区）")
    return add_region(session, county, "county", None)


def _add_aliases(session: Session, actor: Actor, name: str, aliases: list[str]) -> None:
    """Remember other written forms of the township (长城彝族乡 for 长城乡) for later matching."""
    region = TownshipIndex(townships(session, actor=actor)).find(name)
    if region is None:
        return
    new = [a for a in aliases if a != region.name and a not in region.aliases and base_name(a) == base_name(name)]
    if new:
        region.aliases = sorted({*region.aliases, *new})
