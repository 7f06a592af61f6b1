"""台账上传: upload a ledger, check what was recognised (and fix the header mapping), see every error and
warning and what an import would change, then confirm.
Parsing and loading live in etl.ledgers, reached through ui.actions."""

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

from store.catalog import CATEGORIES
from ui.actions import (
    ROLE_ZH,
    VALUE,
    LedgerOptions,
    LedgerResult,
    catalog_indicators,
    check_ledger,
    ledger_template,
    load_ledger,
    mapping_rows,
    max_upload_bytes,
)
from ui.data import clear, region_tree
from ui.fmt import md
from ui.state import engine, viewer

ALL_SHEETS = "全部工作表"
LAYOUT_ZH = {
    "wide": "每行一个乡镇",
    "long": "每行一个指标",
    "years-as-columns": "年份在列上",
    "transposed": "乡镇在列上",
}
INDICATORS = {i.key: i for i in catalog_indicators()}
NAME_TO_KEY = {i.name: i.key for i in INDICATORS.values()}
ROLE_CHOICES = {v: k for k, v in ROLE_ZH.items() if k != VALUE}


@st.cache_data(show_spinner=False)
def _template(
    viewer_key: str, townships: tuple[str, ...], county: str, year: int, categories: tuple[str, ...]
) -> bytes:
    """Cached per viewer (VIEWER_KEY: the pre-filled figures are those the viewer may read); every import clears it."""
    return ledger_template(townships, county, year, categories)


def _parse(data: bytes, name: str, options: LedgerOptions) -> LedgerResult:
    """Dry run (read, check, simulate the load), remembered per file and options: reruns stay instant."""
    key = (hashlib.sha256(data).hexdigest(), name, repr(options), viewer())
    cache = st.session_state.setdefault("ledger_results", {})
    if key not in cache:
        bar = st.progress(0.0, text="正在读取台账……")
        while len(cache) >= 4:  # the auto-detected parse plus the clerk's latest fixes
            cache.pop(next(iter(cache)))
        cache[key] = check_ledger(
            data,
            name,
            options,
            progress=lambda share, text: bar.progress(min(share, 1.0), text=text),
        )
        bar.empty()
    return cache[key]


def _overrides(result: LedgerResult) -> dict[str, dict[str, str | None]]:
    """The clerk's edits of the 识别为 column, as etl.ledgers.importer overrides (column letter → key or role)."""
    out: dict[str, dict[str, str | None]] = {}
    for i, preview in enumerate(result.tables):
        edits = st.session_state.get(f"ledger_map_{i}", {}).get("edited_rows", {})
        for row, change in edits.items():
            choice = change.get("识别为")
            if choice is None or int(row) >= len(preview.table.columns):
                continue
            letter = preview.table.columns[int(row)].letter
            key = NAME_TO_KEY.get(choice) or ROLE_CHOICES.get(choice)
            out.setdefault(preview.table.sheet, {})[letter] = None if key == "ignored" else key
    return out


# Issues listed one per line; beyond this many the list ends with how many more there are.
MAX_ISSUES = 300


def _issues(issues: list, key: str) -> None:  # type: ignore[type-arg]
    """Each issue as a line “单元格：说明” that wraps: in a table the longer explanations ran off the right edge (on a
    phone after a dozen characters) and rows past the tenth were below the frame. A long list scrolls in a box."""
    lines = [f"- **{md(i.cell)}**：{md(i.message)}" for i in issues[:MAX_ISSUES]]
    if len(issues) > MAX_ISSUES:
        lines.append(f"- ……另有 {len(issues) - MAX_ISSUES} 条，请先改正以上各处后重新上传。")
    with st.container(height=420 if len(issues) > 10 else "content", key=key):
        st.markdown("\n".join(lines))


st.title("台账上传")
st.caption("上传各乡镇已有的 Excel/CSV 台账：自动识别表头和乡镇，先预览核对，确认后一次性导入。")
if not viewer().can("import"):
    st.info("上传台账需要填报员或管理员账号。")
    st.stop()
regions = region_tree(engine())
towns = regions[regions["level"] == "township"]
counties = regions[regions["level"] == "county"]

