"""Build the labelled corpus files from passages.yaml: NNN_id.txt|.docx + NNN_id.json (spec format).

Run after editing passages.yaml:  python tests/corpus/make_corpus.py
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from store.catalog import catalog_by_key  # noqa: E402


def parse_fact(line: str, report_year: int | None) -> dict[str, Any]:
    """'villages_income_above 8 threshold=10 target year=2024' → a spec fact dict (no evidence/span)."""
    words = line.split()
    key, raw = words[0], words[1]
    fact: dict[str, Any] = {
        "indicator": key,
        "value": None if raw == "X" else float(raw),
        "qualifier": "exact",
        "masked": raw == "X",
        "attrs": {},
        "year": report_year,
        "target": False,
    }
    if fact["value"] is not None and fact["value"].is_integer():
        fact["value"] = int(fact["value"])
    for w in words[2:]:
        if w in ("over", "approx", "under"):
            fact["qualifier"] = w
        elif w == "target":
            fact["target"] = True
        elif w.startswith("year="):
            fact["year"] = int(w[5:])
        else:
            k, _, v = w.partition("=")
            fact["attrs"][k] = None if v == "X" else (int(v) if v.isdigit() else v)
    fact["unit"] = catalog_by_key()[key].unit
    return fact


def labelled_fact(line: str, report_year: int | None, text: str, convert=str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """'key value [words] | evidence' → a spec fact with its evidence (CONVERTed like the text) and span."""
    spec, _, evidence = line.partition("|")
    fact = parse_fact(spec, report_year)
    evidence = convert(evidence.strip())
    start = text.find(evidence)
    if not evidence or start < 0:
        raise SystemExit(f"evidence not in text: {line!r}")
    order = ("indicator", "value", "unit", "qualifier", "masked", "attrs", "year", "target")
    return {**{k: fact[k] for k in order}, "evidence": evidence, "span": [start, start + len(evidence)]}


def docx_bytes(p: dict[str, Any]) -> bytes:
    import docx

    doc = docx.Document()
    for para in p.get("paragraphs") or []:
        doc.add_paragraph(para)
    rows = p.get("table") or []
    if rows:
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                table.rows[r].cells[c].text = str(cell)
    for para in p.get("after") or []:
        doc.add_paragraph(para)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def pdf_bytes(p: dict[str, Any], width: int = 32) -> bytes:
    """The passage as a PDF text layer, hard-wrapped at WIDTH characters like a printed page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 12)
    y = 800
    for para in p["text"].splitlines():
        for i in range(0, max(len(para), 1), width):
            c.drawString(50, y, para[i : i + width])
            y -= 18
    c.showPage()
    c.save()
    return buf.getvalue()


def build() -> int:
    passages = yaml.safe_load((HERE / "passages.yaml").read_text(encoding="utf-8"))
    for old in HERE.glob("[0-9][0-9][0-9]_*"):
        old.unlink()
    for n, p in enumerate(passages, start=1):
        stem = f"{n:03d}_{p['id']}"
        if p.get("format") == "docx":
            name, data = f"{stem}.docx", docx_bytes(p)
        elif p.get("format") == "pdf":
            name, data = f"{stem}.pdf", pdf_bytes(p)
        else:
            name, data = f"{stem}.txt", p["text"].encode(p.get("encoding") or "utf-8")
        (HERE / name).write_bytes(data)
        gold = {
            "source": name,
            "township": p.get("township"),
            "year": p.get("year"),
            "facts": [parse_fact(f, p.get("year")) for f in p.get("facts") or []],
        }
        if p.get("county"):
            gold["county"] = p["county"]
        (HERE / f"{stem}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(passages)


if __name__ == "__main__":
    print(f"{build()} passages written to {HERE}")
