"""Header text → catalog indicator: exact name, synonym, then fuzzy (rapidfuzz) above a threshold."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz import fuzz, process

from etl.ledgers.labels import match_key, split_threshold
from etl.ledgers.text import KEYWORDS, TOTAL_WORDS, VALUE
from store.catalog import counting_units, ledger_series, ledger_specs, load_catalog, needs_threshold, split_variant

# fuzz.ratio on normalised headers. 88 accepts 流动党员人数 → 流动党员数 (91) and 行政村个数 → 行政村数 (89)
# but refuses 女党员数 → 党员数 (86) and 网格员数 → 网格数 (86), which are different things.
FUZZY_THRESHOLD = 88
# Two indicators scoring within this many points of each other: ambiguous, so not guessed.
FUZZY_MARGIN = 3
# A count written with a measure word: 数量 / 个数 / 人数 / 人次 / 期数 … after the name (培训党员人次, 举办培训班期数).
_COUNT_SUFFIX = re.compile(r"(?:数量|个数|人数|总数|户数|次数|人次数|人次|期数|场次数|场次|件数|数)$")
# The year a figure is counted in, written before the name: 本年发展党员, 全年化解矛盾纠纷, 年内党课次数; the
# year's end for a stock: 本年底党员数, 年末党支部数 (上年底 is another year's figure: never stripped).
_YEAR_PREFIX = re.compile(
    r"^(?:(?:本年度?|今年|当年|全年)累计|本年底|本年末|本年度?|当年|今年|年内|全年|本期|年底|年末|期末)"
)
# What is done to the thing counted, written before it: 储备村级后备干部, 召开党委会, 参加培训（的）党员.
_ACTION_PREFIX = re.compile(r"^(?:储备|培养|选拔|选派|召开|举办|开展|参加)(?=..)")
# Words that turn a figure into its opposite: a fuzzy match never adds or drops one (合格 is not 不合格).
_NEGATION = re.compile(r"[不未无非]")


@dataclass(frozen=True)
class IndicatorInfo:
    """What the importer needs of a catalog entry."""

    key: str
    name: str
    unit: str
    kind: str
    aggregate: str = "sum"
    synonyms: tuple[str, ...] = ()
    measure: str = "flow"  # stock: a figure standing at the year's end (members, branches); flow: the year's
    # Counted over a threshold each figure must state: the catalog's series names (集体经济收入10万元以上村数).
    thresholds: tuple[str, ...] = ()
    # Other counting units the catalog accepts (counting_units: 件 / 起 / 宗 for 党纪立案数): word → unit kept.
    counting: tuple[tuple[str, str], ...] = ()
    # The indicators it is a part of (catalog extract.parents, part_of): 流出党员数 ⊂ 流动党员数 ⊂ 党员总数.
    parents: tuple[str, ...] = ()

    def counted(self, unit: str | None) -> str | None:
        """The counting unit a figure keeps when a ledger states UNIT for it (起 → 件); None for its own unit."""
        return dict(self.counting).get(unit) if unit and self.counting else None


def unit_fits(unit: str | None, info: IndicatorInfo) -> bool:
    """False when the unit a header states cannot be INFO's: a share for a count or a count for a share (大专及以上
    学历（人） under 书记), people-times for a count of people (其中：入党积极分子（人次） under training)."""
    if unit is None:
        return True
    if (unit == "%") != (info.unit == "%"):
        return False
    return not (unit == "人次" and info.unit == "人" and info.counted(unit) is None)


@dataclass(frozen=True)
class Match:
    key: str
    score: float
    how: str  # 名称 | 同义词 | 模糊
    threshold: float | None = None  # 万元, for an indicator counted over a threshold


class IndicatorMatcher:
    """Header text → catalog indicator: exact name, synonym, then fuzzy (rapidfuzz) above a threshold."""

    def __init__(self, indicators: Sequence[IndicatorInfo]):
        self.indicators = {i.key: i for i in indicators}
        self._exact: dict[str, tuple[str, str]] = {}
        for i in indicators:
            self._exact.setdefault(match_key(i.name), (i.key, "名称"))
            self._exact.setdefault(i.key.lower(), (i.key, "名称"))
        for i in indicators:
            for s in i.synonyms:
                self._exact.setdefault(match_key(s), (i.key, "同义词"))
        self._choices = list(self._exact)
        self._cache: dict[str, Match | None] = {}

    def match(self, text: str) -> Match | None:
        """The indicator TEXT names, or None (no match, or two indicators equally close). A header stating a
        threshold (集体经济收入10万元以上村数) names the threshold indicator with that threshold."""
        stripped, threshold = split_threshold(text)
        if threshold is not None:
            found = self.match(stripped)
            if found is not None and self.indicators[found.key].thresholds:
                return replace(found, threshold=threshold)
        norm = match_key(text)
        if norm not in self._cache:
            self._cache[norm] = self._match(norm)
        return self._cache[norm]

    def exact(self, text: str) -> Match | None:
        """The indicator whose name or synonym TEXT is, as written (no count word dropped, no fuzzy match)."""
        found = self._exact.get(match_key(text))
        return Match(found[0], 100.0, found[1]) if found else None

    def _match(self, norm: str) -> Match | None:
        if len(norm) < 2 or norm in KEYWORDS[VALUE] or norm in TOTAL_WORDS:
            return None
        if norm in self._exact:
            key, how = self._exact[norm]
            return Match(key, 100.0, how)
        unprefixed = _YEAR_PREFIX.sub("", norm)
        plain = unprefixed.replace("的", "")  # 参加培训的党员 → 参加培训党员 → 培训党员
        for word in dict.fromkeys((norm, unprefixed, plain, _ACTION_PREFIX.sub("", plain))):
            base = _COUNT_SUFFIX.sub("", word)  # 网格数量 / 后备干部人数 → 网格 / 后备干部 (then 网格数 …)
            cands = (word, base, base + "数") if len(base) >= 2 else (word,)
            for cand in cands:
                if cand in self._exact:
                    key, how = self._exact[cand]
                    return Match(key, 100.0, how)
        best: dict[str, float] = {}
        negated = bool(_NEGATION.search(norm))
        for choice, score, _ in process.extract(
            norm, self._choices, scorer=fuzz.ratio, limit=8, score_cutoff=FUZZY_THRESHOLD - FUZZY_MARGIN
        ):
            if bool(_NEGATION.search(choice)) != negated:
                continue
            key = self._exact[choice][0]
            best[key] = max(best.get(key, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < FUZZY_THRESHOLD:
            return None
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < FUZZY_MARGIN:
            return None
        # A variant is told by its word (经营性, 党委): a near name without it (经营收入) is some other figure.
        if not all(word in norm for word in split_variant(ranked[0][0])[1].values()):
            return None
        return Match(ranked[0][0], round(ranked[0][1], 1), "模糊")

    def closest(self, text: str, limit: int = 3) -> list[str]:
        """Names of the indicators closest to TEXT, for messages."""
        hits = process.extract(match_key(text), self._choices, scorer=fuzz.ratio, limit=12, score_cutoff=40)
        names: list[str] = []
        for choice, _score, _ in hits:
            name = self.indicators[self._exact[choice][0]].name
            if name not in names:
                names.append(name)
        return names[:limit]


def catalog_indicators() -> list[IndicatorInfo]:
    """The catalog (data/catalog.yaml) as the importer needs it."""
    return [
        IndicatorInfo(
            s.key,
            s.name,
            s.unit,
            s.kind,
            s.aggregate,
            s.synonyms,
            s.extra.get("measure", "flow"),
            tuple(name for name, _t in ledger_series(s)) if needs_threshold(s) else (),
            tuple(counting_units(s).items()),
            _parents(s.extra.get("extract") or {}),
        )
        for s in ledger_specs(load_catalog())  # with the variants (村集体经营性收入, 基层党委数) as series of their own
    ]


def _parents(extract: dict[str, Any]) -> tuple[str, ...]:
    part_of = (extract.get("part_of") or {}).get("key")
    return tuple(dict.fromkeys([*(extract.get("parents") or ()), *([part_of] if part_of else [])]))
