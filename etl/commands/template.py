"""`python -m etl template [--category 分类 ...] [--year N] [-o FILE]`: the ledger template (.xlsx)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from etl.ledgers.template import build_template
from store.access import SYSTEM
from store.catalog import CATEGORIES, load_catalog
from store.held import held_figures
from store.regions import default_county, townships
from store.session import get_engine, session_factory

HELP = "生成台账模板（.xlsx）：表头带单位，乡镇、年份为下拉选项，附填表说明"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--category",
        action="append",
        choices=CATEGORIES,
        metavar="分类",
        help=f"只含这些分类的指标，可重复（{'、'.join(CATEGORIES)}）；默认全部",
    )
    p.add_argument("--year", type=int, help="台账年份（默认上一年）")
    p.add_argument("-o", "--output", default="台账模板.xlsx", help="输出文件，默认 台账模板.xlsx")


def run(args: argparse.Namespace) -> int:
    year = args.year or date.today().year - 1
    with session_factory(get_engine())() as s:
        names = [r.name for r in townships(s, actor=SYSTEM)]
        county = default_county(s, SYSTEM)
        county_name = county.name if county is not None else ""
        held = held_figures(s, SYSTEM, [year], townships=names)  # report once: what the store has comes pre-filled
    data = build_template(
        load_catalog(), names, year=year, county=county_name, categories=args.category or (), held=held
    )
    Path(args.output).write_bytes(data)
    print(f"已生成台账模板：{args.output}（{len(names)} 个乡镇，已预先填好系统中已有的 {len(held)} 个数）")
    return 0
