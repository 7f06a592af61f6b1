"""`python -m etl users list|add|disable|enable|passwd|role|grant|revoke`: accounts and their region grants.

Passwords are read from a prompt (asked twice) or, when stdin is not a terminal, from its first line — never
from the command line, where they would stay in the shell history. The CLI acts as the system operator.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from store.access import ROLE_ZH, SYSTEM, AccessDenied
from store.models import ROLES
from store.session import get_engine, transaction
from store.users import AccountError, add_user, grant, list_users, revoke, set_disabled, set_password, set_role

HELP = "账号管理：list 列出、add 新建、disable/enable 停用/启用、passwd 改密码、role 改角色、grant/revoke 授权"
ROLE_HELP = "，".join(f"{r} {ROLE_ZH[r]}" for r in ROLES)


def configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="操作", required=True)
    sub.add_parser("list", help="列出全部账号、角色和授权地区")
    add = sub.add_parser("add", help="新建账号（密码交互输入，或从标准输入读第一行）")
    add.add_argument("username", help="用户名")
    add.add_argument("--role", choices=ROLES, default="viewer", help=f"角色（{ROLE_HELP}），默认 viewer")
    add.add_argument(
        "--region", action="append", default=[], help="授权地区：名称或 省/市/县 全称，可重复；“全部”为全部地区"
    )
    for name, text in (("disable", "停用账号（立即下线）"), ("enable", "启用账号"), ("passwd", "重设密码")):
        sub.add_parser(name, help=text).add_argument("username", help="用户名")
    role = sub.add_parser("role", help="改角色（立即生效）")
    role.add_argument("username", help="用户名")
    role.add_argument("role", choices=ROLES, help=ROLE_HELP)
    for name, text in (("grant", "授予地区（含下级）"), ("revoke", "收回地区授权")):
        g = sub.add_parser(name, help=text)
        g.add_argument("username", help="用户名")
        g.add_argument("region", help="地区名称或 省/市/县 全称；“全部”为全部地区")


def read_password() -> str:
    """The new password: asked twice at a terminal, else the first line of stdin."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新密码（至少 10 位）：")
    if getpass.getpass("再输入一次：") != first:
        raise AccountError("两次输入的密码不一致")
    return first


def _list() -> int:
    with transaction(get_engine()) as s:
        rows = list_users(s, SYSTEM)
    if not rows:
        print("还没有账号。新建：python -m etl users add 用户名 --role admin --region 全部")
    for r in rows:
        state = "（已停用）" if r.disabled else ""
        print(f"{r.username}\t{r.role_zh}\t{'、'.join(r.regions) or '（无授权地区）'}{state}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _list()
    try:
        password = read_password() if args.action in ("add", "passwd") else ""
        with transaction(get_engine()) as s:
            if args.action == "add":
                add_user(s, SYSTEM, args.username, password, args.role, tuple(args.region))
                done = f"账号 {args.username}（{ROLE_ZH[args.role]}）已建立"
            elif args.action in ("disable", "enable"):
                set_disabled(s, SYSTEM, args.username, args.action == "disable")
                done = f"账号 {args.username} 已{'停用' if args.action == 'disable' else '启用'}"
            elif args.action == "passwd":
                set_password(s, SYSTEM, args.username, password)
                done = f"账号 {args.username} 的密码已更新，原有登录已失效"
            elif args.action == "role":
                set_role(s, SYSTEM, args.username, args.role)
                done = f"账号 {args.username} 的角色已改为 {ROLE_ZH[args.role]}"
            elif args.action == "grant":
                chain = grant(s, SYSTEM, args.username, args.region)
                done = f"已授予 {args.username}：{chain or '全部地区'}"
            else:
                chain = revoke(s, SYSTEM, args.username, args.region)
                done = f"已收回 {args.username}：{chain or '全部地区'}"
    except (AccountError, AccessDenied) as e:
        print(str(e))
        return 1
    print(done)
    return 0
