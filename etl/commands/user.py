"""`python -m etl user add 用户名 --role clerk [--region 宁远县]`: create or reset an account."""

from __future__ import annotations

import argparse
import getpass

from sqlalchemy import select

from store.models import ROLES, Region
from store.session import get_engine, transaction
from store.users import add_user

HELP = "新建或重置登录账号（viewer 只读 / clerk 可上传审核 / admin 管理）"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["add"], help="add：新建或重置账号")
    p.add_argument("username", help="用户名")
    p.add_argument("--role", choices=ROLES, default="viewer", help="角色，默认 viewer")
    p.add_argument("--region", help="可见范围（县或乡镇名称），默认全部")
    p.add_argument("--password", help="密码（不给则交互输入）")


def run(args: argparse.Namespace) -> int:
    password = args.password or getpass.getpass("密码：")
    with transaction(get_engine()) as s:
        region_id = None
        if args.region:
            region = s.scalars(select(Region).where(Region.name == args.region)).first()
            if region is None:
                print(f"找不到地区“{args.region}”")
                return 1
            region_id = region.id
        try:
            add_user(s, args.username, password, args.role, region_id)
        except ValueError as e:
            print(str(e))
            return 1
    print(f"账号 {args.username}（{args.role}）已保存")
    return 0
