"""Where each number of a paragraph came from: rows for the page's expander and the CLI's JSON."""

from __future__ import annotations

from typing import Any

from narrative.compose import Paragraph
from narrative.facts import CountyYear
from narrative.templates import Num

HOW_ZH = {
    "value": "原始数据",
    "previous": "上年数据",
    "sum": "全县合计",
    "mean": "平均数",
    "change": "较上年增减",
    "change_pct": "增减幅度",
    "rank": "全县排名",
    "count": "个数",
    "target_pct": "目标完成比例",
    "target_gap": "距目标差额",
    "threshold": "收入门槛（万元）",
    "year": "年度",
}
QUALIFIER_ZH = {"exact": "", "over": "余（以上）", "approx": "约", "under": "不足"}


def number_dict(n: Num) -> dict[str, Any]:
    """A Num as JSON-ready data."""
    return {
        "text": n.text,
        "value": n.value,
        "how": n.how,
        "indicator": n.indicator,
        "threshold": n.threshold,
        "observation_ids": list(n.observation_ids),
    }


def sources(p: Paragraph, data: CountyYear) -> list[dict[str, Any]]:
    """One row per observation behind P: indicator, township, year, value, source file, evidence."""
    rows = []
    for obs_id in p.observation_ids:
        o = data.obs(obs_id)
        if o is None:
            continue
        info = data.indicators.get(o.indicator)
        rows.append(
            {
                "observation_id": o.id,
                "indicator": o.indicator,
                "indicator_name": info.name if info else o.indicator,
                "township": o.township,
                "year": o.year,
                "value": o.value,
                "unit": info.unit if info else "",
                "qualifier": o.qualifier,
                "target": o.is_target,
                "threshold": o.threshold,
                "source": o.source_filename,
                "source_kind": o.source_kind,
                "evidence": o.evidence or "",
                "locator": o.locator,
            }
        )
    return rows


def trace_rows(p: Paragraph, data: CountyYear) -> list[dict[str, Any]]:
    """Rows for a table: each printed number with how it was computed and the observations behind it."""
    out = []
    for n in p.numbers:
        if n.how == "year":
            continue
        obs = [o for i in n.observation_ids if (o := data.obs(i)) is not None]
        names = {data.indicators[o.indicator].name for o in obs if o.indicator in data.indicators}
        out.append(
            {
                "数字": n.text,
                "含义": HOW_ZH.get(n.how, n.how),
                "指标": "、".join(sorted(names)),
                "依据": "；".join(
                    f"{o.township}{o.year}年{'目标' if o.is_target else ''}"
                    f"{'' if o.value is None else format(o.value, 'g')}{QUALIFIER_ZH.get(o.qualifier, '')}"
                    f"（{o.source_filename}：{o.evidence or o.locator or '无原文'}）"
                    for o in obs[:6]
                )
                + (f"；等{len(obs)}条" if len(obs) > 6 else ""),
            }
        )
    return out


def paragraph_dict(p: Paragraph, data: CountyYear) -> dict[str, Any]:
    """A paragraph with its numbers and sources, for `python -m etl narrative --format json`."""
    return {
        "kind": p.kind,
        "title": p.title,
        "region": p.region,
        "year": p.year,
        "text": p.text,
        "numbers": [number_dict(n) for n in p.numbers],
        "sources": sources(p, data),
    }
