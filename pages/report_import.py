"""报告导入 — filled by a later issue; says so plainly until then."""

import streamlit as st

st.title("报告导入")
st.info("本页正在建设中：将支持上传工作报告（.docx/.txt/.pdf），自动提取指标并逐条核对后保存。")
