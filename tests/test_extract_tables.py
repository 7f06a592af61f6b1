"""Catalog-derived lookup tables of the matcher (etl.reports.patterns): the figure patterns as one alternation and
the phrasings indexed by their words. They must read exactly what trying every pattern / phrasing in catalog order
reads, only faster."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from etl.reports.match import _pattern_hits, _strip_prefix, _template_cands
from etl.reports.patterns import figure_alternation, load_rules
from etl.reports.scan import CLAUSE_END, Mention, Segment, scan_mentions
from etl.reports.textclean import clean_text

ROOT = Path(__file__).resolve().parent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3个村党员", "village"),  # the first pattern in catalog order that matches wins
        ("3个党员", "count"),
        ("3名", None),
    ],
)
def test_figure_alternation_takes_the_first_pattern_that_matches(text: str, expected: str | None) -> None:
    patterns = [
        ("village", re.compile(r"(?P<n>\d+)个村")),
        ("grouped", re.compile(r"(?P<n>\d+)(个)党")),  # a group of its own: stays out of the alternation
        ("count", re.compile(r"(?P<n>\d+)个")),
    ]
    fig = figure_alternation(patterns)
    assert fig.indices == frozenset({0, 2})
    m = fig.regex.match(text) if fig.regex else None
    assert (fig.names[m.lastgroup][1] if m and m.lastgroup else None) == expected


@pytest.mark.parametrize(
    "text",
    [
        "全镇共有党员1,236名，其中12个农村党员，30余名外出务工党员",
        "培训党员三千二百人次，发展党员12名，5名同志，三十多名外出党员",
        "村集体经济收入12.5万元，20万元以上的村3个，XX名党员，**个农民党员",
        "两万名党员全覆盖，1200人全覆盖，百分之八十，12345",
        "3名",
    ],
)
def test_figure_alternation_match_is_its_regex_match(text: str) -> None:
    """FigureAlternation.match tries only the alternatives that can match after the figure's run: at every
    position it gives what the whole alternation gives."""
    fig = load_rules().figure_patterns
    assert fig.regex is not None
    for pos in range(len(text) + 1):
        mine, whole = fig.match(text, pos), fig.regex.match(text, pos)
        assert (mine and (mine.span(), mine.lastgroup)) == (whole and (whole.span(), whole.lastgroup)), text[pos:]


def _texts() -> list[str]:
    passages = yaml.safe_load((ROOT / "corpus" / "passages.yaml").read_text(encoding="utf-8"))
    docs = sorted(ROOT.glob("corpus_real/*/docs/*.txt"))
    texts = [p["text"] for p in passages if p.get("text")] + [d.read_text(encoding="utf-8") for d in docs]
    return [clean_text(t).text for t in texts]


def _every_pattern(t: str, mentions: list[Mention]) -> dict[int, tuple[str, int, int]]:
    """Each catalog pattern in turn: at each figure for one that starts with it, else through the whole text."""
    out: dict[int, tuple[str, int, int]] = {}
    for key, rx in load_rules().patterns:
        found = (rx.match(t, m.start) for m in mentions) if rx.pattern.startswith("(?P<n>") else rx.finditer(t)
        for m in found:
            if m is not None:
                out.setdefault(m.start("n"), (key, m.start(), m.end()))
    return out


def _every_phrasing(t: str, clause: Segment, m: Mention) -> list[tuple[str, int, int, str]]:
    """Each catalog phrasing in turn, in the order of the index: those with a right part, then left-only ones."""
    rules = load_rules()
    pos = _strip_prefix(t, clause.start, m.start)
    out = []
    for tp in rules.templates:
        rule = rules.rules[tp.indicator]
        if (tp.unit and tp.unit not in rule.units) or m.unit not in rule.units or not tp.right:
            continue
        if (not tp.left or t.endswith(tp.left, clause.start, pos)) and t.startswith(tp.right, m.end, clause.end):
            if rules.trigger_re.match(t, m.end + len(tp.right)) is None:
                s = pos - len(tp.left) if tp.left else m.start
                out.append((tp.indicator, s, m.end + len(tp.right), tp.left + tp.right))
    for tp in rules.templates:
        rule = rules.rules[tp.indicator]
        if (tp.unit and tp.unit not in rule.units) or m.unit not in rule.units or tp.right:
            continue
        if pos > clause.start and t.endswith(tp.left, clause.start, pos):
            out.append((tp.indicator, pos - len(tp.left), m.end, tp.left))
    return out


def test_pattern_and_phrasing_tables_read_what_trying_each_one_reads() -> None:
    rules = load_rules()
    phrased = 0
    for t in _texts():
        mentions = scan_mentions(t)
        assert _pattern_hits(t, rules, mentions) == _every_pattern(t, mentions)
        bounds = [0] + [b.end() for b in CLAUSE_END.finditer(t)] + [len(t)]
        for m in mentions:
            k = max(i for i, b in enumerate(bounds) if b <= m.start)
            clause = Segment(bounds[k], bounds[k + 1] if k + 1 < len(bounds) else len(t))
            got = [(c.indicator, c.tstart, c.tend, c.word) for c in _template_cands(t, clause, m, rules)]
            assert got == _every_phrasing(t, clause, m), t[clause.start : clause.end]
            phrased += bool(got)
    assert phrased > 50  # the corpus does exercise the phrasings
