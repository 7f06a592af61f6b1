"""`python -m etl reset`: clear all imported data (keeps the catalog and accounts)."""

from __future__ import annotations

import argparse
import sys

from store.access import SYSTEM
from store.admin import reset_data
from store.session import get_engine, transaction

HELP = "清空全部数据（含演示数据），保留指标目录、账号和授权；清空后启动看板不会再自动载入演示数据"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--yes", action="store_true", help="不再询问，直接清空")


def run(args: argparse.Namespace) -> int:
    if not args.yes:
        if not sys.stdin.isatty():
            print("将清空全部数据。请加 --yes 确认。")
            return 1
        if input("将清空全部数据（不可恢复），输入 yes 确认：").strip().lower() != "yes":
            print("已取消")
            return 1
    with transaction(get_engine()) as s:
        counts = reset_data(s, SYSTEM)
    print(f"已清空：观测值 {counts['observations']} 条，来源文件 {counts['sources']} 个，地区 {counts['regions']} 个。")
    return 0
