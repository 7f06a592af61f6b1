"""etl.reports.onepass.OnePass gives each pattern the matches its own finditer gives, from one scan of the text."""

from __future__ import annotations

import re

import pytest

from etl.reports.onepass import OnePass

PATTERNS = {
    "town": r"全乡|全镇|我乡|我镇|该乡|该镇|本乡|本镇|(?<![个\d各])[乡镇]党委|街道党工委",
    "county": r"全县|我县|该县|本县|全区|我区|该区|本区|全旗|县委|区委|各乡镇|各镇",
    "city": r"全市|我市|该市|本市|全州(?!县)|我州|该州|本州",
    "overlap": r"县县|县",  # a match may start inside the one before: hidden, as finditer hides it
}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "全县委全县县委，全县县县",  # 全县 hides 县委 from the county's own scan, not from the others
        "各乡镇党委和镇党委，8个镇党委换届，3镇党委",  # 各乡镇 (county) and 镇党委 (town) overlap
        "全州县、全州、我州和该市，本市全市",
        "我镇街道党工委在全乡全镇",
    ],
)
def test_one_pass_finds_what_each_finditer_finds(text: str) -> None:
    spans = OnePass(PATTERNS).spans(text)
    for name, pattern in PATTERNS.items():
        assert spans[name] == [m.span() for m in re.finditer(pattern, text)], name
    assert OnePass(PATTERNS).counts(text) == {k: len(re.findall(p, text)) for k, p in PATTERNS.items()}


@pytest.mark.parametrize("pattern", [r"(全)镇", r"[^镇]镇", r"镇?"])
def test_patterns_it_cannot_take(pattern: str) -> None:
    with pytest.raises(ValueError):
        OnePass({"p": pattern})
