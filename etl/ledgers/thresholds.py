"""Indicators counted over a threshold (集体经济收入10万元以上村数): a column or row of one must state it."""

from __future__ import annotations

from etl.ledgers.context import Issue
from etl.ledgers.match import IndicatorInfo, IndicatorMatcher
from etl.ledgers.table import Table


def missing_threshold(header: str, info: IndicatorInfo) -> str:
    """The error for a figure of an indicator counted over a threshold that states none."""
    example = "”“".join(info.thresholds[:2])
    return (
        f"“{header}”没有写明门槛：{info.name}要按门槛分开填写（如“{example}”），"
        "否则无法与其他年份的同一门槛数据比较；请在表头写明门槛，或下载模板对照填写"
    )


def threshold_issues(table: Table, matcher: IndicatorMatcher) -> list[Issue]:
    """Errors for columns of an indicator counted over a threshold whose header states none: their figures
    would make a series of their own beside 10万元以上 and never join its history."""
    out: list[Issue] = []
    for col in table.value_columns:
        info = matcher.indicators.get(col.indicator or "")
        if info is not None and info.thresholds and col.threshold is None:
            out.append(Issue(f"{table.sheet}!{col.header_cell}", missing_threshold(col.header, info)))
    return out
