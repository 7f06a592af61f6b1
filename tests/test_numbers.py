"""etl.reports.numbers: one line per behaviour of the standalone figure parser."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.reports.extract import extract_text
from etl.reports.mentions import find_mentions
from etl.reports.numbers import Quantity, convert_money, numeral_value, parse_quantity
from etl.reports.scan import scan_mentions

MASKED = "masked"

# (text, value, qualifier, unit, is_percent); value MASKED means masked=True and value None.
CASES = [
    ("1,234", 1234, "exact", None, False),
    ("12,345.5", 12345.5, "exact", None, False),
    ("１２３", 123, "exact", None, False),
    ("１，２３４", 1234, "exact", None, False),
    ("12.5%", 12.5, "exact", "%", True),
    ("64％", 64, "exact", "%", True),
    ("百分之六十四", 64, "exact", "%", True),
    ("百分之12.5", 12.5, "exact", "%", True),
    ("两", 2, "exact", None, False),
    ("十二", 12, "exact", None, False),
    ("一百二十", 120, "exact", None, False),
    ("三千零五", 3005, "exact", None, False),
    ("二〇二三", 2023, "exact", None, False),
    ("1.2万", 12000, "exact", None, False),
    ("3万4000", 34000, "exact", None, False),
    ("1.3亿", 130000000, "exact", None, False),
    ("1.2万人", 12000, "exact", "人", False),
    ("5000元", 5000, "exact", "元", False),
    ("3万元", 3, "exact", "万元", False),
    ("1.3亿元", 1.3, "exact", "亿元", False),
    ("438人次", 438, "exact", "人次", False),
    ("约30", 30, "approx", None, False),
    ("近200户", 200, "approx", "户", False),
    ("30左右", 30, "approx", None, False),
    ("100余", 100, "over", None, False),
    ("400多", 400, "over", None, False),
    ("100人以上", 100, "over", "人", False),
    ("超过50人", 50, "over", "人", False),
    ("逾千", None, None, None, False),
    ("不少于12次", 12, "over", "次", False),
    ("不足5个", 5, "under", "个", False),
    ("35岁以下", None, None, None, False),
    ("15万余", 150000, "over", None, False),
    ("2万3千", 23000, "exact", None, False),
    ("25万6千人", 256000, "exact", "人", False),
    ("1万5千元", 15000, "exact", "元", False),
    ("1亿5万元", 100050000, "exact", "元", False),
    ("十二点五万元", 125000, "exact", "元", False),
    ("X", MASKED, "exact", None, False),
    ("XX", MASKED, "exact", None, False),
    ("XXX", MASKED, "exact", None, False),
    ("x", MASKED, "exact", None, False),
    ("×", MASKED, "exact", None, False),
    ("××", MASKED, "exact", None, False),
    ("*", MASKED, "exact", None, False),
    ("**", MASKED, "exact", None, False),
    ("***", MASKED, "exact", None, False),
    ("XX7", MASKED, "exact", None, False),
    ("X余场次", MASKED, "over", "场次", False),
    ("XX%", MASKED, "exact", "%", True),
    ("", None, None, None, False),
    ("abc", None, None, None, False),
    ("2023年", None, None, None, False),
    ("党员", None, None, None, False),
]


@pytest.mark.parametrize(("text", "value", "qualifier", "unit", "pct"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_parse_quantity(text: str, value: object, qualifier: str | None, unit: str | None, pct: bool) -> None:
    q = parse_quantity(text)
    if qualifier is None:
        assert q is None
        return
    assert q is not None
    if value == MASKED:
        assert q.masked and q.value is None
    else:
        assert not q.masked and q.value == pytest.approx(value)
    assert (q.qualifier, q.unit, q.is_percent) == (qualifier, unit, pct)


RANGES = [
    ("3-5万元", 3, 5, "万元"),
    ("3至5个", 3, 5, "个"),
    ("3-5万", 30000, 50000, None),
    ("10～20人", 10, 20, "人"),
]


@pytest.mark.parametrize(("text", "low", "high", "unit"), RANGES)
def test_ranges_keep_both_ends(text: str, low: float, high: float, unit: str | None) -> None:
    q = parse_quantity(text)
    assert q == Quantity(value=low, qualifier="over", masked=False, unit=unit, is_percent=False, high=high)


def test_quantity_is_frozen() -> None:
    q = parse_quantity("12")
    with pytest.raises(AttributeError):
        q.value = 3  # type: ignore[misc,union-attr]


@pytest.mark.parametrize(
    ("value", "unit", "canonical", "out"),
    [(5000, "元", "万元", 0.5), (1.3, "亿元", "万元", 13000), (1.35, "万元", "元", 13500), (None, "元", "万元", None)],
)
def test_convert_money(value: float | None, unit: str, canonical: str, out: float | None) -> None:
    assert convert_money(value, unit, canonical) == out


# Every multiplier applied once, in its place: a chain's last 千/万 is a place, never a factor on the whole.
NUMERALS = [
    ("2万3千", 23000),
    ("1万5千", 15000),
    ("25万6千", 256000),
    ("3万4000", 34000),
    ("5亿1万4千6百", 500014600),
    ("十二点五万", 125000),
    ("六点四二万", 64200),
    ("二十八万三千八百一十八点二八九九四万", 2838182899.4),
    ("4.78万亿", 4.78e12),
    ("10万万", 1e9),
    ("四万万", 4e8),
    ("一万三", 13000),
    ("百三", 130),
    ("一百零十万", 1100000),
    ("零十", 10),
    ("二〇二三", 2023),
    ("两", 2),
    ("1,234", 1234),
    ("万", None),
    ("万万", None),
    ("党员", None),
]


@pytest.mark.parametrize(("token", "value"), NUMERALS, ids=[c[0] for c in NUMERALS])
def test_numeral_value(token: str, value: float | None) -> None:
    got = numeral_value(token)
    assert got == (None if value is None else pytest.approx(value, rel=1e-12))


# The report scanner reads the same numerals: (sentence, value, unit, qualifier).
SCANNED = [
    ("全镇现有党员2万3千人", 23000, "人", "exact"),
    ("投入资金1万5千元", 15000, "元", "exact"),
    ("服务群众25万6千人次", 256000, "人次", "exact"),
    ("投入1亿5万元", 100050000, "元", "exact"),
    ("村集体经济收入十二点五万元", 125000, "元", "exact"),
    ("共计六点四二万人", 64200, "人", "exact"),
    ("收入3.5万元", 3.5, "万元", "exact"),
    ("覆盖十余万人", 100000, "人", "over"),
    ("培训党员1.2万人次", 12000, "人次", "exact"),
]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), SCANNED, ids=[c[0] for c in SCANNED])
def test_scan_mentions_apply_multipliers_in_place(text: str, value: float, unit: str, qualifier: str) -> None:
    [m] = scan_mentions(text)
    assert (m.value, m.unit, m.qualifier) == (pytest.approx(value), unit, qualifier)


def test_extract_reads_a_chained_count_once() -> None:
    facts = extract_text("青石镇2023年党建工作总结\n全镇现有党员2万3千人。", source="t.txt")["facts"]
    assert [(f["indicator"], f["value"]) for f in facts] == [("party_members_total", 23000)]


# The mention listing (`python -m etl numbers`): (text, [(value, high, unit, qualifier, percent), ...]).
MENTIONS = [
    # every multiplier in its place
    ("全镇现有党员2万3千人", [(23000, None, "人", "exact", False)]),
    ("投入1万5千元", [(15000, None, "元", "exact", False)]),
    ("共25万6千人次", [(256000, None, "人次", "exact", False)]),
    ("投资十二点五万元", [(125000, None, "元", "exact", False)]),
    ("共计六点四二万人", [(64200, None, "人", "exact", False)]),
    ("总额4.78万亿元", [(4.78e12, None, "元", "exact", False)]),
    ("七 万5 千4 百", [(75400, None, None, "exact", False)]),
    ("二十 億", [(2e9, None, None, "exact", False)]),
    ("全校两千四百五名学生", [(2450, None, "名", "exact", False)]),
    ("尾号一二三四", [(1234, None, None, "exact", False)]),
    # approximations and qualifiers before (also after 了/有/是) and after the number
    ("十 余 万", [(100000, None, None, "over", False)]),
    ("二十几万人", [(200000, None, "人", "over", False)]),
    ("一千五百零几万", [(15000000, None, None, "over", False)]),
    ("这一批产品大概有五百多个", [(1, None, "批", "exact", False), (500, None, "个", "over", False)]),
    ("价格超过了一千", [(1000, None, None, "over", False)]),
    ("至少有10个型号", [(10, None, "个", "over", False)]),
    ("经度低于100", [(100, None, None, "under", False)]),
    ("35岁及以下党员177名", [(35, None, "岁", "under", False), (177, None, "名", "exact", False)]),
    ("约200户", [(200, None, "户", "approx", False)]),
    # ranges: 到/至/-/~, a shared 万, digit pairs, percent ranges
    ("培训30到50人", [(30, 50, "人", "exact", False)]),
    ("请给我一到五个苹果", [(1, 5, "个", "exact", False)]),
    ("这些苹果大概有20 - 100个", [(20, 100, "个", "approx", False)]),
    ("收入3-5万元", [(30000, 50000, "元", "exact", False)]),
    ("三四十人", [(30, 40, "人", "exact", False)]),
    ("三四个村", [(3, 4, "个", "exact", False)]),
    ("约有两三百人", [(200, 300, "人", "approx", False)]),
    ("一二三", [(123, None, None, "exact", False)]),
    ("收入40万元至50万元的村", [(400000, 500000, "元", "exact", False)]),
    ("十七八万", [(170000, 180000, None, "exact", False)]),
    ("一万六七", [(16000, 17000, None, "exact", False)]),
    ("百分之三十到四十", [(30, 40, "%", "exact", True)]),
    ("约2.5亿年~6500万年", [(2.5e8, None, "年", "approx", False), (6.5e7, None, "年", "exact", False)]),
    # percentages and percentage points
    ("增长百分之六点三", [(6.3, None, "%", "exact", True)]),
    ("百分百", [(100, None, "%", "exact", True)]),
    ("２．５％", [(2.5, None, "%", "exact", True)]),
    ("同比升高零点六个百分点", [(0.6, None, "百分点", "exact", True)]),
    ("六   个 百 分点", [(6, None, "百分点", "exact", True)]),
    ("百分之二三十", []),
    ("二三十个百分点", []),
    # money is 元 only
    ("中得1注1000万元", [(1, None, None, "exact", False), (1e7, None, "元", "exact", False)]),
    ("净流出1200亿美元", []),
    ("一点五万欧元", []),
    ("苹果折扣一折", []),
    # not quantities
    ("一切", []),
    ("我家在四川", []),
    ("万万", []),
    ("两岸关系", []),
    ("美味十足", []),
    ("2023年5月1日召开", []),
    ("二〇二三年", []),
    ("第三次会议", []),
    ("一是加强学习", []),
    ("（一）组织建设", []),
    ("落实三会一课制度", []),
    ("做到“两个维护”", []),
    ("“6322”工程", []),
    ("联系电话13812345678", []),
    ("电话0871-1234567", []),
    ("每周一列会", []),
    ("十分重要", []),
    ("进一步加强", []),
    ("進一步加強", []),
    ("贯彻党的十七大和十七届六中全会精神", []),
    ("会议时间：11:32:39", []),
    ("每月1日、15日为党员活动日", []),
    ("电话：020-123456789", []),
    ("黄 门 镇 2 0 2 1 年 工 作 总 结", []),
    ("3、三是立足实干", []),
    ("擂台赛之一", []),
    ("2021年完成一产增加值", []),
    ("共有党员 644 名", [(644, None, "名", "exact", False)]),
    ("共有１，２３４人", [(1234, None, "人", "exact", False)]),
    ("完成计划的1.1倍", [(1.1, None, "倍", "exact", False)]),
    ("零点", []),
    ("一" * 60, []),  # a run longer than any written quantity is noise, never an infinite value
    ("一点两小时的会议", [(1, None, None, "exact", False), (2, None, "小时", "exact", False)]),
    # masked numbers stand where a number is, before a unit
    ("召开X委会议*次", [(None, None, "次", "exact", False)]),
    ("发展党员XX名", [(None, None, "名", "exact", False)]),
    ("占比达百分之XX", [(None, None, "%", "exact", True)]),
]


@pytest.mark.parametrize(("text", "expected"), MENTIONS, ids=[c[0] for c in MENTIONS])
def test_find_mentions(text: str, expected: list[tuple[float | None, float | None, str | None, str, bool]]) -> None:
    got = [(m.value, m.high, m.unit, m.qualifier, m.percent) for m in find_mentions(text)]
    assert got == [(None if v is None else pytest.approx(v), h and pytest.approx(h), *rest) for v, h, *rest in expected]
    assert all(m.masked == (m.value is None) for m in find_mentions(text))


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("全镇现有党员2万3千人。", "2万3千人"),
        ("共 １２０ 名", "１２０ 名"),
        ("達到百 分 之 三十", "百 分 之 三十"),
        ("超过了80人", "超过了80人"),
    ],
)
def test_mentions_keep_offsets_into_the_text_as_given(text: str, span: str) -> None:
    [m] = find_mentions(text)
    assert text[m.start : m.end] == m.text == span


def _mixed(n: int) -> str:
    """N with Arabic digit groups between Chinese places, as clerks write it: 5亿13万3千零90."""
    yi, rest = divmod(n, 10**8)
    wan, rest = divmod(rest, 10**4)
    qian, rest = divmod(rest, 1000)
    out = "".join(f"{v}{p}" for v, p in ((yi, "亿"), (wan, "万"), (qian, "千")) if v)
    if rest:
        out += ("零" if out and rest < 100 else "") + str(rest)
    return out


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=1, max_value=10**12), unit=st.sampled_from(["人", "元", "户", ""]))
def test_every_written_form_of_an_integer_reads_back(n: int, unit: str) -> None:
    for written in (cn2an.an2cn(n, "low"), _mixed(n), f"{n:,}"):
        got = [m.value for m in find_mentions(f"共有{written}{unit}。")]
        assert got == [n], written


@settings(max_examples=200, deadline=None)
@given(tenths=st.integers(min_value=1, max_value=99999), place=st.sampled_from([("万", 1e4), ("亿", 1e8)]))
def test_decimals_before_wan_and_yi_read_back(tenths: int, place: tuple[str, float]) -> None:
    word, factor = place
    decimal = f"{tenths / 10:g}"
    for written in (decimal, cn2an.an2cn(decimal, "low")):
        [m] = find_mentions(f"计{written}{word}元")
        assert (m.value, m.unit) == (pytest.approx(tenths / 10 * factor), "元"), written


# Numerals in other scripts: financial numerals (大写) and 廿/卅/卌, read the same way in reports and in `etl numbers`;
# words that merely contain such a character stay words.
OTHER_SCRIPTS = [
    ("共召开党委会议廿四次", "party_committee_meetings", 24, "廿四次"),
    ("新发展党员壹拾贰名", "party_members_new", 12, "壹拾贰名"),
    ("全镇现有党员贰佰零伍名", "party_members_total", 205, "贰佰零伍名"),
    ("全鎮現有黨員貳佰零伍名", "party_members_total", 205, "貳佰零伍名"),
    ("全年开展党员培训卅期", "training_sessions", 30, "卅期"),
]


@pytest.mark.parametrize(("sentence", "key", "value", "said"), OTHER_SCRIPTS, ids=[c[0] for c in OTHER_SCRIPTS])
def test_other_numeral_scripts_are_read_with_their_evidence(sentence: str, key: str, value: float, said: str) -> None:
    text = f"青石镇2023年党建工作总结\n2023年，{sentence}。"
    facts = [f for f in extract_text(text)["facts"] if f["indicator"] == key]
    assert [f["value"] for f in facts] == [value]
    assert said in facts[0]["evidence"]  # the evidence is the text as written, not the respelt one
    mentions = [m for m in find_mentions(sentence) if m.value is not None]
    assert [(m.value, sentence[m.start : m.end]) for m in mentions] == [(value, said)]


@pytest.mark.parametrize("text", ["陆续发展", "拾金不昧", "伍家岭社区", "参加会议", "廿八都镇"])
def test_words_with_numeral_characters_stay_words(text: str) -> None:
    """No financial numeral or 廿 is read inside a word or a place name (廿八都镇 is no 28 or 20)."""
    assert not [m for m in find_mentions(text) if m.value in (20, 28) or m.text[0] in "陆拾伍参廿"]
