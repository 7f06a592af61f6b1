"""Page-wide CSS: Streamlit's own English widget text replaced in Chinese, card labels that wrap instead of
being cut off, notes that wrap between phrases, no table toolbar, and narrow-screen spacing. Called once per run
from dashboard.py."""

from __future__ import annotations

import streamlit as st

# 在线填报's name column (px, pinned): the entry column follows it, on a phone too (the browser test finds it there).
FORM_NAME_WIDTH = 268  # the longest catalog name (村(社区)党组织书记大专及以上学历占比) whole

# Streamlit has no locale setting: the upload widget's button ("Upload") and its limit line
# ("20MB per file • TXT, DOCX") are hidden (font-size 0) and Chinese text is drawn in their place.
CSS = """
<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "选择文件"; font-size: 0.875rem;
}
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "或把文件拖到这里（单个文件不超过 20MB）"; font-size: 0.875rem;
}
/* On a phone the Chinese line wraps under the button instead of being cut off. */
[data-testid="stFileUploaderDropzoneInstructions"], [data-testid="stFileUploaderDropzoneInstructions"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; min-width: 0;
}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stMetricLabel"] p { line-height: 1.3; }
/* An uploaded file's chip shows its size in Streamlit's English units (408.0B, 11.4KB): a clerk needs the name. */
[data-testid="stFileChip"] [data-testid="stFileChipName"] + div { display: none; }
/* Notes in a column (a card's) and expander titles wrap between phrases (at a space, ·, ， or ；), never inside a
   word: a card's "12/12 个乡镇上报 · 未审核" broke as 未审/核 on a phone. A phrase longer than the line still breaks
   anywhere; a page-wide note wraps as body text does (between phrases it left half-empty lines). */
[data-testid="stColumn"] [data-testid="stCaptionContainer"],
[data-testid="stColumn"] [data-testid="stCaptionContainer"] *, [data-testid="stExpander"] summary p {
  word-break: keep-all !important; overflow-wrap: anywhere;
}
/* A table's hover toolbar (Streamlit's English "Download as CSV", "Search", "Fullscreen") stood over the control
   above it, and its CSV download was an export the audit log never saw (pages export through ui.export). */
[data-testid="stDataFrame"] > [data-testid="stElementToolbar"] { display: none !important; }
/* 综述生成: the button a copy clicks to record itself in the audit log (views/summary.py) is never shown. */
[class*="st-key-copyrec-"] { display: none !important; }
@media (max-width: 640px) {
  .block-container { padding-left: 0.6rem; padding-right: 0.6rem; }
  [data-testid="stMetricValue"] { font-size: 1.6rem; }
  /* 总览's rows of four cards: two a row on a phone, not one card a screen (52 cards were 50 screens long). */
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) { flex-flow: row wrap !important; gap: 0.5rem; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) > [data-testid="stColumn"] {
    flex: 1 1 calc(50% - 0.25rem) !important; min-width: calc(50% - 0.25rem) !important;
    max-width: calc(50% - 0.25rem) !important; width: calc(50% - 0.25rem) !important;
  }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) [data-testid="stMetricValue"] {
    font-size: 1.35rem;
  }
}
</style>
"""


def apply_style() -> None:
    st.html(CSS)


def scroll_on_phone(key: str, width: int | None) -> None:
    """On a phone, the chart with KEY keeps WIDTH px and scrolls sideways (Streamlit sizes a plotly chart to the
    box around it, so the box gets the width); nothing when WIDTH is None or on a wider screen."""
    if width:
        st.html(
            f"<style>@media (max-width: 640px) {{ .st-key-{key} {{ overflow-x: auto; }} "
            f".st-key-{key} > div {{ min-width: {int(width)}px; }} }}</style>"
        )
