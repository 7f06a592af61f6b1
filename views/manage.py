"""文件与乡镇: take back an imported file with all its figures (a clerk their own files, an administrator any),
merge a duplicate township into the right one or delete a mistaken one (administrators). Every change is shown
first and happens only when confirmed; each is in the 审计日志."""

import streamlit as st

from ui.admin import UndoError, change_township, delete_imported_file, file_preview, imported_files, township_info
from ui.data import clear, townships
from ui.filters import current_filters
from ui.fmt import md
from ui.state import engine, viewer

KIND_ZH = {"report": "报告", "ledger": "台账", "form": "在线填报"}

st.title("文件与乡镇")
st.caption(
    "导入错了可以撤回：删除一个文件会同时删除从它读出的全部数据，看板随即改用其他来源的数值。"
    "每项操作先显示将发生的变化，确认后才执行，并记入审计日志。"
)
if done := st.session_state.pop("manage_done", None):
    st.success(md(done))
me = viewer()
f = current_filters()

st.subheader("已导入的文件")
files = imported_files(f.region_path)
if not me.can("delete"):
    files = files[files["uploaded_by"] == me.name]
    st.caption("您可以删除自己导入的文件；删除他人导入的文件请联系管理员。")
if files.empty:
    st.info(f"{md(f.region_name)}：没有可删除的文件。")
else:
    table = files.assign(
        类型=files["kind"].map(lambda k: KIND_ZH.get(k, k)),
        年度=files["year"].map(lambda y: "" if y != y or y is None else f"{int(y)}"),
        导入时间=files["uploaded_at"].map(lambda t: t.strftime("%Y-%m-%d %H:%M") if t is not None else ""),
        导入人=files["uploaded_by"].fillna(""),
    )[["filename", "类型", "townships", "年度", "figures", "导入人", "导入时间"]]
    table.columns = ["文件", "类型", "乡镇", "年度", "数据条数", "导入人", "导入时间"]
    picked = st.dataframe(
        table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="manage_files"
    )
    rows = [r for r in (picked.selection.rows if picked else []) if r < len(files)]
    if rows:
        source_id = int(files.iloc[rows[0]]["source_id"])
        try:
            p = file_preview(source_id)
        except UndoError as e:
            st.error(md(e))
        else:
            years = "、".join(f"{y}年" for y in p.years)
            st.warning(
                f"将删除《{md(p.filename)}》及从它读出的 {p.figures} 条数据（{md('、'.join(p.townships))}；{years}）。"
                "删除后如需恢复，请重新导入原文件。"
            )
            sure = st.checkbox("我已核对，确认删除这个文件及其数据", key="manage_file_sure")
            if st.button("删除文件", type="primary", disabled=not sure, key="manage_file_delete"):
                try:
                    delete_imported_file(source_id)
                except UndoError as e:
                    st.error(md(e))
                else:
                    clear()
                    st.session_state["manage_done"] = f"已删除《{p.filename}》及其 {p.figures} 条数据。"
                    st.rerun()

if not me.can("delete"):
    st.stop()

st.subheader("乡镇合并与删除")
st.caption(
    "同一乡镇被建了两次（如“长城乡”与“长城彝族乡”）时，把多出的一个合并到正确的乡镇：数据和文件随之移过去，"
    "名称留作别名。误建且没有数据的乡镇可以直接删除。"
)
towns = townships(engine(), f.region_path)
names = dict(zip(towns["id"].astype(int), towns["name"], strict=True))
if len(names) == 0:
    st.info("没有乡镇。")
    st.stop()
c1, c2, c3 = st.columns([1, 1, 1])
# Nothing picked on opening: the page did not open on a ready-made "merge 石门镇 into 云台乡" of two real townships.
region_id = c1.selectbox(
    "乡镇", list(names), format_func=names.get, key="manage_town", index=None, placeholder="选择多出或误建的乡镇"
)
action = c2.radio("操作", ["merge", "delete"], format_func={"merge": "合并到", "delete": "删除"}.get, key="manage_op")
into_id = None
if action == "merge" and region_id is not None:
    others = [i for i in names if i != region_id]
    into_id = (
        c3.selectbox(
            "目标乡镇", others, format_func=names.get, key="manage_into", index=None, placeholder="选择正确的乡镇"
        )
        if others
        else None
    )
if region_id is None or (action == "merge" and into_id is None and len(names) > 1):
    st.caption("选好乡镇" + ("和目标乡镇" if action == "merge" else "") + "后，这里先显示将发生的变化，确认后才执行。")
    st.stop()
try:
    info = township_info(int(region_id))
except UndoError as e:
    st.error(md(e))
    st.stop()
if action == "merge":
    if into_id is None:
        st.info("没有可合并到的其他乡镇。")
        st.stop()
    st.warning(
        f"将把“{md(info.name)}”的 {info.figures} 条数据和 {info.files} 个文件移到“{md(names[into_id])}”，"
        f"“{md(info.name)}”作为“{md(names[into_id])}”的别名保留"
        f"（以后文件里写“{md(info.name)}”也认作“{md(names[into_id])}”），然后删除“{md(info.name)}”。"
        + (
            f"用户 {md('、'.join(info.users))} 在“{md(info.name)}”的权限将改到“{md(names[into_id])}”（需重新登录）。"
            if info.users
            else ""
        )
    )
else:
    st.warning(
        f"将删除乡镇“{md(info.name)}”。"
        + (f"它还有 {info.figures} 条数据、{info.files} 个文件，需先合并或删除这些文件。" if info.figures else "")
    )
sure = st.checkbox("我已核对，确认执行", key="manage_town_sure")
if st.button("执行", type="primary", disabled=not sure, key="manage_town_go"):
    try:
        change_township(action, int(region_id), int(into_id) if into_id is not None else None)
    except UndoError as e:
        st.error(md(e))
    else:
        clear()
        verb = f"合并到“{names[into_id]}”" if into_id is not None and action == "merge" else "删除"
        st.session_state["manage_done"] = f"已将“{info.name}”{verb}。"
        st.rerun()
