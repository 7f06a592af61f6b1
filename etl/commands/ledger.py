"""`python -m etl ledger FILE [--sheet NAME] [--year N] [--create-townships] [--dry-run] [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from etl.ledgers.context import Issue
from etl.ledgers.importer import LedgerOptions, LedgerResult, import_ledger
from etl.ledgers.read import LedgerFileError, read_bytes
from store.access import SYSTEM
from store.session import get_engine

HELP = "导入 Excel/CSV 台账（.xlsx .xlsm .xls .csv）：识别表格、校验后一次性写入；--dry-run 只检查不写入"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="台账文件")
    p.add_argument("--sheet", help="只读这个工作表（默认读全部工作表）")
    p.add_argument("--year", type=int, help="年份（表中没有年份列、标题和工作表名也没写年份时必填）")
    p.add_argument("--create-townships", action="store_true", help="地区列表中没有的乡镇自动新建")
    p.add_argument("--county", help="新建乡镇所属的县（区）名称（只有一个县时可省略）")
    p.add_argument("--dry-run", action="store_true", help="只检查并统计，不写入数据库")
    p.add_argument("--json", action="store_true", help="以 JSON 输出识别结果、错误和提示")
    p.add_argument("--max-mb", type=float, help="文件大小上限（MB，默认 20，或环境变量 LEDGER_MAX_MB）")


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    options = LedgerOptions(
        sheet=args.sheet,
        year=args.year,
        create_townships=args.create_townships,
        county=args.county,
        max_bytes=int(args.max_mb * 1024 * 1024) if args.max_mb else None,
    )
    result = _import(path, args, options)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        print(_summary_line(result, args.dry_run), file=sys.stderr)
    else:
        _print_human(result, args.dry_run)
    return 1 if result.errors else 0


def _import(path: Path, args: argparse.Namespace, options: LedgerOptions) -> LedgerResult:
    try:
        with path.open("rb") as f:
            data = read_bytes(f, path.name, options.max_bytes)
    except FileNotFoundError:
        return LedgerResult(source=args.file, errors=[Issue(path.name, f"找不到文件 {args.file}")])
    except IsADirectoryError:
        return LedgerResult(source=args.file, errors=[Issue(path.name, f"{args.file} 是文件夹，不是台账文件")])
    except LedgerFileError as e:
        return LedgerResult(source=args.file, errors=[Issue(path.name, str(e))])
    result = import_ledger(get_engine(), SYSTEM, data, path.name, options, dry_run=args.dry_run)
    result.source = args.file
    return result


def _summary_line(result: LedgerResult, dry_run: bool) -> str:
    if result.errors:
        return f"有 {len(result.errors)} 处错误，未写入任何数据。"
    s = result.summary
    if s is None:
        return f"识别出 {len(result.observations)} 个数值。"
    if s.already_loaded:
        return "这个文件已经导入过，没有变化。"
    verb = "试导入（未写入）" if dry_run else "已导入"
    created = f"，新建乡镇 {len(s.created_townships)} 个" if s.created_townships else ""
    return f"{verb}：新增 {s.new}，未变 {s.unchanged}，覆盖旧值 {s.superseded}，与报告冲突 {s.conflicts}{created}。"


def _print_human(result: LedgerResult, dry_run: bool) -> None:
    for e in result.errors:
        print(f"错误 {e.cell}：{e.message}")
    for w in result.warnings:
        print(f"提示 {w.cell}：{w.message}")
    print(_summary_line(result, dry_run))
