"""Case tables for the layout classes found by audit round 5 (tests/fixtures/ledgers_audit5): a county in front of
the township, a township's 纪委, flows under a group of the year's changes (本年增加党员 over 发展 | 转入), year-end
and count words around a name, negations never guessed, categories under 调处成功, a 项目 | 情况 form, registers of
dated activities, a sheet per indicator, and why a file gives nothing."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import openpyxl
import pytest

from etl.ledgers.diagnose import why_no_figure
from etl.ledgers.importer import LedgerOptions, parse_ledger
from etl.ledgers.match import IndicatorMatcher, catalog_indicators
from etl.ledgers.periods import part_in_title, part_of_year
from etl.ledgers.text import is_county_organ, township_of_organ
from tests.test_ledger_fixtures import fixture_townships

MATCHER = IndicatorMatcher(catalog_indicators())


def parsed(sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """parse_ledger's JSON for an .xlsx of SHEETS (rows from A1), with merged ranges per sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return parse_ledger(buf.getvalue(), "t.xlsx", fixture_townships(), LedgerOptions(create_townships=True)).to_json()


def found(result: dict[str, Any]) -> dict[str, tuple[str, str, int, float]]:
    """cell → (township, indicator, year, value)."""
    return {o["cell"]: (o["township"], o["indicator"], o["year"], o["value"]) for o in result["observations"]}


@pytest.mark.parametrize(
    ("name", "township"),
    [
        ("宁远县长城乡", "长城乡"),
        ("宁远县白沙彝族乡", "白沙彝族乡"),
        ("峨边彝族自治县白沙乡", "白沙乡"),
        ("和平区五一街道", "五一街道"),
        ("宁远县城关镇党委", "城关镇"),
        ("长城乡纪委", "长城乡"),
        ("中共东风镇纪律检查委员会", "东风镇"),
        ("石市坝镇", "石市坝镇"),  # one character before 市 is no county: the name stays whole
        ("高县镇", "高县镇"),
        ("县城关镇", "县城关镇"),
    ],
)
def test_county_in_front_and_discipline_committees_name_the_township(name: str, township: str) -> None:
    assert township_of_organ(name) == township


@pytest.mark.parametrize(
    ("name", "organ"),
    [
        ("县纪委监委派驻第一纪检监察组", True),
        ("县委组织部纪检组", True),
        ("长城乡纪委", False),
        ("宁远县长城乡", False),
    ],
)
def test_county_discipline_groups_are_county_organs(name: str, organ: bool) -> None:
    assert is_county_organ(name) is organ


def test_rows_named_with_the_county_and_the_committee() -> None:
    rows: list[list[object]] = [
        ["2023年度执纪审查情况"],
        ["单位", "立案（件）", "诫勉谈话（人次）"],
        ["长城乡纪委", 5, 6],
        ["宁远县东风镇", 3, 4],
        ["县纪委监委派驻第一纪检监察组", 2, 3],
    ]
    got = parsed({"Sheet1": rows})
    assert {o["township"] for o in got["observations"]} == {"长城乡", "东风镇"}
    assert "Sheet1!A5" in {w["cell"] for w in got["warnings"]}
    assert not got["errors"]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("培训党员人次", "training_participants"),  # a name + 人次
        ("举办培训班期数", "training_sessions"),  # a name + 期数
        ("志愿服务活动场次", "volunteer_activities"),
        ("本年底党员数", "party_members_total"),  # the year's end of a stock
        ("年末党支部数", "party_branches"),
        ("上年底党员数", None),  # another year's figure
        ("评议结果优秀", "democratic_review_excellent"),
        ("评议结果不合格", "democratic_review_unqualified"),
        ("评议结果合格", None),  # a fuzzy match never drops 不: 合格 is not 不合格
        ("评议结果基本合格", None),
        ("合格党员", None),
        ("调处成功", "disputes_resolved"),
        ("排查矛盾纠纷", None),  # 排查 is not 化解
    ],
)
def test_header_words(header: str, key: str | None) -> None:
    match = MATCHER.match(header)
    assert (match.key if match else None) == key


CHANGES: list[list[object]] = [
    ["党员增减变化情况（2023年）"],
    ["乡镇", "上年底党员数", "本年增加党员", None, None, None, "本年减少党员", None, None, "本年底党员数"],
    [None, None, "小计", "发展", "转入", "恢复党籍", "小计", "出党", "死亡", None],
    ["长城乡", 405, 11, 6, 4, 1, 4, 1, 3, 412],
]


