"""`python -m etl numbers TEXT...` / `--jsonl`: list the quantities the recogniser reads in each text, one
JSON array per line (shared/spec/extraction.md, "Number mentions")."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from etl.reports.mentions import find_mentions

HELP = "列出文本中识别出的全部数字（数值、范围、单位、限定词、百分比、脱敏、位置），每段文本输出一行 JSON"
_LINE_HINT = '请每行写一个 JSON 字符串，如 "共有党员120名"。'


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("texts", nargs="*", metavar="TEXT", help="要识别的文本（可给多段）")
    p.add_argument(
        "--jsonl", action="store_true", help="从标准输入逐行读取 JSON 字符串，每行输出一个 JSON 数组，顺序一致"
    )


def mentions_json(text: str) -> str:
    """One output line: the mentions of TEXT as a compact JSON array."""
    return json.dumps([m.as_dict() for m in find_mentions(text)], ensure_ascii=False)


def jsonl_lines(lines: Iterable[str], errors: list[str]) -> Iterator[str]:
    """One output line per input line; a line that is not a JSON string gives [] and a message in ERRORS."""
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            yield "[]"
            continue
        try:
            text = json.loads(stripped)
        except json.JSONDecodeError as exc:
            errors.append(f"第 {number} 行不是合法的 JSON（{exc.msg}），{_LINE_HINT}")
            yield "[]"
            continue
        if not isinstance(text, str):
            errors.append(f"第 {number} 行是 JSON，但不是字符串，{_LINE_HINT}")
            yield "[]"
            continue
        yield mentions_json(text)


def run(args: argparse.Namespace) -> int:
    if args.jsonl and args.texts:
        print("用法错误：--jsonl 从标准输入读取，不能同时给出 TEXT。", file=sys.stderr)
        return 2
    if not args.jsonl and not args.texts:
        print("用法错误：请给出要识别的文本，或使用 --jsonl 从标准输入读取。", file=sys.stderr)
        return 2
    errors: list[str] = []
    lines = jsonl_lines(sys.stdin, errors) if args.jsonl else (mentions_json(t) for t in args.texts)
    _write(lines, sys.stdout)
    for message in errors:
        print(message, file=sys.stderr)
    return 1 if errors else 0


def _write(lines: Iterable[str], out: TextIO) -> None:
    for line in lines:
        out.write(line + "\n")
