"""etl.reports.sparse.Sparse gives the matches re gives, found from the places of the pattern's first characters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.reports import breakdown, meta, scan, table, textclean, township, year
from etl.reports.sparse import Sparse

SAMPLES = [
    "",
    "县",
    "东安县委组织部、旗政府和县域经济；全县县县",
    "街道办事处和菱北办事处，武当路街办、街办事处",
    "2023年度、2024年工作；2019年上半年，12012年龄，《2020年工作要点》，2021年3月5日",
    "党员总数（人）：1,236；基层党组织数(个) 45，(万元)12.5",
    "XX镇和**乡、某街道，x 镇",
    "廿三名党员，卅人，卌",
    "共有16個(gè)黨支部，黨(dang) 員236.3萬(wan) 名，全乡(quánxiāng)，（注）",
]


def _texts() -> list[str]:
    root = Path(__file__).parent / "corpus"
    return SAMPLES + [p.read_text(encoding="utf-8", errors="ignore") for p in sorted(root.glob("*.txt"))[:40]]


@pytest.mark.parametrize(
    "pattern",
    [
        r"[县旗](?!域|级)",
        r"(?<!街道)办事处|街办(?![事公])",
        r"(?<!\d)((?:19|20)\d\d)\s*(?:年(?!龄)|(?=[上下]半年))",
        r"(?:县|旗)(?=(委|政府))",
        r"[（(](?P<unit>个|人|万元)[)）]\s*[：:]?\s*(?P<num>\d+(?:,\d{3})*)",
        r"(?:[Xx*]{1,4}|某)[ \t]*(?:乡|镇|街道)",
        r"《[^》]*》|(?:19|20)\d\d年\d{1,2}月\d{1,2}日",
        r"县县|县",  # a match may start inside the one before: hidden, as re hides it
    ],
)
def test_sparse_finds_what_re_finds(pattern: str) -> None:
    sparse, plain = Sparse(pattern), re.compile(pattern)
    for t in _texts():
        for pos, endpos in ((0, None), (3, None), (2, 20)):
            mine = sparse.finditer(t, pos, endpos) if endpos is not None else sparse.finditer(t, pos)
            theirs = plain.finditer(t, pos, endpos) if endpos is not None else plain.finditer(t, pos)
            assert [(m.span(), m.groups()) for m in mine] == [(m.span(), m.groups()) for m in theirs]
        first, found = sparse.search(t), plain.search(t)
        assert (first.span() if first else None) == (found.span() if found else None)
        assert sparse.findall(t) == plain.findall(t)
        assert sparse.sub("Z", t) == plain.sub("Z", t)
        assert sparse.sub(lambda m: "<" + m.group() + ">", t) == plain.sub(lambda m: "<" + m.group() + ">", t)


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        (r"(?:共有)?党员", ("党", "共")),  # an optional start: both
        (r"(?<!街道)办事处|街办", ("办", "街")),  # a lookbehind reads no character of the match
        (r"[（(]个[)）]", ("(", "（")),
    ],
)
def test_the_first_characters_are_those_a_match_can_start_with(pattern: str, chars: tuple[str, ...]) -> None:
    assert Sparse(pattern).chars == chars


@pytest.mark.parametrize(
    "pattern",
    [
        r"[^党]员",  # a negated class: any first character
        r"(?:党员)?",  # may match ''
        r"[一二三四五六七八九十]人",  # more first characters than a few str.find scans are worth
    ],
)
def test_patterns_without_a_few_known_first_characters_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError):
        Sparse(pattern)


def test_the_sparse_scans_of_the_extractor_are_what_their_patterns_give() -> None:
    scans = [
        breakdown._SUM,
        meta._COUNTY_ANCHOR,
        scan.HEADED_RE,
        scan.QUOTED_RE,
        table.QUICK,
        textclean.ROUND_TENS_RE,
        textclean._PINYIN_PLAIN,
        township._CITY_NAMED,
        township._COUNTY_NAMED,
        township._MASKED_TOWNSHIP,
        township._OFFICE,
        township._SUFFIX,
        year._DATA_YEAR,
        year._DATE_OR_TITLE,
    ]
    for sparse in scans:
        plain = re.compile(sparse.pattern)
        for t in _texts():
            assert [(m.span(), m.groups()) for m in sparse.finditer(t)] == [
                (m.span(), m.groups()) for m in plain.finditer(t)
            ]


@pytest.mark.parametrize(
    "text",
    ["建设“经济强镇”", "富民强镇", "以工促农、以城带乡", "立足农业大镇、蔬菜名镇", "软乡弱村集中整顿", "旅游兴乡"],
)
def test_kind_words_are_looked_for_where_their_township_word_stands(text: str) -> None:
    assert township._KIND_WORDS.search(text) is not None
    assert township._kind_word_ends(text)


def test_no_kind_word_without_its_character_before_a_township_word() -> None:
    for t in _texts():
        if not township._kind_word_ends(t):
            assert township._KIND_WORDS.search(t) is None


def test_every_kind_word_ends_with_a_listed_character_and_a_township_word() -> None:
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser as parser  # type: ignore[attr-defined]

    def chars(op: object, av: object) -> set[str]:
        if op is c.LITERAL:
            return {chr(av)}  # type: ignore[arg-type]
        if op is c.IN:
            return {chr(x) for kind, x in av if kind is c.LITERAL}  # type: ignore[attr-defined]
        if op is c.BRANCH:
            return set().union(*(chars(*alt[0]) for alt in av[1] if len(alt) == 1))  # type: ignore[index]
        return set()

    (branch,) = [av for op, av in parser.parse(township._KIND_WORDS.pattern) if op is c.BRANCH]
    for alternative in branch[1]:
        items = [(op, av) for op, av in alternative if op not in (c.ASSERT, c.ASSERT_NOT)]
        assert chars(*items[-1]) == {"镇", "乡"}, alternative
        assert chars(*items[-2]) and chars(*items[-2]) <= township._KIND_BEFORE, alternative


@pytest.mark.parametrize(
    "text",
    ["杨屯镇坚持党建引领，青山乡积极", "\n\n青山乡积极。河镇把\n", "全镇坚持。x镇通过。", "青山镇党委坚持。", "。"],
)
def test_township_subjects_are_tried_where_sentences_start(text: str) -> None:
    for t in [text, *_texts()]:
        assert meta._township_subjects(t) == len(meta._TOWNSHIP_SUBJECT.findall(t))


def test_a_pinyin_gloss_is_told_as_one_class_search_tells_it() -> None:
    plain = re.compile(f"[{textclean._TONED}]|{textclean.PINYIN_PLAIN}")
    for t in _texts():
        assert textclean.has_pinyin(t) == (plain.search(t) is not None)
