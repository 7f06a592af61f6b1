"""Command line: `python -m etl <子命令>`. Exit codes: 0 成功, 1 输入有误, 2 用法错误.

Each subcommand lives in its own module `etl.commands.<name>` exposing `HELP`, `configure(parser)` and
`run(args) -> int`; adding a command is one line in COMMANDS.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from store.errors import error_log_path, report_error, user_message
from store.schema import SchemaTooNew

COMMANDS: dict[str, str] = {
    "backup": "etl.commands.backup",
    "demo": "etl.commands.demo",
    "extract": "etl.commands.extract",
    "ingest": "etl.commands.ingest",
    "ledger": "etl.commands.ledger",
    "narrative": "etl.commands.narrative",
    "numbers": "etl.commands.numbers",
    "rebuild-summary": "etl.commands.rebuild_summary",
    "reset": "etl.commands.reset",
    "restore": "etl.commands.restore",
    "template": "etl.commands.template",
    "users": "etl.commands.users",
    "user": "etl.commands.users",  # the old name
}


# argparse's own words (usage:, positional arguments, options …) come through its module-level gettext `_`;
# a table of them in Chinese keeps `--help` and usage errors free of English.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个参数值",
    "expected at most one argument": "最多一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
}
argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"用法错误：{message}\n运行 `python -m etl --help` 查看说明。\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser; with ONLY, just that subcommand's module is imported (the others keep their names)."""
    parser = _Parser(prog="python -m etl", description="乡镇党建指标看板：数据导入与维护命令。")
    sub = parser.add_subparsers(dest="command", metavar="子命令", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name)
            continue
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Importing every command costs a second or more; a known command imports only its own module.
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except SchemaTooNew as e:  # any command opening a database written by a newer program
        print(str(e), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the command line's one boundary: a number, never a traceback
        print(user_message(report_error(exc, f"python -m etl {args.command}")), file=sys.stderr)
        print(f"（错误详情已写入 {error_log_path()}）", file=sys.stderr)
        return 1
