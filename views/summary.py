"""综述生成: paragraphs for a township or county and year, each copyable, each number traceable; .docx/.txt export.

Copying: a small st.html snippet (unsafe_allow_javascript) per paragraph and one for 复制全部. It uses
navigator.clipboard where the page is a secure context and falls back to a hidden textarea with
document.execCommand("copy") on plain-http intranet addresses, where st.code's copy button does nothing.
Each copy is audited: the snippet also clicks a hidden st.button (key copyrec-…, hidden by ui/style.py) whose
on_click records the copy in the audit log. Copy buttons, downloads and the 导出简报 files are offered only to
users who may export; the others read the paragraphs as text.
"""

import html
import json

import pandas as pd
import streamlit as st

from narrative import NarrativeError, kinds_for
from narrative.brief import ConversionError, docx_to_pdf
from narrative.export import to_docx, to_txt
from narrative.templates import load_templates, templates_stamp
from narrative.trace import trace_rows
from store.models import LEVEL_ZH
from ui.data import brief_files, narrative, narrative_years, region_tree
from ui.export import may_export, record_copy, record_export
from ui.filters import current_filters
from ui.fmt import md
from ui.state import engine, viewer

# Attached from a <script>: Streamlit strips inline on* attributes even with unsafe_allow_javascript.
COPY_JS = """
(function(){var box=document.getElementById(%s);if(!box||box.dataset.ready)return;box.dataset.ready='1';
var b=box.querySelector('button'),t=box.querySelector('textarea');
function audit(){var r=document.querySelector('.st-key-'+box.id.replace('summary-copy','copyrec')+' button');
if(r)r.click();}
function done(){b.textContent='已复制';setTimeout(function(){b.textContent=b.dataset.label;},1500);}
function old(){t.style.display='block';t.select();try{document.execCommand('copy');done();}
catch(e){b.textContent='复制失败，请手动选择文字';}t.style.display='none';}
b.addEventListener('click',function(){var s=t.value;audit();
if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(s).then(done,old);}else{old();}});
})();
"""


def copy_block(text: str, key: str, label: str = "复制", show: bool = True, button: bool = True) -> str:
    """HTML for TEXT (escaped, shown as a plain paragraph) with a button putting exactly TEXT on the clipboard."""
    style = "white-space:pre-wrap;line-height:1.8;font-size:1.02rem"
    body = f'<div style="{style}">{html.escape(text)}</div>' if show else ""
    if not button:
        return f'<div id="{key}">{body}</div>'
    button = (
        'style="margin-top:.3rem;padding:.2rem .8rem;border:1px solid #ccc;border-radius:.4rem;'
        'background:#fff;cursor:pointer"'
    )
    return (
        f'<div id="{key}">{body}<button type="button" data-label="{html.escape(label)}" {button}>'
        f"{html.escape(label)}</button>"
        '<textarea readonly aria-hidden="true" style="display:none;position:fixed;left:-9999px;top:0">'
        f"{html.escape(text)}</textarea></div><script>{COPY_JS % json.dumps(key)}</script>"
    )


def copyable(text: str, key: str, title: str, what: str, label: str = "复制", show: bool = True) -> None:
    """TEXT with its copy button (KEY summary-copy-…) and the hidden button that records the copy of WHAT of the
    综述 TITLE; plain text, without a button, for a viewer who may not export."""
    if not viewer().can("export"):
        if show:
            st.html(copy_block(text, key, label, show, button=False))
        return
    st.button("记录复制", key=key.replace("summary-copy", "copyrec"), on_click=record_copy, args=(title, what))
    st.html(copy_block(text, key, label, show), unsafe_allow_javascript=True)


st.title("综述生成")
st.caption("按乡镇或县生成可直接复制的年度综述段落。所有数字都来自数据库，可展开“数字来源”核对。")
f = current_filters()
regions = region_tree(engine())
regions = regions[regions["level"].isin(["county", "township"])]
if regions.empty:
    st.info("数据库中还没有县或乡镇。请先在“报告导入”或“台账上传”页面导入数据。")
    st.stop()

options = [int(i) for i in regions["id"]]
labels = {int(r["id"]): f"{r['name']}（{LEVEL_ZH.get(r['level'], '')}）" for _, r in regions.iterrows()}
default = f.region_id if f.region_id in options else None
if default is None:  # the sidebar points at a province or city: start from the first county inside it
    inside = regions[regions["path"].str.startswith(f.region_path or "")]
    default = int(inside["id"].iloc[0]) if not inside.empty else options[0]
