"""Pure composition of a county's paragraphs: reporting, totals and means per category with the townships
at both ends, the biggest movers, and shortfalls. Same rules as narrative.compose."""

from __future__ import annotations

from dataclasses import replace

from narrative import analysis as an
from narrative.compose import (
    SHORTFALL,
    Paragraph,
    amount,
    category_keys,
    change_fragment,
    count_num,
    key_indicators,
    label,
    make_paragraph,
    obs_amount,
    phrase,
    year_num,
)
from narrative.facts import CountyYear, IndicatorInfo, ObsRef
from narrative.templates import Fragment, Templates, join

REPORTING = "报送情况"
MOVERS = "变化情况"


def _rule(t: Templates, name: str, default: int) -> int:
    return int(t.rules.get(name, default))


def _title(t: Templates, kind: str) -> str:
    return (t.paragraphs.get("county", {}).get("titles") or {}).get(kind, kind)


def county_kinds(t: Templates) -> list[str]:
    """Paragraph kinds of a county narrative, in order."""
    cats = t.paragraphs.get("township", {}).get("categories") or []
    return [REPORTING, *cats, MOVERS, SHORTFALL]


def reporting(data: CountyYear, t: Templates) -> Paragraph | None:
    """How many townships have figures for the year, and which have none."""
    if not data.townships:
        return None
    seed = (data.county, data.year)
    ids = tuple(o.id for o in data.current.values())
    total = count_num(len(data.townships))
    missing = [town for town in data.townships if town not in data.reported]
    if not missing:
        body = t.say("reporting_all", seed, year=year_num(data.year), county=data.county, total=total)
    else:
        body = t.say(
            "reporting_some",
            seed,
            year=year_num(data.year),
            county=data.county,
            total=total,
            reported=count_num(len(data.reported), ids),
            missing="、".join(missing),
        )
    return make_paragraph(REPORTING, _title(t, REPORTING), body, data.county, data.year)


def county_change(data: CountyYear, t: Templates, series: an.Series, seed: tuple) -> tuple[Fragment | None, bool]:
    """The county's change on SERIES, and whether it is over the townships reporting both years only."""
    ch = an.total_change(data, series)
    info = data.indicators[series[0]]
    digits = 2 if info.aggregate == "sum" or ch is None else _mean_digits(abs(ch.diff))
    unit = data.stated_unit(ch.ids) if ch is not None else None
    return change_fragment(t, ch, info, seed, digits, unit), bool(ch and ch.partial)


def _with_note(data: CountyYear, t: Templates, body: Fragment, partial: bool, seed: tuple) -> Fragment:
    """BODY, plus the sentence saying changes are on a comparable basis when any of them is."""
    return body + t.say("comparable_note", seed) if partial else body


def county_amount(data: CountyYear, t: Templates, series: an.Series, seed: tuple) -> Fragment | None:
    """'共有党员4446名' for sums, '培训覆盖率平均为75.5%' for means, or None without any figure."""
    key, thr = series
    info = data.indicators[key]
    tot = an.total(data, series)
    if tot is None:
        return None
    if info.aggregate == "sum":
        unit = data.stated_unit(tot.ids)  # every township said 件: so does the county
        n = amount(t, info, tot.value, tot.qualifier, "sum", tot.ids, threshold=thr, unit=unit)
        return phrase(t, info, n, seed, total=True)
    n = amount(
        t,
        info,
        tot.value,
        _mean_qualifier(tot.qualifier),
        "mean",
        tot.ids,
        digits=_mean_digits(tot.value),
        stated=False,
    )
    return t.say("county_mean", seed, label=label(t, info), n=n)


def _mean_digits(value: float) -> int:
    return 0 if abs(value) >= 100 else 1


def _mean_qualifier(q: str) -> str:
    # A mean over figures some of which are lower bounds is itself approximate: 约, never 余 on a decimal.
    return "exact" if q == "exact" else "approx"


