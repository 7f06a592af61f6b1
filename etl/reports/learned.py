"""Learned phrasings: the words around a number that a clerk assigned to an indicator (or dismissed as 不是指标)
on 报告导入, and their use in later extractions, after the catalog rules (etl.reports.match).

A phrasing is not a sentence: it is the counted noun right after the unit (23个支部 → after "支部" + 个) or,
when no noun follows, the trigger right before the number (其中女党员62名 → before "其中女党员" + 名), cut at
punctuation, digits and list words. A modifier in front of the counted noun (12个村支部) is read as the fact's
type when the indicator has a type part, so 支部 + 个 → party_branches serves 村支部, 机关支部 alike.

Pure functions over the cleaned text; the phrasings themselves are kept in the store (store.learned).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from etl.reports.context import RawFact, fact_year, sentence_context
from etl.reports.mentions import find_mentions
from etl.reports.meta import Meta
from etl.reports.numbers import convert_money
from etl.reports.patterns import Rule, RuleSet
from etl.reports.scan import CLAUSE_END, SENTENCE_END, Mention, Segment
from etl.reports.spans import runs_ending
from store.learned import Phrasing

# Characters that end the word run around a number.
_STOP = re.compile(r"[\s\d，。！？!?；;：:,、()（）“”\"《》「」【】\[\]Xx×*%．.·/—\-~～]")
# After the unit, list words and particles also end the counted noun (12个村和3个社区).
_STOP_AFTER = re.compile(r"[的和与及或并等]")
MAX_AFTER = 6
MAX_BEFORE = 6
MAX_MODIFIER = 4
# Classifier units: the noun counted follows them (23个支部, 5家合作社).
NOUN_UNITS = frozenset({"个", "名", "位", "户", "家", "件", "起", "宗", "支", "所", "座", "项"})
_QUALIFIER_WORDS = tuple("不少于 超过 大约 将近 接近 共计 合计 总计 累计 约 近 逾 达到 达 共".split())


@dataclass(frozen=True)
class Phrase:
    """The words around one number: SIDE "after" (the counted noun after the unit) or "before" (the trigger
    before the number), WORD those words and UNIT the surface unit."""

    side: str
    word: str
    unit: str
    start: int  # cleaned-text span of the words and the number together
    end: int

    @property
    def label(self) -> str:
        """How people read it: 'N个支部' or '其中女党员N名'."""
        return f"N{self.unit}{self.word}" if self.side == "after" else f"{self.word}N{self.unit}"


def quantities(t: str) -> list[Mention]:
    """Every quantity of cleaned text T from the number recogniser (etl.reports.mentions: years, dates,
    ordinals, slogans, programme names and phone numbers are not quantities), as scanner mentions: money in
    元, percentages with unit "%", "" for a bare number."""
    return [
        Mention(
            m.start,
            m.end,
            m.end,
            m.value,
            m.masked,
            "%" if m.percent else (m.unit or ""),
            m.qualifier,
            m.percent,
            False,
        )
        for m in find_mentions(t)
        if not _not_a_count(m.value, m.unit, m.percent)
    ]


# Beyond the recogniser's exclusions, two kinds a clerk would only ever dismiss: a bare four-digit year
# (总人口24614人(2017)) and a house or document number (桃园西路5号).
NOT_COUNT_UNITS = frozenset({"号"})


def _not_a_count(value: float | None, unit: str | None, percent: bool) -> bool:
    if unit in NOT_COUNT_UNITS:
        return True
    return not unit and not percent and value is not None and value.is_integer() and 1950 <= value <= 2099


def claimed_by(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when the figure at [START, END) overlaps a fact's span (约120名党员: the fact starts at 120)."""
    return any(s < end and start < e for s, e in spans)


def clause_of(t: str, pos: int) -> Segment:
    """The clause of cleaned text T around offset POS."""
    lo = max((m.end() for m in CLAUSE_END.finditer(t, max(0, pos - 200), pos)), default=max(0, pos - 200))
    m = CLAUSE_END.search(t, pos)
    return Segment(lo, m.end() if m else len(t))


def words_after(t: str, m: Mention, clause: Segment) -> str:
    """The noun run right after M's unit (up to MAX_AFTER characters)."""
    out = []
    for ch in t[m.end : min(clause.end, m.end + MAX_AFTER)]:
        if _STOP.match(ch) or _STOP_AFTER.match(ch):
            break
        out.append(ch)
    return "".join(out)


def words_before(t: str, m: Mention, clause: Segment, floor: int = 0) -> str:
    """The word run right before M's number (not reaching back past FLOOR, the end of the figure before),
    qualifier words (共, 约, 达到 …) left out."""
    lo = max(clause.start, floor)
    pos = m.start
    for w in _QUALIFIER_WORDS:
        if t.endswith(w, lo, pos):
            pos -= len(w)
            break
    k = pos
    while k > max(lo, pos - MAX_BEFORE) and not _STOP.match(t[k - 1]):
        k -= 1
    return t[k:pos]


def phrase_at(t: str, m: Mention, clause: Segment | None = None, floor: int = 0) -> Phrase | None:
    """The phrase around M: the counted noun after a classifier unit when there is one, else the trigger
    before the number (after FLOOR, the end of the figure before); None when neither side has a word
    (3万元以下的3个)."""
    clause = clause or clause_of(t, m.start)
    after, before = words_after(t, m, clause), words_before(t, m, clause, floor)
    if after and (m.unit in NOUN_UNITS or len(before) < 2):
        return Phrase("after", after, m.unit, m.start, m.end + len(after))
    if len(before) >= 2:
        return Phrase("before", before, m.unit, m.start - len(before), m.end)
    return None


