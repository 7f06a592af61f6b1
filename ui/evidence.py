"""明细与溯源: the observations behind a number and the evidence for each one.

`evidence_panel(observation_id)` is the reusable part (数据审核 uses it too): the figure, its status and who
confirmed it, and either the source report's text with the evidence sentence highlighted or the ledger's
file and sheet!cell. Source text comes from uploaded files, so it is HTML-escaped before the <mark> tags
are added: nothing in a report can inject markup or script into the page.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from store.held import SOURCE_ZH  # the source kinds in Chinese, as pre-filled figures name them
from ui.data import audit_trail, observation_row, observations_at, region_tree, source_text
from ui.fmt import attrs_text, fmt_value, md, variant_label
from ui.state import engine

STATUS_ZH = {
    "extracted": "待审核",
    "suspect": "可疑",
    "explain": "需说明",
    "confirmed": "已确认",
    "corrected": "已更正",
    "rejected": "已驳回",
    "superseded": "已被替代",
}
_SENTENCE_END = "。！？；\n"


def locate(text: str, start: int | None, end: int | None, evidence: str | None) -> tuple[int, int] | None:
    """The (start, end) of the figure in TEXT: the stored span when it is valid, else the evidence sentence."""
    if start is not None and end is not None and 0 <= start < end <= len(text):
        return start, end
    if evidence:
        pos = text.find(evidence)
        if pos >= 0:
            return pos, pos + len(evidence)
    return None


def highlight_html(text: str, start: int, end: int, context: int = 150) -> str:
    """Escaped HTML of TEXT around [start, end): the sentence in <mark>, the figure itself in <b>."""
    s0 = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    ends = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    s1 = min(ends) + 1 if ends else len(text)
    a, b = max(0, s0 - context), min(len(text), s1 + context)
    esc = html.escape
    body = (
        f"{'……' if a > 0 else ''}{esc(text[a:s0])}<mark>{esc(text[s0:start])}<b>{esc(text[start:end])}</b>"
        f"{esc(text[end:s1])}</mark>{esc(text[s1:b])}{'……' if b < len(text) else ''}"
    )
    return body.replace("\n", "<br>")


def _evidence_html(body: str) -> str:
    return (
        f'<div class="evidence" style="line-height:1.9;padding:.6rem .8rem;border-left:3px solid #c0392b;'
        f'background:rgba(250,250,250,.6)">{body}</div>'
    )


def evidence_panel(observation_id: int) -> None:
    """Show one observation: value, status, confirmer, and where it came from (text span or sheet!cell)."""
    rows = observation_row(engine(), int(observation_id))
    if rows.empty:
        st.info("找不到这条数据，或您无权查看该地区的数据。")
        return
    o = rows.iloc[0]
    attrs = attrs_text(o["attrs"])  # 严重警告, 二级: not the stored keys (severity：严重警告)
    st.markdown(
        f"**{md(o['township'])} · {int(o['year'])} 年 · {md(o['indicator_name'])}**"
        f"{'（目标值）' if o['is_target'] else ''}{f'（{md(attrs)}）' if attrs else ''}"
    )
    who = o["confirmed_by"] or "—"
    c1, c2, c3 = st.columns(3)
    c1.metric("数值", fmt_value(o["value"], o["unit"], o["qualifier"], o["masked"]))
    c2.metric("状态", STATUS_ZH.get(o["status"], o["status"]) + ("（有冲突）" if o["conflict"] else ""))
    c3.metric("确认人", md(who))
    if o["review_note"]:
        st.caption(f"核查：{md(o['review_note'])}")
    if o["explanation"]:
        st.markdown(f"**说明**：{md(o['explanation'])}")
    kind = SOURCE_ZH.get(o["source_kind"], o["source_kind"])
    locator = str(o["locator"] or "")
    if o["source_kind"] == "report" or locator.startswith("span:"):
        _, text = source_text(engine(), int(o["source_id"]))
        where = locate(text or "", o["span_start"], o["span_end"], o["evidence"])
        st.caption(f"来源：{kind}《{md(o['source_filename'])}》" + (f"，第 {where[0] + 1} 字起" if where else ""))
        if text and where:
            st.html(_evidence_html(highlight_html(text, *where)))
        elif o["evidence"]:
            st.html(_evidence_html(f"<mark>{html.escape(str(o['evidence']))}</mark>"))
        else:
            st.caption("该报告没有保存原文。")
    else:
        cell = f"，单元格 {md(locator)}" if "!" in locator else ""
        st.caption(f"来源：{kind}《{md(o['source_filename'])}》{cell}")
        if o["evidence"]:
            st.html(_evidence_html(html.escape(str(o["evidence"]))))
    trail = audit_trail(engine(), int(observation_id))
    if not trail.empty:
        what = f"{int(o['year'])}年 {o['township']} {o['indicator_name']}"
        st.markdown("**审核记录**\n\n" + "\n".join(f"- {md(line)}" for line in trail_sentences(trail, what)))


ACTION_ZH = {"confirm": "确认", "correct": "更正", "reject": "驳回", "supersede": "以新台账替代", "assign": "认定"}


def _said(snapshot: object) -> str:
    """A figure of an audit snapshot as text: 448 / 已脱敏 / 100余."""
    if not isinstance(snapshot, dict):
        return "—"
    if snapshot.get("masked"):
        return "已脱敏"
    return fmt_value(snapshot.get("value"), "", str(snapshot.get("qualifier") or "exact"))


def trail_sentences(trail: pd.DataFrame, what: str) -> list[str]:
    """The audit trail as sentences: '2024-05-01 10:20 张三 将 2024年 青石镇 党员总数 由 448 更正为 450，理由：…'.
    WHAT names the figure ('2024年 青石镇 党员总数')."""
    out = []
    for r in trail.itertuples():
        when = pd.Timestamp(r.at).strftime("%Y-%m-%d %H:%M") if r.at is not None else ""
        why = f"，理由：{r.reason}" if r.reason else ""
        if r.action == "correct":
            body = f"将 {what} 由 {_said(r.old)} 更正为 {_said(r.new)}{why}"
        elif r.action == "confirm":
            body = f"确认了 {what} {_said(r.new)}" + (f"，说明：{r.reason}" if r.reason else "")
        elif r.action == "reject":
            body = f"驳回了 {what} {_said(r.old)}{why}"
        elif r.action == "supersede":
            body = f"导入新台账，{what} 由 {_said(r.old)} 改为 {_said(r.new)}{why}"
        else:
            body = f"{ACTION_ZH.get(r.action, r.action)}了 {what}{why}"
        out.append(f"{when} {r.actor} {body}".strip())
    return out


def _kind_of(is_target: bool, attrs: dict | None) -> str:
    parts = attrs_text(attrs)
    return ("目标值" if is_target else "实际值") + (f"（{parts}）" if parts else "")


def observation_table(obs: pd.DataFrame) -> pd.DataFrame:
    """The rows of observations_at as the user reads them."""
    return pd.DataFrame(
        {
            "采用": obs["is_headline"].map({True: "✔", False: ""}),
            "数值": [
                fmt_value(v, u, q, m)
                for v, u, q, m in zip(obs["value"], obs["unit"], obs["qualifier"], obs["masked"], strict=True)
            ],
            "类别": [_kind_of(t, a) for t, a in zip(obs["is_target"], obs["attrs"], strict=True)],
            "状态": obs["status"].map(STATUS_ZH) + obs["conflict"].map({True: "·冲突", False: ""}),
            "来源": obs["source_kind"].map(SOURCE_ZH).fillna(obs["source_kind"]) + "《" + obs["source_filename"] + "》",
            "位置": obs["locator"].fillna(""),
            "确认人": obs["confirmed_by"].fillna(""),
            "得来方式": [_origin_of(o, who) for o, who in zip(obs["origin"], obs["assigned_by"], strict=True)],
        }
    )


def _origin_of(origin: str | None, assigned_by: str | None) -> str:
    """自动提取, 录入员指派（王五）or 学习所得 (a phrasing clerks taught read it)."""
    if origin == "assigned":
        return f"录入员指派（{assigned_by}）" if assigned_by else "录入员指派"
    return "学习所得" if origin == "learned" else "自动提取"


def observations_panel(region_id: int, indicator: str, year: int, key: str) -> None:
    """Every observation behind one township-indicator-year; pick one to see its evidence (headline first)."""
    obs = observations_at(engine(), int(region_id), indicator, int(year))
    if obs.empty:
        st.info("这个乡镇该年度没有这项数据的记录。")
        return
    picked = st.dataframe(
        observation_table(obs),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"{key}_obs",
    )
    rows = picked.selection.rows if picked else []
    evidence_panel(int(obs["observation_id"].iloc[rows[0] if rows else 0]))


def reading_order(rows: pd.DataFrame, order: pd.Series) -> pd.DataFrame:
    """ROWS as a clerk looks a figure up: the newest year first, then the townships in the county's order (ORDER:
    region ids in tree order, as the sidebar lists them), each township's indicators as given. Not by value (the
    chart above ranks) nor by the name's character codes (柳溪镇 before 青石镇)."""
    position = {int(r): i for i, r in enumerate(order)}
    keys = pd.DataFrame(
        {
            "year": -rows["year"].astype(int).to_numpy(),
            "place": [position.get(int(r), len(position)) for r in rows["region_id"]],
        }
    )
    return rows.iloc[keys.sort_values(["year", "place"], kind="stable").index].reset_index(drop=True)


