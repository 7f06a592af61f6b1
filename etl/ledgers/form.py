"""在线填报: a clerk's form instead of a ledger file — the same cell checks, stored as one source of kind "form".

The form holds one township and one year, a text per catalog indicator, typed as in a ledger cell (412, 约30,
100余, 无, X, 12.5%, 1.69万元). check_entries reads every entry with the ledger's own cell rules
(etl.ledgers.cells) and reports every problem at once, each naming the indicator; save_form writes nothing
while any problem stands, else loads the figures through etl.load as one source whose author is the clerk.
The source's bytes are the entries themselves, so sending the same form twice changes nothing, and a changed
figure supersedes the older ledger-like value with an audit event, as a re-imported ledger does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from etl.ledgers.cells import Parsed, check_value, fmt, parse_cell, shown
from etl.ledgers.context import Issue
from etl.ledgers.figures import series_attrs
from etl.ledgers.match import IndicatorInfo
from etl.load import FactIn, LoadSummary, SourceIn, load_source
from store.access import Actor
from store.catalog import split_variant, variant_key

FORM_KIND = "form"


@dataclass
class FormResult:
    """What a form gave: the figures to store, every problem, and (once saved) what the load did."""

    facts: list[FactIn] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    summary: LoadSummary | None = None


def entry_text(value: float | None, masked: bool = False, qualifier: str = "exact") -> str:
    """A stored figure as a clerk would type it (the form's pre-filled text): 412, 100余, 约30, 不足50, X."""
    if masked:
        return "X"
    if value is None:
        return ""
    number = fmt(value)
    return {"over": f"{number}余", "approx": f"约{number}", "under": f"不足{number}"}.get(qualifier, number)


def entry_label(info: IndicatorInfo) -> str:
    """How a message names a form field: “党员总数（人）”."""
    return f"{info.name}（{info.unit}）"


def entry_key(key: str, threshold: float | None = None) -> str:
    """The form field of indicator KEY's series: the key, or key@10 for the series over 10万元."""
    return key if threshold is None else f"{key}@{threshold:g}"


def series_of(field_key: str) -> tuple[str, float | None]:
    """("villages_income_above@10" → ("villages_income_above", 10.0)); a plain key has no threshold."""
    key, _, threshold = field_key.partition("@")
    return key, float(threshold) if threshold else None


def check_entries(year: int, entries: Mapping[str, Any], indicators: Sequence[IndicatorInfo]) -> FormResult:
    """Every non-empty entry (indicator key, or key@threshold for a threshold series → text or number, as a
    ledger cell) → a figure, or an error naming the field; empty entries and no-figure marks (—, /, 暂无, 不适用)
    give nothing. A threshold indicator's field without its threshold is an error, as in a ledger."""
    by_key = {i.key: i for i in indicators}
    out = FormResult()
    for field_key, raw in entries.items():
        key, threshold = series_of(field_key)
        info = by_key.get(key)
        if info is None:
            out.errors.append(Issue(field_key, f"“{field_key}”不是指标目录中的指标"))
            continue
        if info.thresholds and threshold is None:
            out.errors.append(Issue(entry_label(info), f"{info.name}要按门槛分开填写（如“{info.thresholds[0]}”）"))
            continue
        parsed = parse_cell(raw.strip() if isinstance(raw, str) else raw)
        if parsed is None:
            continue
        if not isinstance(parsed, Parsed):
            out.errors.append(Issue(entry_label(info), parsed))
            continue
        if parsed.note:  # 412（含预备党员8名）: a form's field holds the figure only, and nothing would keep the note
            out.errors.append(
                Issue(entry_label(info), f"“{str(raw).strip()}”：这里只填数字，“{parsed.note}”不会被保存")
            )
            continue
        value, problem = check_value(parsed, info, parsed.unit, shown(raw))
        if problem:
            out.errors.append(Issue(entry_label(info), problem))
        elif value is not None or parsed.masked:
            attrs = dict(series_attrs(key, threshold))  # a variant's (经营性收入: measure) or the threshold
            name = info.name if threshold is None else f"{info.name}（{threshold:g}万元以上）"
            out.facts.append(
                FactIn(
                    split_variant(key)[0],
                    year,
                    value,
                    masked=parsed.masked,
                    qualifier=parsed.qualifier,
                    attrs=attrs,
                    cell=f"在线填报!{name}",
                )
            )
    return out


def form_source(township: str, year: int, facts: Sequence[FactIn], user: str) -> SourceIn:
    """The source a form is stored as: its entries are its content (the same form twice is one source)."""
    entries = {
        entry_key(
            variant_key(f.indicator, {k: v for k, v in f.attrs.items() if k != "threshold"}), f.attrs.get("threshold")
        ): [
            f.value,
            f.masked,
            f.qualifier,
        ]
        for f in facts
    }
    content = json.dumps(
        {"township": township, "year": year, "entries": entries, "author": user}, ensure_ascii=False, sort_keys=True
    ).encode("utf-8")
    return SourceIn(
        kind=FORM_KIND,
        filename=f"在线填报：{township}{year}年",
        content=content,
        township=township,
        year=year,
        uploaded_by=user,
        meta={"entries": len(facts)},
    )


def save_form(
    session: Session,
    actor: Actor,
    township: str,
    year: int,
    entries: Mapping[str, Any],
    indicators: Sequence[IndicatorInfo],
    *,
    user: str | None = None,
) -> FormResult:
    """Check ENTRIES and, when there is no error and something to store, load them (the caller owns the
    transaction). A form with no figure at all is an error, as a ledger with none is."""
    result = check_entries(year, entries, indicators)
    if not result.errors and not result.facts:
        result.errors.append(Issue("在线填报", "没有填写任何数字：请至少填写一项（没有发生的事填 0 或“无”）"))
    if result.errors:
        return result
    src = form_source(township, year, result.facts, user or actor.name)
    result.summary = load_source(session, actor, src, result.facts)
    return result
