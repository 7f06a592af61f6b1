"""Every page at 1366×768 and 390×844 (a phone): full-length screenshots into tests/e2e/screenshots/ and no
English a user can see (Streamlit's own widget words included), no exception box, card labels not cut off, no
chart label outside its chart or over another label."""

from __future__ import annotations

import re

import pytest

from tests.e2e.support import E2E_USER, PAGES, assert_no_error, logged_in

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
# Words that are the product's own vocabulary: file types, the CLI command shown in the demo notice.
ALLOWED = {"txt", "docx", "pdf", "doc", "wps", "xlsx", "xls", "xlsm", "csv", "excel", "word", "python", "etl", "reset"}
ALLOWED |= {"backup", "restore"}  # the CLI commands the settings name
ALLOWED |= {"yes", "json", "gb", "mb", "kb", "wps", "png", "jpg", "jpeg"}

VISIBLE_WORDS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || !node.textContent.trim()) continue;
    if (el.closest('[data-testid="stIconMaterial"], script, style, noscript')) continue;
    const style = getComputedStyle(el), rect = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || parseFloat(style.fontSize) === 0) continue;
    if (rect.width <= 1 || rect.height <= 1 || rect.right < 0 || rect.bottom < 0) continue;
    out.push(node.textContent);
  }
  return out.join(' ');
}"""


# Chart text (tick labels, bar values, annotations) that leaves its chart's box, or two that overlap.
CHART_LABELS = """() => {
  const bad = [];
  const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const box = plot.getBoundingClientRect();
    const texts = [...plot.querySelectorAll('.xtick text, .ytick text, .bartext, .annotation-text')]
      .filter(t => t.textContent.trim()).map(t => [t.textContent, t.getBoundingClientRect()]);
    for (const [s, r] of texts)
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        bad.push('outside: ' + s);
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++)
        if (hit(texts[i][1], texts[j][1])) bad.push('overlap: ' + texts[i][0] + ' / ' + texts[j][0]);
  }
  return bad.slice(0, 10);
}"""


def _full_length_shot(page, path, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    """A screenshot of the whole page: the main column scrolls inside the window (full_page sees only the
    window), so the window is made as tall as the page for the shot, then put back."""
    tall = page.evaluate(
        '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], section.main, '
        '[data-testid="stAppViewContainer"]\')].map(e => e.scrollHeight), window.innerHeight)'
    )
    page.set_viewport_size({"width": width, "height": min(int(tall) + 40, 8000)})
    page.wait_for_timeout(1200)  # charts redraw at the new size
    page.screenshot(path=path)
    page.set_viewport_size({"width": width, "height": height})


def english_words(text: str) -> set[str]:
    """English words outside ALLOWED; file paths (data/catalog.yaml, narrative/templates/) are names, not prose."""
    text = re.sub(r"[\w.-]*/[\w./-]*|\w+\.\w+", " ", text).replace(E2E_USER, " ")  # the user's own name
    return {w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in ALLOWED}


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_every_page_on_desktop_and_phone(app_url, browser, shots, device):  # type: ignore[no-untyped-def]
    width, height = VIEWPORTS[device]
    context = logged_in(browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN"), app_url)
    page = context.new_page()
    page.set_default_timeout(60_000)
    seen: dict[str, set[str]] = {}
    current = {f"{device}_{i:02d}_{title}.png" for i, (_path, title) in enumerate(PAGES, start=1)}
    for stale in shots.glob(f"{device}_*.png"):  # a page renamed or renumbered leaves no old picture behind
        if stale.name not in current:
            stale.unlink()
    for i, (path, title) in enumerate(PAGES, start=1):
        page.goto(f"{app_url}/{path}")
        page.locator("h1").filter(has_text=title).first.wait_for()
        # More than the title: a busy machine can show the title a while before the rest of the page.
        page.wait_for_function(
            'document.querySelectorAll(\'[data-testid="stMain"] [data-testid="stElementContainer"]\').length > 2',
            timeout=60_000,
        )
        page.wait_for_timeout(500)
        page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        page.mouse.wheel(0, 20000)  # charts below the fold draw when scrolled to
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
            ".every(c => c.querySelector('.main-svg'))",
            timeout=60_000,
        )
        page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000)
        page.mouse.wheel(0, -20000)
        page.wait_for_timeout(800)
        assert_no_error(page, title)
        bad = page.evaluate(CHART_LABELS)
        _full_length_shot(page, shots / f"{device}_{i:02d}_{title}.png", width, height)  # also of a failing page
        assert not bad, f"{title}：图表文字被截断或重叠 {bad}"
        words = english_words(page.evaluate(VISIBLE_WORDS))
        if words:
            seen[title] = words
        cut = page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=\"stMetricLabel\"] p')]"
            ".filter(p => p.scrollWidth > p.clientWidth + 1).map(p => p.innerText)"
        )
        assert not cut, f"{title}：卡片标签被截断 {cut}"
    context.close()
    assert not seen, f"屏幕上有英文：{seen}"