with st.expander("下载台账模板"):
    cats = st.multiselect("只含这些分类（不选为全部）", CATEGORIES, key="ledger_tpl_categories", placeholder="全部分类")
    tpl_year = int(st.number_input("年份", 2000, 2100, date.today().year - 1, key="ledger_tpl_year"))
    st.caption("系统中已有的数会预先填好（灰色，批注注明来源），只需填写空白单元格；未改动的灰色数不会重复导入。")
    county_name = str(counties["name"].iloc[0]) if len(counties) == 1 else ""
    st.download_button(
        "下载模板（.xlsx）",
        _template(repr(viewer()), tuple(towns["name"]), county_name, tpl_year, tuple(cats)),
        file_name=f"{tpl_year}年党建工作台账模板.xlsx",
        key="ledger_template_download",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

limit_mb = max_upload_bytes() / 1024 / 1024
upload = st.file_uploader(
    f"选择台账文件（.xlsx / .xlsm / .xls / .csv，不超过 {limit_mb:g} MB）",
    type=["xlsx", "xlsm", "xls", "csv"],
    key="ledger_file",
)
if upload is None:
    st.info("请先选择台账文件。表头需有“乡镇”列和指标列（如“党员总数（人）”）；没有现成台账可先下载模板。")
    st.stop()

c1, c2, c3 = st.columns(3)
year = c1.number_input("年份（表中没写年份时）", 2000, 2100, value=None, key="ledger_year")
create = c2.checkbox("新建地区列表中没有的乡镇", key="ledger_create_townships")
county = None
if create and len(counties) > 1:
    county = c3.selectbox("新乡镇所属县（区）", list(counties["name"]), key="ledger_county")

data = upload.getvalue()
base = LedgerOptions(year=int(year) if year else None, create_townships=create, county=county)
first = _parse(data, upload.name, base)
sheets = [p.table.sheet for p in first.tables]
sheet = st.selectbox("工作表", [ALL_SHEETS, *sheets], key="ledger_sheet") if len(sheets) > 1 else ALL_SHEETS
chosen = LedgerOptions(
    year=base.year,
    create_townships=create,
    county=county,
    sheet=None if sheet == ALL_SHEETS else sheet,
    overrides=_overrides(first),
)
result = _parse(data, upload.name, chosen) if chosen != base else first

names = list(NAME_TO_KEY) + list(ROLE_CHOICES)
for i, preview in enumerate(first.tables):
    table = preview.table
    st.subheader(f"工作表“{md(table.sheet)}”：{LAYOUT_ZH.get(table.layout, table.layout)}")
    if table.year:
        st.caption(f"年份 {table.year}（来自{md(table.year_from)}）")
    rows = pd.DataFrame(mapping_rows(preview, INDICATORS))
    options = list(dict.fromkeys([*names, *rows["识别为"]]))
    st.data_editor(
        rows,
        hide_index=True,
        width="stretch",
        key=f"ledger_map_{i}",
        disabled=["列", "表头", "单位", "年份", "方式"],
        column_config={"识别为": st.column_config.SelectboxColumn("识别为", options=options, required=True)},
    )
    st.dataframe(
        pd.DataFrame(preview.rows, columns=preview.headers), hide_index=True, width="stretch", key=f"ledger_preview_{i}"
    )

if result.errors:
    st.error(
        f"有 {len(result.errors)} 处错误：请在原表中改正后重新上传（或在上方调整表头对应）。有错误时不会写入任何数据。"
    )
    _issues(result.errors, "ledger_errors")
if result.warnings:
    st.warning(f"{len(result.warnings)} 条提示（不影响导入）")
    _issues(result.warnings, "ledger_warnings")
if result.prefilled:
    st.caption(f"{result.prefilled} 个数是模板中预先填好的已有值，未改动，不重复导入。")
if result.errors:
    st.stop()

summary = result.summary
st.subheader("导入预览")
if summary is None:
    st.info("无法预估导入结果，请查看上方提示。")
    st.stop()
if summary.already_loaded:
    st.info("这个文件已经导入过，再次导入不会有任何变化。")
    st.stop()
m1, m2, m3, m4 = st.columns(4)
m1.metric("新增", summary.new)
m2.metric("未变", summary.unchanged)
m3.metric("覆盖旧值", summary.superseded)
m4.metric("与报告不一致", summary.conflicts)
if summary.created_townships:
    st.caption(f"将新建乡镇：{md('、'.join(summary.created_townships))}")
if summary.conflicts:
    st.caption("与报告不一致的数值会标记出来，可到“数据审核”页逐条确认。")
if summary.held:
    st.caption(f"{summary.held} 个数值属于已审核（锁定）的乡镇年度且与已审核的不同：导入后不直接生效，转县审核员确认。")

if st.button("确认导入", type="primary", key="ledger_confirm"):
    done = load_ledger(data, upload.name, chosen)
    st.session_state.pop("ledger_results", None)
    if done.errors:
        _issues(done.errors, "ledger_confirm_errors")
    else:
        clear()
        s = done.summary
        assert s is not None
        held = f"，转县审核员确认 {s.held}（所属年度已审核）" if s.held else ""
        st.success(
            f"已导入：新增 {s.new}，未变 {s.unchanged}，覆盖旧值 {s.superseded}，与报告不一致 {s.conflicts}{held}。"
        )
