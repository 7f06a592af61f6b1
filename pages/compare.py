"""乡镇对比 — filled by a later issue; says so plainly until then."""

import streamlit as st

st.title("乡镇对比")
st.info("本页正在建设中：将展示某一指标在各乡镇的排名、全县平均线和指标排名热力图。")
