"""Case tables for the layout classes found by audit round 14 (tests/fixtures/ledgers_audit14): a region code written
in the township's own cell (530123201长城乡, 530123202000-东风镇), and a register a row per grid under its township
(所属乡镇 | 所属村（社区） | 网格名称 | 纳入网格户数), summed per township as villages are; second batch: numbers in E
notation (1.205E+06) and a fraction typed among percentages of one indicator (0.985 beside 98.5); third batch: a
统计时间 column of numbers Excel made of year-months (2023.12, 2023.1); fourth batch: 其中：长城乡 under 全县, note
marks after township names (东风镇*, 青石镇※); fifth batch: 平均 and 其他 rows among the townships."""

from __future__ import annotations

import pytest

from etl.ledgers.cells import Parsed, parse_cell
from etl.ledgers.dates import cutoff_year, year_month
from etl.ledgers.text import summary_row_label, township_of_organ, township_of_part
from tests.test_ledger_layouts5 import found, parsed


@pytest.mark.parametrize(
    ("cell", "township"),
    [
        ("530123201长城乡", "长城乡"),
        ("530123202000 东风镇", "东风镇"),
        ("530123203000-青石镇", "青石镇"),
        ("530123204000\u3000河口镇", "河口镇"),
        ("530123204000：河口镇党委", "河口镇"),
        ("长城乡(530123201000)", "长城乡"),
        ("长城乡-530123201", "长城乡"),
        ("530123201000", "530123201000"),  # a code alone names nothing
        ("2023长城乡", "2023长城乡"),  # four digits are no region code
        ("530123201长城村", "530123201长城村"),  # a village stays as written
        ("东风镇*", "东风镇"),
        ("青石镇※", "青石镇"),
        ("长城乡(1)", "长城乡"),  # ① after NFKC
        ("河口镇²", "河口镇"),
        ("长城村*", "长城村*"),
    ],
)
def test_a_region_code_in_the_townships_cell_is_no_part_of_its_name(cell: str, township: str) -> None:
    assert township_of_organ(cell) == township


def _codes_table() -> list[list[object]]:
    return [
        ["2023年各乡镇基本情况"],
        ["乡镇（代码+名称）", "党员总数（人）"],
        ["530123201长城乡", 412],
        ["530123202000 东风镇", 350],
    ]


def test_a_township_column_of_codes_and_names_is_read() -> None:
    got = parsed({"S": _codes_table()})
    assert found(got) == {
        "S!B3": ("长城乡", "party_members_total", 2023, 412),
        "S!B4": ("东风镇", "party_members_total", 2023, 350),
    }
    assert got["errors"] == []


@pytest.mark.parametrize(
    "header",
    [
        ["所属乡镇", "网格名称", "网格员", "纳入网格户数"],
        ["所属乡镇", "所属网格", "网格员", "纳入网格户数"],
        ["所属乡镇", "所属村（社区）", "网格员", "纳入网格户数"],
        ["所属乡镇", "所属社区", "网格员", "纳入网格户数"],
    ],
)
def test_rows_of_grids_are_summed_per_township_with_a_warning(header: list[str]) -> None:
    rows: list[list[object]] = [
        ["2023年网格化服务管理台账"],
        header,
        ["长城乡", "长城村第一网格", "张某", 152],
        ["长城乡", "长城村第二网格", "王某", 148],
        ["东风镇", "东风社区网格", "赵某", 305],
        ["东风镇", "红旗村网格", "钱某", 176],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!D3:D4": ("长城乡", "grid_households", 2023, 300),
        "S!D5:D6": ("东风镇", "grid_households", 2023, 481),
    }
    assert got["errors"] == []
    summed = {w["cell"]: w["message"] for w in got["warnings"] if "相加" in w["message"]}
    assert {"S!A3", "S!A5"} <= set(summed)
    assert all("村、社区或网格" in m for m in summed.values())  # the rows may be grids, not villages


def test_grids_under_their_villages_are_summed_over_every_grid() -> None:
    rows: list[list[object]] = [
        ["2023年网格化服务管理台账"],
        ["乡镇", "村（社区）", "网格名称", "纳入网格户数"],
        ["长城乡", "长城村", "第一网格", 152],
        ["长城乡", "长城村", "第二网格", 148],
        ["长城乡", "石门村", "石门村网格", 210],
    ]
    assert found(parsed({"S": rows})) == {"S!D3:D5": ("长城乡", "grid_households", 2023, 510)}


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1.205E+06", 1205000),
        ("6.4E+05", 640000),
        ("1.486e+04", 14860),
        ("2E3", 2000),
        ("-1.5E-01", -0.15),
    ],
)
def test_a_number_in_e_notation_is_a_number(cell: str, value: float) -> None:
    got = parse_cell(cell)
    assert isinstance(got, Parsed)
    assert got.value == pytest.approx(value)


@pytest.mark.parametrize("cell", ["1E+06元x", "E+06", "1.2.3E+4"])
def test_what_only_looks_like_e_notation_is_no_number(cell: str) -> None:
    assert isinstance(parse_cell(cell), str)


