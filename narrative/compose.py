"""Pure composition: a CountyYear and the templates → township paragraphs (county ones: narrative.county).

Each paragraph keeps, beside its text, every number it prints (Num: text, value, observation ids, how it
was computed). A figure that is masked or missing is left out of the sentence; a paragraph with no
figures is not produced. Sentences state figures only: no causes, no praise.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from narrative import analysis as an
from narrative.facts import CountyYear, IndicatorInfo, ObsRef
from narrative.numbers import fmt_amount, fmt_percent, fmt_plain
from narrative.templates import Fragment, Num, Templates, join

SHORTFALL = "存在不足"
CATEGORIES = ("党员队伍", "组织建设", "学习培训", "集体经济", "网格治理", "纪律监督")


@dataclass(frozen=True)
class Paragraph:
    """One generated paragraph: plain text (no Markdown) and the numbers in it."""

    kind: str
    title: str
    text: str
    numbers: tuple[Num, ...]
    region: str
    year: int

    @property
    def observation_ids(self) -> tuple[int, ...]:
        """Every observation any number of the paragraph was read or computed from, first use first."""
        seen: dict[int, None] = {}
        for n in self.numbers:
            for i in n.observation_ids:
                seen.setdefault(i, None)
        return tuple(seen)


def make_paragraph(kind: str, title: str, body: Fragment, region: str, year: int) -> Paragraph:
    return Paragraph(kind, title, body.text, body.numbers, region, year)


# ---- numbers ---------------------------------------------------------------------------------------------


def unit_word(t: Templates, info: IndicatorInfo) -> str:
    """The measure word printed after a number ('名' for 党员 where the catalog unit is 人)."""
    words = t.indicators.get(info.key)
    return (words.unit if words and words.unit else info.unit) or ""


def label(t: Templates, info: IndicatorInfo) -> str:
    """What the indicator is called in running text (indicators.yaml label, else the catalog name)."""
    words = t.indicators.get(info.key)
    return words.label if words and words.label else info.name


def amount(
    t: Templates,
    info: IndicatorInfo,
    value: float,
    qualifier: str,
    how: str,
    ids: tuple[int, ...],
    *,
    threshold: float | None = None,
    stated: bool = True,
    digits: int = 2,
    unit: str | None = None,
) -> Num:
    """A figure of INFO printed with its unit word (or UNIT, the counting unit its source stated) and qualifier."""
    text = fmt_amount(value, unit or unit_word(t, info), qualifier, digits=digits, rescale=info.kind == "money")
    return Num(text, value, how, ids, info.key, info.unit, threshold, stated)


def obs_amount(t: Templates, info: IndicatorInfo, obs: ObsRef, how: str = "value") -> Num:
    assert obs.value is not None
    return amount(t, info, obs.value, obs.qualifier, how, (obs.id,), threshold=obs.threshold, unit=obs.unit)


def count_num(k: int, ids: tuple[int, ...] = (), indicator: str | None = None) -> Num:
    return Num(str(k), float(k), "count", ids, indicator)


def year_num(year: int) -> Num:
    return Num(str(year), float(year), "year")


def threshold_num(thr: float, ids: tuple[int, ...], key: str) -> Num:
    return Num(fmt_plain(thr), thr, "threshold", ids, key, "万元", thr)


def phrase(
    t: Templates, info: IndicatorInfo, n: Num, seed: tuple, *, total: bool = False, plain: bool = False
) -> Fragment:
    """The indicator's phrasing with N in it (and the threshold for villages_income_above); PLAIN for a figure
    that fell or falls short (Templates.phrase: 为, not 达到)."""
    ctx: dict[str, object] = {"n": n}
    if n.threshold is not None:
        ctx["threshold"] = threshold_num(n.threshold, n.observation_ids, info.key)
    return t.phrase(info.key, seed, total=total, plain=plain, **ctx)


def change_fragment(
    t: Templates,
    ch: an.Change | None,
    info: IndicatorInfo,
    seed: tuple,
    digits: int = 2,
    unit: str | None = None,
    *,
    family: str | None = None,
) -> Fragment | None:
    """'较上年增加2次、增长20%' / '较上年提高5.2个百分点' / '与上年持平', or None without a comparable year.

    DIGITS bounds the decimals of the difference (a change of means is rounded like the means). FAMILY (see
    Templates.say) words rises and falls alike under one seed.
    """
    if ch is None:
        return None
    if round(ch.diff, 2) == 0:
        return t.say("change_flat", seed, family=family)
    up = ch.diff > 0
    if info.kind == "percent":
        diff = Num(f"{fmt_plain(abs(ch.diff), 1)}个百分点", abs(ch.diff), "change", ch.ids, info.key, "%")
        return t.say("change_pp_up" if up else "change_pp_down", seed, family=family, diff=diff)
    diff = amount(t, info, abs(ch.diff), "exact", "change", ch.ids, stated=False, digits=digits, unit=unit)
    if round(abs(ch.diff), digits) == 0:
        return t.say("change_flat", seed, family=family)
    if ch.pct is not None and round(ch.pct, 6) == -100:  # 无警告处分，上年为1人: not 减少1人、下降100%
        return t.say("change_to_zero", seed, family=family, diff=diff)
    if ch.pct is None or round(abs(ch.pct), 1) == 0 or small_base(t, ch):
        return t.say("change_up_nopct" if up else "change_down_nopct", seed, family=family, diff=diff)
    pct = Num(fmt_percent(abs(ch.pct)), abs(ch.pct), "change_pct", ch.ids, info.key, "%")
    return t.say("change_up" if up else "change_down", seed, family=family, diff=diff, pct=pct)


def small_base(t: Templates, ch: an.Change) -> bool:
    """Last year's figure is under the templates' mover_min_base: a growth rate on it (由1次增至4次、增长300%) is
    not said anywhere, only the absolute change."""
    assert ch.pct
    return abs(ch.diff * 100 / ch.pct) < float(t.rules.get("mover_min_base", 5))


TIE_NAMED = 3  # at most this many townships tied with one are named; more are 与某乡等N个乡镇


def rank_fragment(t: Templates, st: an.Standing | None, seed: tuple) -> Fragment | None:
    """'居全县第3位' / '与青石镇并列全县第2位'."""
    if st is None:
        return None
    rank = Num(str(st.rank), float(st.rank), "rank", st.ids)
    if len(st.tied_with) > TIE_NAMED:  # 与凤鸣乡等6个乡镇并列: a list of six names buries the figure
        count = count_num(len(st.tied_with), st.ids)
        return t.say("rank_tie_many", seed, rank=rank, first=st.tied_with[0], count=count)
    if st.tied_with:
        return t.say("rank_tie", seed, rank=rank, others="、".join(st.tied_with))
    return t.say("rank", seed, rank=rank, count=count_num(st.count, st.ids))


def target_fragment(t: Templates, pr: an.Progress | None, info: IndicatorInfo, seed: tuple) -> Fragment | None:
    """'完成年度目标的120%' when met, '完成年度目标' when met exactly (not 达到年度目标的100%), '距年度目标尚差3次'
    when missed."""
    if pr is None:
        return None
    pct = Num(fmt_percent(pr.pct), pr.pct, "target_pct", pr.ids, info.key, "%")
    if pr.gap <= 0:
        return t.say("target_reached" if fmt_percent(pr.pct) == "100%" else "target_met", seed, pct=pct)
    if info.kind == "percent":
        gap = Num(f"{fmt_plain(pr.gap, 1)}个百分点", pr.gap, "target_gap", pr.ids, info.key, "%")
    else:
        gap = amount(t, info, pr.gap, "exact", "target_gap", pr.ids, stated=False)
    return t.say("target_missed", seed, pct=pct, gap=gap)


# ---- township paragraphs -----------------------------------------------------------------------------------


def category_keys(data: CountyYear, t: Templates, category: str) -> list[str]:
    """Indicators of CATEGORY in catalog order, plus those paragraphs.yaml moves into it."""
    extra = (t.paragraphs.get("extra_indicators") or {}).get(category) or []
    keys = [k for k, i in data.indicators.items() if i.category == category]
    return keys + [k for k in extra if k in data.indicators and k not in keys]


def key_indicators(t: Templates) -> set[str]:
    """重点指标: those indicators.yaml marks rank: true."""
    return {k for k, w in t.indicators.items() if w.rank}


def _rule(t: Templates, name: str, default: int) -> int:
    return int(t.rules.get(name, default))


def township_clause(data: CountyYear, t: Templates, town: str, series: an.Series) -> Fragment | None:
    """One indicator's clause: figure, change, rank, target — whichever the data supports."""
    key, thr = series
    cur = data.current.get((town, key, thr))
    if cur is None or not cur.usable:
        return None
    info = data.indicators[key]
    seed = (town, data.year, key, thr)
    words = t.indicators.get(key)
    ch = an.change(cur, data.previous.get((town, key, thr)), info)
    parts: list[Fragment | None] = [
        phrase(t, info, obs_amount(t, info, cur), seed, plain=ch is not None and round(ch.diff, 2) < 0),
        _change(t, data, ch, info, seed),
    ]
    if words is not None and words.rank and thr is None:
        parts.append(rank_fragment(t, an.standing(data, town, series, _rule(t, "min_ranked", 3)), seed))
    parts.append(target_fragment(t, an.progress(cur, data.targets.get((town, key, thr)), info), info, seed))
    clause = join([p for p in parts if p], "，")
    return clause + explained(cur.explanation) if cur.explanation else clause


