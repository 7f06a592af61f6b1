"""Case tables for the layout classes found by audit round 6 (tests/fixtures/ledgers_audit6): 注 rows between data
rows, a sheet named after a month, 应开 / 实开 under a meeting type, action words before a name, 党组织 exports
(committees with their village branches, a cut-off date written 2023-12-31), a title with two years, a 填报说明
block under a table whose township column is told by its content, two townships' forms side by side, and villages
under township heading rows."""

from __future__ import annotations

from typing import Any

import pytest

from etl.ledgers.columns import Column
from etl.ledgers.diagnose import why_no_year
from etl.ledgers.furniture import heading_township, numbering_row
from etl.ledgers.match import IndicatorMatcher, catalog_indicators
from etl.ledgers.periods import PLANNED, THIS_YEAR, part_in_title, period_of
from etl.ledgers.text import is_village_organ, looks_like_township, year_of_text
from tests.test_ledger_layouts5 import found, parsed

MATCHER = IndicatorMatcher(catalog_indicators())


def cells(result: dict[str, Any]) -> set[str]:
    return set(found(result))


@pytest.mark.parametrize(
    ("after_note", "read"),
    [
        (["东风镇", 350, 5], True),  # a township's figures: the table goes on
        (["河口镇", "３１８", None], True),  # full-width text figures
        (["东风镇", None, None], False),  # no figure: the notes go on
        (["1.本表统计2023年数据", None, None], False),  # a 填报说明 line
        (["张明", 350, 5], False),  # no township
    ],
)
@pytest.mark.parametrize(
    "note", ["注：长城乡含外出务工党员28名。", "（注：长城乡含外出务工党员28名）", "说明：含预备党员"]
)
def test_rows_after_a_note_row(after_note: list[object], read: bool, note: str) -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇党员情况"],
        ["乡镇", "党员总数（人）", "发展党员（人）"],
        ["长城乡", 412, 6],
        [note],
        after_note,
    ]
    got = parsed({"Sheet1": rows})
    assert ("Sheet1!B5" in cells(got)) is read
    assert "Sheet1!B3" in cells(got)
    assert not got["errors"]
    assert not any("新建" in w["message"] for w in got["warnings"])  # a note is never a new township


def test_notes_below_the_table_still_end_it() -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇党员情况"],
        ["乡镇", "党员总数（人）"],
        ["长城乡", 412],
        ["填表人：王芳"],
        ["说明：1.东风镇 2.河口镇"],
        ["长城乡党员总数以组织部核定为准", 400],
    ]
    got = parsed({"Sheet1": rows})
    assert cells(got) == {"Sheet1!B3"}


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("1月", "1月"),
        ("12月", "12月"),  # a sheet a month: the 12月 sheet too
        ("2023年3月", "3月"),
        ("十二月", "十二月"),
        ("2023.01", "1月"),  # a sheet named with its year and month
        ("2023-12", "12月"),
        ("2023.13", ""),
        ("2023年12月党建台账", ""),  # a bare 12月 inside a title: the date it was made
        ("全年", ""),
        ("1-12月", ""),
        ("2023年", ""),
    ],
)
def test_a_sheet_named_after_a_month(text: str, part: str) -> None:
    assert part_in_title(text, []) == part


def test_a_sheet_a_month_and_the_whole_year() -> None:
    head = ["乡镇", "化解矛盾纠纷（件）"]
    sheets: dict[str, list[list[object]]] = {
        "1月": [["2023年1月矛盾纠纷化解情况"], head, ["长城乡", 3]],
        "12月": [["2023年12月矛盾纠纷化解情况"], head, ["长城乡", 5]],
        "全年": [["2023年全年矛盾纠纷化解情况"], head, ["长城乡", 48]],
    }
    got = parsed(sheets)
    assert found(got) == {"全年!B3": ("长城乡", "disputes_resolved", 2023, 48)}
    assert {"1月!A3", "12月!A3"} <= {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("text", "period"),
    [("实开", THIS_YEAR), ("实际召开", THIS_YEAR), ("应开", PLANNED), ("计划数", PLANNED), ("开会", None)],
)
def test_held_and_due(text: str, period: str | None) -> None:
    assert period_of(text) == period


