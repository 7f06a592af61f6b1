"""The demo county: deterministic files, exact gold, ledgers that hold the truth, idempotent loading."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select

from etl.cli import main
from etl.demo.ledgers import (
    FIRST_DATA_ROW,
    HEADER_ROWS,
    LONG_CSV,
    LONG_HEADER,
    LONG_XLSX,
    WIDE_GROUPS,
    cell_value,
    ledger_files,
    wide_columns,
)
from etl.demo.load import DemoError, bootstrap, demo_contents, generate, load_demo
from etl.demo.reports import DOC_TYPES, MAX_CHARS, MIN_CHARS, build_reports, rounded
from etl.demo.text import to_chinese
from etl.demo.values import DEFAULT_SEED, GAP_YEAR, YEARS, attrs_text, build_county
from store.access import SYSTEM
from store.admin import reset_data
from store.models import Observation, Region, Source, attrs_key
from store.session import session_factory, transaction

COUNTY = build_county(DEFAULT_SEED)
REPORTS = build_reports(COUNTY)
TXT = [r for r in REPORTS if r.ext == "txt"]
TRUTH = COUNTY.lookup()
GOLD_KEYS = ("indicator", "value", "unit", "qualifier", "masked", "attrs", "year", "target", "evidence", "span")
MASK = re.compile(r"[X*×]+")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default demo written once for the whole module (tests must not change it)."""
    directory = tmp_path_factory.mktemp("demo")
    generate(directory, DEFAULT_SEED)
    return directory


# --- pure pieces ---------------------------------------------------------------------------------

CHINESE = [
    (1, "一"),
    (2, "二"),
    (10, "十"),
    (12, "十二"),
    (20, "二十"),
    (24, "二十四"),
    (100, "一百"),
    (105, "一百零五"),
    (110, "一百一十"),
    (1005, "一千零五"),
    (2300, "二千三百"),
]


@pytest.mark.parametrize(("n", "text"), CHINESE)
def test_to_chinese(n: int, text: str) -> None:
    assert to_chinese(n) == text


ROUNDED = [
    (1236, "over", 1200),
    (1236, "approx", 1200),
    (1290, "approx", 1300),
    (156, "over", 150),
    (156, "approx", 160),
    (9843, "over", 9000),
    (9, "over", None),
]


@pytest.mark.parametrize(("value", "qualifier", "expected"), ROUNDED)
def test_rounded(value: int, qualifier: str, expected: int | None) -> None:
    assert rounded(value, qualifier) == expected


def test_county_shape() -> None:
    names = [t.name for t in COUNTY.townships]
    assert len(names) == 12 and "马鞍彝族乡" in names
    assert COUNTY.township("马鞍彝族乡").aliases == ("马鞍乡",)
    gap = [t for t in COUNTY.townships if t.profile == "gap"]
    assert len(gap) == 1 and not any(
        v.township == gap[0].name and v.year == GAP_YEAR and not v.target for v in COUNTY.values
    )
    assert all(8000 <= t.population <= 45000 for t in COUNTY.townships)


MAGNITUDES = [
    ("party_members_total", 150, 900),
    ("party_branches", 10, 60),
    ("administrative_villages", 5, 20),
    ("collective_income_total", 20, 800),
    ("rural_income_per_capita", 9000, 22000),
    ("grids_total", 30, 300),
    ("training_coverage_rate", 0, 100),
    ("grid_coverage_rate", 0, 100),
]


@pytest.mark.parametrize(("indicator", "low", "high"), MAGNITUDES)
def test_plausible_magnitudes(indicator: str, low: float, high: float) -> None:
    values = [v.value for v in COUNTY.values if v.indicator == indicator and not v.attrs and not v.target]
    assert values and low <= min(values) and max(values) <= high


def test_trends() -> None:
    def series(town: str, ind: str) -> list[float]:
        return [TRUTH[(town, y, ind, "", False)].value for y in YEARS if (town, y, ind, "", False) in TRUTH]

    for t in COUNTY.townships:
        pc = series(t.name, "rural_income_per_capita")
        assert pc == sorted(pc), "per-capita income rises every year"
    assert all(
        series(t.name, "collective_income_total")[1] < series(t.name, "collective_income_total")[0]
        for t in COUNTY.townships
    ), "2020 dip"
    baisha = series("白沙镇", "collective_income_total")
    assert baisha[4] > 2 * baisha[3], "白沙镇 2023 outlier"


# --- determinism -----------------------------------------------------------------------------------


