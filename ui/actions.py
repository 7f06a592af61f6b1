"""What the import and review pages change: each function opens its own transaction, so a page never holds a
database session. The etl entry points the pages use are reached through here (pages → ui → etl/store)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from etl.ingest import IngestError, ingest_bytes, read_and_extract
from etl.learning import Decisions, save_checked
from etl.ledgers.context import Issue
from etl.ledgers.form import FormResult, check_entries, entry_key, entry_text, save_form
from etl.ledgers.importer import LedgerOptions, LedgerResult, catalog_indicators, import_ledger, mapping_rows
from etl.ledgers.read import max_upload_bytes
from etl.ledgers.table import ROLE_ZH, VALUE
from etl.ledgers.template import build_template
from etl.load import LoadError
from etl.reports.patterns import load_rules
from etl.reports.plausible import review_order
from etl.reports.readers import needs_ocr
from etl.reports.review import (
    COLUMNS,
    MASKED_ZH,
    QUALIFIER_ZH,
    RowError,
    apply_edits,
    clause_html,
    fact_rows,
    highlight_html,
    learned_outcomes,
)
from etl.reports.scanned import crop_png
from etl.reports.unclaimed import Unclaimed, assigned_fact, tally, type_hint
from store.access import AccessDenied, Actor
from store.catalog import CATALOG_PATH, load_catalog, parse_catalog
from store.checks import check_region_year
from store.held import held_figures
from store.learned import PhrasingError, active_phrasings, add_phrasings, all_phrasings, catalog_phrasing
from store.learned import approve as approve_phrasing
from store.learned import edit as edit_phrasing
from store.learned import remove as remove_phrasing
from store.regions import UnknownRegion
from store.review import ReviewError, StaleVersion, confirm, confirm_all, correct, reject
from store.session import session_factory, transaction
from ui.state import engine, viewer

__all__ = [
    "COLUMNS",
    "Decisions",
    "PhrasingError",
    "Unclaimed",
    "assigned_fact",
    "clause_html",
    "export_phrasings",
    "indicator_parts",
    "indicator_units",
    "learned_outcomes",
    "phrasing_action",
    "ReadJob",
    "crop_png",
    "needs_ocr",
    "read_report",
    "save_checked_report",
    "start_reading",
    "take_reading",
    "tally",
    "type_hint",
    "MASKED_ZH",
    "QUALIFIER_ZH",
    "ROLE_ZH",
    "VALUE",
    "IngestError",
    "LedgerOptions",
    "LedgerResult",
    "ReviewError",
    "RowError",
    "StaleVersion",
    "apply_edits",
    "apply_review",
    "catalog_indicators",
    "check_ledger",
    "check_form",
    "entry_key",
    "entry_text",
    "FormResult",
    "save_form_entries",
    "fact_rows",
    "highlight_html",
    "ledger_template",
    "load_ledger",
    "mapping_rows",
    "max_upload_bytes",
    "read_and_extract",
    "save_report",
]

Progress = Callable[[float, str], None]


def save_report(
    name: str, data: bytes, *, township: str, year: int, facts: list[dict[str, Any]], county: str | None
) -> str:
    """Store one checked report with the clerk's facts as the logged-in user; returns the Chinese summary."""
    actor = viewer()
    try:
        with session_factory(engine())() as s, s.begin():
            res = ingest_bytes(
                s, actor, name, data, uploaded_by=actor.name, township=township, year=year, facts=facts, county=county
            )
    except AccessDenied as e:
        raise IngestError(f"{name}：{e}") from e
    return res.summary_zh()


def check_ledger(data: bytes, name: str, options: LedgerOptions, *, progress: Progress | None = None) -> LedgerResult:
    """A dry run of a ledger import: what would be written, every error and warning; nothing is written."""
    return _ledger(data, name, options, dry_run=True, progress=progress)


def load_ledger(data: bytes, name: str, options: LedgerOptions) -> LedgerResult:
    """Import a ledger for real (one transaction; nothing is written while an error stands)."""
    return _ledger(data, name, options, dry_run=False)


