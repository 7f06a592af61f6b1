"""Extraction rules compiled from the catalog (data/catalog.yaml), so wording lives in data, not code.

For each indicator the report extractor uses:
- triggers: the catalog `synonyms` plus `extract.triggers` (minus `extract.ignore`), matched as words in
  the same clause as the number, before it (培训党员438人次) or right after its unit (14个先进党组织);
- templates: the catalog `phrasings` ("评定出N个先进党组织" → left "评定出", unit 个, right "先进党组织");
- `extract.patterns`: regular expressions where {N} stands for a figure, for orders the two above miss;
- `extract.units` (default: by canonical unit), `exclude` (clause words that veto; `exclude_unless`: words
  anywhere in the sentence that lift that veto, 排查出…软弱涣散党组织…整顿转化), `exclude_near` (words
  that veto between trigger and number; `near_lifted`: a word later in the sentence → the near words it lifts),
  `exclude_after` (words that veto later in the clause after a trigger that follows its number:
  30名发展对象…参加了培训; `exclude_acting`: verbs right after such a trigger when the figure opens its clause,
  385.3万个党支部开展民主评议党员 counting those that held it), `exclude_sentence` (words
  earlier in the figure's sentence that make the figure a group's: 33家企业建立了党组织…共有党员390人 counts the
  enterprises' members), `exclude_next`
  (words that open the next clause of the sentence and restate the figure as its successful part: 调解纠纷1852件，
  调解成功1818起), `requires` (clause words one of which must be present), `weak`
  triggers that count only after a context word (or with an `after` word later in the sentence:
  后进党支部2个，已全部整改到位; with `bare`, only when not modified: 党员 but not 女党员; with `fresh`, only when
  no figure followed the context word: 中心组学习16次，干部集中学习5次), `parts` (attrs such
  as type/level/severity, or measure; `word_only`: read from the counted word alone) and `max_gap` (characters
  allowed between trigger and number), `parents` (after
  其中, the indicator the part belongs to), `list_objects` (the trigger is a verb whose objects may be a
  list joined by 、和及与 before the figure: 培训党员、干部和入党积极分子560人次), `part_of` ({key, attr, value}: each
  figure also stands as that part of KEY when the report states no figure of KEY, etl.reports.facts.parts_of_core).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from etl.reports.firstchars import first_chars, skip_ahead
from etl.reports.spans import SENTENCE_MARKS, word_alternation
from etl.reports.textscan import TextScan, text_scan
from store.catalog import CATALOG_PATH, IndicatorSpec, load_catalog

# Surface units accepted for each canonical unit (a catalog entry can override with extract.units).
UNIT_FAMILIES: dict[str, tuple[str, ...]] = {
    "人": ("人", "名", "位"),
    "人次": ("人次", "人", "名"),
    "个": ("个",),
    "次": ("次", "场", "期", "场次"),
    "期": ("期", "次", "场", "场次", "班", "批次"),
    "场次": ("场次", "场", "次"),
    "户": ("户",),
    "件": ("件", "起", "宗"),
    "万元": ("万元", "元", "亿元", "千元"),
    "元": ("元", "万元", "千元"),
    "%": ("%",),
}
DEFAULT_MAX_GAP = 8


@dataclass(frozen=True)
class Template:
    """A catalog phrasing split around its number: LEFT N UNIT RIGHT."""

    indicator: str
    left: str
    unit: str
    right: str


@dataclass(frozen=True)
class Part:
    """How to read one attr: from a list of modifier words, a level (一级), a regex or the trigger word."""

    attr: str
    values: tuple[str, ...] = ()
    level: bool = False
    regex: re.Pattern[str] | None = None
    from_trigger: dict[str, str] = field(default_factory=dict)
    word_only: bool = False  # from_trigger reads the counted word itself, not the words around it


@dataclass(frozen=True)
class Rule:
    key: str
    unit: str
    kind: str
    units: frozenset[str]
    exclude: tuple[str, ...] = ()
    exclude_unless: tuple[str, ...] = ()
    exclude_near: tuple[str, ...] = ()
    # a word later in the figure's sentence → the exclude_near words it lifts (共建立网格党支部251个，…实现全覆盖: the
    # branches set up to cover every grid are all of that kind)
    near_lifted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude_after: tuple[str, ...] = ()
    exclude_next: tuple[str, ...] = ()
    exclude_acting: tuple[str, ...] = ()  # verbs of the figure as its clause's subject (N个党支部开展…)
    exclude_before: tuple[str, ...] = ()  # words right before the figure (A、B、C等五个党支部: named ones)
    # words earlier in the figure's sentence that make it a group's (33家企业建立了党组织…共有党员390人)
    exclude_sentence: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    # a counting unit the figure may use only right after one of its words (走访居民680家; 走访企业50家 is no household)
    unit_requires: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_gap: int = DEFAULT_MAX_GAP
    parts: tuple[Part, ...] = ()
    weak_context: dict[str, tuple[str, ...]] = field(default_factory=dict)
    weak_bare: frozenset[str] = frozenset()  # weak words that count only unmodified (党员, not 女党员)
    weak_after: dict[str, tuple[str, ...]] = field(default_factory=dict)  # context words that may follow
    weak_fresh: frozenset[str] = frozenset()  # weak words whose context must not have had a figure of its own
    threshold_income: tuple[str, ...] = ()
    allow_rate: bool = False
    parents: tuple[str, ...] = ()  # after "其中", the fact before must be one of these (农村党员 ⊂ 党员总数)
    list_objects: bool = False  # a trigger verb may take a 、/和-list of objects before the figure
    breakdowns: bool = False  # later figures within a stated total are its breakdown (etl.reports.breakdown)
    # (key, attr, value): each figure is also a part of KEY with attrs {attr: value} when the report states no
    # figure of KEY (流入党员109名 alone: the core 流动党员 count's part of type 流入)
    part_of: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class FigureAlternation:
    """The catalog patterns that start with their figure, tried at a figure as one regex: its alternatives in
    catalog order, so the one that matches is the first of them that matches there. NAMES maps an alternative's
    group to (index in RuleSet.patterns, indicator); INDICES are the patterns it stands for.

    `match` tries only the alternatives that can match at the figure. Each reads the figure (_NUMBER: a run of
    digits or of Chinese numerals, backtracking as far as its rest needs) and then its rest, which opens with one of
    a few characters (AFTER: 名, 个, 万 …; None when unsure). That rest starts inside the run or right after it: an
    alternative whose rest opens with no character of the run's kind can match only when the character after the
    whole run is one of its own. Leaving out the others gives the same match, without reading the figure again
    for each alternative that fails."""

    regex: re.Pattern[str] | None
    names: dict[str, tuple[int, str]]
    indices: frozenset[int]
    # per kind of run (0 digits, 1 Chinese numerals): the character after the run → the alternation of the
    # alternatives that can match, and that alternation for any other character (None: no alternative can)
    narrowed: tuple[tuple[dict[str, re.Pattern[str] | None], re.Pattern[str] | None], ...] = ()

    def match(self, t: str, pos: int) -> re.Match[str] | None:
        """self.regex.match(t, pos)."""
        run = _NUMBER_RE.match(t, pos)
        if run is None or not self.narrowed:
            return None  # every alternative opens with a figure
        by_next, otherwise = self.narrowed[t[pos] in _CN_NUMERALS]
        rx = by_next.get(t[run.end() : run.end() + 1], otherwise)
        return rx.match(t, pos) if rx is not None else None


_CN_NUMERALS = "零〇一二两三四五六七八九十百千万"
_NUMBER = rf"(?:[Xx×*\d][\dXx×*,.]*|[{_CN_NUMERALS}]+)"
_NUMBER_RE = re.compile(_NUMBER)
_RUN_REST = (re.compile(r"[\dXx×*,.]"), re.compile(f"[{_CN_NUMERALS}]"))  # a run's characters after its first


def figure_alternation(patterns: list[tuple[str, re.Pattern[str]]]) -> FigureAlternation:
    """One alternation of the patterns that start with their figure ((?P<n>…); each becomes a named group of
    its own, its n group a plain one since the figure starts where the match does). A pattern with groups of
    its own besides n stays out (its group names or numbers would clash)."""
    alts, names, after = [], {}, []
    figure = f"(?P<n>{_NUMBER})"
    for i, (key, rx) in enumerate(patterns):
        if rx.pattern.startswith("(?P<n>") and rx.groups == 1 and "(?P=" not in rx.pattern:
            name = f"p{i}"
            alts.append(f"(?P<{name}>(?:{rx.pattern[len('(?P<n>') :]})")
            names[name] = (i, key)
            after.append(first_chars(rx.pattern[len(figure) :]) if rx.pattern.startswith(figure) else None)
    if not alts:
        return FigureAlternation(None, names, frozenset())
    narrowed = tuple(_narrowed(alts, after, kind) for kind in range(len(_RUN_REST)))
    return FigureAlternation(re.compile("|".join(alts)), names, frozenset(i for i, _ in names.values()), narrowed)


def _narrowed(
    alts: list[str], after: list[frozenset[str] | None], kind: int
) -> tuple[dict[str, re.Pattern[str] | None], re.Pattern[str] | None]:
    """For a run of KIND: each character some alternative's rest opens with → the alternation of those that can
    match when the run is followed by it, and that alternation for any other character."""

    def alternation(after_run: str) -> re.Pattern[str] | None:
        keep = tuple(
            alt
            for alt, chars in zip(alts, after, strict=True)
            if chars is None or after_run in chars or any(_RUN_REST[kind].fullmatch(ch) for ch in chars)
        )
        return _alternation(keep) if keep else None

    return {ch: alternation(ch) for ch in set().union(*(a for a in after if a))}, alternation("")


@lru_cache(maxsize=256)
def _alternation(alts: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(alts))  # (one per set of alternatives kept, however many characters lead to it)


# Templates with a left part only, for one (unit, last character of the left part): per length of the left part,
# the left parts of that length → (catalog order, template), so a figure looks up the few words that can end
# before it instead of trying every template.
LeftIndex = tuple[tuple[int, dict[str, tuple[tuple[int, Template], ...]]], ...]


@dataclass(frozen=True)
class RuleSet:
    rules: dict[str, Rule]
    trigger_re: re.Pattern[str]
    trigger_scan: re.Pattern[str]  # the same words inside a lookahead: one (longest) match per position
    trigger_map: dict[str, tuple[str, ...]]  # word → indicator keys
    # word → the offsets inside it where a longer trigger word may start and run past its end (see inner_starts)
    trigger_inner: dict[str, tuple[int, ...]]
    # no trigger word holds a sentence mark (etl.reports.spans.SENTENCE_MARKS): none runs from one sentence into the
    # next, so the words of a sentence are found by a scan of that sentence alone (etl.reports.match.trigger_hits)
    trigger_in_sentence: bool
    weak_words: frozenset[str]
    templates: tuple[Template, ...]
    templates_by_unit: dict[tuple[str, str], tuple[Template, ...]]  # see _by_unit
    templates_by_left: dict[tuple[str, str], LeftIndex]  # see _by_left
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    figure_patterns: FigureAlternation  # the patterns that start with their figure, as one regex
    text_patterns: TextScan  # the patterns searched through the whole text, as one scan
    income_re: re.Pattern[str] | None
    # the last characters of the income words: a clause holding none of them holds no income word (no search)
    income_ends: frozenset[str] = frozenset()
    breakdown_keys: frozenset[str] = frozenset()


def trie_regex(words: list[str]) -> str:
    """A regex matching any of WORDS, factored as a trie so matching stays fast with hundreds of words.
    At each branch longer continuations are tried first, so the longest word wins."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return f"(?:{body})?"
        return body

    return build(trie)


