"""`python -m etl ingest PATH_OR_DIR...`: read, extract and store reports.

Files are streamed: helper processes (one per core) read and extract the next files while this one stores the
current ones, a batch of files per transaction. A file that cannot be read or placed (no township, no
year, unknown township) is reported and skipped before anything of it is written; if storing fails in
an unexpected way, the batch is rolled back and its files are stored one per transaction, so one bad
file never stops the others. Exit 1 when any file failed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from etl.ingest import (
    IngestError,
    IngestResult,
    ReportFile,
    county_region,
    ingest_bytes,
    ingest_files,
    read_and_extract,
)
from store.access import SYSTEM
from store.learned import Phrasing, active_phrasings
from store.models import Region, Source
from store.session import get_engine, session_factory
from store.summary import defer_summary, flush_summary

HELP = "导入工作报告（文件或目录）：提取指标数字并写入数据库；同一文件重复导入不会重复写入"
SUFFIXES = {".txt", ".docx", ".pdf", ".doc", ".wps", ".text"}
BATCH = 25  # files per transaction
PREFETCH = BATCH  # files read and extracted ahead (memory stays flat in the number of files)
PARALLEL_FROM = 8  # below this many files a helper process costs more than it saves
# Helper processes extracting: storing a batch costs little beside extracting it, so one helper per core.
HELPERS = max(1, min(4, os.cpu_count() or 1))


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH_OR_DIR", help="报告文件或包含报告的目录")
    p.add_argument("--township", help="指定乡镇（报告中乡镇名已脱敏或未写明时）")
    p.add_argument("--year", type=int, help="指定报告年度")
    p.add_argument("--county", help="新建乡镇时归属的县（区）名称")
    p.add_argument("--no-create", action="store_true", help="不自动新建地区目录中没有的乡镇")
    p.add_argument("--user", default="cli", help="记录为导入人")
    p.add_argument("--database-url", help="数据库地址（默认 $DATABASE_URL 或 data/dashboard.db）")


def iter_files(paths: list[str]) -> Iterator[Path]:
    """Files named directly, and report-like files under directories (sorted), one at a time."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from (f for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            yield p


@dataclass
class _Item:
    path: Path
    data: bytes = b""
    sha: str = ""
    extracted: tuple[str, dict[str, Any]] | None = None
    error: str | None = None


def _read(path: Path) -> _Item:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _Item(path, error=f"{path}：无法读取文件（{exc.strerror}），请检查路径和权限。")
    return _Item(path, data, hashlib.sha256(data).hexdigest())


# The learned phrasings (store.learned) of this run, read once before the helper process forks.
_LEARNED: list[Phrasing] = []


def _extract(item: _Item) -> _Item:
    """Decode and extract one file (runs in the helper process when there are many)."""
    try:
        item.extracted = read_and_extract(item.path.name, item.data, _LEARNED)
    except IngestError as exc:
        item.error = str(exc)
    return item


def _prepared(files: list[Path], known: set[str]) -> Iterator[_Item]:
    """Each file read (here) and extracted (PREFETCH files ahead in HELPERS processes when there are many),
    in order. Files already stored (KNOWN contents) are not extracted again."""
    items = (_read(p) for p in files)
    if len(files) < PARALLEL_FROM:
        yield from (it if it.error or it.sha in known else _extract(it) for it in items)
        return
    read_and_extract("预热.txt", "培训党员1人次。".encode())  # the helper forks with catalog and regexes ready
    with ProcessPoolExecutor(max_workers=HELPERS) as pool:
        queue: deque[_Item | Future[_Item]] = deque()
        for item in items:
            queue.append(item if item.error or item.sha in known else pool.submit(_extract, item))
            while len(queue) > PREFETCH:
                head = queue.popleft()
                yield head.result() if isinstance(head, Future) else head
        while queue:
            head = queue.popleft()
            yield head.result() if isinstance(head, Future) else head


