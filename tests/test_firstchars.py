"""etl.reports.firstchars: the characters a pattern's matches start with, and the lookahead it puts in front of
catalog patterns that open with an optional element — the same matches, found faster."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from etl.reports import firstchars
from etl.reports.firstchars import class_start, first_chars, required_chars, second_chars, skip_ahead
from etl.reports.patterns import compile_pattern
from store.catalog import load_catalog

ROOT = Path(__file__).resolve().parent


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        ("(?:共有|现有|有)?党员", "共现有党"),
        ("[，,；;]共?有", "，,；;"),
        ("(?<![\\d.])(?:19|20)\\d\\d年", "12"),
        ("(?:a|)b", "ab"),
        ("x{0,2}[1-3]", "x123"),
        ("(?=党)党员", "党"),
        ("a*", None),  # may match ''
        ("(?:a|)", None),
        (".b", None),  # any character
        ("[^a]b", None),  # a negated class
        ("\\db", None),  # a category
        ("(?i)ab", None),  # case-insensitive
        ("(?i:a)b", None),
        ("(a)\\1", "a"),
    ],
)
def test_first_chars(pattern: str, chars: str | None) -> None:
    assert first_chars(pattern) == (frozenset(chars) if chars is not None else None)


@pytest.mark.parametrize(
    ("pattern", "first", "chars"),
    [
        ("党员(?:人数|总数)?", "党", "员"),
        ("(?=[党共有])(?:(?:共有|有)?党员\\d+名)", "有", "党"),  # 有党员 (after the optional 共)
        ("(?:共有|有)?党员", "共", "有"),
        ("[，,；;]共?有", "，", "共有"),
        ("(?:ab)*c", "a", "b"),
        ("a{2,}", "a", "a"),
        ("(?<=x)ab|ac", "a", "bc"),  # a lookbehind only narrows
        ("a?b", "b", None),  # a match may end right after b
        ("ab|a", "a", None),
        ("党[\\u4e00-\\u9fa5]{0,10}点", "党", None),  # too many to list
        ("a.", "a", None),  # any character
        ("a(?:b?)*", "a", None),  # a repeat of something that may be empty
    ],
)
def test_second_chars(pattern: str, first: str, chars: str | None) -> None:
    assert second_chars(pattern, first) == (frozenset(chars) if chars is not None else None)


@pytest.mark.parametrize(
    ("pattern", "sets"),
    [
        ("(?:^|(?<=[。\n]))[^，,。]{2,8}?[盟市州](?:共有|共)个", ["盟市州", "共", "个"]),
        ("a?b|c", ["abc"]),
        ("(?:ab)+c*d", ["a", "d"]),
        ("(?<=党)员", ["员"]),  # a lookbehind's characters lie outside the match
        ("[^a]b", ["b"]),  # a negated class: unknown, left out
        ("(?i)ab", []),
    ],
)
def test_required_chars(pattern: str, sets: list[str]) -> None:
    assert required_chars(pattern) == tuple(frozenset(s) for s in sets)


def test_catalog_patterns_match_no_text_without_their_required_chars() -> None:
    texts = _texts()
    sources = [p for s in load_catalog() for p in ((s.extra.get("extract") or {}).get("patterns") or [])]
    for rx in map(compile_pattern, sources):
        needs = required_chars(rx.pattern)
        for t in texts:
            if not all(any(ch in t for ch in chars) for chars in needs):
                assert rx.search(t) is None, rx.pattern


def _texts() -> list[str]:
    passages = yaml.safe_load((ROOT / "corpus" / "passages.yaml").read_text(encoding="utf-8"))
    docs = sorted(ROOT.glob("corpus_real/*/docs/*.txt"))
    return [p["text"] for p in passages if p.get("text")] + [d.read_text(encoding="utf-8") for d in docs]


def test_catalog_patterns_find_the_same_matches_with_the_lookahead() -> None:
    texts = _texts()
    sources = [p for s in load_catalog() for p in ((s.extra.get("extract") or {}).get("patterns") or [])]
    hinted = [compile_pattern(p) for p in sources]
    assert any(rx.pattern.startswith("(?=") for rx in hinted)  # the catalog has such patterns
    for rx in hinted:
        plain = re.compile(rx.pattern.split("])", 1)[1]) if rx.pattern.startswith("(?=") else rx
        for t in texts:
            assert [m.span() for m in rx.finditer(t)] == [m.span() for m in plain.finditer(t)], rx.pattern


@pytest.mark.parametrize(
    ("pattern", "hinted"),
    [
        # branches opening with a group, a class or a lookbehind: re finds no first characters on its own
        ("(?P<half>[上下]半年)|(?P<full>全年)", "(?=[上下全])(?:(?P<half>[上下]半年)|(?P<full>全年))"),
        ("全村|(?<=，)社区(?=将)", "(?=[全社])(?:全村|(?<=，)社区(?=将))"),
        ("[全我](?:镇|乡)|[镇乡]党委", "(?=[乡全我镇])(?:[全我](?:镇|乡)|[镇乡]党委)"),
        ("全县|我县|县委", "全县|我县|县委"),  # literals first: re skips ahead by itself, faster
        ("[，,]共有", "[，,]共有"),
        ("(?:x)?.", "(?:x)?."),  # unsure: unchanged
        ("(?:共有|现有|有)?党员\\d+名", "(?=[党共有现])(?:(?:共有|现有|有)?党员\\d+名)"),  # an optional start
        ("(?<![各乡])[镇乡]\\d+个", "(?=[乡镇])(?:(?<![各乡])[镇乡]\\d+个)"),  # a lookbehind first
        ("对(?P<n>\\d+)名", "对(?P<n>\\d+)名"),
    ],
)
def test_skip_ahead_adds_the_lookahead_only_where_re_has_no_start_of_its_own(pattern: str, hinted: str) -> None:
    assert skip_ahead(pattern).pattern == hinted


def test_skip_ahead_finds_the_same_matches() -> None:
    from etl.reports import meta, periods, scan

    texts = _texts()
    for rx in (periods._CUES, meta._VILLAGE_SELF, scan.CLAUSE_END, scan.YEAR_RE):
        assert rx.pattern.startswith("(?=[")  # these had no start re could skip to
        plain = re.compile(rx.pattern.split("])(?:", 1)[1][:-1])
        for t in texts:
            assert [m.span() for m in rx.finditer(t)] == [m.span() for m in plain.finditer(t)], rx.pattern


@pytest.mark.parametrize(
    ("pattern", "in_c"),
    [
        (r"(?=[12])(?:(?<![\d.])((?:19[5-9]|20\d)\d)\s*年)", True),
        (r"(?=[\dX])(?<![\d.])(?P<n>\d+|X+)(?P<u>人|名)", True),
        (r"(?=[，\n])(?:[，\n]共有|\n)", True),
        (r"(?=[市])(?:(?<=[\u4e00-\u9fff]{2})市(?!场))", True),  # one character: the engine's one-character prefix
        (r"(?=[党])(?=党员)", False),  # may match '': left to re
        (r"(?=[^党])员", False),  # a negated class: left to re
    ],
)
def test_class_start_finds_the_same_matches(pattern: str, in_c: bool) -> None:
    rx, plain = class_start(pattern), re.compile(pattern)
    assert (firstchars._with_charset(pattern, 0) is not None) == in_c
    assert rx.pattern == pattern and rx.groupindex == plain.groupindex
    for t in [*_texts(), "2019年有12人，X3名\n共有党员2020 年", "武冈市超市市场，市", ""]:
        for pos in (0, 3):
            assert [(m.span(), m.groups()) for m in rx.finditer(t, pos)] == [
                (m.span(), m.groups()) for m in plain.finditer(t, pos)
            ]
