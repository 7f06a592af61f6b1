"""报告导入: upload one or many work reports, see each report's text with every extracted figure highlighted,
correct the township/year, edit or drop figures, then save.
Reading, extraction and storing live in etl, reached through ui.actions."""

import hashlib
import html

import pandas as pd
import streamlit as st

from store.catalog import load_catalog
from ui.actions import (
    COLUMNS,
    MASKED_ZH,
    QUALIFIER_ZH,
    IngestError,
    ReadJob,
    RowError,
    apply_edits,
    crop_png,
    fact_rows,
    highlight_html,
    learned_outcomes,
    needs_ocr,
    read_report,
    save_checked_report,
    start_reading,
    take_reading,
)
from ui.data import clear, region_tree, township_lookup
from ui.fmt import md
from ui.state import engine, viewer
from ui.unclaimed import decisions
from ui.unclaimed import render as render_unclaimed

NAMES = {s.key: s.name for s in load_catalog()}
KEYS = {v: k for k, v in NAMES.items()}
TYPES = ["txt", "docx", "pdf", "doc", "wps", "jpg", "jpeg", "png"]
SUSPECT = "可疑"


def _parse_all(uploads: list) -> dict[str, dict]:  # type: ignore[type-arg]
    """Read and extract every upload once per content (kept in the session: reruns stay instant). Scans are
    read in the background: until they are done the page shows their progress and stops here."""
    cache: dict[str, dict] = st.session_state.setdefault("report_parsed", {})  # type: ignore[type-arg]
    todo = [u for u in uploads if hashlib.sha256(u.getvalue()).hexdigest() not in cache]
    bar = st.progress(0.0, text="正在读取报告……") if todo else None
    waiting: list[ReadJob] = []
    for n, up in enumerate(todo, start=1):
        data = up.getvalue()
        item: dict = {"name": up.name, "data": data, "saved": None}  # type: ignore[type-arg]
        if needs_ocr(data):
            job = start_reading(up.name, data)
            if not job.done:
                waiting.append(job)
                continue
            if job.result is not None:
                item["text"], item["ext"] = job.result
            else:
                item["error"] = job.error
            take_reading(data)
        else:
            try:
                item["text"], item["ext"] = read_report(up.name, data)
            except IngestError as exc:
                item["error"] = str(exc)
        cache[hashlib.sha256(data).hexdigest()] = item
        if bar is not None:
            bar.progress(n / len(todo), text=f"已读取 {n}/{len(todo)}：{up.name}")
    if bar is not None:
        bar.empty()
    if waiting:
        _ocr_progress(waiting)
        st.stop()
    return {hashlib.sha256(u.getvalue()).hexdigest(): cache[hashlib.sha256(u.getvalue()).hexdigest()] for u in uploads}


@st.fragment(run_every=1.0)
def _ocr_progress(jobs: list[ReadJob]) -> None:
    """Page N/M of each scan being read; the whole page runs again once all are done."""
    st.info("扫描件和照片需要文字识别，每页约需数秒；识别在后台进行，可以先离开本页，稍后回来查看。")
    for job in jobs:
        share = job.page / job.pages if job.pages else 0.0
        pages = f"第 {job.page}/{job.pages} 页" if job.pages else "准备中"
        st.progress(share, text=f"正在识别 {job.name}：{pages}")
    if all(job.done for job in jobs):
        st.rerun()


@st.cache_data(max_entries=64, show_spinner=False)
def _crop(data: bytes, page: int, box: tuple[float, ...]) -> bytes:
    return crop_png(data, page, list(box))


def _scan_check(item: dict, facts: list[dict], key: str) -> None:  # type: ignore[type-arg]
    """One figure of a scan beside the line of the scan it was read from; 可疑 figures are offered first."""
    st.markdown("#### 对照扫描件核对")
    rows = fact_rows(facts, NAMES)
    order = sorted(range(len(facts)), key=lambda i: (facts[i]["ocr"].get("review") != SUSPECT, i))

    def label(i: int) -> str:
        ocr = facts[i]["ocr"]
        return f"{i + 1}. {ocr.get('review')} · {rows[i]['指标']} {rows[i]['数值']} · 第 {ocr.get('page')} 页"

    i = st.selectbox("核对哪个数字", order, format_func=label, key=f"report_ocr_pick_{key}")
    ocr = facts[i]["ocr"]
    left, right = st.columns([3, 2])
    if ocr.get("page") and ocr.get("box"):
        left.image(_crop(item["data"], int(ocr["page"]), tuple(ocr["box"])), caption=f"扫描件第 {ocr['page']} 页")
    reasons = "；".join(ocr.get("reasons") or []) or "无"
    right.markdown(
        f"**原文**：{html.escape(facts[i].get('evidence') or '')}  \n"
        f"**识别置信度**：整行 {ocr.get('confidence')}，数字 {ocr.get('char_confidence')}  \n"
        f"**{ocr.get('review')}**：{html.escape(reasons)}"
    )


