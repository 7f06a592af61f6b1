"""The README's two set-up commands (run, test) stand at its top and work as written; the optional parts of the test
suite are documented with the same install commands the skip lines print, and CI requires every one of them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests import components

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
RUN = "pip install -r requirements.txt && streamlit run dashboard.py"
TEST = "pip install -r requirements-dev.txt && pytest"
PARTS = components.all_parts()


def _code_blocks(text: str) -> list[tuple[int, str]]:
    """(offset, body) of each fenced code block."""
    return [(m.start(), m.group(1).strip()) for m in re.finditer(r"```[a-z]*\n(.*?)```", text, re.S)]


def test_the_run_and_test_commands_are_the_first_blocks_before_any_section() -> None:
    blocks = _code_blocks(README)
    first_section = README.index("\n## ")
    assert [body for _, body in blocks[:2]] == [RUN, TEST]
    assert all(offset < first_section for offset, _ in blocks[:2])


def _requirement_lines(name: str) -> list[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def test_the_commands_name_files_that_exist_and_agree() -> None:
    for name in ("requirements.txt", "requirements-dev.txt", "dashboard.py"):
        assert (ROOT / name).is_file(), name
    dev = _requirement_lines("requirements-dev.txt")
    assert "-r requirements.txt" in dev
    assert any(re.match(r"pytest\b", ln) for ln in dev)
    assert any(re.match(r"streamlit\b", ln) for ln in _requirement_lines("requirements.txt"))
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert all((ROOT / p).is_dir() for p in config["testpaths"])


@pytest.mark.parametrize(
    "command",
    [
        components.BROWSER_INSTALL,
        components.BROWSER_INSTALL_PLAYWRIGHT,
        components.POSTGRES_HOW,
        components.LIBREOFFICE_INSTALL,
        components.FONT_INSTALL,
    ],
)
def test_the_readme_documents_what_the_skip_lines_say(command: str) -> None:
    assert f"`{command}`" in README


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_ci_requires_every_optional_part(part: components.Part) -> None:
    exported = re.search(r"^export (REQUIRE_\w+=1(?: REQUIRE_\w+=1)*)$", CI, re.M)
    assert exported, ".ci/run exports no REQUIRE_* variables"
    assert f"{part.env}=1" in exported.group(1).split()
    assert f"`{part.env}=1`" in README


def test_ci_runs_the_readme_test_command_last() -> None:
    commands = [ln for ln in CI.splitlines() if ln.strip() and not ln.startswith("#")]
    assert commands[-1] == TEST
