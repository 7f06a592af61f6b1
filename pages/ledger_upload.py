"""台账上传 — filled by a later issue; says so plainly until then."""

import streamlit as st

st.title("台账上传")
st.info("本页正在建设中：将支持上传 Excel 台账，预览识别结果、检查错误后一次性导入。")
