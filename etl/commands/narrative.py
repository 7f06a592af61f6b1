"""`python -m etl narrative --region 长城乡 --year 2023 [--format txt|docx|json]`: generated paragraphs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from narrative import NarrativeError, generate, kinds_for
from narrative.export import to_docx, to_txt
from narrative.trace import paragraph_dict
from store.access import SYSTEM
from store.session import get_engine

HELP = "生成乡镇或县的年度党建工作综述段落（每个数字均来自数据库），输出文本、Word 文档或 JSON"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--region", required=True, help="乡镇或县名称，如 长城乡、宁远县")
    p.add_argument("--year", required=True, type=int, help="年度，如 2023")
    p.add_argument("--format", choices=("txt", "docx", "json"), default="txt", help="输出格式（默认 txt）")
    p.add_argument("--kinds", default="", help="只生成这些段落，用逗号分隔，如 学习培训,存在不足（默认全部）")
    p.add_argument("-o", "--output", default="", help="输出文件（docx 默认为“<地区><年度>年党建工作综述.docx”）")
    p.add_argument("--database-url", default=None, help="数据库地址（默认 $DATABASE_URL 或 data/dashboard.db）")


def run(args: argparse.Namespace) -> int:
    kinds = [k.strip() for k in args.kinds.replace("，", ",").split(",") if k.strip()] or None
    try:
        narrative = generate(get_engine(args.database_url), SYSTEM, args.region, args.year, kinds)
    except NarrativeError as exc:
        print(f"无法生成综述：{exc}。", file=sys.stderr)
        return 1
    if kinds:
        known = kinds_for(narrative.region.level)
        unknown = [k for k in kinds if k not in known]
        if unknown:
            print(f"没有这些段落类型：{'、'.join(unknown)}。可选：{'、'.join(known)}。", file=sys.stderr)
            return 1
    if not narrative.paragraphs:
        print(f"{narrative.region.name}{args.year}年没有可写入综述的数据（数据均未公开或缺失）。", file=sys.stderr)
        return 1
    if args.format == "docx":
        path = Path(args.output or f"{narrative.title}.docx")
        path.write_bytes(to_docx(narrative.title, narrative.paragraphs))
        print(f"已生成 {path}（{len(narrative.paragraphs)} 段）")
        return 0
    if args.format == "json":
        doc = {
            "region": narrative.region.name,
            "level": narrative.region.level,
            "year": args.year,
            "title": narrative.title,
            "paragraphs": [paragraph_dict(p, narrative.data) for p in narrative.paragraphs],
        }
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    else:
        text = to_txt(narrative.title, narrative.paragraphs)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"已生成 {args.output}（{len(narrative.paragraphs)} 段）")
    else:
        sys.stdout.write(text)
    return 0