def test_same_seed_same_bytes(demo_dir: Path, tmp_path: Path) -> None:
    again = generate(tmp_path, DEFAULT_SEED)
    assert again.changed > 0
    for path in sorted(p for p in demo_dir.rglob("*") if p.is_file()):
        assert (tmp_path / path.relative_to(demo_dir)).read_bytes() == path.read_bytes(), path.name
    assert generate(tmp_path, DEFAULT_SEED).changed == 0


def test_other_seed_other_demo(tmp_path: Path) -> None:
    _, default = demo_contents(DEFAULT_SEED)
    _, other = demo_contents(7)
    assert default["truth.json"] != other["truth.json"]
    generate(tmp_path, DEFAULT_SEED)
    generate(tmp_path, 7)  # stale files of the first seed are removed
    assert {f"{p.parent.name}/{p.name}" for p in tmp_path.glob("*/*")} == {k for k in other if "/" in k}


# --- reports and gold ------------------------------------------------------------------------------


def test_report_mix() -> None:
    assert len(REPORTS) == 71
    assert {r.doc_type for r in REPORTS} == set(DOC_TYPES)
    assert {r.ext for r in REPORTS} == {"txt", "docx"}
    assert any(r.named == "马鞍乡" for r in TXT) and any(r.named is None for r in TXT)
    assert any(str(r.year) not in r.text.split("\n")[0] or r.township not in r.text.split("\n")[0] for r in REPORTS)


@pytest.mark.parametrize("report", TXT, ids=lambda r: r.stem)
def test_gold_is_exact(report) -> None:  # type: ignore[no-untyped-def]
    text = report.text
    assert MIN_CHARS <= len(text) <= MAX_CHARS
    assert re.fullmatch(r"20\d\d_.+_(党委工作报告|党建工作述职报告|情况汇报|工作总结)", report.stem)
    gold = report.gold()
    assert gold["source"] == report.stem + ".txt" and gold["year"] == report.year
    if gold["township"] is not None:
        assert gold["township"] in text
    plans_at = max(m.start() for m in re.finditer(r"^[一二三四五]、", text, re.M))
    assert gold["facts"], "every report states some facts"
    for f in gold["facts"]:
        assert tuple(f) == GOLD_KEYS
        start, end = f["span"]
        assert text[start:end] == f["evidence"]
        assert "“" not in f["evidence"] and "《" not in f["evidence"], "slogans and titles are never evidence"
        if f["masked"]:
            assert f["value"] is None and MASK.search(f["evidence"])
        else:
            assert any(r in f["evidence"] for r in renderings(f)), f
        assert f["target"] == (start > plans_at)
        assert f["year"] == report.year + 1 if f["target"] else f["year"] in (report.year, report.year - 1)


def renderings(f: dict) -> list[str]:
    v = f["value"]
    out = [str(v)]
    if isinstance(v, int):
        out += [f"{v:,}", to_chinese(v) if v < 10000 else str(v), "两" if v == 2 else str(v)]
    if f["indicator"] == "collective_income_total":
        yuan = round(v * 10000)
        out += [str(yuan), f"{yuan:,}"]
    return out


@pytest.mark.parametrize("report", TXT, ids=lambda r: r.stem)
def test_gold_agrees_with_truth(report) -> None:  # type: ignore[no-untyped-def]
    for f in report.gold()["facts"]:
        if f["masked"]:
            continue
        true = TRUTH[(report.township, f["year"], f["indicator"], attrs_text(f["attrs"]), f["target"])]
        if f["qualifier"] == "exact" or f["target"]:
            assert f["value"] == true.value and f["qualifier"] == true.qualifier
        else:
            assert f["value"] == rounded(true.value, f["qualifier"])


def test_traps_are_present() -> None:
    text = "".join(r.text for r in REPORTS)
    for trap in (
        "“三会一课”",
        "“两个维护”",
        "“1+1+N”",
        "一是",
        "（一）",
        "《",
        "每季度至少上1次党课",
        "月",
        "技能培训",
        "个村更换饮水管网",
        "党支部发展党员",
    ):
        assert trap in text, trap


def test_docx_reports_hold_the_text(demo_dir: Path) -> None:
    for r in (r for r in REPORTS if r.ext == "docx"):
        doc = Document(str(demo_dir / "reports" / r.filename))
        assert "\n".join(p.text for p in doc.paragraphs) == r.text.rstrip("\n")


