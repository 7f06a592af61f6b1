"""Invariance: a report may reach the extractor in Traditional characters, with full-width digits, with the other
kind of punctuation, hard-wrapped at the width of a PDF page, with blank lines between its paragraphs or with
spaces around its figures. Each variant must give the facts, township and year of the plain text."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pytest

from etl.reports.extract import extract_text

REPORTS = [
    # a township's overview, then its party organisations (a closing bracket and a closing quote mid-sentence)
    "城关镇2023年基层党建工作总结\n"
    "城关镇位于县城东部，辖12个行政村（社区），总人口3.6万人。\n"
    "全镇共有基层党组织45个，其中党委2个、党总支3个、党支部40个（含机关支部），共有党员1286名，其中女党员312名，"
    "少数民族党员56名。今年发展新党员18名，确定入党积极分子36名。\n"
    "全年举办“万名党员进党校”培训班6期，培训党员干部1200余人次，组织开展主题党日活动96次。"
    "坚持以党建引领基层治理，全镇划分网格138个，配备专兼职网格员150名，全年排查化解矛盾纠纷326件，"
    "走访群众4800余户次，办结群众诉求1020件。深化“红色领航”行动，整顿软弱涣散村党组织2个，"
    "选派第一书记12名，储备村级后备干部60名。\n"
    "全镇村集体经济总收入达1260万元，集体经济收入超过50万元的村有8个，农民专业合作社发展到56家。",
    # a year's figures in several clauses, with a target at the end
    "关于青山乡2022年党建工作情况的汇报\n"
    "青山乡共有党员756名，其中农村党员623名，35岁以下党员98名，大专以上学历党员143名。"
    "全乡划分网格86个，覆盖农户5320户；排查化解矛盾纠纷214件，走访农户3260户次。"
    "村集体经济总收入达580万元，集体经济收入10万元以上的村有9个。"
    "全乡共有党支部28个，其中农村党支部18个；全年召开党委理论学习中心组学习12次，开展党员冬春训3期。"
    "查处违纪违法案件5件，给予党纪处分6人。\n"
    "明年计划发展党员20名，培训党员干部1500人次。",
]


def _wide(text: str) -> str:
    """Full-width digits and letters (１２３, ＸＸ乡)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


_TO_ASCII = str.maketrans("，；：（）", ",;:()")
_TO_FULL = str.maketrans(",;:()", "，；：（）")


def _width(ch: str) -> int:
    return 1 if ord(ch) < 0x1100 else 2


def _wrap(columns: int) -> Callable[[str], str]:
    """The text as a PDF's text layer gives it: each paragraph broken into lines of COLUMNS half-width columns
    (a Chinese character two, a digit one), a number never broken, no blank line between paragraphs."""

    def wrap(text: str) -> str:
        lines = []
        for para in text.split("\n"):
            line, used = "", 0
            for token in re.findall(r"[A-Za-z0-9.%]+|.", para):
                w = sum(map(_width, token))
                if used + w > columns:
                    lines.append(line)
                    line, used = "", 0
                line, used = line + token, used + w
            lines.append(line)
        return "\n".join(lines)

    return wrap


@lru_cache(maxsize=1)
def _cc() -> dict[str, Any]:
    import opencc

    return {k: opencc.OpenCC(k) for k in ("s2t", "s2tw", "s2hk")}


VARIANTS: dict[str, Callable[[str], str]] = {
    "s2t": lambda t: _cc()["s2t"].convert(t),
    "s2tw": lambda t: _cc()["s2tw"].convert(t),
    "s2hk": lambda t: _cc()["s2hk"].convert(t),
    "full-width digits": _wide,
    "ASCII punctuation": lambda t: t.translate(_TO_ASCII),
    "full-width punctuation": lambda t: t.translate(_TO_ASCII).translate(_TO_FULL),
    "blank lines": lambda t: t.replace("\n", "\n\n"),
    "spaced figures": lambda t: re.sub(r"(?<=\d)(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=\d)", " ", t),
    **{f"PDF lines of {c} columns": _wrap(c) for c in range(60, 81, 3)},
    # (a converter that writes a blank line after each printed line)
    **{f"double-spaced PDF lines of {c} columns": lambda t, c=c: _wrap(c)(t).replace("\n", "\n\n") for c in (64, 72)},
}


def _facts(text: str) -> tuple[Any, ...]:
    out = extract_text(text)
    facts = sorted((f["indicator"], f["value"], f["target"]) for f in out["facts"])
    return out["township"], out["year"], facts


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("report", range(len(REPORTS)))
def test_variant_gives_the_same_facts(report: int, variant: str) -> None:
    text = REPORTS[report]
    township, year, facts = _facts(text)
    assert facts and township and year  # (the plain text is read: the comparison means something)
    v_township, v_year, v_facts = _facts(VARIANTS[variant](text))
    assert (_cc()["s2t"].convert(v_township or ""), v_year, v_facts) == (
        _cc()["s2t"].convert(township),
        year,
        facts,
    )


# Sentences whose reading once hung on the kind of comma: each must give its facts with ASCII and with Chinese
# punctuation alike.
PHRASES = [
    # a verb before 村集体 / 村“两委” names no village
    ("通过“党支部+合作社”的方式，创办村集体股份制合作社466个，推动农业规模化发展。", {("cooperatives", 466)}),
    ("协助村“两委”调解了土地、水利等方面纠纷20多起，调解率为100%。", {("disputes_resolved", 20)}),
    # the villages divided into grids, the grids counted in the next clause
    (
        "西城镇在9个行政村设立网格，共划分了106个网格，配备106个网格长。",
        {("administrative_villages", 9), ("grids_total", 106)},
    ),
    # a village's branch named as one of the examples before 等N个
    (
        "今年七一，高桥村党支部、小西关社区党支部等8个基层党组织被授予“十星级党组织”荣誉称号。",
        {("party_orgs_advanced", 8)},
    ),
]


@pytest.mark.parametrize("punctuation", ["ASCII punctuation", "full-width punctuation"])
@pytest.mark.parametrize("text, expected", PHRASES)
def test_punctuation_does_not_change_a_reading(text: str, expected: set[tuple[str, int]], punctuation: str) -> None:
    facts = extract_text(VARIANTS[punctuation](text))["facts"]
    assert {(f["indicator"], f["value"]) for f in facts} == expected
