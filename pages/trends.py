"""指标趋势 — filled by a later issue; says so plainly until then."""

import streamlit as st

st.title("指标趋势")
st.info("本页正在建设中：将按年份展示一个或多个指标在各乡镇的变化曲线（含目标值与已脱敏年份）。")
