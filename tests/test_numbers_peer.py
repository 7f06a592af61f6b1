"""The number recogniser against the peer suites (../shared/peer/numbers) and the `etl numbers` command."""

from __future__ import annotations

import importlib.util
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from etl.reports.mentions import find_mentions
from tests.apptest_support import ROOT

# ../shared beside the checkout (ETL_SHARED_DIR points elsewhere, e.g. from a git worktree).
SHARED = Path(os.environ.get("ETL_SHARED_DIR", ROOT.parent / "shared"))
PEER = SHARED / "peer" / "numbers"
PEER_BAR = 850

needs_peer = pytest.mark.skipif(
    not (PEER / "cases.jsonl").is_file() or not (PEER / "run.py").is_file(),
    reason=f"the peer number suites ({PEER}/cases.jsonl and run.py) are not beside this checkout",
)


def _scorer() -> ModuleType:
    """The suite's own run.py, so a case passes here exactly when it passes there."""
    spec = importlib.util.spec_from_file_location("peer_numbers_run", PEER / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cases() -> list[dict[str, Any]]:
    lines = (PEER / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _factor_wrong(want: float, got: float) -> bool:
    """GOT is WANT off by a factor of ten or more (2万3千 read as 20,003,000 is off by ~870)."""
    if want == 0 or got == 0:
        return False
    return abs(math.log10(abs(got / want))) >= 0.9


@needs_peer
def test_peer_suites_pass_the_bar() -> None:
    scorer = _scorer()
    cases = _cases()
    failed = []
    for case in cases:
        mentions = [m.as_dict() for m in find_mentions(case["input"])]
        ok, got = scorer.passes(case, mentions)
        if not ok:
            failed.append((case["input"], got))
    passed = len(cases) - len(failed)
    assert passed >= PEER_BAR, f"{passed}/{len(cases)}; failures: {failed[:20]}"


@needs_peer
def test_no_peer_figure_is_off_by_a_factor() -> None:
    wrong = []
    for case in _cases():
        if case["kind"] != "figure" or len(case["expected"]) != 1 or "value" not in case["expected"][0]:
            continue
        want = case["expected"][0]["value"]
        for m in find_mentions(case["input"]):
            if m.value is not None and _factor_wrong(want, m.value):
                wrong.append((case["input"], want, m.value))
    assert not wrong


@pytest.mark.parametrize(("want", "got", "wrong"), [(23000, 20003000, True), (15000, 150000, True), (5, 5.0, False)])
def test_factor_check_can_fail(want: float, got: float, wrong: bool) -> None:
    assert _factor_wrong(want, got) is wrong


def _etl(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", "numbers", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_cli_prints_one_array_per_text() -> None:
    out = _etl("全镇现有党员2万3千人", "一切正常")
    assert out.returncode == 0, out.stderr
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first == [
        {
            "text": "2万3千人",
            "start": 6,
            "end": 11,
            "value": 23000,
            "high": None,
            "unit": "人",
            "qualifier": "exact",
            "percent": False,
            "masked": False,
        }
    ]
    assert second == []


def test_cli_jsonl_keeps_one_line_per_input_and_names_bad_lines() -> None:
    stdin = '"百分之三十到四十"\nnot json\n12\n"X余场次"\n'
    out = _etl("--jsonl", stdin=stdin)
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == 4
    assert [(m["value"], m["high"], m["percent"]) for m in lines[0]] == [(30, 40, True)]
    assert lines[1] == lines[2] == []
    assert [(m["value"], m["masked"], m["qualifier"]) for m in lines[3]] == [(None, True, "over")]
    assert out.returncode == 1
    assert "第 2 行不是合法的 JSON" in out.stderr and "第 3 行是 JSON，但不是字符串" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("args", [[], ["--jsonl", "文本"]])
def test_cli_usage_errors_exit_2(args: list[str]) -> None:
    out = _etl(*args, stdin="")
    assert out.returncode == 2
    assert "用法错误" in out.stderr