def inner_starts(words: list[str]) -> dict[str, tuple[int, ...]]:
    """For each of WORDS, the offsets j > 0 where a word of WORDS may start and run past the word's end: those where
    the rest of the word (w[j:]) is a proper prefix of some word. 培训 in 集中培训 → (2,) when 培训覆盖率 is a word;
    a word with none needs no look inside it (etl.reports.match.trigger_hits)."""
    prefixes = {w[:k] for w in words for k in range(1, len(w))}  # the proper prefixes
    return {w: tuple(j for j in range(1, len(w)) if w[j:] in prefixes) for w in words}


def parse_template(key: str, phrasing: str) -> Template | None:
    """'评定出N个先进党组织 (comment)' → Template(left='评定出', unit='个', right='先进党组织')."""
    text = re.split(r"\s*[(（]", phrasing, maxsplit=1)[0].strip()
    m = re.fullmatch(
        r"(?P<left>[^N]*)N(?:余|多)?(?P<unit>人次|场次|万元|亿元|%|[个名人次期场户件起元家])?(?P<right>.*)", text
    )
    if not m or not (m.group("left") or m.group("right")):
        return None
    return Template(key, m.group("left"), m.group("unit") or "", m.group("right").strip())


def _parts(raw: list[dict[str, Any]]) -> tuple[Part, ...]:
    out = []
    for p in raw or []:
        out.append(
            Part(
                attr=p["attr"],
                values=tuple(p.get("values") or ()),
                level=bool(p.get("level")),
                regex=re.compile(p["regex"]) if p.get("regex") else None,
                from_trigger=dict(p.get("from_trigger") or {}),
                word_only=bool(p.get("word_only")),
            )
        )
    return tuple(out)


