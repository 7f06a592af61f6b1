"""etl.reports.textscan: the catalog patterns searched through the whole text, in one pass. Each pattern must get
exactly the matches of its own finditer."""

from __future__ import annotations

import re

import pytest

from etl.reports.patterns import compile_pattern, load_rules
from etl.reports.textscan import text_matches, text_scan

PATTERNS = [
    ("a", compile_pattern("(?:共有|有)?党员{N}名")),
    ("b", compile_pattern("有党员{N}名(?:[，,]其中|。)")),  # starts inside a's matches: both found
    ("c", compile_pattern("(?<![各乡])[镇乡]{N}个村")),
    ("d", compile_pattern("[，,；;]共?有{N}个(?:行政)?村")),
    ("e", compile_pattern("党员{N}名")),  # overlaps a at the same figure
    ("f", re.compile(r"(?P<n>\d+)个")),  # starts with its figure: not scanned here
    ("g", re.compile(r"村(?P<n>\d+)(个)")),  # a group of its own: left out
    ("h", compile_pattern("x*")),  # may match '': left out
    ("i", compile_pattern("(?:^|(?<=[。\\n]))[^，,。\\n]{1,6}?镇有{N}个村")),  # at sentence starts: after the marks
]


@pytest.mark.parametrize(
    "text",
    [
        "全镇共有党员120名，其中女党员30名。镇5个村，有党员8名。",
        "乡3个村，共有6个行政村；有12个村，村3个",
        "共有党员1名共有党员2名有党员3名。党员4名",
        "",
        "各镇5个村乡镇6个村",
        "党委有党员5名，党建党员6名；党员",  # 党 before other characters: skipped behind the lookahead of 员
    ],
)
def test_each_pattern_gets_its_own_finditer_matches(text: str) -> None:
    scan = text_scan(PATTERNS)
    assert scan.indices == frozenset({0, 1, 2, 3, 4})
    assert set(scan.after_marks) == {8}
    found = text_matches(scan, PATTERNS, text)
    for i in [*scan.indices, *scan.after_marks]:
        rx = PATTERNS[i][1]
        assert [m.span() for m in found[i]] == [m.span() for m in rx.finditer(text)], PATTERNS[i][0]
        assert [m.start("n") for m in found[i]] == [m.start("n") for m in rx.finditer(text)]


def test_the_catalog_patterns_are_scanned_in_one_pass() -> None:
    rules = load_rules()
    searched = [
        i
        for i, (_, rx) in enumerate(rules.patterns)
        if i not in rules.figure_patterns.indices and not rx.pattern.startswith("(?P<n>")
    ]
    assert set(rules.text_patterns.indices) <= set(searched)
    assert len(rules.text_patterns.indices) >= 0.9 * len(searched)  # a few may need a search of their own