def modifier_split(word: str, learned: str, side: str) -> str | None:
    """The modifier in front of LEARNED inside WORD (村 in 村支部 for 支部); '' when they are equal, None when
    WORD does not end with LEARNED or the modifier is too long to be one."""
    if word == learned:
        return ""
    if side == "after" and word.endswith(learned) and len(word) - len(learned) <= MAX_MODIFIER:
        return word[: len(word) - len(learned)]
    if side == "before" and word.endswith(learned):
        return ""
    return None


def type_value(rule: Rule | None, modifier: str) -> str | None:
    """The type a modifier names, through the indicator's type part (村 → 农村 for party branches)."""
    if rule is None or not modifier:
        return None
    for p in rule.parts:
        if p.attr != "type":
            continue
        for v in p.values:
            word, _, canon = v.partition("=")
            if word == modifier:
                return canon or word
        return modifier
    return None


def find(phrasings: list[Phrasing], phrase: Phrase, rules: RuleSet) -> tuple[Phrasing, dict[str, Any]] | None:
    """The learned phrasing that PHRASE matches (exact words first, then a noun with a modifier the indicator
    can read as a type), with the attrs it gives."""
    best: tuple[int, Phrasing, dict[str, Any]] | None = None
    for p in phrasings:
        if p.unit != phrase.unit or p.side != phrase.side:
            continue
        mod = modifier_split(phrase.word, p.word, p.side)
        if mod is None:
            continue
        rule = rules.rules.get(p.indicator or "")
        attrs = dict(p.attrs)
        if mod:
            t = type_value(rule, mod)
            if p.indicator is not None and t is None:
                continue  # 女党员 is not 党员: without a type part a modifier changes what is counted
            if t is not None:
                attrs["type"] = t
        rank = len(p.word) * 2 + (1 if p.status == "approved" else 0)
        if best is None or rank > best[0]:
            best = (rank, p, attrs)
    return (best[1], best[2]) if best else None


def lesson(phrase: Phrase, attrs: dict[str, Any], rule: Rule | None) -> tuple[str, dict[str, Any]]:
    """What a clerk's assignment teaches: the words to keep and the attrs every later figure gets. A type the
    clerk gave that is written in front of the counted noun (机关 in 12个机关支部) is read from there next time
    (支部 + 个, type from the word before it); other attrs (level, threshold, a type not written) are kept."""
    kept = {k: v for k, v in attrs.items() if v not in (None, "")}
    kind = kept.get("type")
    if phrase.side == "after" and kind and rule is not None:
        for n in range(1, min(MAX_MODIFIER, len(phrase.word) - 1) + 1):
            if type_value(rule, phrase.word[:n]) == kind:
                kept.pop("type")
                return phrase.word[n:], kept
    return phrase.word, kept


@dataclass
class LearnedFact:
    fact: RawFact
    phrasing: Phrasing


def apply_learned(
    t: str, mentions: list[Mention], claimed: list[RawFact], phrasings: list[Phrasing], rules: RuleSet, meta: Meta
) -> tuple[list[LearnedFact], dict[int, Phrasing]]:
    """Facts from the learned phrasings for figures no catalog rule claimed, and the figures a learned
    不是指标 dismisses (mention start → phrasing). Suspended phrasings are never applied."""
    live = [p for p in phrasings if p.status != "suspended"]
    if not live:
        return [], {}
    facts: list[LearnedFact] = []
    dismissed: dict[int, Phrasing] = {}
    sentences = [Segment(s, e) for s, e in _sentences(t)]
    spans = [(f.start, f.end) for f in claimed]
    floor = 0
    for m in mentions:
        prev, floor = floor, m.end
        if claimed_by(m.start, m.end, spans):
            continue
        clause = clause_of(t, m.start)
        phrase = phrase_at(t, m, clause, prev)
        hit = find(live, phrase, rules) if phrase else None
        if hit is None or phrase is None:
            continue
        p, attrs = hit
        if p.indicator is None:
            dismissed[m.start] = p
            continue
        rule = rules.rules.get(p.indicator)
        if rule is None or m.unit not in rule.units:
            continue
        sent = next((s for s in sentences if s.start <= m.start < s.end), Segment(0, len(t)))
        facts.append(LearnedFact(_fact(t, m, phrase, rule, attrs, sent, meta), p))
    return facts, dismissed


def _fact(t: str, m: Mention, phrase: Phrase, rule: Rule, attrs: dict[str, Any], sent: Segment, meta: Meta) -> RawFact:
    ctx = sentence_context(t, sent, meta, meta.plans)
    value = m.value
    if rule.kind == "money" and not m.masked:
        value = convert_money(m.value, m.unit, rule.unit)
    return RawFact(
        rule.key,
        None if m.masked else value,
        m.masked,
        m.qualifier,
        attrs,
        fact_year(ctx, meta, m.start),
        ctx.target,
        min(phrase.start, m.start),
        max(phrase.end, m.end),
    )


def _sentences(t: str) -> list[tuple[int, int]]:
    return runs_ending(t, SENTENCE_END)
