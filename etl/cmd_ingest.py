"""`python -m etl ingest PATH_OR_DIR...`: read, extract and store reports, one transaction per file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from etl.ingest import IngestError, ingest_bytes
from store.session import get_engine, session_factory

HELP = "导入工作报告（文件或目录）：提取指标数字并写入数据库；同一文件重复导入不会重复写入"
SUFFIXES = {".txt", ".docx", ".pdf", ".doc", ".wps", ".text"}


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


def _bar(done: int, total: int, name: str) -> None:
    if not sys.stderr.isatty():
        return
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:40}")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    engine = get_engine(args.database_url)
    factory = session_factory(engine)
    files = list(iter_files(args.paths))  # paths only; texts are read one at a time
    failed = stored = skipped = 0
    for n, path in enumerate(files, start=1):
        _bar(n - 1, len(files), path.name)
        try:
            data = path.read_bytes()
            with factory() as session, session.begin():
                res = ingest_bytes(
                    session,
                    path.name,
                    data,
                    uploaded_by=args.user,
                    township=args.township,
                    year=args.year,
                    create_townships=not args.no_create,
                    county=args.county,
                )
        except IngestError as exc:
            failed += 1
            _line(f"✗ {exc}")
            continue
        except OSError as exc:
            failed += 1
            _line(f"✗ {path}：无法读取文件（{exc.strerror}），请检查路径和权限。")
            continue
        skipped += res.already_loaded
        stored += not res.already_loaded
        _line(("= " if res.already_loaded else "✓ ") + res.summary_zh())
    _bar(len(files), len(files), "")
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    if not files:
        print("没有找到报告文件（支持 .txt、.docx、.pdf）。")
        return 1
    print(f"共 {len(files)} 个文件：导入 {stored} 个，已导入过 {skipped} 个，失败 {failed} 个。")
    return 1 if failed else 0


def _line(text: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r" + " " * 80 + "\r")
    print(text, flush=True)
