"""`python -m etl restore FILE --yes`: replace the whole database with a backup made by `etl backup`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from store.backup import BackupError, restore
from store.schema import SchemaTooNew
from store.session import make_engine, upgrade

HELP = "从备份文件恢复整个数据库（覆盖现有全部数据；拒绝更新版本程序做的备份）"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="由 `python -m etl backup` 生成的备份文件")
    p.add_argument("--yes", action="store_true", help="不再询问，直接恢复")


def run(args: argparse.Namespace) -> int:
    if not args.yes:
        if not sys.stdin.isatty():
            print("恢复会覆盖现有全部数据。请加 --yes 确认。")
            return 1
        if input("恢复会覆盖现有全部数据，输入 yes 确认：").strip().lower() != "yes":
            print("已取消")
            return 1
    engine = make_engine()
    try:
        info = restore(engine, Path(args.file))
        upgrade(engine)  # an older backup is brought to this program's schema
    except (BackupError, SchemaTooNew) as e:
        print(str(e))
        return 1
    print(f"已恢复数据库：来自 {info.path}（结构版本 {info.revision}）。")
    return 0