def _status(item: dict) -> str:  # type: ignore[type-arg]
    if "error" in item:
        return "无法读取"
    if item["saved"]:
        return "已保存"
    return "待核对"


def _save(sha: str, item: dict, county: str | None) -> None:  # type: ignore[type-arg]
    """Store one report with the clerk's corrections; the outcome is remembered for the summary."""
    key = sha[:12]
    town = (st.session_state.get(f"report_town_{key}") or "").strip()
    year = st.session_state.get(f"report_year_{key}")
    edits = st.session_state.get(f"report_facts_{key}", {}).get("edited_rows", {})
    if not town:
        raise IngestError(f"{item['name']}：请先填写乡镇名称。")
    if not year:
        raise IngestError(f"{item['name']}：请先填写报告年度。")
    try:
        facts = apply_edits(item["ext"]["facts"], edits, KEYS)
    except RowError as exc:
        raise IngestError(f"{item['name']}：{exc}") from exc
    chosen = decisions(key, item["ext"].get("unclaimed") or [], item["text"], NAMES, int(year))
    chosen.learned_kept = learned_outcomes(item["ext"]["facts"], edits)
    known, closest = township_lookup(engine(), town)
    confirmed = bool(st.session_state.get(f"report_newtown_{key}"))
    if known is None and not confirmed:
        hint = f"（最接近的有：{'、'.join(closest)}）" if closest else ""
        raise IngestError(
            f"{item['name']}：“{town}”不在现有乡镇名单中{hint}。请更正乡镇名称，或勾选“新建乡镇”后再保存。"
        )
    item["saved"] = save_checked_report(
        item["name"],
        item["data"],
        township=town,
        year=int(year),
        facts=facts,
        decisions=chosen,
        county=county,
        create_townships=confirmed,
    )


st.title("报告导入")
st.caption(
    "上传乡镇工作报告（工作报告、述职报告、情况汇报、工作总结），自动提取党建指标；逐份核对乡镇、年度和每个数字后保存。"
)
if not viewer().can("import"):
    st.info("导入报告需要填报员或管理员账号。")
    st.stop()

uploads = st.file_uploader(
    "选择报告文件（.txt / .docx / .doc / .wps / .pdf，含扫描件；照片 .jpg / .png；可多选）",
    type=TYPES,
    accept_multiple_files=True,
    key="report_files",
)
if not uploads:
    st.info("请先选择一份或多份报告。扫描版 PDF 和照片会自动做文字识别，识别出的数字需逐个对照原件核对。")
    st.stop()

items = _parse_all(list(uploads))
st.dataframe(
    pd.DataFrame(
        [
            {
                "文件": it["name"],
                "乡镇": (it.get("ext") or {}).get("township") or "—",
                "年度": (it.get("ext") or {}).get("year") or "—",
                "提取数字": len((it.get("ext") or {}).get("facts") or []),
                "状态": _status(it),
                "说明": it.get("error") or it.get("saved") or "",
            }
            for it in items.values()
        ]
    ),
    hide_index=True,
    width="stretch",
    key="report_summary",
)

for it in items.values():
    if "error" in it:
        st.error(md(it["error"]))
good = {sha: it for sha, it in items.items() if "error" not in it}
if not good:
    st.stop()

counties = region_tree(engine())
counties = list(counties[counties["level"] == "county"]["name"])
county = st.selectbox("新乡镇归属的县（区）", counties, key="report_county") if len(counties) > 1 else None

labels = {sha: f"{it['name']}（{_status(it)}）" for sha, it in good.items()}
sha = st.selectbox("核对报告", list(good), format_func=labels.get, key="report_pick")
item = good[sha]
ext, key = item["ext"], sha[:12]

c1, c2, c3 = st.columns(3)
c1.text_input(
    "乡镇", value=ext["township"] or "", key=f"report_town_{key}", help="报告中乡镇名已脱敏或未写明时，请在此填写"
)
c2.number_input("报告年度", 1990, 2100, value=ext["year"], key=f"report_year_{key}")
c3.markdown(f"**文种**：{md(ext['doc_type'] or '—')}  \n**县（区）**：{md(ext['county'] or '—')}")
if not ext["township"]:
    st.warning("报告中没有可识别的乡镇名称（可能已脱敏），请填写乡镇后再保存。")