def explained(explanation: str) -> str:
    """A reviewer's 说明 of a figure that broke a continuity check, as the narrative offers it: '（因…调整）'."""
    why = explanation.strip().rstrip("。；，")
    if not why.startswith("因"):
        why = "因" + why
    return f"（{why}）"


def township_category(data: CountyYear, t: Templates, town: str, category: str) -> Paragraph | None:
    """The paragraph on CATEGORY for TOWN, or None when it has no printable figure."""
    clauses = [
        c
        for s in an.series_of(data, town, category_keys(data, t, category))
        if (c := township_clause(data, t, town, s)) is not None
    ]
    if not clauses:
        return None
    opening = t.say(f"opening_{category}", (town, data.year), year=year_num(data.year), region=town)
    body = opening + join(clauses, "；") + "。"
    titles = t.paragraphs.get("township", {}).get("titles", {})
    return make_paragraph(category, titles.get(category, category), body, town, data.year)


def township_shortfall(data: CountyYear, t: Templates, town: str) -> Paragraph | None:
    """Facts only: figures that fell, targets missed, indicators below the county's township mean."""
    items: list[Fragment] = []
    keys = list(data.indicators)
    for series in an.series_of(data, town, keys):
        key, thr = series
        info = data.indicators[key]
        cur = data.current[(town, key, thr)]
        if info.higher_is_better is not True or not cur.usable:
            continue
        seed = (town, data.year, key, thr, SHORTFALL)
        ch = an.change(cur, data.previous.get((town, key, thr)), info) if t.is_key(key) else None
        fell = ch if ch is not None and round(ch.diff, 2) < 0 else None
        pr = an.progress(cur, data.targets.get((town, key, thr)), info)
        missed = pr if pr is not None and pr.gap > 0 else None
        if fell is None and missed is None:
            continue
        parts = [
            phrase(t, info, obs_amount(t, info, cur), seed, plain=True),
            _change(t, data, fell, info, seed),
            target_fragment(t, missed, info, seed),
        ]
        items.append(join([p for p in parts if p], "，"))
    below = an.below_average(data, town, _rule(t, "min_ranked", 3), key_indicators(t))
    if len(below) >= _rule(t, "below_average_min", 3):
        ids = tuple(dict.fromkeys(i for _, ids in below for i in ids))
        names = "、".join(label(t, data.indicators[s[0]]) for s, _ in below)
        items.append(t.say("below_average", (town, data.year), count=count_num(len(below), ids), names=names))
    if not items:
        return None
    opening = t.say("shortfall_opening", (town, data.year), region=town, year=year_num(data.year))
    body = opening + join(items, "；") + "。"
    titles = t.paragraphs.get("township", {}).get("titles", {})
    return make_paragraph(SHORTFALL, titles.get(SHORTFALL, SHORTFALL), body, town, data.year)


def township_kinds(t: Templates) -> list[str]:
    """Paragraph kinds of a township narrative, in order."""
    cats = t.paragraphs.get("township", {}).get("categories") or list(CATEGORIES)
    return [*cats, SHORTFALL]


def township_paragraphs(data: CountyYear, t: Templates, town: str, kinds: list[str] | None = None) -> list[Paragraph]:
    """Every paragraph for TOWN (or only KINDS), skipping those without figures."""
    t = replace(t, voice=(town, data.year))
    out = []
    for kind in township_kinds(t):
        if kinds is not None and kind not in kinds:
            continue
        p = township_shortfall(data, t, town) if kind == SHORTFALL else township_category(data, t, town, kind)
        if p is not None:
            out.append(p)
    return out


def _change(t: Templates, data: CountyYear, ch: an.Change | None, info: IndicatorInfo, seed: tuple) -> Fragment | None:
    """change_fragment in the counting unit both years' figures were stated in (2件 → 3件: 增加1件)."""
    return change_fragment(t, ch, info, seed, unit=data.stated_unit(ch.ids) if ch is not None else None)
