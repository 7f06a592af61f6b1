"""Case tables for the layout classes found by audit round 11 (tests/fixtures/ledgers_audit11): headers with an
English line under the Chinese one, `#` for 其中, a form's footer line below its table, … (one test per class)."""

from __future__ import annotations

import pytest

from etl.ledgers.text import chinese_lines, match_key
from tests.test_ledger_layouts5 import found, parsed


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("党员总数（人）\nParty Members (person)", "党员总数（人）"),
        ("Party Members\n党员总数", "党员总数"),  # English first
        ("党\n员\n总\n数", "党\n员\n总\n数"),  # one character a line: all Chinese
        ("Township", "Township"),  # an English-only header stays itself
        ("网格覆盖率\n(%)", "网格覆盖率\n(%)"),  # a unit on its own line is no English
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