def _rule(spec: IndicatorSpec, ex: dict[str, Any]) -> Rule:
    units = ex.get("units") or UNIT_FAMILIES.get(spec.unit, (spec.unit,))
    weak = {w: tuple(item.get("context") or ()) for item in ex.get("weak") or [] for w in item.get("words") or []}
    bare = frozenset(w for item in ex.get("weak") or [] if item.get("bare") for w in item.get("words") or [])
    after = {w: tuple(item["after"]) for item in ex.get("weak") or [] if item.get("after") for w in item["words"]}
    fresh = frozenset(w for item in ex.get("weak") or [] if item.get("fresh") for w in item.get("words") or [])
    return Rule(
        key=spec.key,
        unit=spec.unit,
        kind=spec.kind,
        units=frozenset(units),
        exclude=tuple(ex.get("exclude") or ()),
        exclude_unless=tuple(ex.get("exclude_unless") or ()),
        exclude_near=tuple(ex.get("exclude_near") or ()),
        near_lifted={w: tuple(ws) for w, ws in (ex.get("near_lifted") or {}).items()},
        exclude_after=tuple(ex.get("exclude_after") or ()),
        exclude_next=tuple(ex.get("exclude_next") or ()),
        exclude_acting=tuple(ex.get("exclude_acting") or ()),
        exclude_before=tuple(ex.get("exclude_before") or ()),
        exclude_sentence=tuple(ex.get("exclude_sentence") or ()),
        requires=tuple(ex.get("requires") or ()),
        unit_requires={u: tuple(ws) for u, ws in (ex.get("unit_requires") or {}).items()},
        max_gap=int(ex.get("max_gap") or DEFAULT_MAX_GAP),
        parts=_parts(ex.get("parts") or []),
        weak_context=weak,
        weak_bare=bare,
        weak_after=after,
        weak_fresh=fresh,
        threshold_income=tuple((ex.get("threshold") or {}).get("income") or ()),
        allow_rate=bool(ex.get("allow_rate")),
        parents=tuple(ex.get("parents") or ()),
        list_objects=bool(ex.get("list_objects")),
        breakdowns=bool(ex.get("breakdowns")),
        part_of=_part_of(ex.get("part_of")),
    )


