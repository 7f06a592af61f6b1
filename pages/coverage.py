"""数据覆盖 — filled by a later issue; says so plainly until then."""

import streamlit as st

st.title("数据覆盖")
st.info("本页正在建设中：将展示乡镇 × 指标 × 年份的上报、脱敏、缺失和冲突情况。")
