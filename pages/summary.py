"""综述生成 — filled by a later issue; says so plainly until then."""

import streamlit as st

st.title("综述生成")
st.info("本页正在建设中：将按乡镇和年份生成可直接复制的工作综述段落，每个数字均可溯源。")
