"""Period cues (etl.reports.periods): a figure stated for part of a year, or for last year's end, keeps the cue
as attrs "period" and never becomes the year's figure."""

from __future__ import annotations

import pytest

from etl.reports import extract_text
from etl.reports.periods import period_at, period_cues


@pytest.mark.parametrize(
    ("sentence", "number", "period"),
    [
        ("截至2024年6月底，全镇共有党员1200名。", "1200", "截至6月底"),
        ("截至6月末全镇共有党员1200名。", "1200", "截至6月底"),
        ("截止到九月底，全镇共有党员1200名。", "1200", "截至9月底"),
        ("截至2024年9月30日，全镇共有党员1200名。", "1200", "截至9月底"),
        ("截至2024年12月底，全镇共有党员1200名。", "1200", None),
        ("截至十二月底，全镇共有党员1200名。", "1200", None),
        ("上半年发展党员5名。", "5", "上半年"),
        ("下半年发展党员5名。", "5", "下半年"),
        ("前三季度发展党员5名。", "5", "前三季度"),
        ("第一季度发展党员5名。", "5", "第一季度"),
        ("2季度发展党员5名。", "5", "第二季度"),
        ("1-9月发展党员5名。", "5", "1-9月"),
        ("一至六月发展党员5名。", "5", "1-6月"),
        ("1—12月发展党员5名。", "5", None),
        ("上年底有党员1180名。", "1180", "上年底"),
        ("去年末全镇有党员1180名。", "1180", "上年底"),
        ("上半年发展党员5名，全年发展党员12名。", "12", None),
        ("上年底有党员1180名，年底有党员1200名。", "1200", None),
        ("全年发展党员12名。", "12", None),
        ("全镇共有党员1200名。", "1200", None),
    ],
)
def test_period_of_a_number(sentence: str, number: str, period: str | None) -> None:
    pos = sentence.index(number)
    assert period_at(period_cues(sentence, 0, len(sentence)), pos) == period


def _facts(body: str) -> list[tuple[str, float, str | None]]:
    out = extract_text(f"青石镇2024年党建工作总结\n{body}")
    return [(f["indicator"], f["value"], f["attrs"].get("period")) for f in out["facts"]]


@pytest.mark.parametrize(
    ("body", "fact"),
    [
        ("截至2024年6月底，全镇共有党员1200名。", ("party_members_total", 1200, "截至6月底")),
        ("上半年发展党员5名。", ("party_members_new", 5, "上半年")),
        ("上年底全镇有党员1180名。", ("party_members_total", 1180, "上年底")),
        ("1-9月培训党员800人次。", ("training_participants", 800, "1-9月")),
        ("全年发展党员12名。", ("party_members_new", 12, None)),
        ("年底全镇共有党员1200名。", ("party_members_total", 1200, None)),
    ],
)
def test_extracted_fact_keeps_its_period(body: str, fact: tuple[str, float, str | None]) -> None:
    assert fact in _facts(body)


@pytest.mark.parametrize(
    ("title", "body", "fact"),
    [
        ("红岩镇2024年上半年党建工作总结", "发展党员4名。", ("party_members_new", 4, "上半年")),
        ("红岩镇2024年上半年党建工作总结及下半年工作打算", "发展党员4名。", ("party_members_new", 4, "上半年")),
        ("红岩镇2024年1-9月党建工作情况", "发展党员4名。", ("party_members_new", 4, "1-9月")),
        ("红岩镇2024年上半年党建工作总结", "全年发展党员9名。", ("party_members_new", 9, None)),
        ("红岩镇2024年党建工作总结", "发展党员4名。", ("party_members_new", 4, None)),
        ("红岩镇2024年全年党建工作总结", "发展党员4名。", ("party_members_new", 4, None)),
    ],
)
def test_the_title_period_covers_figures_without_their_own(title: str, body: str, fact: tuple) -> None:
    out = extract_text(f"{title}\n{body}")
    assert fact in [(f["indicator"], f["value"], f["attrs"].get("period")) for f in out["facts"]]


def _required(items: list) -> set[str]:  # type: ignore[type-arg]
    """The characters every match of a parsed sequence writes (literals it cannot do without)."""
    from re import _constants as c  # type: ignore[attr-defined]

    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            out.add(chr(av))
        elif op is c.SUBPATTERN:
            out |= _required(list(av[-1]))
        elif op is c.BRANCH:
            out |= set.intersection(*(_required(list(alt)) for alt in av[1]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            out |= _required(list(av[2]))
    return out


def test_every_cue_writes_a_character_period_cues_looks_for_first() -> None:
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser as parser  # type: ignore[attr-defined]

    from etl.reports.periods import _CUES

    (branch,) = [av for op, av in parser.parse(_CUES.pattern) if op is c.BRANCH]
    for alternative in branch[1]:
        assert _required(list(alternative)) & set("年月季"), alternative
    assert not period_cues("共有党员120名，发展党员5名", 0, 14)