def test_files_on_disk(demo_dir: Path) -> None:
    txt = sorted(p.stem for p in (demo_dir / "reports").glob("*.txt"))
    assert txt == sorted(p.stem for p in (demo_dir / "gold").glob("*.json"))
    for r in TXT:
        assert (demo_dir / "reports" / r.filename).read_text(encoding="utf-8") == r.text
        assert json.loads((demo_dir / "gold" / f"{r.stem}.json").read_text(encoding="utf-8")) == r.gold()
    truth = json.loads((demo_dir / "truth.json").read_text(encoding="utf-8"))
    assert len(truth["values"]) == len(COUNTY.values)
    assert {f["path"] for f in truth["files"]} == {
        f"{p.parent.name}/{p.name}" for p in demo_dir.glob("*/*") if p.parent.name != "gold"
    }


# --- ledgers ---------------------------------------------------------------------------------------

LEDGERS = {name: (data, year) for name, data, year in ledger_files(COUNTY)}


@pytest.mark.parametrize("year", YEARS)
def test_wide_ledger_holds_truth(year: int) -> None:
    data, _ = LEDGERS[f"{year}年宁远县各乡镇党建工作台账.xlsx"]
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == f"{year}年宁远县各乡镇党建工作台账"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "D3:J3" in merged and "A3:A4" in merged  # 党员情况 over seven columns; 序号 over two rows
    g_row, h_row = HEADER_ROWS
    cols = wide_columns(year)
    assert [ws.cell(h_row, 3 + i).value for i in range(len(cols))] == [h for _, _, h in cols]
    assert ws.cell(g_row, 4).value == "党员情况" and len(cols) == sum(len(m) for _, m in WIDE_GROUPS)
    for n, town in enumerate(COUNTY.townships):
        row = FIRST_DATA_ROW + n
        assert TRUTH.get((town.name, year, "party_members_total", "", False)) is None or ws.cell(row, 2).value in (
            town.name,
            *town.aliases,
        )
        for i, (_, ind, _) in enumerate(cols):
            true = TRUTH.get((town.name, year, ind, "", False))
            assert ws.cell(row, 3 + i).value == (None if true is None else cell_value(ind, true.value, year))
    after = [ws.cell(r, c).value for r in range(FIRST_DATA_ROW + 12, ws.max_row + 1) for c in (1, 2)]
    assert "合计" in after
    assert any(str(v).startswith("填表人：") for v in after if v) and any(str(v).startswith("注：") for v in after if v)


def test_long_ledgers_hold_truth() -> None:
    expected = {
        (t.name, y, ind): TRUTH[(t.name, y, ind, "", False)].value
        for t in COUNTY.townships
        for y in YEARS
        for ind, _ in LONG_XLSX + LONG_CSV
        if (t.name, y, ind, "", False) in TRUTH
    }
    labels = {label: ind for ind, label in LONG_XLSX + LONG_CSV}
    names = {n: t.name for t in COUNTY.townships for n in (t.name, *t.aliases)}
    xlsx = next(d for n, (d, _) in LEDGERS.items() if "培训" in n)
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    text = next(d for n, (d, _) in LEDGERS.items() if n.endswith(".csv")).decode("gbk")
    rows_csv = list(csv.reader(io.StringIO(text)))
    assert rows[0] == LONG_HEADER and tuple(rows_csv[0]) == LONG_HEADER
    got = {(names[t], int(y), labels[i]): v for t, y, i, v in rows[1:]}
    got |= {(names[t], int(y), labels[i]): float(v) for t, y, i, v in rows_csv[1:]}
    assert got == expected


# --- loading ---------------------------------------------------------------------------------------


def _observations(engine: Engine) -> set[tuple]:
    from store.models import Indicator

    with session_factory(engine)() as s:
        rows = s.execute(
            select(
                Region.name,
                Observation.year,
                Indicator.key,
                Observation.value,
                Observation.attrs_key,
                Observation.is_target,
                Observation.qualifier,
            )
            .join(Region, Observation.region_id == Region.id)
            .join(Indicator, Observation.indicator_id == Indicator.id)
        )
        return {tuple(r) for r in rows}


def test_load_truth_equals_truth_and_is_idempotent(engine: Engine, demo_dir: Path) -> None:
    first = load_demo(engine, demo_dir, via="truth")
    assert (first.townships_created, first.sources_new) == (12, 1)
    expected = {
        (v.township, v.year, v.indicator, float(v.value), attrs_key(v.attrs), v.target, v.qualifier)
        for v in COUNTY.values
    }
    assert _observations(engine) == expected
    with session_factory(engine)() as s:
        county = s.scalars(select(Region).where(Region.level == "county")).one()
        assert county.name == "宁远县" and county.parent.name == "临江市" and county.parent.parent.name == "青山省"
        maan = s.scalars(select(Region).where(Region.name == "马鞍彝族乡")).one()
        assert maan.aliases == ["马鞍乡"] and maan.population == COUNTY.township("马鞍彝族乡").population
        assert all(src.meta.get("demo") is True for src in s.scalars(select(Source)))
        n = s.scalar(select(func.count(Observation.id)))
    second = load_demo(engine, demo_dir, via="truth")
    assert (second.townships_created, second.sources_new, second.sources_existing) == (0, 0, 1)
    with session_factory(engine)() as s:
        assert s.scalar(select(func.count(Observation.id))) == n
        assert s.scalar(select(func.count(Region.id))) == 15