c1, c2 = st.columns([2, 1])
region_id = c1.selectbox(
    "地区", options, index=options.index(default), format_func=lambda i: labels[int(i)], key="summary_region"
)
level = str(regions.loc[regions["id"] == region_id, "level"].iloc[0])
years = narrative_years(engine(), region_id)
if not years:
    st.info(f"{md(labels[region_id])}还没有任何数据，请换一个地区，或先导入报告或台账。")
    st.stop()
year = c2.selectbox("年度", years, index=years.index(f.year_to) if f.year_to in years else 0, key="summary_year")
kinds = kinds_for(level)
# The chips say the paragraphs' own headings (主要变化, not the kind's name 变化情况 above a 主要变化 paragraph).
titles = load_templates().paragraphs.get("county" if level == "county" else "township", {}).get("titles", {})
chosen = st.multiselect(
    "段落", kinds, default=kinds, format_func=lambda k: titles.get(k, k), key=f"summary_kinds_{level}"
)
if not chosen:
    st.info("请至少选择一种段落。")
    st.stop()

try:
    result = narrative(engine(), region_id, year, templates_stamp())
except NarrativeError as exc:
    st.warning(f"{md(exc)}。")
    st.stop()
paragraphs = [p for p in result.paragraphs if p.kind in chosen]
if not paragraphs:
    st.info(f"{md(result.region.name)}{year}年所选段落没有可写的数据（数据缺失或未公开的指标不写入综述）。")
    st.stop()


all_text = "\n".join(p.text for p in paragraphs)
exporter = may_export()
b1, b2, b3 = st.columns(3)
with b1:
    copyable(all_text, "summary-copy-all", result.title, "全部段落", "复制全部", show=False)
if exporter:
    b2.download_button(
        "下载 Word（.docx）",
        to_docx(result.title, paragraphs),
        file_name=f"{result.title}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="summary_docx",
        on_click=record_export,
        args=("docx", result.title),
    )
    b3.download_button(
        "下载文本（.txt）",
        to_txt(result.title, paragraphs).encode("utf-8-sig"),
        file_name=f"{result.title}.txt",
        mime="text/plain",
        key="summary_txt",
        on_click=record_export,
        args=("txt", result.title),
    )

with st.expander("导出简报：A4 公文格式（GB/T 9704），含主要数据表、图表和综述段落，可直接打印"):
    made = st.session_state.get("brief_made")
    if made and made[0] != (region_id, year):
        made = None
    if not exporter:
        st.caption("登录后可导出。")
    elif st.button("生成简报", key="brief_make", type="primary"):
        with st.spinner("正在生成简报（数据表、图表和综述）……"):
            made = ((region_id, year), brief_files(region_id, year), None)
        st.session_state["brief_made"] = made
    if made and exporter:
        (title, docx_bytes), pdf_bytes = made[1], made[2]
        d1, d2 = st.columns(2)
        d1.download_button(
            "下载简报 Word（.docx）",
            docx_bytes,
            file_name=f"{title}.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="brief_docx",
            on_click=record_export,
            args=("brief_docx", title),
        )
        if pdf_bytes is None and d2.button("转换为 PDF", key="brief_pdf_make"):
            with st.spinner("正在转换为 PDF……"):
                try:
                    pdf_bytes = docx_to_pdf(docx_bytes)
                except ConversionError as exc:
                    st.error(md(exc))
            st.session_state["brief_made"] = (made[0], made[1], pdf_bytes)
        if pdf_bytes is not None:
            d2.download_button(
                "下载简报 PDF",
                pdf_bytes,
                file_name=f"{title}.pdf",
                mime="application/pdf",
                key="brief_pdf",
                on_click=record_export,
                args=("brief_pdf", title),
            )

st.subheader(md(result.title))
for i, p in enumerate(paragraphs):
    st.markdown(f"**{p.title}**")
    copyable(p.text, f"summary-copy-{i}", result.title, p.title)
    rows = trace_rows(p, result.data)
    with st.expander(f"数字来源（{len(rows)}个数字）"):
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
st.caption(
    "段落措辞取自县级统一的综述模板，由县级管理员维护；数据缺失或未公开的指标不写入。"
    f"（共 {len(paragraphs)} 段，{sum(len(p.numbers) for p in paragraphs)} 个数字）"
)