def _ledger(
    data: bytes, name: str, options: LedgerOptions, *, dry_run: bool, progress: Progress | None = None
) -> LedgerResult:
    actor = viewer()
    try:
        return import_ledger(
            engine(), actor, data, name, options, dry_run=dry_run, uploaded_by=actor.name, progress=progress
        )
    except AccessDenied as e:
        return LedgerResult(source=name, errors=[Issue(name, str(e))])


def check_form(year: int, entries: dict[str, Any]) -> FormResult:
    """在线填报: every entry read as a ledger cell; the figures and every problem (nothing is written)."""
    return check_entries(year, entries, catalog_indicators())


def save_form_entries(township: str, year: int, entries: dict[str, Any]) -> FormResult:
    """在线填报: check and store the entries as one source by the logged-in user (nothing is written while an
    error stands)."""
    try:
        with session_factory(engine())() as s, s.begin():
            return save_form(s, viewer(), township, year, entries, catalog_indicators())
    except (LoadError, UnknownRegion, AccessDenied) as e:
        return FormResult(errors=[Issue(township, str(e))])


def ledger_template(townships: tuple[str, ...], county: str, year: int, categories: tuple[str, ...]) -> bytes:
    """The template for TOWNSHIPS and YEAR, pre-filled with the figures the viewer's store holds (report once)."""
    with session_factory(engine())() as s:
        held = held_figures(s, viewer(), [year], townships=townships)
    return build_template(load_catalog(), townships, year=year, county=county, categories=categories, held=held)


def apply_review(
    action: str, observation_id: int, *, version: int | None, value: float = 0.0, reason: str = ""
) -> None:
    """confirm / correct / reject one figure seen at VERSION, as the logged-in user (ReviewError with a Chinese
    message when refused; StaleVersion when someone changed it meanwhile)."""
    actor = viewer()
    try:
        with transaction(engine()) as s:
            if action == "confirm":
                confirm(s, actor, observation_id, version=version, explanation=reason)
            elif action == "correct":
                correct(s, actor, observation_id, value, qualifier="exact", reason=reason, version=version)
            else:
                reject(s, actor, observation_id, reason, version=version)
    except AccessDenied as e:
        raise ReviewError(str(e)) from e


def run_checks(region_path: str | None, year: int) -> int:
    """数据审核: run the continuity and balance checks over YEAR's unreviewed figures of the region; how many
    were held back as 需说明."""
    try:
        with transaction(engine()) as s:
            return len(check_region_year(s, viewer(), region_path, year))
    except AccessDenied as e:
        raise ReviewError(str(e)) from e


def confirm_file(observation_ids: list[int]) -> int:
    """Confirm all of one file's queued figures at once as the logged-in user (each audited); how many."""
    try:
        with transaction(engine()) as s:
            return confirm_all(s, viewer(), observation_ids)
    except AccessDenied as e:
        raise ReviewError(str(e)) from e


def read_report(name: str, data: bytes) -> tuple[str, dict[str, Any]]:
    """Read and extract one upload with the learned phrasings, with its unclaimed numbers (ext["unclaimed"]);
    the facts to check first (可疑, then low confidence) lead."""
    with transaction(engine()) as s:
        learned = active_phrasings(s)
    text, ext = read_and_extract(name, data, learned, with_unclaimed=True)
    # 可疑 and low-confidence figures first, so the clerk checks them before saving
    ext["facts"] = [ext["facts"][i] for i in review_order(ext["facts"])]
    return text, ext


def save_checked_report(
    name: str,
    data: bytes,
    *,
    township: str,
    year: int,
    facts: list[dict[str, Any]],
    decisions: Decisions,
    county: str | None,
    create_townships: bool,
) -> str:
    """Store one checked report with the clerk's facts, assignments and dismissals (etl.learning), as the
    logged-in user. CREATE_TOWNSHIPS: the clerk confirmed that a township not yet in the county is new."""
    actor = viewer()
    try:
        with session_factory(engine())() as s, s.begin():
            res = save_checked(
                s,
                actor,
                name,
                data,
                township=township,
                year=year,
                facts=facts,
                decisions=decisions,
                county=county,
                create_townships=create_townships,
            )
    except AccessDenied as e:
        raise IngestError(f"{name}：{e}") from e
    return res.summary_zh()


