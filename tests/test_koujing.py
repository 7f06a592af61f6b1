"""口径 in the catalog: every indicator states its time basis, counting rule, statistics system and official
name; the loader checks them and syncs them into the Indicator table; 指标目录 reads them from there."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy import Engine, select

from store.access import SYSTEM
from store.catalog import BASES, CATALOG_PATH, SYSTEMS, CatalogError, load_catalog, parse_catalog, sync_catalog
from store.models import Indicator
from store.queries import indicator_catalog
from store.session import session_factory

RAW = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))["indicators"]


@pytest.mark.parametrize("raw", RAW, ids=[r["key"] for r in RAW])
def test_every_indicator_states_its_koujing(raw: dict) -> None:
    kj = raw.get("koujing") or {}
    assert kj.get("basis") in BASES and kj.get("system") in SYSTEMS
    assert kj.get("official") and kj.get("rule")
    if raw.get("measure") == "stock":
        assert kj["basis"] == "时点"  # a stock stands on 12月31日


@pytest.mark.parametrize(
    ("koujing", "error"),
    [
        ("{basis: 月度, system: 党统}", "basis"),
        ("{basis: 时点, system: 统计局}", "system"),
    ],
)
def test_a_wrong_koujing_is_refused_by_name(koujing: str, error: str) -> None:
    text = f"indicators:\n- {{key: x, name: 甲, category: 党员队伍, unit: 人, kind: count, koujing: {koujing}}}\n"
    with pytest.raises(CatalogError, match=f"x 的口径 {error}"):
        parse_catalog(text)


@pytest.mark.parametrize(
    ("extra", "basis", "system", "official"),
    [
        ("measure: stock", "时点", "自定", "甲"),
        ("higher_is_better: true", "年度", "自定", "甲"),
        ("koujing: {basis: 学年, system: 党统, official: 甲统计}", "学年", "党统", "甲统计"),
    ],
)
def test_koujing_defaults(extra: str, basis: str, system: str, official: str) -> None:
    text = f"indicators:\n- {{key: x, name: 甲, category: 党员队伍, unit: 人, kind: count, {extra}}}\n"
    spec = parse_catalog(text)[0]
    assert (spec.basis, spec.source_system, spec.official_name) == (basis, system, official)


def test_koujing_is_synced_and_read_back(engine: Engine) -> None:
    with session_factory(engine)() as s, s.begin():
        sync_catalog(s)
        rows = {i.key: i for i in s.scalars(select(Indicator))}
    specs = load_catalog()
    assert all(
        (rows[x.key].basis, rows[x.key].source_system, rows[x.key].official_name, rows[x.key].counting_rule)
        == (x.basis, x.source_system, x.official_name, x.counting_rule)
        for x in specs
    )
    df = indicator_catalog(engine, SYSTEM).set_index("key")
    assert df.loc["party_members_total", "basis"] == "时点"
    assert df.loc["party_members_new", "basis"] == "年度"
    assert df.loc["collective_income_total", "source_system"] == "农经"
    assert df.loc["discipline_cases", "source_system"] == "纪委"
