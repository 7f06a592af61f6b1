"""`python -m etl extract PATH... --json`: print the facts of each report (shared/spec/extraction.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from etl.reports.extract import extract, extract_text
from etl.reports.readers import ReadError, read_document
from etl.reports.unclaimed import tally, unclaimed
from store.learned import Phrasing, active_phrasings
from store.session import get_engine, transaction

HELP = "从工作报告（.txt/.docx/.pdf）中提取指标数字，按约定格式输出（不写入数据库）"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件")
    p.add_argument("--json", action="store_true", help="输出 JSON 数组（每个文件一个对象，顺序与输入一致）")
    p.add_argument(
        "--unclaimed",
        action="store_true",
        help="同时列出未被任何指标认领的数字（unclaimed：原文、位置、数值、单位、建议指标）和数字核对情况",
    )
    p.add_argument(
        "--learned",
        action="store_true",
        help="同时使用录入员在报告导入中教会的说法（读取 DATABASE_URL 或 data/dashboard.db）",
    )


def extract_path(path: str, *, with_unclaimed: bool = False, learned: list[Phrasing] | None = None) -> dict[str, Any]:
    """The spec's object for one file; an unreadable file gives {"source", "error"} instead of facts.
    WITH_UNCLAIMED adds "unclaimed" (the quantities no fact claimed) and "check" (数字核对)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return {"source": path, "error": f"{path}：无法打开文件（{exc.strerror}），请检查路径。", "facts": []}
    try:
        text = read_document(Path(path).name, data)
    except ReadError as exc:
        return {"source": path, "error": str(exc), "facts": []}
    if not with_unclaimed:
        return extract_text(text, source=path, learned=learned or ())
    ex = extract(text, learned=learned or ())
    items = unclaimed(ex, learned or ())
    check = tally(len(ex.facts), items)
    return {
        "source": path,
        "township": ex.meta.township,
        "year": ex.meta.year,
        "county": ex.meta.county,
        "doc_type": ex.meta.doc_type,
        "facts": ex.facts,
        "unclaimed": [it.as_json() for it in items],
        "check": {"extracted": check.extracted, "pending": check.pending, "excluded": check.excluded},
    }


def run(args: argparse.Namespace) -> int:
    learned = None
    if args.learned:
        with transaction(get_engine()) as s:
            learned = active_phrasings(s)
    results = [extract_path(p, with_unclaimed=args.unclaimed, learned=learned) for p in args.paths]
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
        learned = "（学习所得）" if f.get("origin") == "learned" else ""
        print(f"  {f['indicator']:28} {value}{mark}{learned}  « {f['evidence']} »")
    if "check" in r:
        c = r["check"]
        print(f"  数字核对：已提取 {c['extracted']}，待确认 {c['pending']}，已排除 {c['excluded']}")
        for u in r["unclaimed"]:
            hint = "、".join(u["suggested"][:3]) or "—"
            state = "已排除" if u["excluded"] else "待确认"
            print(f"  [{state}] {u['text']:10} 建议：{hint}  « {u['clause']} »")
