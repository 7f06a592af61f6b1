"""`python -m etl`: help lists the subcommands; exit codes 0 / 1 / 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from etl.cli import COMMANDS, main
from tests.apptest_support import ROOT


def _run(*args: str, env_url: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {"DATABASE_URL": env_url, "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        input=stdin,
    )


def test_help_lists_every_subcommand(tmp_path):
    out = _run("--help", env_url=f"sqlite:///{tmp_path / 'a.db'}")
    assert out.returncode == 0
    for name in COMMANDS:
        assert name in out.stdout
    assert "子命令" in out.stdout


@pytest.mark.parametrize("argv", [["no-such-command"], ["reset", "--bogus"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as err:
        main(argv)
    assert err.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "子命令" in capsys.readouterr().out


def test_reset_needs_confirmation_and_then_clears(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    refused = _run("reset", env_url=url)
    assert refused.returncode == 1 and "--yes" in refused.stdout
    done = _run("reset", "--yes", env_url=url)
    assert done.returncode == 0 and "已清空" in done.stdout


@pytest.mark.parametrize(
    ("password", "message"),
    [("short", "至少 10 位"), ("password123", "过于常见"), ("clerk1-secret-x", "不能包含用户名")],
)
def test_users_add_refuses_weak_passwords(tmp_path, password, message):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    out = _run("users", "add", "clerk1", "--role", "clerk", env_url=url, stdin=password + "\n")
    assert out.returncode == 1 and message in out.stdout


def test_users_lifecycle_reads_passwords_from_stdin_never_argv(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    refused = _run("users", "add", "clerk1", "--password", "Tq8-vz!mw3Lp", env_url=url)
    assert refused.returncode == 2  # no such option: a password never goes on the command line
    steps = [
        (("users", "add", "clerk1", "--role", "clerk", "--region", "全部"), "Tq8-vz!mw3Lp\n", "已建立"),
        (("user", "passwd", "clerk1"), "Zr5!pq-kw7Nd\n", "密码已更新"),
        (("users", "role", "clerk1", "reviewer"), "", "审核员"),
        (("users", "disable", "clerk1"), "", "已停用"),
        (("users", "list"), "", "clerk1\t审核员\t全部地区（已停用）"),
        (("users", "enable", "clerk1"), "", "已启用"),
        (("users", "revoke", "clerk1", "全部"), "", "已收回"),
        (("users", "list"), "", "（无授权地区）"),
    ]
    for argv, stdin, expected in steps:
        out = _run(*argv, env_url=url, stdin=stdin)
        assert out.returncode == 0 and expected in out.stdout, (argv, out.stdout, out.stderr)


@pytest.mark.parametrize("argv", [["--help"], ["narrative", "--help"], ["ledger", "--help"]])
def test_help_is_chinese(argv, capsys):
    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr().out
    assert out.startswith("用法：")
    for english in ("usage:", "positional arguments", "options:", "show this help"):
        assert english not in out


def test_unexpected_error_prints_a_number_that_is_in_the_log(tmp_path, monkeypatch, capsys):
    import etl.commands.narrative as cmd

    def boom(args):
        raise KeyError("threshold")

    monkeypatch.setattr(cmd, "run", boom)
    monkeypatch.setenv("ERROR_LOG", str(tmp_path / "errors.log"))
    assert main(["narrative", "--region", "宁远县", "--year", "2023"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "错误编号 E" in err
    number = err.split("错误编号 ")[1].split("）")[0]
    log = (tmp_path / "errors.log").read_text(encoding="utf-8")
    assert number in log and "KeyError: 'threshold'" in log