def _total_clause(data: CountyYear, t: Templates, series: an.Series, seed: tuple) -> tuple[Fragment, bool] | None:
    key, thr = series
    said = county_amount(data, t, series, seed)
    tot = an.total(data, series)
    if said is None or tot is None:
        return None
    if tot.count < len(data.reported):
        said = t.say("coverage", seed, count=count_num(tot.count, tot.ids)) + said
    change, partial = county_change(data, t, series, seed)
    parts: list[Fragment | None] = [said, change]
    words = t.indicators.get(key)
    info = data.indicators[key]
    if info.aggregate == "sum" and words is not None and words.lead and thr is None:
        mean = an.mean_per_township(data, series, _rule(t, "min_ranked", 3))
        if mean is not None:
            avg = amount(
                t,
                info,
                mean.value,
                _mean_qualifier(mean.qualifier),
                "mean",
                mean.ids,
                digits=_mean_digits(mean.value),
                stated=False,
            )
            parts.append(t.say("per_township", seed, n=avg))
    if thr is not None and tot.count == len(data.reported):  # with a coverage note the spread says nothing new
        vals = an.values_of(data, series)
        with_any = [o for o in vals.values() if (o.value or 0) > 0]
        if with_any:
            parts.append(t.say("spread", seed, count=count_num(len(with_any), tuple(o.id for o in vals.values()))))
    return join([p for p in parts if p], "，"), partial


def _who(t: Templates, info: IndicatorInfo, obs: list[ObsRef], seed: tuple) -> tuple[str, Fragment]:
    """('青石镇、白沙乡', '均开展理论中心组学习15次') for the townships sharing one extreme value."""
    first = obs[0]
    assert first.value is not None
    n = amount(t, info, first.value, first.qualifier, "value", tuple(o.id for o in obs))
    said = phrase(t, info, n, seed)
    if len(obs) > 1:
        said = t.say("tie_prefix", seed) + said
    return "、".join(o.township for o in obs), said


def _extremes_sentence(data: CountyYear, t: Templates, series: an.Series, nth: int) -> Fragment | None:
    words = t.indicators.get(series[0])
    if words is None or not words.lead or series[1] is not None:
        return None
    ends = an.extremes(data, series, _rule(t, "min_ranked", 3))
    if ends is None:
        return None
    info = data.indicators[series[0]]
    seed = (data.county, data.year, *series, "extremes")
    top, top_what = _who(t, info, ends[0], seed)
    bottom, bottom_what = _who(t, info, ends[1], seed)
    return t.say(
        "extremes",
        (data.county, data.year, "extremes"),
        offset=nth,
        top=top,
        top_what=top_what,
        bottom=bottom,
        bottom_what=bottom_what,
    )


def county_category(data: CountyYear, t: Templates, category: str) -> Paragraph | None:
    """Totals (with change and mean per township) and the townships at both ends, for one category."""
    keys = set(category_keys(data, t, category))
    clauses: list[Fragment] = []
    ends: list[Fragment] = []
    partial = False
    for series in data.series:
        if series[0] not in keys:
            continue
        seed = (data.county, data.year, *series)
        got = _total_clause(data, t, series, seed)
        if got is not None:
            clauses.append(got[0])
            partial = partial or got[1]
            sentence = _extremes_sentence(data, t, series, len(ends))
            if sentence is not None:
                ends.append(sentence)
    if not clauses:
        return None
    opening = t.say("county_opening", (data.county, data.year, category), year=year_num(data.year), county=data.county)
    body = opening + join(clauses, "；") + "。"
    if ends:
        body = body + join(ends, "。") + "。"
    body = _with_note(data, t, body, partial, (data.county, data.year, category))
    return make_paragraph(category, _title(t, category), body, data.county, data.year)


def _mover_item(data: CountyYear, t: Templates, m: an.Mover) -> Fragment:
    """'云台乡讲党课14次，较上年增加9次、增长180%': the same change phrasing as every other paragraph."""
    info = data.indicators[m.series[0]]
    seed = (m.township, data.year, *m.series, MOVERS)
    said = m.township + phrase(t, info, obs_amount(t, info, m.current), seed, plain=m.change.diff < 0)
    # One change wording for the whole paragraph (seeded by county and year, not by item): 较上年…、较上年…
    ch = change_fragment(
        t, m.change, info, (data.county, data.year, MOVERS), unit=data.stated_unit(m.change.ids), family="change"
    )
    return said if ch is None else said + "，" + ch


