"""在线填报: offices without a ledger fill the catalog's indicators for one township and year in a form laid out
by category, with last year's figure beside each field and the figures the store already holds pre-filled
(with their source). Entries are checked as ledger cells (etl.ledgers.form, reached through ui.actions), all
at once; nothing is written while any problem stands."""

from datetime import date

import pandas as pd
import streamlit as st

from store.catalog import CATEGORIES, ledger_series, ledger_specs, load_catalog
from ui.actions import FormResult, check_form, entry_key, entry_text, save_form_entries
from ui.data import clear, held_values, region_tree
from ui.state import engine, viewer
from ui.style import FORM_NAME_WIDTH

INDICATORS = ledger_specs(load_catalog())  # with the variants (村集体经营性收入, 基层党委数) as fields of their own
NAME, UNIT, LAST, SOURCE, ENTRY = "指标", "单位", "上年", "已有值来源", "本年填报"
# The entry column right after the name (pinned): on a phone the field to fill is on screen, not past the source.
COLUMNS = [NAME, ENTRY, LAST, UNIT, SOURCE]


def _held(path: str, year: int) -> dict[tuple[str, int], tuple[str, str]]:
    """(form field, year) → (the stored headline figure as typed text, its source) for one township, as the ledger
    template pre-fills it (store.held); a threshold series (集体经济收入10万元以上村数) is a field of its own."""
    out: dict[tuple[str, int], tuple[str, str]] = {}
    for (_town, y, key, threshold), h in held_values(engine(), path, (year - 1, year)).items():
        out[(entry_key(key, threshold), y)] = (entry_text(h.value, h.masked, h.qualifier), h.source)
    return out


# One form field per catalog series: 集体经济收入达标村数 is asked once per threshold (10万元以上, 50万元以上 …).
FIELDS = [(name, entry_key(s.key, t), s) for s in INDICATORS for name, t in ledger_series(s)]


def _table(category: str, year: int, held: dict[tuple[str, int], tuple[str, str]]) -> pd.DataFrame:
    rows = []
    for name, field, info in (f for f in FIELDS if f[2].category == category):
        now, source = held.get((field, year), ("", ""))
        rows.append(
            {
                NAME: name,
                UNIT: info.unit,
                LAST: held.get((field, year - 1), ("", ""))[0],
                SOURCE: source,
                ENTRY: now,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _issues(result: FormResult, key: str) -> None:
    st.dataframe(
        pd.DataFrame([{"指标": i.cell, "说明": i.message} for i in result.errors]),
        hide_index=True,
        width="stretch",
        key=key,
    )


st.title("在线填报")
st.caption(
    "没有台账的单位可在这里直接填写：选乡镇和年份，按分类填写各项指标。填法与台账相同：可填 412、约30、100余、"
    "无（没有发生，记为 0）、X（不公开）；—、/、暂无 表示没有数字。已有的数字已预先填好并注明来源，只需补齐缺的。"
)
me = viewer()
regions = region_tree(engine())
towns = regions[regions["level"] == "township"]  # the region tree holds the viewer's regions only
if towns.empty:
    st.info("还没有可填报的乡镇：请先由管理员建立地区列表，或导入台账、报告。")
    st.stop()
may_fill = me.can("import")
if not may_fill:  # said before the form, whose fields are locked: not after a read-only user typed them all
    st.info("当前账号只能查看各乡镇已有的数字；填写和提交需要填报员或管理员账号。")
c1, c2 = st.columns(2)
township = c1.selectbox("乡镇", list(towns["name"]), key="form_township")
year = int(c2.number_input("年份", 2000, 2100, date.today().year - 1, key="form_year"))
path = str(towns.loc[towns["name"] == township, "path"].iloc[0])
held = _held(path, year)

entries: dict[str, str] = {}
names = {name: field for name, field, _info in FIELDS}
for n, category in enumerate(CATEGORIES):
    table = _table(category, year, held)
    if table.empty:
        continue
    st.subheader(category)
    edited = st.data_editor(
        table.rename(columns={LAST: f"{year - 1}年", ENTRY: f"{year}年填报"}),
        hide_index=True,
        width="stretch",
        key=f"form_{n}_{township}_{year}",
        disabled=[NAME, UNIT, f"{year - 1}年", SOURCE] + ([] if may_fill else [f"{year}年填报"]),
        column_config={
            NAME: st.column_config.TextColumn(NAME, width=FORM_NAME_WIDTH, pinned=True),
            f"{year}年填报": st.column_config.TextColumn(f"{year}年填报", help="与台账单元格的填法相同"),
        },
    )
    typed_column = edited[f"{year}年填报"]
    for name, typed_cell, before in zip(edited[NAME], typed_column, table[ENTRY], strict=True):
        typed = str(typed_cell if typed_cell is not None else "").strip()
        if typed and typed != before:  # only what the clerk typed or changed; held figures stay as stored
            entries[names[name]] = typed

if not may_fill:
    st.stop()
checked = check_form(year, entries)
if checked.errors:
    st.error(f"有 {len(checked.errors)} 处填写有误，请改正后再提交；有错误时不会保存任何数据。")
    _issues(checked, "form_errors")
elif entries:
    st.caption(f"将保存 {len(checked.facts)} 项（预先填好且未改动的数字保持原来源，不重复保存）。")
else:
    st.info("还没有填写或修改任何数字。")

if st.button("提交", type="primary", key="form_submit", disabled=bool(checked.errors) or not entries):
    done = save_form_entries(township, year, entries)
    if done.errors:
        _issues(done, "form_save_errors")
    else:
        clear()
        s = done.summary
        assert s is not None
        if s.already_loaded:
            st.info("同样的内容已经提交过，没有变化。")
        else:
            held = f"，转县审核员确认 {s.held}（所属年度已审核）" if s.held else ""
            st.success(
                f"已保存：新增 {s.new}，未变 {s.unchanged}，覆盖旧值 {s.superseded}，与报告不一致 {s.conflicts}{held}。"
            )