def test_lectures_held_not_due() -> None:
    rows: list[list[object]] = [
        ["2023年度三会一课落实情况"],
        ["乡镇党委", "支委会（次）", None, "党课（次）", None],
        [None, "应开", "实开", "应开", "实开"],
        ["长城乡党委", 180, 178, 60, 58],
    ]
    got = parsed({"Sheet1": rows}, {"Sheet1": ["A2:A3", "B2:C2", "D2:E2"]})
    assert found(got) == {"Sheet1!E4": ("长城乡", "party_lectures", 2023, 58)}  # 支委会 is no 党委会


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("储备村级后备干部（人）", "reserve_cadres"),
        ("召开党委会（次）", "party_committee_meetings"),
        ("参加培训的党员", "training_participants"),
        ("参加评议的党员", "democratic_review_participants"),
        ("新建党群服务中心（个）", None),
        ("参加组织生活会的党员", None),
        ("召开支委会", None),
        ("培养联系人", None),
    ],
)
def test_action_words_before_a_name(header: str, key: str | None) -> None:
    match = MATCHER.match(header)
    assert (match.key if match else None) == key


@pytest.mark.parametrize(
    ("name", "village"),
    [
        ("中共宁远县长城乡长城村支部委员会", True),
        ("东风社区党支部", True),
        ("石门村党总支", True),
        ("中共宁远县长城乡委员会", False),
        ("长城乡党委", False),
        ("县教育局党委", False),
        ("长城村", True),
        ("东风社区", True),
        ("石门村委会", True),
        ("长城乡", False),
        ("村镇", False),
    ],
)
def test_village_branches_are_no_townships(name: str, village: bool) -> None:
    assert is_village_organ(name) is village


def test_a_township_row_then_its_villages_in_one_name_column() -> None:
    """一 | 长城乡 | 83.5 then 1 | 长城村 | 35.2 …: the township's row is its figure, its villages are no townships."""
    rows: list[list[object]] = [
        ["2023年村级集体经济收入台账"],
        ["序号", "单位名称", "村集体经济总收入（万元）"],
        ["一", "长城乡", 83.5],
        [1, "长城村", 35.2],
        [2, "新华村", 48.3],
        ["二", "东风镇", 64],
        [1, "东风社区", 64],
        [None, "合计", 147.5],
    ]
    got = parsed({"Sheet1": rows})
    assert found(got) == {
        "Sheet1!C3": ("长城乡", "collective_income_total", 2023, 83.5),
        "Sheet1!C6": ("东风镇", "collective_income_total", 2023, 64),
    }
    assert {"Sheet1!B4", "Sheet1!B5", "Sheet1!B7", "Sheet1!B8"} <= {w["cell"] for w in got["warnings"]}
    assert not any("新建" in w["message"] or "不符" in w["message"] for w in got["warnings"])


def test_an_export_of_committees_and_their_branches() -> None:
    rows: list[list[object]] = [
        ["统计截止日期：2023-12-31"],
        ["党组织名称", "党员总数"],
        ["中共宁远县长城乡委员会", 412],
        ["中共宁远县长城乡长城村支部委员会", 45],
        ["中共宁远县东风镇委员会", 350],
    ]
    got = parsed({"Sheet1": rows})
    assert found(got) == {
        "Sheet1!B3": ("长城乡", "party_members_total", 2023, 412),
        "Sheet1!B5": ("东风镇", "party_members_total", 2023, 350),
    }
    assert "Sheet1!A4" in {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("统计截止日期：2023-12-31", 2023),
        ("截至2023/12/31", 2023),
        ("统计截止日期：2023-06-30", None),  # not the year's end
        ("导出时间：2024-01-05", None),
        ("2023.01", 2023),  # a sheet a month
        ("2023.1.5", None),
        ("2023-2024学年党员教育培训情况", None),
    ],
)
def test_a_cut_off_date_written_as_a_date(text: str, year: int | None) -> None:
    assert year_of_text(text) == year


@pytest.mark.parametrize(
    ("title", "quoted"),
    [("2023-2024学年党员教育培训情况统计表", True), ("2021—2023年党员情况", True), ("党员教育培训情况", False)],
)
def test_the_year_error_quotes_a_title_with_two_years(title: str, quoted: bool) -> None:
    assert (f"“{title}”" in why_no_year([title, "Sheet1"])) is quoted


def test_a_school_year_is_no_year() -> None:
    rows: list[list[object]] = [["2023-2024学年党员教育培训情况"], ["乡镇", "培训党员人次"], ["长城乡", 1236]]
    got = parsed({"Sheet1": rows})
    assert [e["cell"] for e in got["errors"]] == ["Sheet1!A2"]
    assert "2023、2024" in got["errors"][0]["message"]