town_now = (st.session_state.get(f"report_town_{key}") or "").strip()
if town_now:
    known, closest = township_lookup(engine(), town_now)
    if known is None:
        hint = f"最接近的有：{md('、'.join(closest))}。" if closest else ""
        st.warning(f"“{md(town_now)}”不在现有乡镇名单中。{hint}如名称有误请在上面更正；确为新乡镇请勾选下面的确认框。")
        st.checkbox(f"新建乡镇“{md(town_now)}”并保存到该乡镇", key=f"report_newtown_{key}")
    elif known != town_now:
        st.caption(f"“{md(town_now)}”即现有乡镇“{md(known)}”。")

facts = ext["facts"]
masked = [f for f in facts if f["masked"]]
st.subheader(f"提取到 {len(facts)} 个数字" + (f"（其中 {len(masked)} 个{MASKED_ZH}）" if masked else ""))
scanned = bool(ext.get("scan"))
if scanned:
    suspects = sum(f.get("ocr", {}).get("review") == SUSPECT for f in facts)
    st.warning(
        f"这是扫描件（{ext['scan']['pages']} 页，文字识别）：每个数字都需对照原件核对，其中 {suspects} 个“可疑”"
        "（识别置信度低或经过更正）请先核对。保存后这些数字在“数据审核”中为“待审核”，确认后才算核对完成。"
    )
if facts:
    table = pd.DataFrame(fact_rows(facts, NAMES), columns=COLUMNS)
    if scanned:
        table.insert(1, "核对", [f["ocr"].get("review") for f in facts])
        table.insert(2, "页", [f["ocr"].get("page") for f in facts])
        table.insert(3, "置信度", [f["ocr"].get("char_confidence") for f in facts])
    st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        key=f"report_facts_{key}",
        disabled=["单位", "提示", "属性", "原文", "核对", "页", "置信度"],
        column_config={
            "保存": st.column_config.CheckboxColumn("保存", help="取消勾选即不保存这一条"),
            "指标": st.column_config.SelectboxColumn("指标", options=list(KEYS), required=True),
            "数值": st.column_config.TextColumn("数值", help=f"数字（如 438、1.2万）或“{MASKED_ZH}”"),
            "限定": st.column_config.SelectboxColumn("限定", options=list(QUALIFIER_ZH.values()), required=True),
            "年份": st.column_config.NumberColumn("年份", min_value=1990, max_value=2100, step=1, format="%d"),
        },
    )
    if masked:
        st.caption(f"“{MASKED_ZH}”表示报告写了该项但数字被隐去（如 XX、**）：保存后在数据覆盖中显示为已报告。")
    if scanned:
        _scan_check(item, facts, key)
else:
    st.info("这份报告中没有找到可识别的指标数字；仍可保存原文备查。")

with st.expander("报告原文（黄色为已提取的数字，红色为未认领的数字）", expanded=True):
    marked = highlight_html(item["text"], facts, NAMES, [u.span for u in ext.get("unclaimed") or []])
    st.markdown(
        '<div style="max-height:28rem;overflow:auto;line-height:1.9;padding:.6rem .8rem;'
        f'border:1px solid #ddd">{marked}</div>',
        unsafe_allow_html=True,
    )

render_unclaimed(key, ext.get("unclaimed") or [], len(facts), NAMES, ext["year"])


b1, b2 = st.columns(2)
pending = {s: it for s, it in good.items() if not it["saved"]}
if b1.button("保存这份报告", key=f"report_save_{key}", type="primary", disabled=bool(item["saved"])):
    try:
        _save(sha, item, county)
        clear()
        st.success(md(item["saved"]))
    except IngestError as exc:
        st.error(md(exc))
if len(good) > 1 and b2.button(
    f"保存全部待核对的报告（{len(pending)} 份）", key="report_save_all", disabled=not pending
):
    bar = st.progress(0.0, text="正在保存……")
    for n, (s_, it) in enumerate(pending.items(), start=1):
        st.session_state.setdefault(f"report_town_{s_[:12]}", it["ext"]["township"] or "")
        st.session_state.setdefault(f"report_year_{s_[:12]}", it["ext"]["year"])
        try:
            _save(s_, it, county)
        except IngestError as exc:
            st.error(md(exc))
        bar.progress(n / len(pending), text=f"已处理 {n}/{len(pending)}")
    clear()
    st.success(f"已保存 {sum(1 for it in pending.values() if it['saved'])} 份报告。")
if item["saved"] and not st.session_state.get(f"report_save_{key}"):
    st.success(md(item["saved"]))