def _rates(values: list[object]) -> dict[str, object]:
    rows: list[list[object]] = [["2023年各乡镇网格化情况"], ["乡镇", "网格覆盖率（%）"]]
    rows += [[t, v] for t, v in zip(["长城乡", "东风镇", "青石镇", "河口镇"], values, strict=False)]
    return parsed({"S": rows})


@pytest.mark.parametrize(
    ("values", "read", "errors"),
    [
        ([98.5, 0.985, 100], {"S!B3": 98.5, "S!B5": 100}, ["S!B4"]),
        ([0.95, 0.97, 98.5], {"S!B5": 98.5}, ["S!B3", "S!B4"]),
        ([0.95, 0.97, 1], {"S!B3": 95, "S!B4": 97, "S!B5": 100}, []),  # all fractions: percent cells
        ([98.5, 100, 1], {"S!B3": 98.5, "S!B4": 100, "S!B5": 1}, []),  # 1 is no fraction
        ([98.5, 0, 100], {"S!B3": 98.5, "S!B4": 0, "S!B5": 100}, []),
    ],
)
def test_a_fraction_among_percentages_is_refused(
    values: list[object], read: dict[str, float], errors: list[str]
) -> None:
    got = _rates(values)
    assert {c: v[3] for c, v in found(got).items()} == pytest.approx(read)
    assert [e["cell"] for e in got["errors"]] == errors


@pytest.mark.parametrize(
    ("value", "month", "cutoff"),
    [
        (2023.12, (2023, 12), (2023, True)),
        (2022.12, (2022, 12), (2022, True)),
        (2023.1, (2023, 1), (2023, False)),  # January, or October typed 2023.10: a part of the year either way
        (2023.06, (2023, 6), (2023, False)),
        (2023.0, None, None),  # a whole number is a year, not a month
        (2023, None, None),
        ("2023.12", (2023, 12), (2023, True)),
    ],
)
def test_a_number_made_of_a_year_month_is_that_month(
    value: object, month: tuple[int, int] | None, cutoff: tuple[int, bool] | None
) -> None:
    assert year_month(value) == month
    assert cutoff_year(value) == cutoff


def test_rows_cut_off_by_a_numeric_december_give_the_year_end() -> None:
    rows: list[list[object]] = [
        ["各乡镇党员情况（系统月报）"],
        ["乡镇", "统计时间", "党员总数（人）"],
        ["长城乡", 2023.12, 412],
        ["长城乡", 2022.12, 405],
        ["东风镇", 2023.1, 348],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!C3": ("长城乡", "party_members_total", 2023, 412),
        "S!C4": ("长城乡", "party_members_total", 2022, 405),
    }
    assert got["errors"] == []


@pytest.mark.parametrize(
    ("label", "township"),
    [
        ("其中：长城乡", "长城乡"),
        ("其中:东风镇", "东风镇"),
        ("#青石镇", "青石镇"),
        ("其中：长城村", ""),  # a village: a part of the row above
        ("#女党员", ""),
        ("长城乡", "长城乡"),
        ("", ""),
    ],
)
def test_a_part_mark_before_a_township_leaves_the_township(label: str, township: str) -> None:
    assert township_of_part(label) == township


def test_the_county_row_then_its_townships_the_first_marked_as_a_part() -> None:
    rows: list[list[object]] = [
        ["2023年全县及各乡镇党员情况"],
        ["单位名称", "党员总数（人）"],
        ["全县", 762],
        ["其中：长城乡", 412],
        ["东风镇", 350],
    ]
    got = parsed({"S": rows})
    assert found(got) == {
        "S!B4": ("长城乡", "party_members_total", 2023, 412),
        "S!B5": ("东风镇", "party_members_total", 2023, 350),
    }


def test_a_township_and_its_villages_marked_as_parts_stay_the_townships() -> None:
    rows: list[list[object]] = [
        ["2023年长城乡党员情况"],
        ["单位名称", "党员总数（人）"],
        ["长城乡", 412],
        ["其中：长城村", 80],
        ["#石门村", 60],
    ]
    got = parsed({"S": rows})
    assert found(got) == {"S!B3": ("长城乡", "party_members_total", 2023, 412)}
    assert {"S!A4", "S!A5"} <= {w["cell"] for w in got["warnings"]}


@pytest.mark.parametrize(
    ("label", "summary"),
    [
        ("平均", True),
        ("平均值", True),
        ("均值", True),
        ("全县平均", True),
        ("其他", True),
        ("其它（县直单位）", True),
        ("其他单位", True),
        ("长城乡", False),
        ("其他乡", False),  # a name of the township shape stays a township's
        ("平均村", False),
    ],
)
def test_average_and_leftover_rows_are_no_townships(label: str, summary: bool) -> None:
    assert summary_row_label(label) == summary


def test_average_and_leftover_rows_are_skipped_never_created() -> None:
    rows: list[list[object]] = [
        ["2023年各乡镇党员情况"],
        ["乡镇", "党员总数（人）"],
        ["长城乡", 412],
        ["东风镇", 350],
        ["其他（县直单位）", 96],
        ["平均", 381],
    ]
    got = parsed({"S": rows})
    assert {o["township"] for o in got["observations"]} == {"长城乡", "东风镇"}
    assert {"S!A5", "S!A6"} <= {w["cell"] for w in got["warnings"]}