def test_load_through_etl(engine: Engine, demo_dir: Path) -> None:
    first = load_demo(engine, demo_dir, via="etl")
    assert first.sources_new == len(REPORTS) + len(LEDGERS)
    from store.models import Indicator

    with session_factory(engine)() as s:
        assert all(src.meta.get("demo") is True for src in s.scalars(select(Source)))
        ledger = s.execute(
            select(Region.name, Observation.year, Indicator.key, Observation.value)
            .join(Source, Observation.source_id == Source.id)
            .join(Region, Observation.region_id == Region.id)
            .join(Indicator, Observation.indicator_id == Indicator.id)
            .where(Source.kind == "ledger")
        ).all()
    headline = {
        (v.township, v.year, v.indicator): float(v.value) for v in COUNTY.values if not v.attrs and not v.target
    }
    assert {(t, y, i): v for t, y, i, v in ledger} == headline
    assert load_demo(engine, demo_dir, via="etl").sources_new == 0


def test_bootstrap_once_and_never_after_reset(engine: Engine, tmp_path: Path) -> None:
    assert bootstrap(engine, tmp_path) is True
    assert (tmp_path / "truth.json").exists() and any((tmp_path / "reports").iterdir())
    assert bootstrap(engine, tmp_path) is False
    with transaction(engine) as s:
        reset_data(s, SYSTEM)
    assert bootstrap(engine, tmp_path) is False
    assert not _observations(engine)


def test_missing_truth_says_what_to_do(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(DemoError, match="python -m etl demo"):
        load_demo(engine, tmp_path)


def test_cli_generates_without_loading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path), "--seed", "3", "--no-load"]) == 0
    out = capsys.readouterr().out
    assert "已生成演示县" in out and "未载入数据库" in out
    assert json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))["seed"] == 3


def test_the_demo_county_is_in_mid_season(engine: Engine, demo_dir: Path) -> None:
    """Not a county where nothing was ever checked: the years before the latest approved with their figures
    confirmed; the latest one mostly approved, with townships waiting, returned and reminded; held figures
    still queued. A second load changes none of it, and the region summary stays equal to a fresh one."""
    from etl.demo.review import DRAFT, RETURNED, SUBMITTED
    from store.models import Reminder, Submission
    from store.summary import summary_differences

    load_demo(engine, demo_dir, via="truth")

    def state(s):  # type: ignore[no-untyped-def]
        subs = s.execute(
            select(Region.name, Submission.year, Submission.status).join(Region, Region.id == Submission.region_id)
        ).all()
        figures = s.execute(
            select(Region.name, Observation.year, Observation.status)
            .join(Region, Region.id == Observation.region_id)
            .where(Observation.is_target.is_(False))
        ).all()
        return sorted(subs), sorted(figures), s.scalar(select(func.count(Reminder.id)))

    with session_factory(engine)() as s:
        subs, figures, reminders = state(s)
        assert not summary_differences(s)
    latest = YEARS[-1]
    status = {(t, y): st for t, y, st in subs}
    for year in YEARS[:-1]:
        for t in COUNTY.townships:
            assert status.get((t.name, year)) == (None if (t.name, year) == ("云台乡", GAP_YEAR) else "approved")
    waiting = {t: s for (t, y), s in status.items() if y == latest and s != "approved"}
    assert waiting == {**dict.fromkeys(SUBMITTED, "submitted"), **dict.fromkeys(RETURNED, "returned")}
    assert all((t, latest) not in status for t in DRAFT) and reminders == len(DRAFT)
    approved = sum(s == "approved" for (_, y), s in status.items() if y == latest)
    assert approved > len(COUNTY.townships) / 2
    for town, year, st in figures:
        if status.get((town, year)) == "approved":
            assert st in ("confirmed", "suspect", "explain"), (town, year, st)
        else:
            assert st != "confirmed", (town, year, st)
    assert any(st == "extracted" for *_, st in figures)
    load_demo(engine, demo_dir, via="truth")
    with session_factory(engine)() as s:
        assert state(s) == (subs, figures, reminders)
