"""The indicator catalog: data/catalog.yaml is the source of truth, mirrored into the Indicator table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Indicator

CATALOG_PATH = Path(__file__).resolve().parent.parent / "data" / "catalog.yaml"
KINDS = ("count", "money", "percent")
# 口径: when a figure is counted (时点: stands on 12月31日; 年度: 1月1日–12月31日; 学年: 9月1日–8月31日 or
# 7月1日–6月30日 as the education system counts) and which statistics system defines it.
BASES = ("时点", "年度", "学年")
SYSTEMS = ("党统", "农经", "政法", "纪委", "自定")
CATEGORIES = ("基本情况", "党员队伍", "组织建设", "学习培训", "集体经济", "网格治理", "纪律监督", "干部队伍")


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    name: str
    category: str
    unit: str
    kind: str
    higher_is_better: bool | None
    description: str
    synonyms: tuple[str, ...] = ()
    phrasings: tuple[str, ...] = ()
    aggregate: str = "sum"
    basis: str = "年度"
    counting_rule: str = ""
    source_system: str = "自定"
    official_name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class CatalogError(ValueError):
    """The catalog file is malformed; the message names the entry."""


def parse_catalog(text: str) -> list[IndicatorSpec]:
    """Parse catalog YAML text into specs, checking every entry has what the product relies on."""
    doc = yaml.safe_load(text) or {}
    specs: list[IndicatorSpec] = []
    seen: set[str] = set()
    for i, raw in enumerate(doc.get("indicators") or [], start=1):
        missing = [f for f in ("key", "name", "category", "unit", "kind") if not raw.get(f)]
        if missing:
            raise CatalogError(f"指标目录第 {i} 项缺少字段：{'、'.join(missing)}")
        if raw["kind"] not in KINDS:
            raise CatalogError(f"指标目录 {raw['key']} 的 kind 必须是 {'/'.join(KINDS)}")
        if raw["key"] in seen:
            raise CatalogError(f"指标目录中 {raw['key']} 重复出现")
        seen.add(raw["key"])
        known = {
            "key",
            "name",
            "category",
            "unit",
            "kind",
            "higher_is_better",
            "description",
            "synonyms",
            "phrasings",
            "aggregate",
            "koujing",
        }
        thresholds = raw.get("thresholds")
        if thresholds is not None and (
            "{threshold}" not in str(thresholds.get("header", "")) or not thresholds.get("values")
        ):
            raise CatalogError(f"指标目录 {raw['key']} 的 thresholds 需要 header（含 {{threshold}}）和 values")
        aggregate = raw.get("aggregate") or ("mean" if raw["kind"] == "percent" else "sum")
        if aggregate not in ("sum", "mean"):
            raise CatalogError(f"指标目录 {raw['key']} 的 aggregate 必须是 sum 或 mean")
        kj = _koujing(raw)
        specs.append(
            IndicatorSpec(
                key=raw["key"],
                name=raw["name"],
                category=raw["category"],
                unit=raw["unit"],
                kind=raw["kind"],
                higher_is_better=raw.get("higher_is_better"),
                description=raw.get("description") or "",
                synonyms=tuple(raw.get("synonyms") or ()),
                phrasings=tuple(raw.get("phrasings") or ()),
                aggregate=aggregate,
                basis=kj["basis"],
                counting_rule=kj["rule"],
                source_system=kj["system"],
                official_name=kj["official"],
                extra={k: v for k, v in raw.items() if k not in known},
            )
        )
    return specs


def ledger_series(spec: IndicatorSpec) -> list[tuple[str, float | None]]:
    """The series a ledger holds of SPEC, each as (column name, threshold in 万元 or None): one per catalog
    threshold for an indicator counted over a threshold (集体经济收入10万元以上村数), else its own name."""
    thresholds = spec.extra.get("thresholds")
    if not thresholds:
        return [(spec.name, None)]
    return [(thresholds["header"].format(threshold=f"{v:g}"), float(v)) for v in thresholds["values"]]


# Another series of an indicator kept in a ledger column and a form field of its own (catalog `variants`: 村集体
# 经营性收入 is collective_income_total with attrs {"measure": "经营性"}; 党委数 is party_orgs_total with
# {"level": "党委"}): the ledger layer names it "collective_income_total:measure=经营性" and stores the indicator
# with those attrs.
VARIANT_SEP = ":"


def variant_key(key: str, attrs: dict[str, Any]) -> str:
    """("collective_income_total", {"measure": "经营性"}) → "collective_income_total:measure=经营性"."""
    return key + "".join(f"{VARIANT_SEP}{k}={v}" for k, v in sorted(attrs.items()))


def split_variant(key: str) -> tuple[str, dict[str, str]]:
    """ "collective_income_total:measure=经营性" → ("collective_income_total", {"measure": "经营性"})."""
    base, *rest = key.split(VARIANT_SEP)
    return base, dict(r.split("=", 1) for r in rest)


def ledger_specs(specs: Sequence[IndicatorSpec]) -> list[IndicatorSpec]:
    """SPECS with, after each, the variants it lists (a spec each, keyed by variant_key, with its own name and
    synonyms): the series a ledger template and 在线填报 ask for beside the indicators themselves."""
    out: list[IndicatorSpec] = []
    for s in specs:
        out.append(s)
        for v in s.extra.get("variants") or ():
            attrs = dict(v["attrs"])
            extra = {k: val for k, val in s.extra.items() if k not in ("variants", "thresholds", "extract")}
            out.append(
                replace(
                    s,
                    key=variant_key(s.key, attrs),
                    name=v["name"],
                    synonyms=tuple(v.get("synonyms") or ()),
                    phrasings=(),
                    description=v.get("description") or s.description,
                    extra={**extra, "variant_of": s.key, "variant_attrs": attrs},
                )
            )
    return out


def counting_units(spec: IndicatorSpec) -> dict[str, str]:
    """The words of the other counting units SPEC accepts besides its own, each → the unit a figure keeps
    (起 → 件 for 党纪立案数, counted in 人 or 件); empty for most indicators."""
    return {word: unit for unit, words in (spec.extra.get("counting_units") or {}).items() for word in words}


def needs_threshold(spec: IndicatorSpec) -> bool:
    """True when every figure of SPEC is counted over a threshold that must be stated with it."""
    return bool(spec.extra.get("thresholds"))


def _koujing(raw: dict[str, Any]) -> dict[str, str]:
    """An entry's 口径 (`koujing: {basis, system, official, rule}`); without one, a stock stands on 12月31日 (时点),
    anything else counts over the year (年度), defined by the county itself (自定)."""
    kj = raw.get("koujing") or {}
    basis = kj.get("basis") or ("时点" if raw.get("measure") == "stock" else "年度")
    system = kj.get("system") or "自定"
    if basis not in BASES:
        raise CatalogError(f"指标目录 {raw['key']} 的口径 basis 必须是 {'/'.join(BASES)}")
    if system not in SYSTEMS:
        raise CatalogError(f"指标目录 {raw['key']} 的口径 system 必须是 {'/'.join(SYSTEMS)}")
    return {
        "basis": basis,
        "system": system,
        "official": str(kj.get("official") or raw["name"]),
        "rule": str(kj.get("rule") or ""),
    }


@lru_cache(maxsize=4)
def load_catalog(path: Path = CATALOG_PATH) -> tuple[IndicatorSpec, ...]:
    """The catalog specs from PATH (cached; the file is read once per process)."""
    return tuple(parse_catalog(path.read_text(encoding="utf-8")))


def catalog_by_key(path: Path = CATALOG_PATH) -> dict[str, IndicatorSpec]:
    return {s.key: s for s in load_catalog(path)}


def sync_catalog(session: Session, specs: tuple[IndicatorSpec, ...] | None = None) -> int:
    """Insert or update every catalog entry in the Indicator table; returns how many rows changed."""
    specs = specs if specs is not None else load_catalog()
    existing = {i.key: i for i in session.scalars(select(Indicator))}
    changed = 0
    for order, s in enumerate(specs):
        values = {
            "name": s.name,
            "category": s.category,
            "unit": s.unit,
            "kind": s.kind,
            "higher_is_better": s.higher_is_better,
            "description": s.description,
            "synonyms": list(s.synonyms),
            "aggregate": s.aggregate,
            "basis": s.basis,
            "counting_rule": s.counting_rule,
            "source_system": s.source_system,
            "official_name": s.official_name,
            "sort_order": order,
        }
        row = existing.get(s.key)
        if row is None:
            session.add(Indicator(key=s.key, **values))
            changed += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            changed += 1
    session.flush()
    return changed