def _part_of(raw: dict[str, str] | None) -> tuple[str, str, str] | None:
    return (raw["key"], raw["attr"], raw["value"]) if raw else None


def compile_pattern(src: str) -> re.Pattern[str]:
    """A catalog pattern: the first {N} is the figure (its start locates the number), {M} and later {N}s are
    other figures, {G} is a short gap inside a clause. A pattern searched through the whole text (one that does
    not start with its figure) and opening with an optional element, a lookbehind or a class in a branch gets
    the characters a match can start with as its first-character set, so the regex engine skips the others in C:
    the same matches (etl.reports.firstchars.skip_ahead), several times faster."""
    src = src.replace("{N}", f"(?P<n>{_NUMBER})", 1).replace("{N}", _NUMBER).replace("{M}", _NUMBER)
    src = src.replace("{G}", r"[^，。；;！？\n]{0,10}?")
    return re.compile(src) if src.startswith("(?P<n>") else skip_ahead(src)


def _word_tuples(rule: Rule) -> list[tuple[str, ...]]:
    """RULE's lists of words: its tuple fields and the values of its dict fields."""
    out = []
    for f in fields(rule):
        v = getattr(rule, f.name)
        for w in v.values() if isinstance(v, dict) else (v,):
            if isinstance(w, tuple) and w and all(isinstance(x, str) for x in w):
                out.append(w)
    return out


