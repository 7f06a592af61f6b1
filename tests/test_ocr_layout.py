"""OCR lines → report text, without the OCR engine: reading order (two columns, full-width lines between them),
page numbers and running headers dropped, rows joined into paragraphs, digit confusions repaired beside
digits, a dropped decimal point flagged, and each fact's OCR evidence (page, confidence, 可疑/待核对)."""

from __future__ import annotations

import pytest

from etl.reports.ocr import OcrLine
from etl.reports.ocr_facts import cross_check
from etl.reports.ocr_layout import assemble, decimal_gaps, repair
from etl.reports.scanned import SUSPECT, UNCHECKED, fact_evidence

W, H = 1200.0, 1700.0
CH = 24.0  # character height and width in pixels


def line(text: str, x: float, y: float, page: int = 1, conf: float = 0.99, confs: list[float] | None = None) -> OcrLine:
    """A level line of TEXT whose first character's top-left corner is (X, Y), one CH-wide box per character."""
    boxes = tuple((x + i * CH, y, x + (i + 1) * CH, y + CH) for i in range(len(text)))
    quad = ((x, y), (x + len(text) * CH, y), (x + len(text) * CH, y + CH), (x, y + CH))
    return OcrLine(page, text, tuple(confs or [conf] * len(text)), boxes, quad)


def text_of(*pages: list[OcrLine]) -> str:
    return assemble([(p, W, H) for p in pages]).text


def test_rows_join_into_paragraphs_at_indents_and_short_lines() -> None:
    page = [
        line("一、基本情况", 100, 200),
        line("全镇共有党员" + "多" * 34, 148, 240),  # indented: a new paragraph, runs to the right edge
        line("名，党支部二十三个。", 100, 280),  # continues it, ends short
        line("今年发展党员十二名。", 148, 320),
    ]
    assert text_of(page) == "一、基本情况\n全镇共有党员" + "多" * 34 + "名，党支部二十三个。\n今年发展党员十二名。"


def test_two_columns_are_read_left_then_right_with_a_title_above() -> None:
    left = [line("左栏第" + str(i) + "行文字内容", 100, 300 + 40 * i) for i in range(4)]
    right = [line("右栏第" + str(i) + "行文字内容", 650, 300 + 40 * i) for i in range(4)]
    title = line("关于二〇二三年党建工作情况的报告全文标题很长", 300, 200)
    text = text_of([title, *right, *left])
    assert text.index("关于") < text.index("左栏第0") < text.index("左栏第3") < text.index("右栏第0")


def test_page_numbers_and_running_headers_are_dropped() -> None:
    pages = [
        [
            line("中共某镇委员会", 100, 60, page=p),
            line(f"第{p}页正文内容。", 148, 400, page=p),
            line(f"- {p} -", 580, 1640, page=p),
        ]
        for p in (1, 2)
    ]
    assert text_of(*pages) == "第1页正文内容。\n第2页正文内容。"


def test_a_skewed_page_keeps_its_rows() -> None:
    """A page turned by about 1°: each line's boxes slope, the rows stay apart after deskewing."""
    import math

    a = math.radians(1.0)

    def turned(text: str, x: float, y: float) -> OcrLine:
        ln = line(text, x, y)
        rot = tuple((px, py + (px - x) * math.tan(a)) for px, py in ln.quad)
        return OcrLine(1, text, ln.confs, ln.char_boxes, rot)

    page = [turned("第一行" + "字" * 40, 100, 200), turned("第二行" + "字" * 40, 100, 236)]
    assert text_of(page).count("第") == 2
    assert text_of(page).index("第一行") < text_of(page).index("第二行")


REPAIRS = [
    ("O for zero", "党员1O8名", "党员108名", {3: "O→0"}),
    ("l for one", "培训l2期", "培训12期", {2: "l→1"}),
    ("丨 for one", "支部2丨个", "支部21个", {3: "l→1"}),
    ("S for five", "入网户数3S6户", "入网户数356户", {5: "S→5"}),
    ("方 for 万", "集体收入3.5方元", "集体收入3.5万元", {7: "万" and "方→万"}),
    ("letters away from digits stay", "Office 办公", "Office 办公", {}),
    ("Chinese zero stays", "二〇二三年", "二〇二三年", {}),
]


@pytest.mark.parametrize(("label", "raw", "fixed", "notes"), REPAIRS, ids=[r[0] for r in REPAIRS])
def test_digit_confusions_are_repaired_only_beside_digits(label: str, raw: str, fixed: str, notes: dict) -> None:
    assert repair(raw) == (fixed, notes)


def test_a_gap_inside_digits_is_flagged_as_a_possible_decimal_point() -> None:
    tight = line("收入35万元", 100, 100)
    boxes = list(tight.char_boxes)
    boxes[3] = (boxes[3][0] + 14, boxes[3][1], boxes[3][2] + 14, boxes[3][3])  # '5' sits apart from '3'
    loose = OcrLine(1, tight.text, tight.confs, tuple(boxes), tight.quad)
    assert decimal_gaps(tight) == set()
    assert decimal_gaps(loose) == {2, 3}


EVIDENCE = [
    ("clear line", [0.99] * 11, UNCHECKED, []),
    ("one digit unsure", [0.99] * 6 + [0.6] + [0.99] * 4, SUSPECT, ["数字识别置信度低（0.60）"]),
    ("unsure words, sure digits", [0.5] * 6 + [0.99] * 4 + [0.5], SUSPECT, ["整行识别置信度低（0.68）"]),
]


@pytest.mark.parametrize(("label", "confs", "review", "reasons"), EVIDENCE, ids=[e[0] for e in EVIDENCE])
def test_fact_evidence_marks_unsure_figures_as_suspect(
    label: str, confs: list[float], review: str, reasons: list
) -> None:
    scan = assemble([([line("全镇共有党员438名。", 148, 300, page=1, confs=confs)], W, H)])
    figure = (scan.text.index("438"), scan.text.index("438") + 4)
    ev = fact_evidence(scan, 0, len(scan.text), figure)
    assert (ev["page"], ev["review"], ev["reasons"]) == (1, review, reasons)
    assert ev["box"] == [148.0, 300.0, 148.0 + 11 * CH, 300.0 + CH]


def test_a_repaired_figure_is_suspect_and_keeps_its_page() -> None:
    scan = assemble([([line("正文。", 148, 300, page=1)], W, H), ([line("发展党员l2名。", 148, 300, page=2)], W, H)])
    start = scan.text.index("12")
    ev = fact_evidence(scan, start - 4, start + 4, (start, start + 3))
    assert (ev["page"], ev["review"], ev["reasons"]) == (2, SUSPECT, ["l→1"])


def test_parts_above_their_total_make_all_of_them_suspect() -> None:
    def fact(value: float, attrs: dict) -> dict:
        return {
            "indicator": "party_members",
            "value": value,
            "year": 2023,
            "attrs": attrs,
            "ocr": {"review": UNCHECKED, "reasons": []},
        }

    ok = [fact(438, {}), fact(400, {"type": "正式党员"}), fact(38, {"type": "预备党员"})]
    bad = [fact(48, {}), fact(400, {"type": "正式党员"}), fact(38, {"type": "预备党员"})]  # 438 read as 48
    cross_check(ok)
    cross_check(bad)
    assert {f["ocr"]["review"] for f in ok} == {UNCHECKED}
    assert {f["ocr"]["review"] for f in bad} == {SUSPECT}
    assert bad[0]["ocr"]["reasons"] == ["分项之和大于合计（48）"]
