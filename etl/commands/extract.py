"""`python -m etl extract PATH... --json`: print the facts of each report (shared/spec/extraction.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from etl.reports.extract import extract_text
from etl.reports.readers import ReadError, read_document

HELP = "从工作报告（.txt/.docx/.pdf）中提取指标数字，按约定格式输出（不写入数据库）"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件")
    p.add_argument("--json", action="store_true", help="输出 JSON 数组（每个文件一个对象，顺序与输入一致）")


def extract_path(path: str) -> dict[str, Any]:
    """The spec's object for one file; an unreadable file gives {"source", "error"} instead of facts."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return {"source": path, "error": f"{path}：无法打开文件（{exc.strerror}），请检查路径。", "facts": []}
    try:
        text = read_document(Path(path).name, data)
    except ReadError as exc:
        return {"source": path, "error": str(exc), "facts": []}
    return extract_text(text, source=path)


def run(args: argparse.Namespace) -> int:
    results = [extract_path(p) for p in args.paths]
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for r in results:
            _print_human(r)
    return 1 if any("error" in r for r in results) else 0


def _print_human(r: dict[str, Any]) -> None:
    if "error" in r:
        print(f"✗ {r['error']}")
        return
    print(f"{r['source']}：乡镇 {r['township'] or '未知'}，年度 {r['year'] or '未知'}，{len(r['facts'])} 个数字")
    for f in r["facts"]:
        value = "已脱敏" if f["masked"] else f"{f['value']}{f['unit']}"
        mark = "（目标）" if f["target"] else ""
        print(f"  {f['indicator']:28} {value}{mark}  « {f['evidence']} »")
