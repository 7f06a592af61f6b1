"""Exports: formula-looking text is neutralised, numbers stay numbers, Chinese survives both formats."""

import io

import openpyxl
import pandas as pd
import pytest

from ui.export import neutralise, safe_frame, to_csv_bytes, to_xlsx_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+86", "'+86"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("青石镇", "青石镇"),
        ("a=b", "a=b"),
        (42, 42),
        (-3.5, -3.5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def _frame():
    return pd.DataFrame(
        {
            "乡镇": ["青石镇", '=HYPERLINK("http://x")'],
            "数值": [412.0, -3.0],
            "年度": [2023, 2023],
            "说明": ["@cmd", None],
        }
    )


def test_xlsx_keeps_numbers_and_neutralises_text():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(_frame(), "测试")))
    ws = wb["测试"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("乡镇", "数值", "年度", "说明")
    assert rows[1] == ("青石镇", 412, 2023, "@cmd")  # the exact text, as a text cell with the quote prefix
    assert rows[2] == ('=HYPERLINK("http://x")', -3, 2023, None)
    for cell in (ws["A3"], ws["D2"]):
        assert cell.data_type == "s" and cell.quotePrefix
    assert ws.cell(row=3, column=1).data_type == "s"  # text, not a formula
    assert isinstance(ws.cell(row=2, column=2).value, (int, float))


def test_csv_has_bom_and_neutralised_cells():
    data = to_csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["乡镇"].tolist() == ["青石镇", '\'=HYPERLINK("http://x")']
    assert back["数值"].tolist() == [412.0, -3.0]


def test_safe_frame_neutralises_column_names_too():
    assert list(safe_frame(pd.DataFrame({"=x": [1]})).columns) == ["'=x"]


@pytest.mark.parametrize(
    ("title", "sheet"),
    [
        ("石:门/镇?*[]", "石门镇"),
        ("'乡镇对比'", "乡镇对比"),
        ("a\\b\x1b[31m", "ab31m"),
        ("::::", "数据"),
        ("长" * 40, "长" * 31),
    ],
)
def test_xlsx_export_of_any_title_opens_with_a_legal_sheet_name(title, sheet):
    from openpyxl import load_workbook

    data = to_xlsx_bytes(pd.DataFrame({"乡镇": [title], "值": [1.0]}), title)
    assert load_workbook(io.BytesIO(data)).sheetnames == [sheet]


FORMULAS = ['=HYPERLINK("http://x","点")', "+1", "-2", "@SUM(A1)"]


def test_ledger_template_writes_formula_like_township_names_as_text():
    from etl.ledgers.template import build_template
    from store.catalog import load_catalog

    data = build_template(load_catalog()[:2], ["青石镇", *FORMULAS], year=2023, county="=宁远县")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    names = [c for row in wb.worksheets[0].iter_rows(min_col=2, max_col=2, min_row=3) for c in row if c.value]
    assert [c.value for c in names] == ["青石镇", *FORMULAS]
    assert all(c.data_type == "s" for c in names) and all(c.quotePrefix for c in names[1:])


MARKUP_CHARS = set("\\`*_{}[]()#+-.!|<>~$:")


@pytest.mark.parametrize(
    "text",
    [
        "![](http://127.0.0.1:9/beacon)乡",
        "[点此](http://x)镇",
        "# 大字",
        "<img src=x onerror=alert(1)>",
        "**粗** _斜_ `码` ~删~ $x$ :red[红] \\*",
        "www.example.com a@b.cn HTTPS://a.b",
        "1. 第一\n- 第二",
    ],
)
def test_md_escapes_every_markup_character_and_breaks_bare_addresses(text):
    """ui.fmt.md: each Markdown character is backslash-escaped (CommonMark shows it as itself), a bare address
    carries an invisible word joiner (GFM would link it), line breaks stay breaks; nothing else changes."""
    import re

    from ui.fmt import WORD_JOINER, md

    out = md(text)
    plain = out.replace(WORD_JOINER, "").replace("  \n", "\n")
    assert re.sub(r"\\(.)", r"\1", plain) == text
    unescaped = re.sub(r"\\.", "", plain)
    assert not MARKUP_CHARS & set(unescaped)
    assert not re.search(r"(?i)https?:/|www\.|@\w", out.replace("\\", ""))
