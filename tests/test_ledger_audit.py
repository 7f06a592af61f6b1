"""Held-out audit ledgers (tests/fixtures/ledgers_audit): shaped like real county and township ledgers.

The expected .json beside each file was written by hand from the sheet (make_audit_ledgers.py), not
taken from the importer: every observation is compared value by value, the error cells exactly, and
the listed warning cells must be among the warnings; an expected `threshold` must be the observation's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl.ledgers.context import TownshipNames
from etl.ledgers.importer import LedgerOptions, parse_ledger
from tests.test_ledger_fixtures import fixture_townships

AUDIT = Path(__file__).resolve().parent / "fixtures" / "ledgers_audit"


def ledger_files(folder: Path) -> list[str]:
    """The ledgers of an audit folder (each with its hand-written FILE.json)."""
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".xlsx", ".xlsm", ".xls", ".csv"))


def observed(name: str, folder: Path = AUDIT) -> dict[str, Any]:
    data = (folder / name).read_bytes()
    return parse_ledger(data, name, fixture_townships(), LedgerOptions(create_townships=True)).to_json()


def _obs_key(o: dict[str, Any]) -> tuple[Any, ...]:
    return (o["cell"], o["township"], o["year"], o["indicator"], o["value"], o["unit"], o.get("qualifier", "exact"))


def compare(name: str, folder: Path = AUDIT) -> list[str]:
    """Differences between the importer's output and the hand-written expectation (empty when equal)."""
    expected = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    got = observed(name, folder)
    want = {_obs_key(o) for o in expected["observations"]}
    have = {_obs_key({**o, "value": o["value"]}) for o in got["observations"] if not o.get("masked")}
    problems = [f"missing {o}" for o in sorted(want - have, key=str)]
    thresholds = {o["cell"]: o.get("threshold") for o in got["observations"]}
    problems += [
        f"threshold at {o['cell']}: {thresholds.get(o['cell'])} != {o['threshold']}"
        for o in expected["observations"]
        if "threshold" in o and o["cell"] in thresholds and thresholds[o["cell"]] != o["threshold"]
    ]
    problems += [f"unexpected {o}" for o in sorted(have - want, key=str)]
    errors = {e["cell"] for e in got["errors"]}
    if errors != set(expected["errors"]):
        problems.append(f"errors {sorted(errors)} != {sorted(expected['errors'])}: {got['errors']}")
    warned = {w["cell"] for w in got["warnings"]}
    problems += [f"no warning at {c}" for c in expected["warnings"] if c not in warned]
    return problems


def audit_round(
    folder: Path, count: int, failing: frozenset[str] = frozenset()
) -> tuple[Callable[[], None], Callable[[str], None]]:
    """The two tests of a later audit round: its COUNT files are all there with their .json, and each one
    imports as written by hand. A round's module binds them to its own test names. FAILING names the files a
    round still gets wrong (strict xfail: one that starts to pass must leave the list)."""
    files = [
        pytest.param(f, marks=pytest.mark.xfail(strict=True, reason="known failure")) if f in failing else f
        for f in ledger_files(folder)
    ]

    def present() -> None:
        names = ledger_files(folder)
        assert len(names) == count
        assert all((folder / f"{f}.json").exists() for f in names)
        assert failing <= set(names)

    @pytest.mark.parametrize("name", files)
    def matches(name: str) -> None:
        assert compare(name, folder) == []

    return present, matches


def print_round(folder: Path) -> None:
    """OK / FAIL per file of an audit folder, with the differences (python -m tests.test_ledger_auditN)."""
    for f in ledger_files(folder):
        diff = compare(f, folder)
        print(("OK   " if not diff else "FAIL ") + f)
        for d in diff:
            print("     ", d)


FILES = ledger_files(AUDIT)


def test_audit_ledgers_present() -> None:
    assert len(FILES) >= 12
    assert all((AUDIT / f"{f}.json").exists() for f in FILES)


@pytest.mark.parametrize("name", FILES)
def test_audit_ledger_matches_hand_written_expectation(name: str) -> None:
    assert compare(name) == []


@pytest.mark.parametrize("name", ["zzb_stats.xlsx", "townships_across.xlsx", "total_first_remarks.xlsx"])
def test_new_townships_are_created_by_their_bare_names(name: str) -> None:
    """With no township known yet, 长城乡党委 / 东风镇人民政府 create 长城乡 / 东风镇, never the organ's name."""
    expected = json.loads((AUDIT / f"{name}.json").read_text(encoding="utf-8"))
    nobody = TownshipNames(find=lambda _name: None)
    got = parse_ledger((AUDIT / name).read_bytes(), name, nobody, LedgerOptions(create_townships=True))
    assert {o.township for o in got.observations} == {o["township"] for o in expected["observations"]}
    assert not got.errors or name == "cell_values.xlsx"


if __name__ == "__main__":
    print_round(AUDIT)