@pytest.mark.parametrize(
    ("cell", "indicator"),
    [
        ("B4", None),  # 上年底: not the data year's figure
        ("C4", None),  # 小计 under the increase is no 党员总数
        ("D4", "party_members_new"),  # 发展 + 党员
        ("E4", "party_members_transferred_in"),
        ("F4", None),  # 恢复党籍: no catalog item
        ("G4", None),
        ("H4", "party_members_expelled"),
        ("I4", "party_members_deceased"),
        ("J4", "party_members_total"),  # 本年底: the stock
    ],
)
def test_leaves_under_a_group_of_the_years_changes(cell: str, indicator: str | None) -> None:
    got = parsed({"Sheet1": CHANGES}, {"Sheet1": ["A2:A3", "B2:B3", "C2:F2", "G2:I2", "J2:J3"]})
    assert found(got).get(f"Sheet1!{cell}", (None, None))[1] == indicator
    assert not got["errors"]


def test_categories_under_a_group_under_a_title_group() -> None:
    """Three header rows: only the 合计 of 调处成功 is a figure; 排查's total and the categories are none."""
    rows: list[list[object]] = [
        ["2023年矛盾纠纷排查调处情况统计表"],
        ["乡镇", "矛盾纠纷排查调处情况", None, None, None, None, None],
        [None, "排查矛盾纠纷（件）", None, None, "调处成功（件）", None, None],
        [None, "婚姻家庭", "邻里", "合计", "婚姻家庭", "邻里", "合计"],
        ["长城乡", 12, 20, 32, 11, 19, 30],
    ]
    got = parsed({"Sheet1": rows}, {"Sheet1": ["A2:A4", "B2:G2", "B3:D3", "E3:G3"]})
    assert found(got) == {"Sheet1!G5": ("长城乡", "disputes_resolved", 2023, 30)}


@pytest.mark.parametrize("value_header", ["情况", "基本情况", "数量", "完成情况"])
def test_a_form_of_items_and_their_situation(value_header: str) -> None:
    rows: list[list[object]] = [
        ["发展党员工作台账"],
        ["填报单位：中共河口镇委员会"],
        ["统计截止时间：2023年12月31日"],
        ["项目", value_header, "备注"],
        ["入党积极分子", "12名", "本年新确定5名"],
        ["预备党员转正", "5人", None],
    ]
    got = parsed({"台账": rows})
    assert found(got) == {
        "台账!B5": ("河口镇", "party_activists", 2023, 12),
        "台账!B6": ("河口镇", "party_members_probationary_confirmed", 2023, 5),
    }


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("2023-03-15", True),
        ("2023年3月15日", True),
        ("2023.3.15", True),
        ("3月15日", True),
        ("2023-03-15 09:30", True),
        ("3月", True),
        ("1-12", False),  # a span of months, no day
        ("1-12月", False),
        ("全年", False),
        ("2023年", False),
        ("长城乡", False),
    ],
)
def test_a_day_is_a_part_of_the_year(text: str, part: bool) -> None:
    assert part_of_year(text) is part


@pytest.mark.parametrize(
    ("date_header", "kept"),
    [
        ("培训时间", False),  # a register of activities: each row one day
        ("活动日期", False),
        ("填报时间", True),  # the report's date on each row: the rows are the townships' figures
        ("更新日期", True),
    ],
)
def test_a_date_column_makes_rows_parts_of_the_year(date_header: str, kept: bool) -> None:
    rows: list[list[object]] = [
        ["2023年培训情况"],
        ["乡镇", date_header, "参训人数"],
        ["长城乡", datetime(2023, 3, 15), 120],
        ["东风镇", datetime(2023, 5, 20), 98],
    ]
    got = parsed({"Sheet1": rows})
    assert bool(got["observations"]) is kept
    if not kept:
        assert [e["cell"] for e in got["errors"]] == ["t.xlsx"]
        assert "Sheet1!B3" in got["errors"][0]["message"]


def test_a_register_with_a_full_year_row_gives_that_row() -> None:
    rows: list[list[object]] = [
        ["长城乡党员教育培训台账（2023年）"],
        ["填报单位：中共长城乡委员会"],
        ["培训时间", "培训主题", "参训人数"],
        [datetime(2023, 3, 15), "党章党规", 120],
        ["全年", None, 439],
    ]
    got = parsed({"培训台账": rows})
    assert found(got) == {"培训台账!C5": ("长城乡", "training_participants", 2023, 439)}


@pytest.mark.parametrize(
    ("sheet", "title", "indicator"),
    [
        ("党员总数", "各乡镇情况", "party_members_total"),  # the sheet name
        ("Sheet1", "各乡镇新发展党员情况统计表（单位：人）", "party_members_new"),  # the title
        ("表3", "全县村集体经济总收入情况", "collective_income_total"),
        ("Sheet1", "各乡镇情况", None),  # nothing names it: no table
    ],
)
def test_a_sheet_per_indicator(sheet: str, title: str, indicator: str | None) -> None:
    rows: list[list[object]] = [[title], ["乡镇", "2022年", "2023年"], ["长城乡", 405, 412]]
    got = parsed({sheet: rows})
    assert {o["indicator"] for o in got["observations"]} == ({indicator} if indicator else set())
    assert bool(got["errors"]) is (indicator is None)


