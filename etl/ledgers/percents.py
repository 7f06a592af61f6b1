"""Percent columns of a ledger: fractions typed as Excel percent cells (0.95) scaled to 95, values over 100% refused."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from etl.ledgers.cells import fmt
from etl.ledgers.context import Context
from etl.ledgers.figures import ObsStore
from etl.ledgers.match import IndicatorInfo


def scale_percent_columns(
    store: ObsStore, percent: Mapping[str, Sequence[int]], info: Mapping[str, IndicatorInfo], ctx: Context
) -> None:
    """For each percent indicator's stored figures (PERCENT: indicator → indexes in STORE): a column holding only
    fractions (0 ≤ v ≤ 1, some above 0) was typed as Excel percent cells and is scaled by 100, with a warning; a
    fraction among percentages (0.985 beside 98.5, 100) is either 0.985% or 98.5%: an error, dropped; a figure still
    over 100 is an error and is dropped."""
    for key, indexes in percent.items():
        values = [store.value_of(i) for i in indexes]
        if all(v is None or 0 <= v <= 1 for v in values) and any(v for v in values):
            for i, v in zip(indexes, values, strict=True):
                if v is not None:
                    store.set_value(i, round(v * 100, 6))
            ctx.warn(store.cell(indexes[0]), f"“{info[key].name}”按百分比格式读取（0.95 即 95%）")
        else:
            _fractions_among_percentages(store, indexes, values, info[key], ctx)
        for i in indexes:
            v = store.value_of(i)
            if v is not None and v > 100:
                ctx.error(store.cell(i), f"“{fmt(v)}” 超过 100%")
                store.delete(i)


def _fractions_among_percentages(
    store: ObsStore, indexes: Sequence[int], values: Sequence[float | None], info: IndicatorInfo, ctx: Context
) -> None:
    """Fractions (0 < v < 1) typed as plain numbers beside percentages over 1 of the same indicator: which of the two
    was meant cannot be told, so each is an error naming its cell and is dropped (never read as 0.985%)."""
    over = [v for v in values if v is not None and v > 1]
    if not over:
        return
    for i, v in zip(indexes, values, strict=True):
        if v is not None and 0 < v < 1:
            ctx.error(
                store.cell(i),
                f"“{fmt(v)}”与同列其他数（如 {fmt(over[0])}）口径不一致：是 {fmt(v)}% 还是 {fmt(v * 100)}%，无法判断；"
                f"请将“{info.name}”统一按百分数填写（如 {fmt(v * 100)} 或 {fmt(v * 100)}%）",
            )
            store.delete(i)
