"""Pure helpers for reviewing an extraction before saving (the 报告导入 page): the report text with every
figure highlighted as escaped HTML, and the facts as editable table rows and back.

Report text comes from uploaded files, so every piece of it is HTML-escaped before <mark> tags are added:
nothing in a report can inject markup or script into the page.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from etl.reports.numbers import parse_quantity

MASKED_ZH = "已脱敏"
QUALIFIER_ZH = {"exact": "准确", "over": "以上", "approx": "约", "under": "以下"}
QUALIFIER_KEY = {v: k for k, v in QUALIFIER_ZH.items()}
ATTR_ZH = {"type": "类型", "level": "级别", "severity": "处分", "threshold": "门槛（万元）", "period": "口径"}
COLUMNS = ["保存", "指标", "数值", "单位", "限定", "目标", "年份", "提示", "属性", "原文"]


def value_text(fact: dict[str, Any]) -> str:
    """'438', '0.5' or '已脱敏' for the table's 数值 column."""
    if fact.get("masked"):
        return MASKED_ZH
    v = fact.get("value")
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def attrs_text(attrs: dict[str, Any]) -> str:
    return "，".join(f"{ATTR_ZH.get(k, k)}：{'已脱敏' if v is None else v}" for k, v in (attrs or {}).items())


def origin_text(fact: dict[str, Any]) -> str:
    """'学习所得（待批准）' for a figure a learned phrasing read, so the clerk checks it first."""
    if fact.get("origin") != "learned":
        return ""
    return "学习所得" + ("" if (fact.get("confidence") or 0) >= 0.8 else "（待批准）")


def check_text(fact: dict[str, Any]) -> str:
    """'可疑：…' (etl.reports.plausible) and '请核对：年份未能确定…' for the table's 提示 column."""
    parts = [f"可疑：{fact['suspect']}"] if fact.get("suspect") else []
    if period := (fact.get("attrs") or {}).get("period"):
        parts.append(f"口径：{period}的数，不作为全年数")
    if fact.get("low_confidence"):
        parts.append("请核对：" + "、".join(fact["low_confidence"]))
    return "；".join(parts)


def fact_rows(facts: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """One editable row per fact (NAMES: indicator key → 中文名)."""
    return [
        {
            "保存": True,
            "指标": names.get(f["indicator"], f["indicator"]),
            "数值": value_text(f),
            "单位": f.get("unit") or "",
            "限定": QUALIFIER_ZH.get(f.get("qualifier") or "exact", "准确"),
            "目标": bool(f.get("target")),
            "年份": f.get("year"),
            "提示": check_text(f),
            "属性": "，".join(x for x in (origin_text(f), attrs_text(f.get("attrs") or {})) if x),
            "原文": f.get("evidence") or "",
        }
        for f in facts
    ]


class RowError(ValueError):
    """A reviewed row cannot be saved as given; the message names the row and says what to fix."""


def apply_edits(
    facts: list[dict[str, Any]], edited: dict[int, dict[str, Any]], keys: dict[str, str]
) -> list[dict[str, Any]]:
    """The facts to save: EDITED (row → changed columns, as st.data_editor reports them) applied to FACTS;
    rows whose 保存 box was cleared are dropped. KEYS maps 中文名 → indicator key."""
    out: list[dict[str, Any]] = []
    problems: list[str] = []
    for i, fact in enumerate(facts):
        change = edited.get(i) or edited.get(str(i)) or {}  # type: ignore[call-overload]
        if not change.get("保存", True):
            continue
        f = dict(fact)
        try:
            _apply(f, change, keys)
        except RowError as exc:
            problems.append(f"第 {i + 1} 行（{fact.get('evidence') or ''}）：{exc}")
            continue
        out.append(f)
    if problems:
        raise RowError("；".join(problems))
    return out


def _apply(f: dict[str, Any], change: dict[str, Any], keys: dict[str, str]) -> None:
    if "指标" in change:
        if change["指标"] not in keys:
            raise RowError(f"没有名为“{change['指标']}”的指标，请从列表中选择")
        f["indicator"] = keys[change["指标"]]
    if "数值" in change:
        text = str(change["数值"] or "").strip()
        if text == MASKED_ZH:
            f["value"], f["masked"] = None, True
        else:
            q = parse_quantity(text)
            if q is None or q.value is None:
                raise RowError(f"数值“{text}”无法识别，请填写数字（如 438、1.2万）或“已脱敏”")
            f["value"], f["masked"] = q.value, False
    if "限定" in change:
        f["qualifier"] = QUALIFIER_KEY.get(change["限定"], "exact")
    if "目标" in change:
        f["target"] = bool(change["目标"])
    if "年份" in change:
        year = change["年份"]
        f["year"] = int(year) if year not in (None, "") else None


UNCLAIMED_STYLE = "background:#ffd6d6"


def highlight_html(
    text: str, facts: list[dict[str, Any]], names: dict[str, str], unclaimed: Sequence[tuple[int, int]] = ()
) -> str:
    """Escaped HTML of the whole TEXT with each fact's span in <mark> (numbered like the table rows;
    masked figures in grey) and each UNCLAIMED number's span in red, numbered ①… like the 未认领 list.
    Overlapping spans keep the first."""
    esc = html.escape
    marks: list[tuple[int, int, int, dict[str, Any] | None]] = [
        (f["span"][0], f["span"][1], n, f) for n, f in enumerate(facts, start=1)
    ]
    marks += [(s, e, n, None) for n, (s, e) in enumerate(unclaimed, start=1)]
    parts: list[str] = []
    pos = 0
    for start, end, n, f in sorted(marks, key=lambda m: m[0]):
        if start < pos or end > len(text):
            continue
        if f is None:
            label, style, sup = f"未认领的数字 {n}", UNCLAIMED_STYLE, f"?{n}"
        else:
            unit = "" if f.get("masked") else f.get("unit") or ""
            label = f"{n}. {names.get(f['indicator'], f['indicator'])} {value_text(f)}{unit}"
            style, sup = ("background:#e0e0e0" if f.get("masked") else "background:#ffe58f"), str(n)
        parts.append(esc(text[pos:start]))
        parts.append(
            f'<mark style="{style}" title="{esc(label, quote=True)}">{esc(text[start:end])}<sup>{sup}</sup></mark>'
        )
        pos = end
    parts.append(esc(text[pos:]))
    return "".join(parts).replace("\n", "<br>")


def clause_html(clause: str, clause_start: int, span: tuple[int, int]) -> str:
    """Escaped HTML of an unclaimed number's CLAUSE (starting at CLAUSE_START in the report) with the number
    (SPAN, report offsets) in <mark>."""
    a, b = max(0, span[0] - clause_start), max(0, span[1] - clause_start)
    esc = html.escape
    return (f'{esc(clause[:a])}<mark style="{UNCLAIMED_STYLE}">{esc(clause[a:b])}</mark>{esc(clause[b:])}').replace(
        "\n", " "
    )


def learned_outcomes(facts: list[dict[str, Any]], edited: dict[Any, dict[str, Any]]) -> list[tuple[int, bool]]:
    """(phrasing id, kept) for each fact a learned phrasing read: kept when its row is saved with the same
    indicator and value; dropped or changed counts against the phrasing."""
    out: list[tuple[int, bool]] = []
    for i, f in enumerate(facts):
        if f.get("origin") != "learned" or f.get("phrasing") is None:
            continue
        change = edited.get(i) or edited.get(str(i)) or {}
        kept = change.get("保存", True) and "指标" not in change and "数值" not in change
        out.append((int(f["phrasing"]), bool(kept)))
    return out