def indicator_parts() -> dict[str, tuple[str, ...]]:
    """The attrs a clerk may give each indicator: type / level / severity (catalog parts), threshold (万元)."""
    out: dict[str, tuple[str, ...]] = {}
    for key, rule in load_rules().rules.items():
        attrs = [p.attr for p in rule.parts]
        if rule.threshold_income:
            attrs.append("threshold")
        out[key] = tuple(attrs)
    return out


def indicator_units() -> dict[str, frozenset[str]]:
    """The surface units each indicator's figures may have (个, 名, 万元 …)."""
    return {key: rule.units for key, rule in load_rules().rules.items()}


def phrasing_action(action: str, phrasing_id: int, *, word: str = "", indicator: str | None = None) -> None:
    """approve / edit / remove one learned phrasing as the logged-in user (PhrasingError in Chinese)."""
    actor = viewer()
    try:
        with transaction(engine()) as s:
            if action == "approve":
                approve_phrasing(s, actor, phrasing_id)
            elif action == "edit":
                known = {x.key for x in load_catalog()}
                edit_phrasing(s, actor, phrasing_id, word=word, indicator=indicator, known=known)
            else:
                remove_phrasing(s, actor, phrasing_id)
    except AccessDenied as e:
        raise PhrasingError(str(e)) from e


def export_phrasings(path: Path = CATALOG_PATH, actor: Actor | None = None) -> int:
    """Write the approved learned phrasings into the catalog file at PATH; how many were new there."""
    try:
        (actor or viewer()).require("catalog")
    except AccessDenied as e:
        raise PhrasingError(str(e)) from e
    with transaction(engine()) as s:
        approved = [p for p in all_phrasings(s) if p.status == "approved" and p.indicator]
    additions: dict[str, list[str]] = {}
    for p in approved:
        additions.setdefault(p.indicator or "", []).append(catalog_phrasing(p))
    before = path.read_text(encoding="utf-8")
    after = add_phrasings(before, additions)
    parse_catalog(after)  # never write a catalog the product cannot read
    path.write_text(after, encoding="utf-8")
    load_catalog.cache_clear()
    load_rules.cache_clear()
    return after.count("\n") - before.count("\n")


@dataclass
class ReadJob:
    """A report read in a background thread (a scan: seconds per page): page PAGE of PAGES done so far, then
    RESULT (read_report's) or ERROR (a Chinese message)."""

    name: str
    page: int = 0
    pages: int = 0
    result: tuple[str, dict[str, Any]] | None = None
    error: str | None = None
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def done(self) -> bool:
        return self.finished.is_set()

    def progress(self, page: int, pages: int) -> None:
        self.page, self.pages = page, pages


_JOBS: dict[str, ReadJob] = {}
_JOBS_LOCK = threading.Lock()


def start_reading(name: str, data: bytes) -> ReadJob:
    """Read NAME in a background thread, once per content however many sessions ask: the page that started it
    stays responsive, and other users are not held up (OCR itself runs one page at a time per process)."""
    key = hashlib.sha256(data).hexdigest()
    with _JOBS_LOCK:
        job = _JOBS.get(key)
        if job is not None:
            return job
        job = _JOBS[key] = ReadJob(name)
    with transaction(engine()) as s:
        learned = active_phrasings(s)

    def run() -> None:
        try:
            job.result = read_and_extract(name, data, learned, with_unclaimed=True, progress=job.progress)
        except IngestError as exc:
            job.error = str(exc)
        except Exception as exc:  # never a traceback on the page: the clerk gets the file name and what to do
            job.error = f"{name}：读取时出错（{type(exc).__name__}），请另存为 .docx 或 .txt 后再上传。"
        finally:
            job.finished.set()

    threading.Thread(target=run, name=f"read-{key[:8]}", daemon=True).start()
    return job


def take_reading(data: bytes) -> None:
    """Forget a finished job once its page has kept the result."""
    with _JOBS_LOCK:
        key = hashlib.sha256(data).hexdigest()
        if key in _JOBS and _JOBS[key].done:
            del _JOBS[key]
