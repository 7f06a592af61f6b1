"""`python -m etl backup FILE`: a consistent copy of the whole database while it stays in use."""

from __future__ import annotations

import argparse
from pathlib import Path

from store.backup import BackupError, backup, record_backup
from store.session import get_engine

HELP = "备份整个数据库到文件（SQLite 用在线备份，PostgreSQL 调用 pg_dump）；看板可照常使用"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="备份文件路径（已存在则在备份完成后替换）")


def run(args: argparse.Namespace) -> int:
    engine = get_engine()
    try:
        info = backup(engine, Path(args.file))
    except BackupError as e:
        print(str(e))
        return 1
    record_backup(engine, info)
    print(f"已备份到 {info.path}（{info.size / 1024:.0f} KB，结构版本 {info.revision}）。")
    return 0
