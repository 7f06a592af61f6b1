"""导出简报: one region and year on A4 公文 pages (narrative.gongwen) — the key-figure table, charts rendered
offline with matplotlib (no browser), and the 综述 paragraphs — as .docx, and as PDF through LibreOffice.

build_brief gathers (the only database reads), figure_rows / chart_pngs are pure, brief_docx lays out,
docx_to_pdf converts. Like-with-like: the change column compares only townships with figures in both years,
and a year not every township reported says so under the table.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from sqlalchemy import Engine

from narrative import NarrativeError, generate, gongwen
from narrative.compose import Paragraph
from narrative.export import chinese_ordinal
from narrative.numbers import fmt_amount, trim
from narrative.templates import load_templates
from store import queries, rollups
from store.access import Actor

MAX_ROWS = 16
CHART_FONTS = ["Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei"]


@dataclass
class Brief:
    title: str
    region: str
    year: int
    rows: list[dict[str, str]]
    note: str = ""
    charts: list[tuple[str, bytes]] = field(default_factory=list)
    paragraphs: tuple[Paragraph, ...] = ()


def change_text(now: float, prev: float, kind: str, unit: str = "", min_base: float = 0) -> str:
    """持平 / 增长12.5% / 下降1个百分点 (rates in points) / 增加3件 (a base under MIN_BASE: no rate on it, as in
    the paragraphs: the templates' mover_min_base)."""
    now, prev = float(now), float(prev)
    if kind == "percent":
        diff = now - prev
        return "持平" if round(diff, 1) == 0 else f"{'上升' if diff > 0 else '下降'}{trim(abs(diff), 1)}个百分点"
    if abs(prev) < min_base:
        diff = now - prev
        amount = fmt_amount(abs(diff), unit, rescale=kind == "money")
        return "持平" if round(diff, 2) == 0 else f"{'增加' if diff > 0 else '减少'}{amount}"
    if not prev:
        return "—"
    pct = (now - prev) / abs(prev) * 100
    return "持平" if round(pct, 1) == 0 else f"{'增长' if pct > 0 else '下降'}{trim(abs(pct), 1)}%"


def figure_rows(
    rollup: pd.DataFrame, pairs: pd.DataFrame, year: int, n_towns: int, min_base: float = 0
) -> list[dict[str, str]]:
    """The key-figure table: indicator, the year's figure, last year's, the like-with-like change (of the
    comparable townships' sums: no growth rate on a sum under MIN_BASE), coverage."""
    now = rollup[(rollup["year"] == year) & ~rollup["is_target"] & rollup["value"].notna()]
    prev = rollup[(rollup["year"] == year - 1) & ~rollup["is_target"]].set_index(["indicator", "variant"])
    pairs = pairs.set_index(["indicator", "variant"]) if not pairs.empty else pairs
    rows = []
    for r in now.head(MAX_ROWS).itertuples():
        key = (r.indicator, r.variant)
        change = "—"
        if not pairs.empty and key in pairs.index:
            p = pairs.loc[key]
            if r.kind == "percent":  # rates in points of the comparable townships' mean
                change = change_text(p["now_sum"] / p["towns"], p["prev_sum"] / p["towns"], r.kind)
            else:  # the sums' rate is the means' rate
                change = change_text(p["now_sum"], p["prev_sum"], r.kind, r.unit, min_base)
        last = prev["value"].get(key) if key in prev.index else None
        label = r.indicator_name + (f"（{r.variant}）" if r.variant and "threshold" not in r.variant else "")
        if r.variant and "threshold" in r.variant:
            label = f"{r.indicator_name}（{r.variant.split(':')[1].strip('}')}万元以上）"
        rows.append(
            {
                "指标": label,
                f"{year}年": fmt_amount(float(r.value), r.unit, rescale=r.kind == "money"),
                f"{year - 1}年": "—" if last is None or pd.isna(last) else fmt_amount(float(last), r.unit),
                "增减（可比口径）": change,
                "上报乡镇": f"{int(r.reporting)}/{n_towns}",
            }
        )
    return rows


def _figure():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.sans-serif"] = CHART_FONTS
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["text.parse_math"] = False  # a township named "$x$" is drawn as those characters, not as math
    fig, ax = plt.subplots(figsize=(6.0, 3.0), dpi=150)
    ax.spines[["top", "right"]].set_visible(False)
    return plt, fig, ax


def _png(plt, fig) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def ranking_chart(names: list[str], values: list[float], title: str) -> bytes:
    """Horizontal bars, best at the top."""
    plt, fig, ax = _figure()
    ax.barh(names[::-1], values[::-1], color="#2471a3")
    ax.set_title(title, fontsize=11)
    ax.tick_params(labelsize=8)
    return _png(plt, fig)


def trend_chart(years: list[int], values: list[float], title: str) -> bytes:
    plt, fig, ax = _figure()
    ax.plot(years, values, marker="o", color="#c0392b")
    ax.set_xticks(years, [f"{y}年" for y in years])
    ax.set_ylim(bottom=0)
    ax.set_title(title, fontsize=11)
    ax.tick_params(labelsize=8)
    return _png(plt, fig)


def coverage_chart(years: list[int], towns: list[int], n_towns: int, title: str) -> bytes:
    plt, fig, ax = _figure()
    ax.bar([f"{y}年" for y in years], towns, color="#229954")
    ax.axhline(n_towns, color="#7f8c8d", linestyle="--", linewidth=1)
    ax.set_ylim(0, max(n_towns, *towns, 1) * 1.15)
    ax.set_title(title, fontsize=11)
    ax.tick_params(labelsize=8)
    return _png(plt, fig)


def build_brief(engine: Engine, actor: Actor, region: str | int, year: int) -> Brief:
    """Everything the brief holds for REGION (a county or township) and YEAR; NarrativeError when no data."""
    narrative = generate(engine, actor, region, year)
    ref = narrative.region
    f = queries.Filters(region_path=ref.path)
    tree = queries.region_tree(engine, actor)
    n_towns = int(((tree["level"] == "township") & tree["path"].str.startswith(ref.path)).sum()) or 1
    roll = rollups.rollup(engine, actor, f)
    pairs = rollups.comparable_change(engine, actor, f, year)
    rows = figure_rows(roll, pairs, year, n_towns, float(load_templates().rules.get("mover_min_base", 5)))
    reporting = rollups.towns_reporting(engine, actor, f)
    counts = dict(zip(reporting["year"].astype(int), reporting["towns"].astype(int), strict=True))
    note = ""
    if counts.get(year, 0) < n_towns:
        note = (
            f"注：{year}年：{counts.get(year, 0)}/{n_towns} 个乡镇已上报，"
            "合计只含已上报的乡镇；增减按两年均有数据的乡镇计算。"
        )
    brief = Brief(f"{ref.name}{year}年党建工作简报", ref.name, year, rows, note, paragraphs=narrative.paragraphs)
    brief.charts = _charts(engine, actor, ref.path, ref.level, roll, counts, year, n_towns)
    return brief


def _charts(  # type: ignore[no-untyped-def]
    engine: Engine,
    actor: Actor,
    path: str,
    level: str,
    roll: pd.DataFrame,
    counts: dict[int, int],
    year: int,
    n_towns: int,
) -> list[tuple[str, bytes]]:
    charts: list[tuple[str, bytes]] = []
    achieved = roll[~roll["is_target"] & roll["value"].notna() & (roll["variant"] == "")]
    if achieved.empty:
        return charts
    lead = achieved[achieved["year"] == year]
    key = str((lead if not lead.empty else achieved)["indicator"].iloc[0])
    series = achieved[achieved["indicator"] == key].sort_values("year")
    name, unit = str(series["indicator_name"].iloc[0]), str(series["unit"].iloc[0])
    full = series[[counts.get(int(y), 0) * 2 > n_towns for y in series["year"]]]  # no partial years on a trend
    if len(full) >= 2:
        years = [int(y) for y in full["year"]]
        charts.append(
            (f"图1 {name}历年变化（{unit}）", trend_chart(years, full["value"].tolist(), f"{name}（{unit}）"))
        )
    if level == "county":
        ranked = rollups.ranking_table(engine, actor, queries.Filters(path), key, year).dropna(subset=["rank"])
        if len(ranked) >= 2:
            title = f"{year}年各乡镇{name}（{unit}）"
            charts.append(
                (
                    f"图{len(charts) + 1} {title}",
                    ranking_chart(ranked["township"].tolist(), ranked["value"].tolist(), title),
                )
            )
        years = sorted(counts)
        if years:
            title = "各年度上报乡镇数（个）"
            charts.append(
                (f"图{len(charts) + 1} {title}", coverage_chart(years, [counts[y] for y in years], n_towns, title))
            )
    return charts


def brief_docx(brief: Brief) -> bytes:
    """The brief on 公文 pages: title, 一、主要数据 (table and note), 二、图表, then the 综述 paragraphs."""
    doc = Document()
    gongwen.page_setup(doc)
    gongwen.title(doc, brief.title)
    n = 1
    if brief.rows:
        gongwen.heading(doc, f"{chinese_ordinal(n)}、主要数据")
        _table(doc, brief.rows)
        if brief.note:
            gongwen.body(doc, brief.note)
        n += 1
    if brief.charts:
        gongwen.heading(doc, f"{chinese_ordinal(n)}、图表")
        for caption, png in brief.charts:
            pic = doc.add_paragraph()
            pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pic.paragraph_format.first_line_indent = Pt(0)
            pic.add_run().add_picture(io.BytesIO(png), width=Mm(150))
            cap = doc.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            cap.paragraph_format.first_line_indent = Pt(0)
            gongwen.set_font(cap.add_run(caption), gongwen.SUBHEADING_FONT, 14)
        n += 1
    for p in brief.paragraphs:
        gongwen.heading(doc, f"{chinese_ordinal(n)}、{p.title}")
        gongwen.body(doc, p.text)
        n += 1
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _table(doc, rows: list[dict[str, str]]) -> None:  # type: ignore[no-untyped-def]
    heads = list(rows[0])
    table = doc.add_table(rows=1 + len(rows), cols=len(heads))
    table.style = "Table Grid"
    for c, text in enumerate(heads):
        _cell(table.cell(0, c), text, gongwen.HEADING_FONT)
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(heads):
            _cell(table.cell(r, c), row[text], gongwen.BODY_FONT)


def _cell(cell, text: str, font: str) -> None:  # type: ignore[no-untyped-def]
    p = cell.paragraphs[0]
    p.paragraph_format.first_line_indent = Pt(0)
    gongwen.set_font(p.add_run(text), font, 12)  # 小四 in tables, as 公文 tables usually are


class ConversionError(RuntimeError):
    """The PDF cannot be made here; the message says why and what to do, in Chinese."""


def docx_to_pdf(data: bytes, timeout: float = 120) -> bytes:
    """Convert .docx bytes to PDF with LibreOffice (soffice --headless), offline."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionError("本机没有安装 LibreOffice，无法生成 PDF：请下载 .docx 后在 Word/WPS 中另存为 PDF。")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "brief.docx"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise ConversionError("生成 PDF 失败：请下载 .docx 后在 Word/WPS 中另存为 PDF。") from exc
        out = Path(tmp) / "brief.pdf"
        if not out.exists():
            raise ConversionError("生成 PDF 失败：请下载 .docx 后在 Word/WPS 中另存为 PDF。")
        return out.read_bytes()


__all__ = ["Brief", "ConversionError", "NarrativeError", "brief_docx", "build_brief", "docx_to_pdf"]