class _Run:
    """Counts and output of one ingest run."""

    def __init__(self, args: argparse.Namespace, total: int) -> None:
        self.args, self.total = args, total
        self.done = self.stored = self.skipped = self.failed = 0

    def store(self, session: Session, item: _Item, county: Region | None) -> IngestResult:
        a = self.args
        return ingest_bytes(
            session,
            SYSTEM,
            item.path.name,
            item.data,
            uploaded_by=a.user,
            township=a.township,
            year=a.year,
            create_townships=not a.no_create,
            county=county,
            extracted=item.extracted,
            check_existing=False,
        )

    def store_all(self, session: Session, items: list[_Item]) -> list[tuple[_Item, IngestResult | None, str | None]]:
        """ITEMS stored in SESSION in one staging round: each with its result or the error that refused it."""
        a = self.args
        results = ingest_files(
            session,
            SYSTEM,
            [ReportFile(it.path.name, it.data, it.extracted) for it in items],
            uploaded_by=a.user,
            township=a.township,
            year=a.year,
            create_townships=not a.no_create,
            county=county_region(session, SYSTEM, a.county),
            check_existing=False,
        )
        return [
            (it, None, str(r)) if isinstance(r, IngestError) else (it, r, None)
            for it, r in zip(items, results, strict=True)
        ]

    def report(self, item: _Item, res: IngestResult | None, error: str | None) -> None:
        self.done += 1
        if error:
            self.failed += 1
            _line(f"✗ {error}")
        elif res is not None:
            self.skipped += res.already_loaded
            self.stored += not res.already_loaded
            _line(("= " if res.already_loaded else "✓ ") + res.summary_zh())
        _bar(self.done, self.total, item.path.name)


def run(args: argparse.Namespace) -> int:
    factory = session_factory(get_engine(args.database_url))
    files = list(iter_files(args.paths))  # paths only; contents are read a few at a time
    if not files:
        print("没有找到报告文件（支持 .txt、.docx、.pdf）。")
        return 1
    with factory() as s:
        known = set(s.scalars(select(Source.sha256)))
        _LEARNED[:] = active_phrasings(s)
    state = _Run(args, len(files))
    writer = _BatchWriter(factory, state)
    for item in _prepared(files, known):
        if item.error is None and item.sha in known:
            state.report(item, IngestResult(filename=item.path.name, already_loaded=True), None)
        elif item.error is not None:
            state.report(item, None, item.error)
        else:
            known.add(item.sha)
            writer.add(item)
    writer.flush()
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    print(f"共 {len(files)} 个文件：导入 {state.stored} 个，已导入过 {state.skipped} 个，失败 {state.failed} 个。")
    return 1 if state.failed else 0


class _BatchWriter:
    """Stores files BATCH at a time, each batch in one transaction and one staging round (etl.ingest.ingest_files;
    the helper keeps extracting meanwhile); results are reported once committed. A file refused before it was
    written is reported and the rest of its batch stored; on an unexpected failure the batch is rolled back and
    its files are stored one per transaction."""

    def __init__(self, factory: Any, state: _Run) -> None:
        self.factory, self.state = factory, state
        self.items: list[_Item] = []

    def add(self, item: _Item) -> None:
        self.items.append(item)
        if len(self.items) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Store the collected files in one transaction and report them."""
        if not self.items:
            return
        try:
            with self.factory() as session, session.begin():
                defer_summary(session)
                outcomes = self.state.store_all(session, self.items)
                flush_summary(session)
        except Exception:  # noqa: BLE001 - isolate the file at fault by retrying one per transaction
            outcomes = [_store_one(self.factory, self.state, item) for item in self.items]
        for item, res, error in outcomes:
            self.state.report(item, res, error)
        self.items = []


def _store_one(factory: Any, state: _Run, item: _Item) -> tuple[_Item, IngestResult | None, str | None]:
    try:
        with factory() as session, session.begin():
            return item, state.store(session, item, county_region(session, SYSTEM, state.args.county)), None
    except IngestError as exc:
        return item, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - report, then carry on with the other files
        return item, None, f"{item.path.name}：保存失败（{type(exc).__name__}: {exc}），请检查文件后重试。"


def _bar(done: int, total: int, name: str) -> None:
    if not sys.stderr.isatty():
        return
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:40}")
    sys.stderr.flush()


def _line(text: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r" + " " * 80 + "\r")
    print(text, flush=True)
