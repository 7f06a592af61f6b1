"""Report once (《整治形式主义为基层减负若干规定》: the same material at most once): the figures the store already
holds for a township and year, as the ledger template and 在线填报 pre-fill them, each with its source.

One figure per township × year × series (an indicator, one of its thresholds, or a catalog variant: 村集体经营性
收入, 基层党委数): the headline, achieved (not a plan), of the year's 口径; for a level (党委, 党总支), a part that
is never a headline, the newest active figure. Other parts (农村党支部) and periods (上半年) have no field of their
own in the template or the form, so they are not offered."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from store.access import Actor
from store.catalog import variant_key
from store.models import ACTIVE_STATUSES, Indicator, Observation, Region, Source

SOURCE_ZH = {"report": "工作报告", "ledger": "台账", "demo": "演示数据", "manual": "手工录入", "form": "在线填报"}

HeldKey = tuple[str, int, str, float | None]  # township, year, indicator key, threshold (万元)


@dataclass(frozen=True)
class Held:
    """A figure the store holds, as a pre-filled field shows it."""

    value: float | None
    masked: bool
    qualifier: str
    kind: str  # the source's kind (report, ledger, form …)
    filename: str

    @property
    def source(self) -> str:
        """“台账《2023年台账.xlsx》”: where the figure came from, as the template and the form name it."""
        return f"{SOURCE_ZH.get(self.kind, self.kind)}《{self.filename}》"


def held_figures(
    session: Session,
    actor: Actor,
    years: Sequence[int],
    *,
    region_path: str | None = None,
    townships: Collection[str] | None = None,
) -> dict[HeldKey, Held]:
    """The headline achieved figures of YEARS for the townships ACTOR may read (under REGION_PATH, or named in
    TOWNSHIPS), one per series, keyed (township, year, indicator, threshold)."""
    actor.require("read")
    stmt = (
        select(
            Region.name,
            Observation.year,
            Indicator.key,
            Observation.attrs_key,
            Observation.value,
            Observation.masked,
            Observation.qualifier,
            Source.kind,
            Source.filename,
        )
        .join(Region, Region.id == Observation.region_id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Source, Source.id == Observation.source_id)
        .where(
            Observation.is_target.is_(False),
            Observation.year.in_(list(years)),
            Region.level == "township",
            actor.region_clause(),
            or_(
                Observation.is_headline.is_(True),
                and_(Observation.attrs_key.like('{"level":%'), Observation.status.in_(ACTIVE_STATUSES)),
            ),
        )
        .order_by(Observation.id)
    )
    if region_path:
        stmt = stmt.where(Region.path.startswith(region_path))
    if townships is not None:
        stmt = stmt.where(Region.name.in_(list(townships)))
    out: dict[HeldKey, Held] = {}
    for name, year, key, attrs_key, value, masked, qualifier, kind, filename in session.execute(stmt):
        attrs = json.loads(attrs_key) if attrs_key else {}
        threshold = attrs.pop("threshold", None)
        if set(attrs) not in (set(), {"measure"}, {"level"}):
            continue  # a part by type, another period: no field of its own
        held = Held(None if value is None else float(value), bool(masked), qualifier or "exact", kind, filename)
        series = variant_key(key, attrs)  # 村集体经营性收入: "collective_income_total:measure=经营性"
        out[(name, int(year), series, None if threshold is None else float(threshold))] = held  # the newest wins
    return out
