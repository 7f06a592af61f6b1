"""Case tables for the layout classes found by audit round 11 (tests/fixtures/ledgers_audit11): headers with an
English line under the Chinese one, `#` for 其中, a form's footer line below its table, a note after a figure, a
group centred across columns, a total under a group title, a count row and a share row per township, …"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from openpyxl.styles import Alignment

from etl.ledgers.cells import Parsed, parse_cell
from etl.ledgers.header import unit_row
from etl.ledgers.importer import LedgerOptions, parse_ledger
from etl.ledgers.labels import match_key
from etl.ledgers.numfmt import Shown, shown_format
from etl.ledgers.text import chinese_lines
from etl.ledgers.xlsx_stream import XlsxBook
from tests.test_ledger_fixtures import fixture_townships
from tests.test_ledger_layouts5 import found, parsed


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("党员总数（人）\nParty Members (person)", "党员总数（人）"),
        ("Party Members\n党员总数", "党员总数"),  # English first
        ("党\n员\n总\n数", "党\n员\n总\n数"),  # one character a line: all Chinese
        ("Township", "Township"),  # an English-only header stays itself
        ("网格覆盖率\n(%)", "网格覆盖率\n(%)"),  # a unit on its own line is no English
        ("乡镇 Township", "乡镇"),  # the English after the Chinese on one line
        ("党员总数（人）Party Members (person)", "党员总数（人）"),
        ("党建APP使用人数", "党建APP使用人数"),
        ("使用APP", "使用APP"),  # an acronym is no English line
    ],
)
def test_english_lines_of_a_header(text: str, want: str) -> None:
    assert chinese_lines(text) == want


@pytest.mark.parametrize(
    ("header", "key"),
    [("#女党员", "女党员"), ("＃少数民族党员", "少数民族党员"), ("# 流动党员", "流动党员"), ("其中：女党员", "女党员")],
)
def test_hash_is_a_part_mark(header: str, key: str) -> None:
    assert match_key(header) == key


@pytest.mark.parametrize("transposed", [False, True])
def test_yearbook_table_bilingual_with_part_marks(transposed: bool) -> None:
    heads = ["党员总数（人）\nParty Members (person)", "#女党员\nFemale", "党支部（个）\nParty Branches (unit)"]
    values = {"长城乡": [412, 98, 14], "东风镇": [350, 86, 11]}
    keys = ["party_members_total", "party_members_female", "party_branches"]
    title = ["分乡镇党组织和党员情况（2023年）\nParty Organizations and Members by Township (2023)"]
    if transposed:
        rows: list[list[object]] = [title, ["项目\nItem", *values]]
        rows += [
            ["　　" + h if h.startswith("#") else h, *(v[i] for v in values.values())] for i, h in enumerate(heads)
        ]
        want = {
            f"S!{'BC'[j]}{3 + i}": (t, keys[i], 2023, v[i]) for i in range(3) for j, (t, v) in enumerate(values.items())
        }
    else:
        rows = [title, ["乡　镇\nTownship", *heads], ["全　县\nCounty Total", 762, 184, 25]]
        rows += [[t, *v] for t, v in values.items()]
        want = {
            f"S!{'BCD'[i]}{4 + j}": (t, keys[i], 2023, v[i])
            for j, (t, v) in enumerate(values.items())
            for i in range(3)
        }
    got = parsed({"S": rows})
    assert found(got) == want
    assert not got["errors"]


@pytest.mark.parametrize(
    "footer",
    [
        ["填报单位：县委政法委（盖章）", None, None, "填报日期：2024年1月10日"],
        ["报出日期：2024年1月15日", None, "统计负责人：刘芳"],
        ["统计负责人：刘芳", None, "填表人：陈静", "报出日期：2024年1月15日"],
    ],
)
def test_a_form_footer_below_the_table(footer: list[object]) -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇矛盾纠纷化解情况"],
        ["乡镇", "化解矛盾纠纷（件）", "党员总数（人）", "新发展党员（人）"],
        ["长城乡", 45, 412, 6],
        ["东风镇", 37, 350, 4],
        ["合计", 82, 762, 10],
        footer,
    ]
    got = parsed({"S": rows})
    assert not got["errors"]
    assert len(got["observations"]) == 6


@pytest.mark.parametrize(
    ("cell", "value", "note"),
    [
        ("412（其中预备党员8名）", 412, "其中预备党员8名"),
        ("350(女86)", 350, "女86"),
        ("6（女2）", 6, "女2"),
        ("412 含预备党员8名", 412, "含预备党员8名"),  # no bracket: the note after a space
        ("330，其中女79", 330, "其中女79"),
        ("120.5（其中经营性收入45）", 120.5, "其中经营性收入45"),
        ("12（人）", 12, None),  # a unit in brackets is no note
        ("约30（估计）", 30, "估计"),
    ],
)
def test_a_note_after_the_figure(cell: str, value: float, note: str | None) -> None:
    p = parse_cell(cell)
    assert isinstance(p, Parsed)
    assert (p.value, p.note) == (value, note)


@pytest.mark.parametrize("cell", ["待核实（下周报）", "（女86）", "10-12（估）", "十几（女2）"])
def test_a_note_after_no_figure_is_still_an_error(cell: str) -> None:
    assert isinstance(parse_cell(cell), str)


def test_noted_cells_are_read_and_warned() -> None:
    rows: list[list[object]] = [
        ["2023年党建台账"],
        ["乡镇", "党员总数（人）", "新发展党员（人）"],
        ["长城乡", "412 含预备党员8名", "6（女2）"],
        ["东风镇", 350, 4],
    ]
    got = parsed({"S": rows})
    assert found(got)["S!B3"] == ("长城乡", "party_members_total", 2023, 412)
    assert found(got)["S!C3"] == ("长城乡", "party_members_new", 2023, 6)
    assert {"S!B3", "S!C3"} <= {w["cell"] for w in got["warnings"]}
    assert not got["errors"]


def _centred_book(spans: list[str], rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for row in rows:
        ws.append(row)
    for rng in spans:
        for line in ws[rng]:
            for cell in line:
                cell.alignment = Alignment(horizontal="centerContinuous")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("spans", "want"),
    [
        (["B2:D2"], [(1, 1, 1, 3)]),
        (["B2:C2", "D2:E2"], [(1, 1, 1, 2), (1, 3, 1, 4)]),  # two titles side by side
        (["B2:B2"], []),  # centred in its own cell only
    ],
)
def test_centred_across_reads_as_merged(spans: list[str], want: list[tuple[int, int, int, int]]) -> None:
    rows: list[list[object]] = [["标题"], [None, "党员情况（人）", None, "党组织情况（个）", None]]
    if len(spans) == 1 and spans[0] == "B2:D2":
        rows[1][3] = None
    book = XlsxBook(zipfile.ZipFile(io.BytesIO(_centred_book(spans, rows))))
    assert sorted(book.merged(book.sheets[0])) == want


def test_centred_group_over_its_leaves_only() -> None:
    """A group centred across B:C stands over 总数 | 女 only; the column after it takes no group."""
    rows: list[list[object]] = [
        ["2023年基层党建情况"],
        ["乡镇", "党员情况（人）", None, None],
        [None, "总数", "女", "合计"],
        ["长城乡", 412, 98, 7],
    ]
    got = parse_ledger(_centred_book(["B2:C2"], rows), "t.xlsx", fixture_townships(), LedgerOptions())
    assert {o.cell: o.indicator for o in got.observations} == {
        "S!B4": "party_members_total",
        "S!C4": "party_members_female",
    }


@pytest.mark.parametrize(
    ("group", "leaf"), [("党员情况（人）", "总数"), ("党员队伍情况", "总数"), ("党员基本情况（人）", "合计")]
)
def test_a_total_under_a_group_title(group: str, leaf: str) -> None:
    rows: list[list[object]] = [["2023年情况"], ["乡镇", group, None], [None, leaf, "女"], ["长城乡", 412, 98]]
    got = parsed({"S": rows}, {"S": ["B2:C2"]})
    assert found(got) == {
        "S!B4": ("长城乡", "party_members_total", 2023, 412),
        "S!C4": ("长城乡", "party_members_female", 2023, 98),
    }


@pytest.mark.parametrize("label", ["项目", "类别"])  # 类别 is no 项目 word: the column is told by its measures
@pytest.mark.parametrize(("count", "share"), [("人数", "占比（%）"), ("数量", "比例"), ("人数（人）", "所占比例（%）")])
def test_a_count_row_and_a_share_row_per_township(count: str, share: str, label: str) -> None:
    rows: list[list[object]] = [["2023年党员队伍结构"], ["乡镇", label, "党员总数", "女党员"]]
    rows += [["长城乡", count, 412, 98], [None, share, 100, 23.8], ["东风镇", count, 350, 86], [None, share, 100, 24.6]]
    got = parsed({"S": rows}, {"S": ["A3:A4", "A5:A6"]})
    assert found(got) == {
        "S!C3": ("长城乡", "party_members_total", 2023, 412),
        "S!D3": ("长城乡", "party_members_female", 2023, 98),
        "S!C5": ("东风镇", "party_members_total", 2023, 350),
        "S!D5": ("东风镇", "party_members_female", 2023, 86),
    }
    assert not got["errors"]
    assert {"S!B4", "S!B6"} <= {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("title", "group", "leaves", "want"),
    [
        # the subject in the group above: 党员教育培训 over 期数 | 人次
        ("2023年培训情况", "党员教育培训", ["期数", "人次"], ["training_sessions", "training_participants"]),
        # the subject in the title: 三会一课 + 落实率, 村集体经济 + 总收入
        (
            "2023年三会一课落实情况",
            None,
            ["应开展（次）", "实开展（次）", "落实率（%）"],
            [None, None, "three_meetings_rate"],
        ),
        ("村集体经济组织收益分配情况汇总表（2023年度）", None, ["一、总收入（万元）"], ["collective_income_total"]),
        # 党员 + 期数 would be 党员数 by the matcher's count-word rule; only a literal name counts: 培训 + 期数
        ("2023年党员培训情况", None, ["期数"], ["training_sessions"]),
        ("2023年党员情况", None, ["期数", "党员总数"], [None, "party_members_total"]),
    ],
)
def test_a_measure_leaf_takes_its_subject_from_above(
    title: str, group: str | None, leaves: list[str], want: list[str | None]
) -> None:
    rows: list[list[object]] = [[title]]
    if group:
        rows += [["乡镇", group, *[None] * (len(leaves) - 1)], [None, *leaves]]
        merges = {"S": [f"B2:{'ABCDEFG'[len(leaves)]}2"]} if len(leaves) > 1 else {}
    else:
        rows += [["乡镇", *leaves]]
        merges = {}
    rows += [["长城乡", *range(10, 10 + len(leaves))], ["东风镇", *range(20, 20 + len(leaves))]]
    got = parsed({"S": rows}, merges)
    last = len(rows)
    cols = {o["cell"][2]: o["indicator"] for o in got["observations"] if o["cell"].endswith(str(last))}
    assert [cols.get("BCDEFG"[i]) for i in range(len(leaves))] == want


def test_levels_under_a_total_group_are_parts() -> None:
    """党员教育培训 over 合计 | 县级 | 乡镇, each over 期数 | 人次: only the 合计's are the year's figures."""
    rows: list[list[object]] = [
        ["2023年党员教育培训"],
        ["乡镇", "党员教育培训", None, None, None, None, None],
        [None, "合计", None, "县级培训", None, "乡镇培训", None],
        [None, "期数", "人次", "期数", "人次", "期数", "人次"],
        ["长城乡", 5, 400, 1, 60, 4, 340],
    ]
    got = parsed({"S": rows}, {"S": ["A2:A4", "B2:G2", "B3:C3", "D3:E3", "F3:G3"]})
    assert found(got) == {
        "S!B5": ("长城乡", "training_sessions", 2023, 5),
        "S!C5": ("长城乡", "training_participants", 2023, 400),
    }


@pytest.mark.parametrize("label", ["代码", "指标代码", "栏次"])
def test_a_row_of_item_codes_is_furniture(label: str) -> None:
    rows: list[list[object]] = [
        ["2023年村集体经济情况"],
        ["乡镇", "村集体经济总收入（万元）", "行政村数（个）", "集体经济收入10万元以上村数（个）"],
        [label, 1, 22, 28],
        ["长城乡", 120.5, 12, 5],
    ]
    got = parsed({"S": rows})
    assert {o["township"] for o in got["observations"]} == {"长城乡"}
    assert not got["errors"]


@pytest.mark.parametrize(
    ("title", "sheet", "cell"),
    [
        ("2023年1-7月各乡镇矛盾纠纷化解情况", "Sheet1", "Sheet1!A1"),  # the title says it: the refusal names it
        ("2023年各乡镇矛盾纠纷化解情况", "1-7月", "t.xlsx"),  # only the sheet name does: the file
    ],
)
def test_a_part_year_table_is_refused_at_its_title(title: str, sheet: str, cell: str) -> None:
    got = parsed({sheet: [[title], ["乡镇", "化解矛盾纠纷（件）"], ["长城乡", 27], ["东风镇", 20]]})
    assert not got["observations"]
    assert [e["cell"] for e in got["errors"]] == [cell]
    assert "1-7月" in got["errors"][0]["message"]


@pytest.mark.parametrize(
    ("header", "leaf"),
    [
        ("乡镇名称(必填)", "乡镇名称"),
        ("*党员总数（人）", "党员总数（人）"),
        ("党员总数＊", "党员总数"),
        ("统计年度（必填）", "统计年度"),
    ],
)
def test_required_marks_of_a_template(header: str, leaf: str) -> None:
    assert chinese_lines(header) == leaf


@pytest.mark.parametrize(
    ("notes", "units"),
    [
        (["填写乡镇全称", "单位：人，填整数", "单位：元，填整数"], {1: "人", 2: "元"}),
        (["", "单位：个", "单位：%，填0-100之间的数"], {1: "个", 2: "%"}),
        (["填写乡镇全称", "填整数", "填整数"], None),  # no unit stated: no units row
        (["长城乡", "单位：人", "412"], None),  # a data row
    ],
)
def test_a_template_notes_row_gives_units(notes: list[str], units: dict[int, str] | None) -> None:
    assert unit_row(notes) == units


def test_an_import_template_with_keys_marks_and_notes() -> None:
    rows: list[list[object]] = [
        ["town_name", "stat_year", "dyzs", "jtjjzsr"],
        ["乡镇名称(必填)", "统计年度(必填)", "党员总数(必填)", "村集体经济总收入"],
        ["填写乡镇全称", "如：2023", "单位：人，填整数", "单位：元，填整数"],
        ["长城乡", 2023, 412, 1205000],
        ["东风镇", 2022, 341, 602000],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!C4": ("长城乡", "party_members_total", 2023, 412),
        "S!D4": ("长城乡", "collective_income_total", 2023, 120.5),
        "S!C5": ("东风镇", "party_members_total", 2022, 341),
        "S!D5": ("东风镇", "collective_income_total", 2022, 60.2),
    }
    assert not got["errors"]


@pytest.mark.parametrize(
    ("title", "group", "leaves", "want"),
    [
        (
            "2023年流动党员情况",
            "流动党员（人）",
            ["合计", "流出", "流入"],
            ["party_members_floating", "party_members_outflow", "party_members_inflow"],
        ),
        # 女 among the floating members is no 女党员数 (the catalog's part of 党员总数, not of 流动党员数)
        ("2023年流动党员情况", "流动党员（人）", ["合计", "女"], ["party_members_floating", None]),
        # 新发展党员 / 其中：女: the women among the new members, no 女党员数
        ("2023年发展党员", "新发展党员（人）", ["合计", "其中：女"], ["party_members_new", None]),
    ],
)
def test_kinds_of_a_group_named_without_its_noun(
    title: str, group: str, leaves: list[str], want: list[str | None]
) -> None:
    end = "ABCDEFG"[len(leaves)]
    rows: list[list[object]] = [[title], ["乡镇", group, *[None] * (len(leaves) - 1)], [None, *leaves]]
    rows += [["长城乡", *range(30, 30 - len(leaves), -1)]]
    got = parsed({"S": rows}, {"S": [f"B2:{end}2", "A2:A3"]})
    cols = {o["cell"][2]: o["indicator"] for o in got["observations"]}
    assert [cols.get("BCDEFG"[i]) for i in range(len(leaves))] == want


@pytest.mark.parametrize("where", ["title", "sheet"])
def test_a_rate_named_by_the_title_or_the_sheet(where: str) -> None:
    """应开展 | 实开展 | 落实率 under 2023年三会一课落实情况: the rate is 三会一课落实率 (round 10's leftover)."""
    name = "2023年三会一课落实情况"
    head = ["乡镇", "应开展（次）", "实开展（次）", "落实率（%）"]
    rows: list[list[object]] = [[name], head] if where == "title" else [head]
    rows += [["长城乡", 48, 47, 97.9], ["东风镇", 40, 40, 100]]
    got = parsed({name if where == "sheet" else "Sheet1": rows})
    assert {(o["township"], o["indicator"], o["value"]) for o in got["observations"]} == {
        ("长城乡", "three_meetings_rate", 97.9),
        ("东风镇", "three_meetings_rate", 100),
    }


@pytest.mark.parametrize(("lines", "grid"), [(6000, False), (11000, False), (6000, True)])
def test_cards_below_thousands_of_lines(lines: int, grid: bool) -> None:
    """Cards under 记实 lines are found to the sheet's end; under a grid of records (a roster) the search stops."""
    line: list[object] = (
        ["张三", "男", "汉族", "1980.05", "大专"] if grid else ["3月5日，召开党委会议，研究部署党建工作。"]
    )
    rows: list[list[object]] = [
        ["东风镇2023年党建工作记实台账"],
        *[line] * lines,
        ["党员总数：350人", None, "新发展党员：4人"],
    ]
    got = parsed({"东风镇": rows})
    if grid:
        assert not got["observations"] and got["errors"]
    else:
        assert found(got) == {
            f"东风镇!A{lines + 2}": ("东风镇", "party_members_total", 2023, 350),
            f"东风镇!C{lines + 2}": ("东风镇", "party_members_new", 2023, 4),
        }


@pytest.mark.parametrize(
    ("code", "want"),
    [
        ('0!.00,"十万元"', Shown(10000.0, "万元")),  # 1205000 shows 12.05十万元: 120.5 万元
        ('0.0,,"百万元"', Shown(10000.0, "万元")),
        ('0.00,"千万元"', Shown(1.0, "万元")),  # shown 1205.00千万元: the figure as shown, 1205000 万元
        ('0"十万"', None),  # no money unit after the magnitude
    ],
)
def test_formats_scaling_to_a_magnitude_of_wan(code: str, want: Shown | None) -> None:
    assert shown_format(code) == want


@pytest.mark.parametrize("gap", [True, False])
def test_township_forms_stacked_under_their_reporting_unit_lines(gap: bool) -> None:
    """Two townships' forms stacked, each under its own `填报单位：…党委` line: each form is its township's (the
    second was read as the first township's, the first form lost — a 填报单位 line was taken for a header row)."""
    head: list[object] = ["指标名称", "计量单位", "数量"]
    rows: list[list[object]] = []
    for town, (total, new) in (("长城乡", (412, 6)), ("东风镇", (350, 4))):
        rows += [
            [f"填报单位：{town}党委", None, "2023年"],
            head,
            ["党员总数", "人", total],
            ["新发展党员", "人", new],
        ]
        rows += [[]] if gap else []
    got = parsed({"S": rows})
    second = 6 if gap else 5
    assert found(got) == {
        "S!C3": ("长城乡", "party_members_total", 2023, 412),
        "S!C4": ("长城乡", "party_members_new", 2023, 6),
        f"S!C{second + 2}": ("东风镇", "party_members_total", 2023, 350),
        f"S!C{second + 3}": ("东风镇", "party_members_new", 2023, 4),
    }
    assert not got["errors"]
