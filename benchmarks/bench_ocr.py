"""Scanned reports: extraction F1 on scans of the real development documents against the same documents as
text, pages per second and peak memory per page.

    python benchmarks/bench_ocr.py [--docs DIR --gold DIR] [--dpi 150 300] [--limit N]

Each document of ../shared/realdev (default) is typeset on A4 with a running header and page number, turned
0.5–1.2°, sprinkled with noise and stamped with a red seal (tests/scan_support.py), at each dpi, bundled into
an image-only PDF and read by the product (etl.ingest.read_and_extract: OCR, layout, extraction). Facts are
scored with the shared key rules (tests/scoring.py). Peak memory per page is the process's peak resident set
while that page runs (the peak is reset before each page through /proc/self/clear_refs). Goal: F1 on scans
≥ 0.9 × F1 on text.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.ingest import read_and_extract  # noqa: E402
from etl.reports.extract import extract_text  # noqa: E402
from tests.scan_support import Look, image_pdf, pages  # noqa: E402
from tests.scoring import Score, fact_key  # noqa: E402

SHARED = ROOT.parent / "shared" / "realdev"


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def page_done(peaks: list[float], n: int, total: int) -> None:
    """Record the peak of the page just read and start the next page's from here."""
    peaks.append(peak_mb())
    reset_peak()


def score(want: list[dict], got: list[dict]) -> Score:  # type: ignore[type-arg]
    wk, gk = {fact_key(f) for f in want}, {fact_key(f) for f in got}
    return Score(tp=len(wk & gk), fp=len(gk - wk), fn=len(wk - gk), docs=1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=Path, default=SHARED / "docs")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold")
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    args = ap.parse_args()
    if not args.gold.is_dir():
        print(f"no gold at {args.gold}: shared/realdev is not beside this checkout")
        return 0
    golds = sorted(args.gold.glob("*.json"))[: args.limit or None]
    text_score = Score()
    docs = []
    for g in golds:
        text = (args.docs / f"{g.stem}.txt").read_text(encoding="utf-8")
        want = json.loads(g.read_text(encoding="utf-8"))["facts"]
        text_score = text_score + score(want, extract_text(text)["facts"])
        docs.append((g.stem, text, want))
    print(f"threads={os.environ.get('OCR_THREADS', '1')} documents={len(docs)}")
    print(f"text  : {text_score.summary()}")
    for dpi in args.dpi:
        scan_score, n_pages, seconds, suspects, facts = Score(), 0, 0.0, 0, 0
        peaks: list[float] = []
        for i, (stem, text, want) in enumerate(docs):
            look = Look(dpi=dpi, angle=0.5 + 0.7 * (i % 3) / 2, noise=0.004, columns=1, seal=True)
            images = pages(text, look, seed=i)
            pdf = image_pdf(images, dpi)
            del images

            reset_peak()
            t0 = time.perf_counter()
            _, ex = read_and_extract(f"{stem}.pdf", pdf, progress=functools.partial(page_done, peaks))
            seconds += time.perf_counter() - t0
            n_pages += ex["scan"]["pages"]
            scan_score = scan_score + score(want, ex["facts"])
            facts += len(ex["facts"])
            suspects += sum(f["ocr"]["review"] == "可疑" for f in ex["facts"])
        ratio = scan_score.f1 / text_score.f1 if text_score.f1 else 0.0
        print(f"scan {dpi}dpi: {scan_score.summary()} ratio_to_text={ratio:.3f}")
        print(
            f"  pages={n_pages} pages_per_s={n_pages / seconds:.3f} s_per_page={seconds / n_pages:.2f} "
            f"peak_rss_per_page_mb max={max(peaks):.0f} median={sorted(peaks)[len(peaks) // 2]:.0f} "
            f"facts={facts} suspect={suspects}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
