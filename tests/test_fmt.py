"""Chinese number formatting: one line per behaviour."""

import pytest

from ui.fmt import (
    axis_number,
    entry_number,
    fmt_change,
    fmt_change_pct,
    fmt_number,
    fmt_share,
    fmt_value,
    main_year,
    nice_ticks,
    partial_note,
    table_height,
    text_width,
    variant_label,
)

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
    (286.5, "万元", "286.5万元"),
    (286.456, "万元", "286.46万元"),
    (1234.5, "万元", "1234.5万元"),
    (12345.6, "万元", "1.235亿元"),
    (123456, "人", "12.35万人"),
    (93911, "户", "93911户"),  # under 10万 in full unless 万 is exact: not 9.391万户
    (16234, "元", "16234元"),
    (16234.42, "元", "16234元"),  # a mean of townships' per-person income: whole yuan
    (1_234_567_890, "", "12.35亿"),
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


@pytest.mark.parametrize(("pct", "text"), [(12.5, "+12.5%"), (-3.0, "-3%"), (0, "持平"), (0.04, "持平"), (None, "—")])
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
        ('{"level":2}', "（二级）"),  # grid levels are stored as numbers: not （2）
        ('{"level":"党委"}', "（党委）"),
        ('{"severity":"严重警告"}', "（严重警告）"),
    ],
)
def test_variant_label(variant, text):
    assert variant_label(variant) == text


def test_fmt_share():
    assert fmt_share(12, 14) == "12/14 个乡镇上报"


@pytest.mark.parametrize(
    ("now", "prev", "kind", "text", "min_base"),
    [
        (95.0, 96.0, "percent", "-1个百分点", 0),
        (96.5, 95.0, "percent", "+1.5个百分点", 0),
        (95.0, 95.0, "percent", "持平", 0),
        (110, 100, "count", "+10%", 0),
        (100, 100, "money", "持平", 0),
        (5, 0, "count", None, 0),
        (None, 3, "count", None, 0),
        # on a base under the paragraphs' mover_min_base the change itself, never +300%
        (4, 1, "count", "+3件", 5),
        (1, 4, "count", "-3件", 5),
        (2, 2, "count", "持平", 5),
        (12, 6, "count", "+100%", 5),
    ],
)
def test_fmt_change_rates_in_points_and_flat(now, prev, kind, text, min_base):
    assert fmt_change(now, prev, kind, "件", min_base) == text


@pytest.mark.parametrize(
    ("reporting", "n_towns", "year"),
    [
        ({2023: 12, 2024: 12, 2025: 1}, 12, 2024),  # one early report does not make 2025 the county's year
        ({2023: 12, 2024: 7}, 12, 2024),
        ({2023: 12, 2024: 6}, 12, 2023),  # half is not most
        ({2023: 2, 2024: 1}, 12, 2023),  # nobody reported most: the best-covered year
        ({}, 12, None),
    ],
)
def test_main_year_is_the_latest_year_most_townships_reported(reporting, n_towns, year):
    assert main_year(reporting, n_towns) == year


def test_partial_note():
    assert partial_note(2025, 1, 12) == "2025年：1/12 个乡镇已上报"
    assert partial_note(2025, 12, 12) is None


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(0.5, "", "0.5"), (500, "人", "500"), (1000, "人", "1000"), (20000, "人", "2万"), (12000, "万元", "1.2亿")],
)
def test_axis_labels_use_chinese_scale_words(value, unit, text):
    assert axis_number(value, unit) == text


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [(0, 822, [0, 200, 400, 600, 800, 1000]), (3, 7, [0, 2, 4, 6, 8]), (0, 0.9, [0, 0.2, 0.4, 0.6, 0.8, 1.0])],
)
def test_nice_ticks(low, high, ticks):
    assert nice_ticks(low, high) == ticks


@pytest.mark.parametrize(("rows", "height"), [(3, "content"), (12, "content"), (40, "content"), (41, 563), (2000, 563)])
def test_a_county_of_townships_is_listed_whole_and_a_province_scrolls(rows, height):
    """Streamlit's default frame shows 10 rows: a county of 12 townships lost two below the edge."""
    assert table_height(rows) == height


@pytest.mark.parametrize(
    ("value", "kind", "unit", "shown", "start"),
    [
        (74.0, "count", "人", "%d", 74),  # 数据审核 showed 74.00 for a count
        (12.0, "count", "次", "%d", 12),
        (None, "count", "个", "%d", 0),
        (286.55, "money", "万元", "%.2f", 286.55),
        (16234.0, "money", "元", "%d", 16234),
        (97.25, "percent", "%", "%.1f", 97.2),
    ],
)
def test_a_correction_is_entered_with_the_decimals_of_its_unit(value, kind, unit, shown, start):
    got = entry_number(value, kind, unit)
    assert got["format"] == shown and got["value"] == start
    assert isinstance(got["value"], int) == (shown == "%d") and type(got["min_value"]) is type(got["value"])


@pytest.mark.parametrize(
    ("label", "values", "fits"),
    [
        ("乡镇", ["青石镇", "马鞍彝族乡"], "马鞍彝族乡"),
        ("待审核的新数值", ["0", "12"], "待审核的新数值"),
        ("乡镇", [], "乡镇"),
    ],
)
def test_a_name_column_is_as_wide_as_its_longest_name(label, values, fits):
    assert text_width(label, values) >= 15 * len(fits) + 16 and text_width(label, values) < 15 * len(fits) + 60


@pytest.mark.parametrize(
    "variants, expected",
    [
        # labels that differ stay as they are
        (['{"level":1}', '{"type":"小区"}', ""], ["（一级）", "（小区）", ""]),
        # two parts whose values read alike are named with their attribute: no chart has two lines of one name
        (['{"level":"其他"}', '{"type":"其他"}'], ["（级别：其他）", "（类型：其他）"]),
        (['{"severity":"警告"}', '{"severity":"警告"}'], ["（警告）", "（警告）"]),  # one variant twice is one line
    ],
)
def test_variant_labels_never_share_a_name(variants: list[str], expected: list[str]) -> None:
    from ui.fmt import variant_labels

    labels = variant_labels(variants)
    assert [labels[v] for v in variants] == expected