def movers(data: CountyYear, t: Templates) -> Paragraph | None:
    """The largest rises and falls of single townships (rank-worthy indicators, exact figures only)."""
    keys = [k for k in key_indicators(t) if k in data.indicators]
    rises, falls = an.movers(data, keys, min_base=_rule(t, "mover_min_base", 5), min_pct=_rule(t, "mover_min_pct", 10))
    k = _rule(t, "movers_each", 3)
    seed = (data.county, data.year, MOVERS)
    sentences = []
    if rises:
        items = join([_mover_item(data, t, m) for m in rises[:k]], "；")
        sentences.append(t.say("movers_ups", seed, items=items))
    if falls:
        items = join([_mover_item(data, t, m) for m in falls[:k]], "；")
        sentences.append(t.say("movers_downs", seed, items=items))
    if not sentences:
        return None
    opening = t.say("movers_opening", seed, county=data.county, year=year_num(data.year))
    body = opening + join(sentences, "。") + "。"
    return make_paragraph(MOVERS, _title(t, MOVERS), body, data.county, data.year)


def shortfall(data: CountyYear, t: Templates) -> Paragraph | None:
    """County totals that fell, townships that missed targets, townships below the mean on several indicators."""
    items: list[Fragment] = []
    seed0 = (data.county, data.year, SHORTFALL)
    partial = False
    for series in data.series:
        info = data.indicators[series[0]]
        ch = an.total_change(data, series)
        if not t.is_key(series[0]) or info.higher_is_better is not True or ch is None or round(ch.diff, 2) >= 0:
            continue
        seed = (*seed0, *series)
        said = county_amount(data, t, series, seed)
        change, part = county_change(data, t, series, seed)
        assert said is not None and change is not None
        items.append("全县" + said + "，" + change)
        partial = partial or part
    missed: dict[str, list[str]] = {}
    missed_ids: list[int] = []
    for (town, key, thr), cur in data.current.items():
        info = data.indicators[key]
        pr = an.progress(cur, data.targets.get((town, key, thr)), info)
        if pr is not None and pr.gap > 0:
            missed.setdefault(town, []).append(label(t, info))
            missed_ids.extend(pr.ids)
    if missed:
        towns = [town for town in data.townships if town in missed]
        listing = "、".join(f"{town}（{'、'.join(missed[town])}）" for town in towns)
        items.append(
            t.say("targets_missed_county", seed0, count=count_num(len(towns), tuple(missed_ids)), list=listing)
        )
    low = []
    for town in data.reported:
        below = an.below_average(data, town, _rule(t, "min_ranked", 3), key_indicators(t))
        if len(below) >= _rule(t, "below_average_min", 3):
            ids = tuple(dict.fromkeys(i for _, ids in below for i in ids))
            low.append((len(below), t.say("below_average_item", seed0, region=town, count=count_num(len(below), ids))))
    if low:  # most first (马鞍彝族乡11项、凤鸣乡10项、石门镇9项 …), not in the order the townships reported
        ordered = [said for _, said in sorted(low, key=lambda item: -item[0])]
        items.append(t.say("below_average_county", seed0, items=join(ordered, "、")))
    if not items:
        return None
    opening = t.say("shortfall_opening", seed0, region=data.county, year=year_num(data.year))
    body = _with_note(data, t, opening + join(items, "；") + "。", partial, seed0)
    return make_paragraph(SHORTFALL, _title(t, SHORTFALL), body, data.county, data.year)


def county_paragraphs(data: CountyYear, t: Templates, kinds: list[str] | None = None) -> list[Paragraph]:
    """Every paragraph for the county (or only KINDS), skipping those without figures."""
    t = replace(t, voice=(data.county, data.year))
    out = []
    for kind in county_kinds(t):
        if kinds is not None and kind not in kinds:
            continue
        if kind == REPORTING:
            p = reporting(data, t)
        elif kind == MOVERS:
            p = movers(data, t)
        elif kind == SHORTFALL:
            p = shortfall(data, t)
        else:
            p = county_category(data, t, kind)
        if p is not None:
            out.append(p)
    return out
