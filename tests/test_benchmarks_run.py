"""The benchmarks still run: each at a tiny size, as a subprocess, exit 0 and its figure line printed (a rename in
the code they time once left bench_extract crashing unseen). No timing is checked here (benchmarks print
figures; DEVELOPERS.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("script", "args", "printed"),
    [
        ("bench_extract.py", ["--reports", "3", "--ingest", "2", "--instructions", "0"], "ingest into SQLite"),
        ("bench_ingest.py", ["3"], "reports/s"),
        ("bench_ledger.py", ["--rows", "200", "--layout", "wide"], "calamine"),
        ("bench_ledger.py", ["--rows", "300", "--layout", "long"], "calamine"),  # reaches the threshold series
        ("bench_long_paragraph.py", ["300"], "300"),
    ],
)
def test_benchmark_runs_at_a_tiny_size(script, args, printed, tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert printed in done.stdout, done.stdout[-2000:]