def test_villages_with_no_township_are_refused_saying_why() -> None:
    rows: list[list[object]] = [["2023年村级党组织情况"], ["村（社区）", "党员数（人）"], ["长城村", 120]]
    got = parsed({"Sheet1": rows})
    assert not got["observations"]
    assert [e["cell"] for e in got["errors"]] == ["Sheet1!A1"]
    assert "没有写明所属乡镇" in got["errors"][0]["message"]


@pytest.mark.parametrize(("parts", "says"), [([("表!B4", "3月")], "表!B4：“3月”"), ([], "全是空白")])
def test_why_no_figure(parts: list[tuple[str, str]], says: str) -> None:
    assert says in why_no_figure(parts)


@pytest.mark.parametrize(
    ("texts", "part"),
    [
        (["2023年上半年各乡镇党建工作台账"], "上半年"),
        (["2023年1-6月矛盾纠纷排查调处情况"], "1-6月"),
        (["2023年1—9月执纪审查情况"], "1-9月"),
        (["截至2023年6月30日各乡镇党员情况"], "6月30日"),
        (["2023年6月底党员情况"], "6月底"),
        (["一季度"], "一季度"),  # a sheet name
        (["2023年第三季度网格化管理情况"], "第三季度"),
        (["2023年12月份矛盾纠纷排查调处月报表"], "12月份"),
        (["2023年1-12月矛盾纠纷排查调处情况"], ""),  # the whole year
        (["统计时间：2023年1月1日至2023年12月31日"], ""),
        (["截至2023年12月31日各乡镇党员情况"], ""),  # the year's end
        (["2023年党建工作台账（2023年12月）"], ""),  # a bare month is often the date it was made
        (["2023年度党建工作台账", "Sheet1"], ""),
    ],
)
def test_a_part_of_the_year_in_the_title(texts: list[str], part: str) -> None:
    assert part_in_title("", texts) == part


def test_a_half_year_table_above_the_years_gives_only_the_year() -> None:
    rows: list[list[object]] = [
        ["2023年上半年各乡镇党员发展情况"],
        ["乡镇", "发展党员"],
        ["长城乡", 3],
        [],
        ["2023年全年各乡镇党员发展情况"],
        ["乡镇", "发展党员"],
        ["长城乡", 6],
    ]
    got = parsed({"Sheet1": rows})
    assert found(got) == {"Sheet1!B7": ("长城乡", "party_members_new", 2023, 6)}
    assert "Sheet1!A3" in {w["cell"] for w in got["warnings"]}
    assert not got["errors"]


def test_a_half_year_ledger_is_refused_saying_so() -> None:
    got = parsed({"Sheet1": [["2023年1-6月各乡镇党建台账"], ["乡镇", "党员总数"], ["长城乡", 412]]})
    assert not got["observations"]
    assert [e["cell"] for e in got["errors"]] == ["Sheet1!A1"]  # the title saying 1-6月, not the row (A3: 长城乡)
    assert "Sheet1!A1：“1-6月”" in got["errors"][0]["message"]


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("412（含预备党员8名）", 412),
        ("412人（含预备党员8名）", 412),
        ("15(其中村级12个)", 15),
        ("398人（不含流动党员）", 398),
        ("412（8）", None),  # a bracket saying nothing of what it holds: not a number
        ("约400（含流动党员）", 400),
    ],
)
def test_a_note_in_brackets_after_the_figure(cell: str, value: float | None) -> None:
    got = parsed({"Sheet1": [["2023年台账"], ["乡镇", "党员总数（人）"], ["长城乡", cell]]})
    assert [o["value"] for o in got["observations"]] == ([value] if value is not None else [])
    assert bool(got["errors"]) is (value is None)


@pytest.mark.parametrize(
    ("title", "label", "township"),
    [
        ("2023年长城乡各党支部党员情况", "党支部名称", "长城乡"),  # the year before the township in the title
        ("长城乡2023年各村党组织情况", "村（社区）", "长城乡"),
        ("2023年度东风镇党组织情况", "支部名称", "东风镇"),
        ("2023年各乡镇党支部情况", "党支部名称", None),  # no township named: refused
    ],
)
def test_a_townships_branches_give_its_total(title: str, label: str, township: str | None) -> None:
    rows: list[list[object]] = [
        [title],
        [label, "党员数", "预备党员"],
        ["长城村党支部", 120, 2],
        ["新街村党支部", 98, 1],
        ["合计", 218, 3],
    ]
    got = parsed({"Sheet1": rows})
    want = {"Sheet1!B5": (township, "party_members_total", 2023, 218)} if township else {}
    assert found(got) == want
    assert bool(got["errors"]) is (township is None)
