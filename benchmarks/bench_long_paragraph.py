"""Extraction time against the length of one paragraph: it must grow linearly, and a paragraph past the
figure limit is refused at once.

    python benchmarks/bench_long_paragraph.py [N ...]     # default sizes 2000 8000 20000

Shapes: comma-separated figures with a trigger each, one 、-list of items, 分别 lists, training clauses with
其中 parts, Chinese numerals. For each shape and size: seconds and microseconds per figure (flat = linear).
Then 50,000 figures in one paragraph through read_document (the reader entry): refused with the limit named.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.reports.extract import extract_text  # noqa: E402
from etl.reports.readers import ReadError, read_document  # noqa: E402

HEAD = "青石镇2023年工作报告\n"
SHAPES = {
    "逗号分隔": lambda n: HEAD + "全镇" + "，".join(f"党员{100 + i}名" for i in range(n)) + "。",
    "顿号列举": lambda n: HEAD + "召开" + "、".join(f"党员大会{i}次" for i in range(n)) + "。",
    "分别": lambda n: (
        HEAD + "、".join(f"村{i}" for i in range(n)) + "党员分别为" + "、".join(f"{i}名" for i in range(n))
    ),
    "培训其中": lambda n: HEAD + "，".join(f"开展培训{i}期，培训群众{i}人次，其中党员{i}名" for i in range(n // 3)),
    "中文数字": lambda n: HEAD + "全镇" + "，".join("党员一千零三十六名" for _ in range(n)) + "。",
}


def main(sizes: list[int]) -> None:
    extract_text("青石镇")  # catalog and patterns loaded once
    print(f"{'形状':<8}{'数字个数':>10}{'秒':>10}{'微秒/个':>10}")
    for name, make in SHAPES.items():
        for n in sizes:
            text = make(n)
            t0 = time.perf_counter()
            extract_text(text)
            dt = time.perf_counter() - t0
            print(f"{name:<8}{n:>10}{dt:>10.2f}{dt / n * 1e6:>10.0f}", flush=True)
    data = SHAPES["逗号分隔"](50_000).encode()
    t0 = time.perf_counter()
    try:
        read_document("五万个数字.txt", data)
        outcome = "accepted"
    except ReadError as e:
        outcome = f"refused: {e}"
    print(f"50,000 figures in one paragraph through read_document: {time.perf_counter() - t0:.2f} s, {outcome}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000, 8000, 20000])