def detail_section(rows: pd.DataFrame, key: str, picked: list | None = None) -> None:
    """明细与溯源 under a chart: ROWS (region_id, township, indicator, indicator_name, year, value, unit, qualifier,
    masked) as a table (in `reading_order`); a chart point (PICKED customdata [observation_id, region_id, year])
    or a table row opens the observations behind it with their evidence."""
    st.subheader("明细与溯源")
    if rows.empty:
        st.caption("当前视图没有可追溯的数据。")
        return
    rows = reading_order(rows, region_tree(engine())["id"])
    table = pd.DataFrame(
        {
            "乡镇": rows["township"],
            "年度": rows["year"].astype(int),
            "指标": rows["indicator_name"] + (rows["variant"].map(variant_label) if "variant" in rows else ""),
            "数值": [
                fmt_value(v, u, q, m)
                for v, u, q, m in zip(rows["value"], rows["unit"], rows["qualifier"], rows["masked"], strict=True)
            ],
        }
    )
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(36 + 35 * len(table), 280),
        on_select="rerun",
        selection_mode="single-row",
        key=f"{key}_rows",
    )
    sel = event.selection.rows if event else []
    if sel:
        r = rows.iloc[sel[0]]
        observations_panel(int(r["region_id"]), str(r["indicator"]), int(r["year"]), key)
    elif picked and picked[1] is not None:
        match = rows[(rows["region_id"] == picked[1]) & (rows["year"] == picked[2])]
        if match.empty:
            st.caption("所选的点没有对应的乡镇数据。")
        else:
            observations_panel(int(picked[1]), str(match["indicator"].iloc[0]), int(picked[2]), key)
    else:
        st.caption("点选图中的点或表中的一行，查看该数据的原文出处、台账单元格和确认人。")