def build_rules(specs: tuple[IndicatorSpec, ...]) -> RuleSet:
    """Compile the catalog specs into the matcher's tables."""
    rules: dict[str, Rule] = {}
    trigger_map: dict[str, list[str]] = {}
    weak_words: set[str] = set()
    templates: list[Template] = []
    patterns: list[tuple[str, re.Pattern[str]]] = []
    income: list[str] = []
    for spec in specs:
        ex = spec.extra.get("extract") or {}
        rule = _rule(spec, ex)
        rules[spec.key] = rule
        ignore = set(ex.get("ignore") or ())
        for w in [*spec.synonyms, *(ex.get("triggers") or ())]:
            if w and w not in ignore and spec.key not in trigger_map.get(w, []):
                trigger_map.setdefault(w, []).append(spec.key)
        for w in rule.weak_context:
            weak_words.add(w)
            trigger_map.setdefault(w, []).append(spec.key)
        for ph in spec.phrasings:
            t = parse_template(spec.key, ph) if "N" in ph else None
            if t:
                templates.append(t)
        patterns.extend((spec.key, compile_pattern(p)) for p in ex.get("patterns") or [])
        income.extend(rule.threshold_income)
    for rule in rules.values():
        for w in _word_tuples(rule):
            word_alternation(w)  # (etl.reports.spans.contains_any's regex of each word list, compiled now)
    words = sorted(trigger_map, key=len, reverse=True)
    trie = trie_regex(words)
    return RuleSet(
        rules=rules,
        trigger_re=re.compile(trie),
        trigger_scan=re.compile(f"(?=({trie}))"),
        trigger_map={w: tuple(v) for w, v in trigger_map.items()},
        trigger_inner=inner_starts(words),
        trigger_in_sentence=not any(ch in w for w in words for ch in SENTENCE_MARKS),
        weak_words=frozenset(weak_words),
        templates=tuple(templates),
        templates_by_unit=_by_unit(templates, rules),
        templates_by_left=_by_left(templates, rules),
        patterns=tuple(patterns),
        figure_patterns=(fig := figure_alternation(patterns)),
        text_patterns=text_scan(patterns, skip=fig.indices),
        income_re=re.compile(trie_regex(sorted(set(income), key=len, reverse=True))) if income else None,
        income_ends=frozenset(w[-1] for w in income),
        breakdown_keys=frozenset(k for k, r in rules.items() if r.breakdowns),
    )


def _usable(templates: list[Template], rules: dict[str, Rule]) -> list[tuple[int, Template, frozenset[str]]]:
    """(catalog order, template, the surface units it reads) of the templates whose unit their indicator accepts."""
    units = {u for r in rules.values() for u in r.units}
    out = []
    for i, tp in enumerate(templates):
        rule = rules[tp.indicator]
        if not tp.unit or tp.unit in rule.units:
            out.append((i, tp, frozenset(units & rule.units)))
    return out


def _by_unit(templates: list[Template], rules: dict[str, Rule]) -> dict[tuple[str, str], tuple[Template, ...]]:
    """Templates with a right part keyed by (surface unit, the first character of the right part)."""
    out: dict[tuple[str, str], list[Template]] = {}
    for _, tp, units in _usable(templates, rules):
        for u in units if tp.right else ():
            out.setdefault((u, tp.right[0]), []).append(tp)
    return {k: tuple(v) for k, v in out.items()}


def _by_left(templates: list[Template], rules: dict[str, Rule]) -> dict[tuple[str, str], LeftIndex]:
    """Templates with only a left part keyed by (surface unit, the last character of the left part): see LeftIndex."""
    out: dict[tuple[str, str], dict[int, dict[str, list[tuple[int, Template]]]]] = {}
    for i, tp, units in _usable(templates, rules):
        for u in units if not tp.right else ():
            by_len = out.setdefault((u, tp.left[-1]), {})
            by_len.setdefault(len(tp.left), {}).setdefault(tp.left, []).append((i, tp))
    return {
        k: tuple((n, {w: tuple(v) for w, v in words.items()}) for n, words in sorted(by_len.items()))
        for k, by_len in out.items()
    }


@lru_cache(maxsize=4)
def load_rules(path: Path = CATALOG_PATH) -> RuleSet:
    """The compiled rules for the catalog at PATH (cached per process)."""
    return build_rules(load_catalog(path))
