"""`python -m etl demo`: generate the fictional demo county's files and load them."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from etl.demo.load import DEMO_DIR, VIAS, DemoError, generate, load_demo
from etl.demo.values import DEFAULT_SEED
from store.session import get_engine

HELP = "生成演示县（青山省临江市宁远县）的工作报告、台账、标注和真值文件，并载入数据库（重复运行不会重复写入）"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"随机种子，相同种子生成相同文件（默认 {DEFAULT_SEED}）"
    )
    p.add_argument("--out", type=Path, default=DEMO_DIR, help="输出目录（默认 data/demo）")
    p.add_argument("--no-load", action="store_true", help="只生成文件，不写数据库")
    p.add_argument(
        "--via",
        choices=VIAS,
        default="etl",
        help="载入方式：etl 通过报告提取和台账导入载入（默认）；truth 直接载入真值",
    )


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    files = generate(args.out, args.seed)
    out = files.directory
    print(
        f"已生成演示县 青山省临江市宁远县（种子 {files.seed}）：{files.townships} 个乡镇，"
        f"{files.years[0]}–{files.years[1]} 年" + ("" if files.changed else "（文件已是最新，未改动）")
    )
    print(f"  工作报告 {files.txt + files.docx} 份（.txt {files.txt} 份，.docx {files.docx} 份）→ {out / 'reports'}")
    print(f"  标注答案 {files.txt} 份，共 {files.gold_facts} 条事实 → {out / 'gold'}")
    print(f"  台账 {files.ledgers} 个（宽表、长表两种格式）→ {out / 'ledgers'}")
    print(f"  真值 {files.values} 条，下一年目标 {files.targets} 条 → {out / 'truth.json'}")
    if args.no_load:
        print("未载入数据库（--no-load）。")
        return 0
    try:
        result = load_demo(get_engine(), out, via=args.via)
    except DemoError as e:
        print(f"载入失败：{e}", file=sys.stderr)
        return 1
    how = "真值直接载入" if result.via == "truth" else "报告提取与台账导入"
    if result.sources_new == 0:
        print(f"数据库中已有这批演示数据（{how}），未重复写入。")
    else:
        print(
            f"已载入数据库（{how}）：新建乡镇 {result.townships_created} 个，来源文件 {result.sources_new} 个，"
            f"观测值 {result.observations_new} 条"
            + (f"；另有 {result.sources_existing} 个文件此前已载入" if result.sources_existing else "")
            + "。"
        )
    print(f"用时 {time.perf_counter() - started:.1f} 秒。")
    return 0
