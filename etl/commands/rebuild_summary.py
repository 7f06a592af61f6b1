"""`python -m etl rebuild-summary [--check]`: recompute the region summary table from the observations."""

from __future__ import annotations

import argparse

from store.session import get_engine, session_factory, transaction
from store.summary import rebuild_summary, summary_differences

HELP = "重建地区汇总表（省、市、县页面读取的汇总）；--check 只核对不改动"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--check", action="store_true", help="只核对汇总表与逐条汇总是否一致，不改动")


def run(args: argparse.Namespace) -> int:
    engine = get_engine()
    if args.check:
        with session_factory(engine)() as s:
            differences = summary_differences(s)
        for line in differences[:20]:
            print(line)
        print(
            "汇总表与逐条汇总一致。" if not differences else f"共 {len(differences)} 处不一致：请运行 rebuild-summary。"
        )
        return 0 if not differences else 1
    with transaction(engine) as s:
        rows = rebuild_summary(s)
    print(f"已重建地区汇总表：{rows} 行。")
    return 0
