"""数据审核 — filled by a later issue; says so plainly until then."""

import streamlit as st

st.title("数据审核")
st.info("本页正在建设中：将列出待审核和冲突的数据，支持确认、更正和驳回并留痕。")