@pytest.mark.parametrize(
    ("row", "serial", "numbering"),
    [
        (["甲", 1, 2, 3], None, True),
        (["", 1, 2, 3], None, True),
        (["长城乡", 1, 2, 3], None, False),
        ([5, "", ""], 0, True),  # a 序号-only row
        ([5, "长城乡", 412], 0, False),
    ],
)
def test_numbering_rows(row: list[object], serial: int | None, numbering: bool) -> None:
    col = Column(index=serial, header="序号", role="serial") if serial is not None else None
    assert numbering_row(row, col) is numbering


def test_a_notes_block_under_a_table_of_committees() -> None:
    """单位 | … with 党委 names, a 栏次 row and a 填报说明 block: the 单位 column is the township column."""
    rows: list[list[object]] = [
        ["党员培训情况（2023年）"],
        ["单位", "党员总数", "参加培训的党员"],
        ["甲", 1, 2],
        ["长城乡党委", 412, 390],
        ["东风镇党委", 350, 330],
        ["填报说明："],
        ["1.本表统计2023年1月1日至12月31日情况。"],
        ["2.第2栏不大于第1栏。"],
        ["3.2022年结转的培训班不计入。"],
        ["4.培训以结业为准。"],
    ]
    got = parsed({"Sheet1": rows})
    assert cells(got) == {"Sheet1!B4", "Sheet1!C4", "Sheet1!B5", "Sheet1!C5"}
    assert not got["errors"]


@pytest.mark.parametrize(
    ("units", "townships"),
    [
        (("填报单位：长城乡党委", "填报单位：东风镇党委"), {"C4": "长城乡", "G4": "东风镇"}),
        (("长城乡", "东风镇"), {"C4": "长城乡", "G4": "东风镇"}),  # the townships alone over their forms
        (("填报单位：长城乡党委", None), {"C4": "长城乡", "G4": "长城乡"}),  # one form in two halves
    ],
)
def test_two_forms_side_by_side(units: tuple[str, str | None], townships: dict[str, str]) -> None:
    rows: list[list[object]] = [
        ["2023年度乡镇党建基本情况表"],
        [units[0], None, None, None, units[1]],
        ["指标名称", "计量单位", "数量", None, "指标名称", "计量单位", "数量"],
        ["党员总数", "人", 412, None, "网格数", "个", 36],
    ]
    got = parsed({"Sheet1": rows})
    assert {c.split("!")[1]: v[0] for c, v in found(got).items()} == townships
    assert not got["errors"]


@pytest.mark.parametrize(
    ("row", "township"),
    [
        (["一、长城乡", None, None], "长城乡"),
        (["（二）东风镇"], "东风镇"),
        (["长城乡（3个村）", None], "长城乡"),  # a note after the name
        (["长城村", 35.2, None], ""),  # a village with figures
        (["合计"], ""),
        (["一、基本情况"], ""),  # a section, no township
    ],
)
def test_township_heading_rows(row: list[object], township: str) -> None:
    assert heading_township(row, looks_like_township) == township


def test_villages_under_township_headings() -> None:
    rows: list[list[object]] = [
        ["2023年度村级集体经济台账（单位：万元）"],
        ["序号", "村（社区）", "村集体经济总收入"],
        ["一、长城乡"],
        [1, "长城村", 35.2],
        [2, "新华村", 48.3],
        ["小计", None, 83.5],
        ["二、河口镇"],
        [1, "河口村", 50],
        [2, "沙坝村", 31.2],
        ["合计", None, 164.7],
    ]
    merges = {"Sheet1": ["A3:C3", "A6:B6", "A7:C7", "A10:B10"]}
    got = parsed({"Sheet1": rows}, merges)
    assert found(got) == {
        "Sheet1!C6": ("长城乡", "collective_income_total", 2023, 83.5),
        "Sheet1!C8:C9": ("河口镇", "collective_income_total", 2023, 81.2),  # no 小计: summed; 合计 is the county's
    }
    assert "Sheet1!A10" in {w["cell"] for w in got["warnings"]}


def test_villages_without_any_township_are_still_refused() -> None:
    rows: list[list[object]] = [["序号", "村（社区）", "村集体经济总收入"], [1, "长城村", 35.2], [2, "新华村", 48.3]]
    got = parsed({"Sheet1": rows})
    assert not got["observations"]
    assert [e["cell"] for e in got["errors"]] == ["Sheet1!A1"]
