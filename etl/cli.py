"""Command line: `python -m etl <子命令>`. Exit codes: 0 成功, 1 输入有误, 2 用法错误.

Each subcommand lives in its own module `etl.commands.<name>` exposing `HELP`, `configure(parser)` and
`run(args) -> int`; adding a command is one line in COMMANDS.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from store.schema import SchemaTooNew

COMMANDS: dict[str, str] = {
    "backup": "etl.commands.backup",
    "demo": "etl.commands.demo",
    "extract": "etl.commands.extract",
    "ingest": "etl.commands.ingest",
    "ledger": "etl.commands.ledger",
    "narrative": "etl.commands.narrative",
    "numbers": "etl.commands.numbers",
    "reset": "etl.commands.reset",
    "restore": "etl.commands.restore",
    "template": "etl.commands.template",
    "user": "etl.commands.user",
}


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
