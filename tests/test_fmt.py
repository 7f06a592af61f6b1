"""Chinese number formatting: one line per behaviour."""

import pytest

from ui.fmt import fmt_change_pct, fmt_number, fmt_share, fmt_value, variant_label

NUMBERS = [
    (64, "", "64"),
    (12000, "", "1.2万"),
    (350_000_000, "", "3.5亿"),
    (64, "%", "64%"),
    (85.25, "%", "85.2%"),
    (12000, "人", "1.2万人"),
    (15000, "元", "1.5万元"),
    (350, "万元", "350万元"),
    (12000, "万元", "1.2亿元"),
    (3.5, "个", "3.5个"),
    (-12000, "", "-1.2万"),
    (None, "人", "—"),
    (float("nan"), "", "—"),
]
VALUES = [
    ((100, "人次", "over"), "100余人次"),
    ((30, "户", "approx"), "约30户"),
    ((5, "个", "under"), "不足5个"),
    ((None, "人", "exact", True), "已脱敏"),
    ((12000, "万元"), "1.2亿元"),
    ((64, "%"), "64%"),
    ((None, "人"), "—"),
]


@pytest.mark.parametrize(("value", "unit", "text"), NUMBERS)
def test_fmt_number(value, unit, text):
    assert fmt_number(value, unit) == text


@pytest.mark.parametrize(("args", "text"), VALUES)
def test_fmt_value(args, text):
    assert fmt_value(*args) == text


@pytest.mark.parametrize(("pct", "text"), [(12.5, "+12.5%"), (-3.0, "-3%"), (0, "+0%"), (None, "—")])
def test_fmt_change_pct(pct, text):
    assert fmt_change_pct(pct) == text


@pytest.mark.parametrize(
    ("variant", "text"),
    [
        ("", ""),
        ('{"threshold":10.0}', "（≥10万元）"),
        ('{"threshold":5.5}', "（≥5.5万元）"),
        ('{"type":"农村"}', "（农村）"),
        ('{"threshold":null}', "（门槛已脱敏）"),
    ],
)
def test_variant_label(variant, text):
    assert variant_label(variant) == text


def test_fmt_share():
    assert fmt_share(12, 14) == "12/14 个乡镇上报"
